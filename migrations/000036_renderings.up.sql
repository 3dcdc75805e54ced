-- What the server made of a document, kept by revision: the API answer
-- gzipped and the reading view's document part compressed
-- (server/rendering.go). A page or an API answer read again once the
-- server's memory let it go is copied out of one row instead of being
-- rebuilt from the document's segments and links. Derived: a row is good
-- only for the document's current revision and for the build of the server
-- that wrote it, and archives leave both tables out.
CREATE TABLE renderings (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    revision INTEGER NOT NULL,
    build TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (document_id, kind)
);
-- Whenever a document's revision moves, its renderings are dropped and its
-- stamp goes up (store/revision.go); a rendering made from what a reader
-- read is kept only if the stamp it read is still the document's. No
-- foreign key: the stamp outlives its document, so that a document purged
-- and imported again under its id, with the revision it had, never gets a
-- stamp back either.
CREATE TABLE rendering_stamps (
    document_id TEXT PRIMARY KEY,
    stamp INTEGER NOT NULL
);
