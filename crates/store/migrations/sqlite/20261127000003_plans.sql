-- Staffing plans pushed by `borderflow plan --push`, one per checkpoint and
-- local day (a new push replaces the day's plan), for plan vs actual.
CREATE TABLE plans (
    checkpoint TEXT NOT NULL,
    day TEXT NOT NULL,
    body TEXT NOT NULL,
    pushed_at TEXT NOT NULL,
    PRIMARY KEY (checkpoint, day)
);
