DROP TABLE annotations_indexed;
DROP TABLE annotation_keys;
