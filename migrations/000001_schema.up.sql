-- Sverka's core schema: documents keep their raw source verbatim, each language
-- has one immutable base text, segments are code-point ranges over a base text,
-- links group segments of both languages, and every change is recorded.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
    role          TEXT NOT NULL CHECK (role IN ('reader', 'annotator', 'editor', 'admin')),
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL
);

CREATE TABLE documents (
    id                TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    title             TEXT NOT NULL,
    date              TEXT NOT NULL DEFAULT '',
    citation          TEXT NOT NULL DEFAULT '',
    summary           TEXT NOT NULL DEFAULT '',
    source_url        TEXT NOT NULL DEFAULT '',
    original_language TEXT NOT NULL DEFAULT '',
    credits           TEXT NOT NULL DEFAULT '',
    source_format     TEXT NOT NULL,
    raw_source        TEXT NOT NULL,
    public            INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    revision          INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL
);

CREATE TRIGGER documents_raw_source_immutable
BEFORE UPDATE OF raw_source ON documents
WHEN NEW.raw_source IS NOT OLD.raw_source
BEGIN
    SELECT RAISE(ABORT, 'raw source is immutable');
END;

CREATE TABLE base_texts (
    -- AUTOINCREMENT: a replaced text never gets the id of the one before,
    -- so whatever is keyed by the id (the store's cache) cannot mix them up.
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 35),
    role        TEXT NOT NULL CHECK (role IN ('original', 'translation')),
    text        TEXT NOT NULL,
    UNIQUE (document_id, lang)
);

CREATE TRIGGER base_texts_immutable
BEFORE UPDATE OF text ON base_texts
WHEN NEW.text IS NOT OLD.text
BEGIN
    SELECT RAISE(ABORT, 'base texts are immutable');
END;

-- How a base text was derived from the raw source: every drop, join and move,
-- with the source range (code points), the rule or the editor that made it.
CREATE TABLE derivation_steps (
    id           INTEGER PRIMARY KEY,
    base_text_id INTEGER NOT NULL REFERENCES base_texts (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    op           TEXT NOT NULL CHECK (op IN ('drop', 'join', 'move')),
    source_start INTEGER NOT NULL,
    source_end   INTEGER NOT NULL,
    source_text  TEXT NOT NULL,
    replacement  TEXT NOT NULL DEFAULT '',
    rule         TEXT NOT NULL,
    editor       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (base_text_id, seq),
    CHECK (0 <= source_start AND source_start <= source_end)
);

CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('auto', 'confirmed')),
    confidence  REAL NOT NULL DEFAULT 0
);
CREATE INDEX links_document_position ON links (document_id, position);

CREATE TABLE segments (
    id           INTEGER PRIMARY KEY,
    base_text_id INTEGER NOT NULL REFERENCES base_texts (id) ON DELETE CASCADE,
    link_id      INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    CHECK (0 <= start_offset AND start_offset <= end_offset)
);
CREATE INDEX segments_base_text ON segments (base_text_id, start_offset);
CREATE INDEX segments_link ON segments (link_id);

-- The audit trail: who changed what, when, with the state before and after.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    document_id TEXT,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX changes_document ON changes (document_id, id);
CREATE INDEX changes_user ON changes (user_id, id);
