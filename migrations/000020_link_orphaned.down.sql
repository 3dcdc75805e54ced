ALTER TABLE annotations DROP COLUMN link_orphaned;
