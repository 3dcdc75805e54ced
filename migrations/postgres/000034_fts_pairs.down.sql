DROP TABLE passage_pairs, note_pairs;
