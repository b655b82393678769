-- 0002: the cross-article link stage's own tables (owned by storyline.link).
--
-- link_articles keeps what the incremental assignment needs per article without reading
-- its text again: content hash and MinHash signature (duplicates), term vectors (stories,
-- events) and the copy relation. link_clusters holds story and event centroids;
-- link_story_terms / link_story_entities index stories by their heaviest terms and entities
-- so a new article reads only candidate stories. link_df holds document frequencies.

CREATE TABLE link_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    copy_of TEXT,
    copy_kind TEXT,
    copy_similarity REAL,
    copy_added TEXT,
    copy_cut TEXT,
    text_hash TEXT NOT NULL,
    signature BLOB NOT NULL,
    shingles INTEGER NOT NULL,
    length INTEGER NOT NULL,
    published TEXT,
    date TEXT,
    inferred_date TEXT,
    inferred_evidence TEXT,
    vector TEXT NOT NULL,
    lead_vector TEXT NOT NULL,
    entities TEXT NOT NULL,
    story_score REAL,
    event_score REAL
);
CREATE INDEX link_articles_hash ON link_articles (text_hash);
CREATE INDEX link_articles_story ON link_articles (story_id, date);
CREATE INDEX link_articles_event ON link_articles (event_id);

CREATE TABLE link_clusters (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('story', 'event')),
    story_id TEXT,
    founder TEXT NOT NULL,
    centroid TEXT NOT NULL,
    size INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT,
    entities TEXT NOT NULL
);
CREATE INDEX link_clusters_story ON link_clusters (story_id, last_date);

CREATE TABLE link_story_terms (
    term TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (term, story_id)
) WITHOUT ROWID;
CREATE INDEX link_story_terms_story ON link_story_terms (story_id);

CREATE TABLE link_story_entities (
    entity TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (entity, story_id)
) WITHOUT ROWID;
CREATE INDEX link_story_entities_story ON link_story_entities (story_id);

CREATE TABLE link_df (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE link_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
