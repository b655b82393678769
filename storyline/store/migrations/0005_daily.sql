-- 0005: what keeps a story recognisable (owned by storyline.link.story_identity).
--
-- link_story_titles holds each story's neutral title (the most central member headline
-- without loaded terms), computed with the story's products. link_story_aliases sends the
-- id of a story merged into another by a full re-cluster on to the story it joined, so
-- old links keep resolving.

CREATE TABLE link_story_titles (
    story_id TEXT PRIMARY KEY,
    title TEXT NOT NULL
);

CREATE TABLE link_story_aliases (
    old_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX link_story_aliases_story ON link_story_aliases (story_id);

-- a database linked before this migration gets its titles on the next link run
INSERT OR IGNORE INTO link_pending (kind, id) SELECT 'story', id FROM link_clusters WHERE kind = 'story';

-- listing newest first / oldest first and filtering by outlet in any case, without a sort
-- or a scan of every article
CREATE INDEX articles_newest ON articles (published IS NULL, published DESC, seq);
CREATE INDEX articles_oldest ON articles (published IS NULL, published, seq);
CREATE INDEX articles_outlet_nocase ON articles (outlet COLLATE NOCASE);
