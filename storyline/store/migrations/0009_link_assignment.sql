-- 0009: one stored form of an article's link assignment; the languages indexed.
--
-- link_articles (0002) is where the link stage writes an article's story, event and copy
-- relation. The same three columns of articles, which the filters and listings read, are
-- derived from it by these triggers instead of being written a second time.

CREATE TRIGGER link_articles_assigned AFTER INSERT ON link_articles BEGIN
    UPDATE articles SET story_id = new.story_id, event_id = new.event_id, copy_of = new.copy_of
    WHERE id = new.article_id;
END;

CREATE TRIGGER link_articles_reassigned AFTER UPDATE OF story_id, event_id, copy_of
ON link_articles BEGIN
    UPDATE articles SET story_id = new.story_id, event_id = new.event_id, copy_of = new.copy_of
    WHERE id = new.article_id;
END;

CREATE TRIGGER link_articles_unassigned AFTER DELETE ON link_articles BEGIN
    UPDATE articles SET story_id = NULL, event_id = NULL, copy_of = NULL
    WHERE id = old.article_id;
END;

-- whether a store holds several languages is asked on every link run that founds a story
CREATE INDEX articles_language ON articles (language);

-- A story's index entries carry its days, so a new article reads only the stories that are
-- still within reach of its date (story_window_days), not every story that ever used its
-- words: the candidates stay as many as the recent stories, whatever the archive's length.
-- An undated story spans all days.
ALTER TABLE link_story_terms ADD COLUMN first_date TEXT NOT NULL DEFAULT '0000-01-01';
ALTER TABLE link_story_terms ADD COLUMN last_date TEXT NOT NULL DEFAULT '9999-12-31';
ALTER TABLE link_story_entities ADD COLUMN first_date TEXT NOT NULL DEFAULT '0000-01-01';
ALTER TABLE link_story_entities ADD COLUMN last_date TEXT NOT NULL DEFAULT '9999-12-31';
UPDATE link_story_terms SET
    first_date = coalesce((SELECT c.first_date FROM link_clusters c WHERE c.id = story_id), '0000-01-01'),
    last_date = coalesce((SELECT c.last_date FROM link_clusters c WHERE c.id = story_id), '9999-12-31');
UPDATE link_story_entities SET
    first_date = coalesce((SELECT c.first_date FROM link_clusters c WHERE c.id = story_id), '0000-01-01'),
    last_date = coalesce((SELECT c.last_date FROM link_clusters c WHERE c.id = story_id), '9999-12-31');
CREATE INDEX link_story_terms_recent ON link_story_terms (term, last_date);
CREATE INDEX link_story_entities_recent ON link_story_entities (entity, last_date);
