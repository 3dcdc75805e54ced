DROP INDEX changes_entity;
ALTER TABLE users DROP COLUMN version;
DROP TABLE api_tokens;
DROP TABLE sessions;
