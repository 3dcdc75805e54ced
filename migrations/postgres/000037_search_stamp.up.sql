-- The twin of SQLite's search_stamp (000037_search_stamp.up.sql), moved on
-- once a statement: writes take one advisory lock (store/engine_postgres.go),
-- so the one row is never fought over.
CREATE TABLE search_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO search_stamp (id, n) VALUES (1, 0);

CREATE FUNCTION search_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_stamp SET n = n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_search_stamp
AFTER INSERT OR DELETE OR UPDATE OF date, public ON documents
FOR EACH STATEMENT EXECUTE FUNCTION search_stamp_bump();
