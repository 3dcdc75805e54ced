-- An annotation imported by someone from a Sverka JSON archive belongs to
-- its importer; who wrote it, and when, as the archive says, is kept here
-- as data, never as a user it would impersonate.
ALTER TABLE annotations ADD COLUMN written_by TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN written_at TEXT NOT NULL DEFAULT '';
