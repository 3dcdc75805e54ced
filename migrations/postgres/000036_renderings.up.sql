-- The twin of SQLite's renderings (000036_renderings.up.sql).
CREATE TABLE renderings (
    document_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    revision BIGINT NOT NULL,
    build TEXT NOT NULL,
    body BYTEA NOT NULL,
    PRIMARY KEY (document_id, kind)
);
CREATE TABLE rendering_stamps (
    document_id TEXT COLLATE "C" PRIMARY KEY,
    stamp BIGINT NOT NULL
);
