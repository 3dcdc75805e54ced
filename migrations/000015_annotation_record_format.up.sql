-- Annotation states in the audit trail are kept in an explicit, versioned
-- record (store/record.go) instead of whatever JSON the annotation type
-- happened to marshal to. Format 1 has the keys the trail has always used,
-- so converting a row written before is marking it as format 1.
UPDATE changes SET after_json = json_set(after_json, '$.format', 1)
WHERE entity = 'annotation' AND after_json <> '' AND json_valid(after_json) AND json_type(after_json, '$.format') IS NULL;

UPDATE changes SET before_json = json_set(before_json, '$.format', 1)
WHERE entity = 'annotation' AND before_json <> '' AND json_valid(before_json) AND json_type(before_json, '$.format') IS NULL;
