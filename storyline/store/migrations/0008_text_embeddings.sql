-- Embeddings of texts the link stage compares across languages (an article's title and
-- lead), keyed by a hash of the text: each text is embedded once, not on every link run.
CREATE TABLE IF NOT EXISTS text_embeddings (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL
);
