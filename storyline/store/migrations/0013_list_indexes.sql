-- Lists at 100,000 articles without a scan of every quote or article.

-- the speaker filter of the quote lists: every alternative of its OR has an index, so
-- SQLite looks each up instead of testing every quote
CREATE INDEX quotes_speaker_canonical ON quotes (speaker_canonical COLLATE NOCASE);

-- "a surname alone" (speaker_canonical LIKE '% Kirby' for quotes not yet linked to an
-- entity): the last word of the full name, that is the name with everything up to its
-- last space removed (rtrim drops the trailing characters that are not spaces)
CREATE INDEX quotes_speaker_surname ON quotes (
    replace(speaker_canonical, rtrim(speaker_canonical, replace(speaker_canonical, ' ', '')), '')
    COLLATE NOCASE
) WHERE speaker_entity_id IS NULL AND speaker_kind = 'person';

-- one outlet's articles newest first without sorting all of them, and the outlet page's
-- counts (dates, stories, quotes) from the index alone, not from the article rows
CREATE INDEX articles_outlet_newest
    ON articles (outlet COLLATE NOCASE, published IS NULL, published DESC, seq, story_id, id);

-- whom an outlet quotes: the speakers of its articles' quotes without reading the quotes
CREATE INDEX quotes_article_speaker ON quotes (article_id, speaker_canonical, speaker);

-- the summary's articles per language without reading the article rows
CREATE INDEX IF NOT EXISTS articles_language ON articles (language);
