-- Scans of a document's original. The images themselves are files named by
-- their SHA-256 in the image store next to the database, never overwritten;
-- a page names its image by that hash. Word boxes tie code-point ranges of a
-- base text to rectangles (pixels) on a page.
CREATE TABLE page_images (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    hash        TEXT NOT NULL CHECK (length(hash) = 64),
    format      TEXT NOT NULL CHECK (format IN ('png', 'jpeg', 'tiff')),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    PRIMARY KEY (document_id, number)
) WITHOUT ROWID;

CREATE TABLE word_boxes (
    base_text_id INTEGER NOT NULL REFERENCES base_texts (id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
    page         INTEGER NOT NULL CHECK (page >= 1),
    x            INTEGER NOT NULL CHECK (x >= 0),
    y            INTEGER NOT NULL CHECK (y >= 0),
    w            INTEGER NOT NULL CHECK (w > 0),
    h            INTEGER NOT NULL CHECK (h > 0),
    PRIMARY KEY (base_text_id, start_offset)
) WITHOUT ROWID;
