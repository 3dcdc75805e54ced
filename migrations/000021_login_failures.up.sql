-- Failed sign-ins, as token buckets shared by every server on the database
-- (store/login_limit.go): a bucket that has filled up again is deleted.
CREATE TABLE login_failures (
    key    TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    at     TEXT NOT NULL
);
