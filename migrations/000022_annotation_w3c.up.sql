-- What a Web Annotation client sends that Sverka keeps without using it
-- (canonical, via, rights, the creator it named, selectors it does not
-- anchor by, targets outside the archive's texts…), as the JSON object
-- anno.Codec writes; and whether the annotation's targets are all outside
-- the archive's texts (a note on a web page), when its text target is empty.
ALTER TABLE annotations ADD COLUMN w3c TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN outside INTEGER NOT NULL DEFAULT 0 CHECK (outside IN (0, 1));

-- The audit trail's annotation record, format 2, adds the two; a format 1
-- record is a format 2 record without them.
UPDATE changes SET after_json = json_set(after_json, '$.format', 2)
WHERE entity = 'annotation' AND after_json <> '' AND json_valid(after_json) AND json_extract(after_json, '$.format') = 1;

UPDATE changes SET before_json = json_set(before_json, '$.format', 2)
WHERE entity = 'annotation' AND before_json <> '' AND json_valid(before_json) AND json_extract(before_json, '$.format') = 1;
