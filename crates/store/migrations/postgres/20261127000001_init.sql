-- Events: the one truth. `seq` is the order of acceptance; `id` makes ingest idempotent.
CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    checkpoint TEXT NOT NULL,
    at_us BIGINT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX events_checkpoint_at ON events (checkpoint, at_us);

-- Per 15 minutes × direction × category × lane kind, rebuilt per local day from events.
CREATE TABLE rollup_15m (
    checkpoint TEXT NOT NULL,
    day TEXT NOT NULL,
    bucket_us BIGINT NOT NULL,
    direction TEXT NOT NULL,
    category TEXT NOT NULL,
    lane_kind TEXT NOT NULL,
    arrivals BIGINT NOT NULL,
    cleared BIGINT NOT NULL,
    referred BIGINT NOT NULL,
    refused BIGINT NOT NULL,
    waits BIGINT NOT NULL,
    wait_sum_s DOUBLE PRECISION NOT NULL,
    wait_max_s DOUBLE PRECISION NOT NULL,
    h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL,
    h4 BIGINT NOT NULL, h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL,
    PRIMARY KEY (checkpoint, bucket_us, direction, category, lane_kind)
);
CREATE INDEX rollup_15m_day ON rollup_15m (checkpoint, day);

-- The same per local day, so a year is 365 × a few rows.
CREATE TABLE rollup_day (
    checkpoint TEXT NOT NULL,
    day TEXT NOT NULL,
    bucket_us BIGINT NOT NULL,
    direction TEXT NOT NULL,
    category TEXT NOT NULL,
    lane_kind TEXT NOT NULL,
    arrivals BIGINT NOT NULL,
    cleared BIGINT NOT NULL,
    referred BIGINT NOT NULL,
    refused BIGINT NOT NULL,
    waits BIGINT NOT NULL,
    wait_sum_s DOUBLE PRECISION NOT NULL,
    wait_max_s DOUBLE PRECISION NOT NULL,
    h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL,
    h4 BIGINT NOT NULL, h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL,
    PRIMARY KEY (checkpoint, day, direction, category, lane_kind)
);

-- Local days whose rollups are out of date; bumped in the same transaction as the events.
CREATE TABLE dirty_days (
    checkpoint TEXT NOT NULL,
    day TEXT NOT NULL,
    generation BIGINT NOT NULL,
    PRIMARY KEY (checkpoint, day)
);

-- API tokens: the secret is stored only as an argon2 hash.
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    lane TEXT,
    checkpoint TEXT,
    label TEXT,
    created_at TEXT NOT NULL
);
