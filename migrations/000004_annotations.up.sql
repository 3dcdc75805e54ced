-- Annotations: W3C Web Annotations stored natively. A text target is a range
-- of code points of an immutable base text together with the quote it covers
-- (exact, prefix, suffix), so that no other edit moves it and a replaced base
-- text can be re-anchored by quote. Nothing is ever deleted: deletion sets
-- deleted_at, and every version is kept in the audit trail (changes, entity
-- 'annotation'), from which a version can be restored.

CREATE TABLE annotations (
    -- AUTOINCREMENT: an id is never given again, not even after its
    -- document was replaced, so no new annotation inherits an old history.
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    motivation   TEXT NOT NULL CHECK (motivation IN ('commenting', 'editing', 'linking', 'replying')),
    -- The text target; empty lang for a reply, whose target is its parent.
    lang         TEXT NOT NULL DEFAULT '',
    start_offset INTEGER NOT NULL DEFAULT 0,
    end_offset   INTEGER NOT NULL DEFAULT 0,
    exact        TEXT NOT NULL DEFAULT '',
    prefix       TEXT NOT NULL DEFAULT '',
    suffix       TEXT NOT NULL DEFAULT '',
    orphaned     INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
    reply_to     INTEGER REFERENCES annotations (id),
    -- Markdown of a note or reply; the corrected reading of a correction; an
    -- optional comment on a cross-reference.
    body         TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]',
    -- A cross-reference's far end: a passage (document, lang, range, quote),
    -- a whole document (document only), or an outside source (url and/or citation).
    link_document TEXT NOT NULL DEFAULT '',
    link_lang     TEXT NOT NULL DEFAULT '',
    link_start    INTEGER NOT NULL DEFAULT 0,
    link_end      INTEGER NOT NULL DEFAULT 0,
    link_exact    TEXT NOT NULL DEFAULT '',
    link_url      TEXT NOT NULL DEFAULT '',
    link_citation TEXT NOT NULL DEFAULT '',
    -- A correction's review.
    status       TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'proposed', 'accepted', 'rejected')),
    reviewed_by  INTEGER REFERENCES users (id),
    reviewed_at  TEXT NOT NULL DEFAULT '',
    private      INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    creator      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    modified_at  TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT NOT NULL DEFAULT '',
    CHECK (0 <= start_offset AND start_offset <= end_offset),
    CHECK ((motivation = 'editing') = (status <> ''))
);
CREATE INDEX annotations_document ON annotations (document_id, lang, start_offset);
CREATE INDEX annotations_reply_to ON annotations (reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX annotations_link_document ON annotations (link_document) WHERE link_document <> '';
CREATE INDEX annotations_accepted ON annotations (document_id, lang, start_offset)
    WHERE status = 'accepted' AND deleted_at = '';
