-- An annotation imported by someone signed in (the server's /import, since
-- migration 000014) had its one 'import' entry in the audit trail written
-- as the annotation type's JSON instead of the record of store/record.go,
-- without a format, so its history and a Sverka JSON export of its document
-- failed. That JSON has the keys of format 2 under the same names (and a
-- few more, ignored): marking it format 2 makes it the record it should be.
UPDATE changes SET after_json = json_set(after_json, '$.format', 2)
WHERE entity = 'annotation' AND action = 'import' AND after_json <> '' AND json_valid(after_json) AND json_type(after_json, '$.format') IS NULL;
