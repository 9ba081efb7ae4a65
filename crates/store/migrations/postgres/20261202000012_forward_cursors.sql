-- A station's feed to a national centre: its own event log is the outbox;
-- this is how far each centre (by URL) has acknowledged it, moved only after
-- the centre answered.
CREATE TABLE forward_cursors (
    target TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
);
