-- OCR job heartbeats: see the SQLite migration of the same number.
ALTER TABLE ocr_jobs ADD COLUMN heartbeat_at TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE ocr_jobs SET heartbeat_at = updated_at;
