ALTER TABLE segments DROP COLUMN end_byte;
ALTER TABLE segments DROP COLUMN start_byte;
