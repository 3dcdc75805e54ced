-- The search index is written where the text is written. Triggers queue
-- every document and annotation whose searchable text may have changed; the
-- store indexes the queue at the end of the write that filled it (small
-- documents, annotations) or in the background in small transactions (large
-- documents, and every document of a database indexed before this version),
-- so no start-up and no search ever waits for indexing.
DROP TRIGGER documents_passages_delete;
DROP TABLE passages_indexed;
DROP TABLE passages;
DROP TABLE annotations_indexed;
DROP TABLE annotation_keys;

-- Each indexed document gets a number, seq: its passages have the row ids
-- seq<<32 .. seq<<32 + 2^32-1, so deleting or filtering one document's
-- passages is a range of row ids, never a scan of the index.
CREATE TABLE search_documents (
    document_id TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    -- The next passage number to hand out within the document's range.
    next        INTEGER NOT NULL DEFAULT 0,
    -- The revision indexed, -1 while the document is being indexed.
    revision    INTEGER NOT NULL
);

-- How the keys were made (package stemming's Keyer name): when it changes
-- (a dictionary installed), everything is indexed again in the background.
-- Whether any document is private, at once: anonymous searches filter
-- on visibility only then.
CREATE INDEX documents_private ON documents (id) WHERE public = 0;

CREATE TABLE search_keyer (
    name TEXT NOT NULL
);
INSERT INTO search_keyer (name) VALUES ('');

-- Where each indexed passage is: a range of an immutable base text (the
-- index never holds a copy of the text). id is the row id in passage_keys.
CREATE TABLE search_passages (
    id           INTEGER PRIMARY KEY,
    base_text_id INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL
);

-- The index itself, contentless: the search key of each word (package
-- stemming: the lemma from the hunspell lexicon, stemmed, or the stem of a
-- word the lexicon lacks) in the diplomatic and, where corrections were
-- accepted, the corrected reading; in column ru, en, or keys for other
-- languages, so that a search of one side is a column filter, which costs
-- nothing, where a filter token would make bm25 scan its every row. meta
-- holds the tokens of the other filters (another language, visibility,
-- date).
CREATE VIRTUAL TABLE passage_keys USING fts5(
    ru,
    en,
    keys,
    meta,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Every word form seen in the texts (lower case, ё as е) with its keys:
-- what OCR-variant and cross-script matching look up (package variant).
-- shape is the form with the letters OCR confuses folded together, kept
-- for forms the lexicon lacks; sound is a script-neutral spelling, kept
-- for forms written with a capital (names). A form stays when its text
-- goes: it only ever leads to keys, which then find nothing.
CREATE TABLE search_forms (
    form  TEXT PRIMARY KEY,
    keys  TEXT NOT NULL,
    shape TEXT NOT NULL,
    sound TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX search_forms_shape ON search_forms (shape) WHERE shape <> '';
CREATE INDEX search_forms_sound ON search_forms (sound) WHERE sound <> '';

-- Notes, replies and cross-references: keys of body, tags and citation;
-- the row id is the annotation's id.
CREATE VIRTUAL TABLE note_keys USING fts5(
    keys,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- What is waiting to be indexed. stamp counts the changes queued, so the
-- indexer takes an entry off only if nothing changed while it worked.
CREATE TABLE search_queue (
    document_id TEXT PRIMARY KEY,
    stamp       INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE search_note_queue (
    annotation_id INTEGER PRIMARY KEY
);

CREATE TRIGGER documents_search_insert AFTER INSERT ON documents
BEGIN
    INSERT INTO search_queue (document_id) VALUES (NEW.id) ON CONFLICT DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER documents_search_update AFTER UPDATE OF revision, public, date ON documents
BEGIN
    INSERT INTO search_queue (document_id) VALUES (NEW.id) ON CONFLICT DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER documents_search_delete AFTER DELETE ON documents
BEGIN
    INSERT INTO search_queue (document_id) VALUES (OLD.id) ON CONFLICT DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER annotations_search_insert AFTER INSERT ON annotations
WHEN NEW.motivation <> 'editing'
BEGIN
    INSERT OR IGNORE INTO search_note_queue (annotation_id) VALUES (NEW.id);
END;

CREATE TRIGGER annotations_search_update AFTER UPDATE ON annotations
WHEN NEW.motivation <> 'editing'
BEGIN
    INSERT OR IGNORE INTO search_note_queue (annotation_id) VALUES (NEW.id);
END;

CREATE TRIGGER annotations_search_delete AFTER DELETE ON annotations
WHEN OLD.motivation <> 'editing'
BEGIN
    INSERT OR IGNORE INTO search_note_queue (annotation_id) VALUES (OLD.id);
END;

-- What was there before is indexed again in the background.
INSERT INTO search_queue (document_id) SELECT id FROM documents;
INSERT INTO search_note_queue (annotation_id) SELECT id FROM annotations WHERE motivation <> 'editing';
