-- Translation scans: see the SQLite migration of the same number.
ALTER TABLE page_images ADD COLUMN lang TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE page_images SET lang = COALESCE((
    SELECT lang FROM base_texts WHERE base_texts.document_id = page_images.document_id AND role = 'original'), '');
