-- Nothing to undo: a format 2 record is what migration 000030's code reads.
SELECT 1;
