-- The dictionary the aligner learns from the corpus: the confirmed links of public
-- documents, each as the distinct stems of its Russian and its English side (JSON
-- arrays, written by the store whenever a document's alignment changes), and the counts
-- kept from them by triggers: in how many links a stem occurs, and a pair of stems
-- together. The aligner takes the pairs that occur together often enough (store
-- LearnedPairs).
CREATE TABLE learned_links (
    link_id     INTEGER PRIMARY KEY REFERENCES links (id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ru          TEXT NOT NULL CHECK (json_valid(ru)),
    en          TEXT NOT NULL CHECK (json_valid(en))
);
CREATE INDEX learned_links_document ON learned_links (document_id);

CREATE TABLE learned_stems (
    lang  TEXT NOT NULL CHECK (lang IN ('ru', 'en')),
    stem  TEXT NOT NULL,
    links INTEGER NOT NULL,
    PRIMARY KEY (lang, stem)
) WITHOUT ROWID;

CREATE TABLE learned_pairs (
    ru    TEXT NOT NULL,
    en    TEXT NOT NULL,
    links INTEGER NOT NULL,
    PRIMARY KEY (ru, en)
) WITHOUT ROWID;
CREATE INDEX learned_pairs_links ON learned_pairs (links);

CREATE TRIGGER learned_links_insert AFTER INSERT ON learned_links
BEGIN
    INSERT INTO learned_stems (lang, stem, links) SELECT 'ru', value, 1 FROM json_each(NEW.ru) WHERE true
        ON CONFLICT (lang, stem) DO UPDATE SET links = links + 1;
    INSERT INTO learned_stems (lang, stem, links) SELECT 'en', value, 1 FROM json_each(NEW.en) WHERE true
        ON CONFLICT (lang, stem) DO UPDATE SET links = links + 1;
    INSERT INTO learned_pairs (ru, en, links) SELECT r.value, e.value, 1 FROM json_each(NEW.ru) r, json_each(NEW.en) e WHERE true
        ON CONFLICT (ru, en) DO UPDATE SET links = links + 1;
END;

CREATE TRIGGER learned_links_delete AFTER DELETE ON learned_links
BEGIN
    UPDATE learned_stems SET links = links - 1
        WHERE lang = 'ru' AND stem IN (SELECT value FROM json_each(OLD.ru));
    UPDATE learned_stems SET links = links - 1
        WHERE lang = 'en' AND stem IN (SELECT value FROM json_each(OLD.en));
    DELETE FROM learned_stems WHERE links <= 0 AND (
        (lang = 'ru' AND stem IN (SELECT value FROM json_each(OLD.ru))) OR
        (lang = 'en' AND stem IN (SELECT value FROM json_each(OLD.en))));
    UPDATE learned_pairs SET links = links - 1
        WHERE ru IN (SELECT value FROM json_each(OLD.ru)) AND en IN (SELECT value FROM json_each(OLD.en));
    DELETE FROM learned_pairs WHERE links <= 0
        AND ru IN (SELECT value FROM json_each(OLD.ru)) AND en IN (SELECT value FROM json_each(OLD.en));
END;
