ALTER TABLE ocr_jobs DROP COLUMN heartbeat_at;
