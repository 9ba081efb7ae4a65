-- Outbound webhook messages (alerts, instructions) waiting to be delivered,
-- delivered, or given up on: written before any delivery is tried, so a
-- restart or a receiver that is down loses nothing. `attempts` is bumped
-- when a server claims a message, so two servers never send it together.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hook TEXT NOT NULL,
    kind TEXT NOT NULL,
    checkpoint TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_us BIGINT NOT NULL,
    delivered_at TEXT,
    failed_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (next_us) WHERE delivered_at IS NULL AND failed_at IS NULL;
