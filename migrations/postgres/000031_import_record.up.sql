-- See the SQLite migration of the same number: an 'import' entry of an
-- annotation written without a format is a format 2 record.
UPDATE changes SET after_json = jsonb_set(after_json::jsonb, '{format}', '2')::text
WHERE entity = 'annotation' AND action = 'import'
  AND CASE WHEN after_json = '' THEN false ELSE after_json::jsonb -> 'format' IS NULL END;
