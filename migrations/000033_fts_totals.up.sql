-- PostgreSQL's twin keeps the totals of its full-text indexes in a table;
-- FTS5 keeps its own: nothing to do here.
SELECT 1;
