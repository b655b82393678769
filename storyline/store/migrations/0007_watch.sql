-- Watched sources (feeds, news sitemaps) and their poll state; watches and the alerts they
-- raised. Written through storyline.store._watch.WatchTables.

CREATE TABLE watch_sources (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    outlet TEXT,
    interval_s INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled_at TEXT,
    last_status TEXT,            -- "ok", "not-modified", "error", "disallowed"
    next_poll_at TEXT NOT NULL,  -- ISO UTC; a source is due when this has passed
    failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls (drives the back-off)
    last_error TEXT
);

-- One row per feed entry or sitemap URL ever seen; "pending" rows are what a run that was
-- stopped had not finished, and the next run starts with them.
CREATE TABLE watch_items (
    source_id TEXT NOT NULL REFERENCES watch_sources(id) ON DELETE CASCADE,
    key TEXT NOT NULL,           -- the entry's guid, else its link
    url TEXT,
    entry TEXT NOT NULL,         -- JSON: title, published, fallback body from the feed
    status TEXT NOT NULL,        -- pending | done | failed | disallowed
    article_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    seen_at TEXT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (source_id, key)
);
CREATE INDEX watch_items_status ON watch_items (status, source_id);

CREATE TABLE watches (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,          -- story | entity | speaker | claim
    value TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (kind, value)
);

-- Everything a watch has already been shown (or was there when it was added), so that no
-- alert is raised twice.
CREATE TABLE watch_seen (
    watch_id TEXT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (watch_id, fingerprint)
);

CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    watch_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL,          -- the Alert as JSON
    delivered_at TEXT,           -- webhook delivery
    delivery_attempts INTEGER NOT NULL DEFAULT 0,
    delivery_error TEXT
);
CREATE INDEX alerts_created ON alerts (created_at);

-- Small facts of the watch runs (how many articles the watches were last checked against).
CREATE TABLE watch_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
