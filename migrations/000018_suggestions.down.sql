DROP TABLE ocr_confusions;
DROP TABLE suggestion_dismissals;
DROP INDEX annotations_batch;
ALTER TABLE annotations DROP COLUMN batch;
ALTER TABLE annotations DROP COLUMN suggested;
