-- Stable link identifiers: a link's position moves with every alignment edit
-- above it, so #link-N named other words after a merge. Each link now has a
-- ref, a number that stays with it through every alignment edit and is never
-- given to other words. Existing links get their position as their ref, so
-- that every #link-N written before this migration still opens the same row.
ALTER TABLE links ADD COLUMN ref INTEGER NOT NULL DEFAULT 0;
UPDATE links SET ref = position;
CREATE UNIQUE INDEX links_document_ref ON links (document_id, ref) WHERE ref > 0;

-- Every ref a document's links ever had, with the code-point span of each
-- language its links ever held ({"ru": [start, end], …}): a ref no link
-- carries any more (merged away, undone) still answers with the rows that
-- hold those words now. Base texts are immutable, so the spans never drift.
CREATE TABLE link_refs (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ref         INTEGER NOT NULL CHECK (ref >= 1),
    spans       TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (document_id, ref)
) WITHOUT ROWID;

INSERT INTO link_refs (document_id, ref, spans)
SELECT l.document_id, l.ref, coalesce((
    SELECT json_group_object(lang, json_array(lo, hi)) FROM (
        SELECT b.lang AS lang, min(s.start_offset) AS lo, max(s.end_offset) AS hi
        FROM segments s JOIN base_texts b ON b.id = s.base_text_id
        WHERE s.link_id = l.id GROUP BY b.lang)), '{}')
FROM links l;
