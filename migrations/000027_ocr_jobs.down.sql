DROP TABLE ocr_jobs;
