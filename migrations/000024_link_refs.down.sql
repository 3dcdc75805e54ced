DROP TABLE link_refs;
DROP INDEX links_document_ref;
ALTER TABLE links DROP COLUMN ref;
