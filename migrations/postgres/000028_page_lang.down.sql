ALTER TABLE page_images DROP COLUMN lang;
