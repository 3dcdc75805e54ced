-- A deleted document goes to the trash: it is hidden from every list,
-- search, export and reader, but nothing of it is destroyed (its texts stay
-- immutable) until an admin restores or purges it. Who put it there and
-- when is in the audit trail too.
ALTER TABLE documents ADD COLUMN trashed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN trashed_by INTEGER REFERENCES users (id);
CREATE INDEX documents_trashed ON documents (trashed_at) WHERE trashed_at <> '';
