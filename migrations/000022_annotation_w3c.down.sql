-- Back to format 1 records; what clients sent beside Sverka's own keys is lost.
UPDATE changes SET after_json = json_set(json_remove(after_json, '$.w3c', '$.outside'), '$.format', 1)
WHERE entity = 'annotation' AND after_json <> '' AND json_valid(after_json) AND json_extract(after_json, '$.format') = 2;

UPDATE changes SET before_json = json_set(json_remove(before_json, '$.w3c', '$.outside'), '$.format', 1)
WHERE entity = 'annotation' AND before_json <> '' AND json_valid(before_json) AND json_extract(before_json, '$.format') = 2;

ALTER TABLE annotations DROP COLUMN outside;
ALTER TABLE annotations DROP COLUMN w3c;
