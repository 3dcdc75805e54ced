-- A phrase of common words joined their rows in passage_tokens on
-- position (29,713 rows of "в" and 56,172 of "и" for "в и", 60-300 ms);
-- FTS5 reads its position lists. Each two tokens that follow each other
-- are kept as one token here too ("в и", at the place of the first), so
-- that a phrase is found by its pairs, far rarer than its words
-- (store/fulltext_postgres.go).
CREATE TABLE passage_pairs (
    id    BIGINT NOT NULL,
    col   SMALLINT NOT NULL,
    pos   INTEGER NOT NULL,
    token TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (id, col, pos)
);
CREATE TABLE note_pairs (
    id    BIGINT NOT NULL,
    col   SMALLINT NOT NULL,
    pos   INTEGER NOT NULL,
    token TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (id, col, pos)
);
INSERT INTO passage_pairs (id, col, pos, token)
SELECT a.id, a.col, a.pos, a.token || ' ' || b.token
FROM passage_tokens a JOIN passage_tokens b ON b.id = a.id AND b.col = a.col AND b.pos = a.pos + 1;
INSERT INTO note_pairs (id, col, pos, token)
SELECT a.id, a.col, a.pos, a.token || ' ' || b.token
FROM note_tokens a JOIN note_tokens b ON b.id = a.id AND b.col = a.col AND b.pos = a.pos + 1;
CREATE INDEX passage_pairs_token ON passage_pairs (token, id) INCLUDE (col, pos);
CREATE INDEX note_pairs_token ON note_pairs (token, id) INCLUDE (col, pos);
