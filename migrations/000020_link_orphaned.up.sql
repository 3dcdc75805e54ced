-- A cross-reference whose linked passage's words are gone from its
-- document's replaced text is marked, not silently moved to other words.
ALTER TABLE annotations ADD COLUMN link_orphaned INTEGER NOT NULL DEFAULT 0 CHECK (link_orphaned IN (0, 1));
