-- The twin of SQLite's segment bytes (000035_segment_bytes.up.sql): the
-- same columns, written by the same statements. PostgreSQL cuts passages
-- by code points as before.
ALTER TABLE segments ADD COLUMN start_byte BIGINT;
ALTER TABLE segments ADD COLUMN end_byte BIGINT;
