-- Full-text search over what scholars wrote: the bodies of notes, replies
-- and cross-references, their tags and citations, keyed like the passages
-- (package stemming). The row id of an entry is its annotation's id.
CREATE VIRTUAL TABLE annotation_keys USING fts5(
    keys,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Which version of each annotation is in the index; the store indexes the
-- others before the next search.
CREATE TABLE annotations_indexed (
    annotation_id INTEGER PRIMARY KEY REFERENCES annotations (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL
);
