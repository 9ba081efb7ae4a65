-- Acknowledgements of alerts, as made (through any server): each server on a
-- shared store applies those made through the others.
CREATE TABLE alert_acks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    alert TEXT NOT NULL,
    at_us BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX alert_acks_at ON alert_acks (at_us);
