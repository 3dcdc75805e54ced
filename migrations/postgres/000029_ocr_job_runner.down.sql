ALTER TABLE ocr_jobs DROP COLUMN replace_boxes;
ALTER TABLE ocr_jobs DROP COLUMN runner;
