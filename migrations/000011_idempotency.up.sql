-- Answers to requests sent with an Idempotency-Key header, kept for a day:
-- a client that sends a POST again after losing the connection gets the
-- first answer back instead of making a second annotation. Keys are per
-- user. A row with status 0 is a request still running (or one cut short
-- by a crash, whose outcome is unknown).
CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    header       TEXT NOT NULL DEFAULT '{}',
    body         BLOB NOT NULL DEFAULT x'',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
