DROP TRIGGER documents_search_stamp ON documents;
DROP FUNCTION search_stamp_bump();
DROP TABLE search_stamp;
