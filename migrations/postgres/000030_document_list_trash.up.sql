-- The document list's index covers trashed_at: see the SQLite migration of
-- the same number.
DROP INDEX documents_list;
CREATE INDEX documents_list ON documents (date, id, public, title, trashed_at);
