-- An "OCR the scan" job names the server process that runs it (host and
-- process id), so that a server starting on that host can end the jobs of
-- one that died with them as failed and a new job may start at once. A job
-- may replace the boxes the text had (an editor asked to read it again);
-- the boxes it replaced stay in the audit trail.
ALTER TABLE ocr_jobs ADD COLUMN runner TEXT NOT NULL DEFAULT '';
ALTER TABLE ocr_jobs ADD COLUMN replace_boxes INTEGER NOT NULL DEFAULT 0 CHECK (replace_boxes IN (0, 1));
