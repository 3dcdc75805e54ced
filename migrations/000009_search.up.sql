-- Full-text search over passages (sentences) of the immutable base texts.
-- "keys" holds each word's search key (lower case, ё read as е, Snowball
-- stem) in the diplomatic reading and, where corrections were accepted, in
-- the corrected one, computed in Go (package stemming); the passage itself is
-- a range of its base text, so the index never holds a second copy of the text.
CREATE VIRTUAL TABLE passages USING fts5(
    keys,
    document_id UNINDEXED,
    lang UNINDEXED,
    start_offset UNINDEXED,
    end_offset UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Documents whose passages are in the index, and at which revision: the
-- store indexes the others, and those changed since (a correction accepted,
-- an alignment edit), before the next search.
CREATE TABLE passages_indexed (
    document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL
);

CREATE TRIGGER documents_passages_delete AFTER DELETE ON documents
BEGIN
    DELETE FROM passages WHERE document_id = OLD.id;
END;
