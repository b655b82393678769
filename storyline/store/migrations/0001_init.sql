-- 0001: articles, the raw documents they came from, their facts, and full-text search.
--
-- `articles.data` holds the whole Article as JSON and is what reads return; the fact
-- tables (removed_lines, mentions, quotes, dates) are query indexes derived from it and
-- are written only together with it. `seq` is a stable integer key for the FTS index
-- (an implicit rowid may change on VACUUM); `id` is the article's identity.

CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT,
    outlet TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    published_from TEXT,
    dateline TEXT,
    language TEXT,
    text TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_record TEXT,
    data TEXT NOT NULL,
    added_at TEXT NOT NULL,
    -- set by the cross-article link stage
    story_id TEXT,
    event_id TEXT,
    copy_of TEXT
);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_story ON articles (story_id);

CREATE TABLE raw_documents (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    source_file TEXT NOT NULL,
    source_record TEXT,
    data TEXT NOT NULL
);

CREATE TABLE removed_lines (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    canonical TEXT NOT NULL,
    entity_id TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX mentions_canonical ON mentions (canonical COLLATE NOCASE);
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_kind TEXT,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_title TEXT,
    speaker_canonical TEXT,
    speaker_entity_id TEXT,
    resolved_via TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_id ON quotes (id);
CREATE INDEX quotes_speaker ON quotes (speaker COLLATE NOCASE);
CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity_id);

CREATE TABLE dates (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    precision TEXT NOT NULL,
    year_inferred INTEGER NOT NULL DEFAULT 0,
    anchor TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX dates_value ON dates (value);

-- Full-text search over title and text, kept in sync with `articles` by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    text,
    content = 'articles',
    content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
