DROP TABLE changes;
DROP TABLE segments;
DROP TABLE links;
DROP TABLE derivation_steps;
DROP TABLE base_texts;
DROP TABLE documents;
DROP TABLE users;
