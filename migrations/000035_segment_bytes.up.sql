-- Where each segment lies in its base text's UTF-8 bytes, beside its code
-- points: a search cuts its passages out of their base texts with substr,
-- which counted the code points of each text up to the passage (a tenth of
-- a search's CPU at 10,000 documents); on bytes it copies the passage
-- alone. NULL until known: the segments stored before this migration are
-- filled in by the server in the background, a base text a transaction
-- (store/segment_bytes.go), so opening a large archive does not wait.
ALTER TABLE segments ADD COLUMN start_byte INTEGER;
ALTER TABLE segments ADD COLUMN end_byte INTEGER;
