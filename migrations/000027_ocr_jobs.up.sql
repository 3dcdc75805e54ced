-- "OCR the scan" of a document that has a base text already runs in the
-- background: Tesseract reads its pages, and its words are matched to the
-- base text (which never changes) for their boxes. A job row says how far
-- it has got, for whoever started it and for any server on the database.
CREATE TABLE ocr_jobs (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    pages       INTEGER NOT NULL CHECK (pages >= 1),
    pages_done  INTEGER NOT NULL DEFAULT 0 CHECK (pages_done >= 0),
    words       INTEGER NOT NULL DEFAULT 0 CHECK (words >= 0),
    boxed       INTEGER NOT NULL DEFAULT 0 CHECK (boxed >= 0),
    error       TEXT NOT NULL DEFAULT '',
    user_id     INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ocr_jobs_document ON ocr_jobs (document_id, id);
