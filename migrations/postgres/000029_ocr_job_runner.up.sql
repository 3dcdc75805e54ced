-- OCR job runners and re-runs: see the SQLite migration of the same number.
ALTER TABLE ocr_jobs ADD COLUMN runner TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ocr_jobs ADD COLUMN replace_boxes BIGINT NOT NULL DEFAULT 0 CHECK (replace_boxes IN (0, 1));
