DROP TRIGGER documents_search_stamp_update;
DROP TRIGGER documents_search_stamp_delete;
DROP TRIGGER documents_search_stamp_insert;
DROP TABLE search_stamp;
