DROP TABLE fts_totals;
