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
