-- 0003: what the link stage derives and the interfaces read (owned by storyline.link).
--
-- link_story_products holds, per story, the timeline, the claims and the outlet profiles as
-- JSON lists of the model dataclasses' to_dict(); claims is NULL when they were not computed
-- (no language model when the story was linked). entities holds the entities unified across
-- articles, entity_aliases every spelling of one with its uses per outlet (outlet '' when
-- unknown), entity_keys the normalised names and name words that find an entity again when
-- new articles arrive; mentions.entity_id and quotes.speaker_entity_id point into entities.
-- link_pending lists what a link run still has to (re)compute: 'entities' for an article
-- whose mentions await their entities, 'story' for a story whose members changed; markers
-- are written in the transaction that links an article, so an interrupted run resumes.

CREATE TABLE link_story_products (
    story_id TEXT PRIMARY KEY,
    timeline TEXT NOT NULL,
    outlets TEXT NOT NULL,
    claims TEXT
);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL
);
CREATE INDEX entities_rank ON entities (mentions DESC, name);

CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    outlet TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (entity_id, text, outlet)
) WITHOUT ROWID;

CREATE TABLE entity_keys (
    key TEXT NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);

CREATE TABLE link_pending (
    kind TEXT NOT NULL CHECK (kind IN ('entities', 'story')),
    id TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- a database linked before this migration computes its products on the next link run
INSERT INTO link_pending (kind, id) SELECT 'entities', article_id FROM link_articles;
INSERT INTO link_pending (kind, id) SELECT 'story', id FROM link_clusters WHERE kind = 'story';
