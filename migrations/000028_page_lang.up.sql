-- A translation may have its scan too: each page says which text it is a
-- scan of. Pages are still numbered from 1 across all of a document's
-- scans; every page stored before is a scan of the original.
ALTER TABLE page_images ADD COLUMN lang TEXT NOT NULL DEFAULT '';
UPDATE page_images SET lang = COALESCE((
    SELECT lang FROM base_texts WHERE base_texts.document_id = page_images.document_id AND role = 'original'), '');
