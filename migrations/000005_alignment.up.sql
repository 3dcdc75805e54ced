-- The alignment editor's log: every edit of a document's alignment replaces a
-- window of consecutive links, [position, position + before count), by new
-- links. The links before and after are kept (status, confidence and the
-- code-point ranges of their segments per language), so that an edit can be
-- undone by putting the window back, and the document revision the edit
-- produced, so that undo refuses to run over changes it does not know.
-- The audit trail (changes) records the same edit with who and when.

CREATE TABLE alignment_edits (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    op          TEXT NOT NULL CHECK (length(op) BETWEEN 1 AND 40),
    position    INTEGER NOT NULL CHECK (position >= 1),
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    at          TEXT NOT NULL,
    undone_by   INTEGER REFERENCES users (id),
    undone_at   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alignment_edits_document ON alignment_edits (document_id, id);
