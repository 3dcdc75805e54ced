-- bm25 needs the number of rows of a full-text index and of their tokens,
-- which FTS5 keeps; counting them for each search read the whole of
-- passage_keys (11-20 ms at 100,000 passages). store/fulltext_postgres.go
-- keeps them here, in the statements that add and take out rows.
CREATE TABLE fts_totals (
    name     TEXT COLLATE "C" PRIMARY KEY,
    n_rows   BIGINT NOT NULL,
    n_tokens BIGINT NOT NULL
);
INSERT INTO fts_totals SELECT 'passage_keys', count(*), coalesce(sum(size), 0) FROM passage_keys;
INSERT INTO fts_totals SELECT 'note_keys', count(*), coalesce(sum(size), 0) FROM note_keys;
