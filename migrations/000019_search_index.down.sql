DROP TRIGGER annotations_search_delete;
DROP TRIGGER annotations_search_update;
DROP TRIGGER annotations_search_insert;
DROP TRIGGER documents_search_delete;
DROP TRIGGER documents_search_update;
DROP TRIGGER documents_search_insert;
DROP TABLE search_note_queue;
DROP TABLE search_queue;
DROP TABLE note_keys;
DROP TABLE search_forms;
DROP TABLE passage_keys;
DROP TABLE search_passages;
DROP TABLE search_keyer;
DROP INDEX documents_private;
DROP TABLE search_documents;

CREATE VIRTUAL TABLE passages USING fts5(
    keys,
    document_id UNINDEXED,
    lang UNINDEXED,
    start_offset UNINDEXED,
    end_offset UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE passages_indexed (
    document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL
);
CREATE TRIGGER documents_passages_delete AFTER DELETE ON documents
BEGIN
    DELETE FROM passages WHERE document_id = OLD.id;
END;
CREATE VIRTUAL TABLE annotation_keys USING fts5(
    keys,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE annotations_indexed (
    annotation_id INTEGER PRIMARY KEY REFERENCES annotations (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL
);
