-- OCR suggestions (package suggest). A correction proposed from a Sverka
-- suggestion says so, with its author as ever; corrections proposed
-- together for every occurrence of a form share a batch, reviewed at once.
ALTER TABLE annotations ADD COLUMN suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1));
ALTER TABLE annotations ADD COLUMN batch TEXT NOT NULL DEFAULT '';
CREATE INDEX annotations_batch ON annotations (batch) WHERE batch <> '';

-- Suggestions a scholar dismissed, per document: not offered there again.
CREATE TABLE suggestion_dismissals (
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    form         TEXT NOT NULL,
    reading      TEXT NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (document_id, lang, start_offset, end_offset, reading)
);

-- The OCR confusion model learned from accepted corrections: how often the
-- OCR wrote ocr where the text has want. A correction adds its edits when
-- accepted and takes them back when it no longer is.
CREATE TABLE ocr_confusions (
    ocr   TEXT NOT NULL,
    want  TEXT NOT NULL,
    count REAL NOT NULL,
    PRIMARY KEY (ocr, want)
);
