DROP INDEX documents_list;
