-- The server running an "OCR the scan" job touches its heartbeat while it
-- has the job (store.OCRJobHeartbeat); any server takes a job still queued
-- or running whose heartbeat is older than store.OCRJobStale as dead, its
-- server stopped, on this host or another, and a new job may start.
ALTER TABLE ocr_jobs ADD COLUMN heartbeat_at TEXT NOT NULL DEFAULT '';
UPDATE ocr_jobs SET heartbeat_at = updated_at;
