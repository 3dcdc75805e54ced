DROP TRIGGER documents_passages_delete;
DROP TABLE passages_indexed;
DROP TABLE passages;
