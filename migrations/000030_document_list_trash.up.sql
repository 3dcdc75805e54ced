-- The document list keeps documents out of the trash (trashed_at = '',
-- migration 000023), a column documents_list (000014) does not cover: to
-- count and sort the list SQLite read every whole row again, raw source
-- included, 20-50 ms at 10,000 documents for each of the two statements
-- of a page; with trashed_at in the index, 1-2 ms.
DROP INDEX documents_list;
CREATE INDEX documents_list ON documents (date, id, public, title, trashed_at);
