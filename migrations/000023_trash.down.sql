DROP INDEX documents_trashed;
ALTER TABLE documents DROP COLUMN trashed_by;
ALTER TABLE documents DROP COLUMN trashed_at;
