DROP TRIGGER learned_links_delete;
DROP TRIGGER learned_links_insert;
DROP TABLE learned_pairs;
DROP TABLE learned_stems;
DROP TABLE learned_links;
