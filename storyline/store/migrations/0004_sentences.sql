-- 0004: the sentences of each article, found once by the per-article pipeline.
--
-- One row per sentence: its span in articles.text, whether it is a statement (prose, not a
-- caption or header line), its cue counts (JSON: denials, hedges, negations, ...) and, for
-- the first statements of an article, its e5 embedding (base64 of float16 bytes). Claims
-- search these rows (sentences_fts over the statements' text) instead of re-parsing
-- articles. The article's JSON keeps the same sentences without their embeddings.

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    statement INTEGER NOT NULL DEFAULT 0,
    cues TEXT NOT NULL DEFAULT '{}',
    embedding TEXT,
    PRIMARY KEY (article_id, idx)
);

CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences WHEN new.statement BEGIN
    INSERT INTO sentences_fts (rowid, text)
    SELECT new.rowid, substr(a.text, new."start" + 1, new."end" - new."start")
    FROM articles a WHERE a.id = new.article_id;
END;

CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences WHEN old.statement BEGIN
    DELETE FROM sentences_fts WHERE rowid = old.rowid;
END;
