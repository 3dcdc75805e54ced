ALTER TABLE annotations DROP COLUMN written_at;
ALTER TABLE annotations DROP COLUMN written_by;
