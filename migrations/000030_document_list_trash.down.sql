DROP INDEX documents_list;
CREATE INDEX documents_list ON documents (date, id, public, title);
