-- PostgreSQL's twin keeps the pairs of tokens that follow each other, to
-- find phrases by; FTS5 finds them by its position lists: nothing to do
-- here.
SELECT 1;
