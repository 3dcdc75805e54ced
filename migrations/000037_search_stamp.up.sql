-- A stamp that moves on whenever what a search finds may change, so that a
-- server may keep the passages a query found (store/search_cache.go) and
-- know, in the snapshot of its next search, whether they still hold. The
-- search index's writes move it (store/search_index_rows.go); so do the
-- changes to documents that searches read outside the index: a document
-- added (a private one puts anonymous searches on the public filter), one
-- deleted (hits in archive order join documents), a date (hits by date)
-- or a document's visibility changed. A note written does not move it:
-- notes are searched anew each time.
CREATE TABLE search_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO search_stamp (id, n) VALUES (1, 0);

CREATE TRIGGER documents_search_stamp_insert AFTER INSERT ON documents
BEGIN
    UPDATE search_stamp SET n = n + 1;
END;

CREATE TRIGGER documents_search_stamp_delete AFTER DELETE ON documents
BEGIN
    UPDATE search_stamp SET n = n + 1;
END;

CREATE TRIGGER documents_search_stamp_update AFTER UPDATE OF date, public ON documents
BEGIN
    UPDATE search_stamp SET n = n + 1;
END;
