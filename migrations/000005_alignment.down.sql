DROP TABLE alignment_edits;
