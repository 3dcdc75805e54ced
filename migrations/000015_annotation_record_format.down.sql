UPDATE changes SET after_json = json_remove(after_json, '$.format')
WHERE entity = 'annotation' AND after_json <> '' AND json_valid(after_json);

UPDATE changes SET before_json = json_remove(before_json, '$.format')
WHERE entity = 'annotation' AND before_json <> '' AND json_valid(before_json);
