-- Each checkpoint's alerts (active and the day's cleared ones, with who
-- acknowledged them), as JSON, replaced at every change: a restart keeps the
-- day's alert history.
CREATE TABLE alert_books (
    checkpoint TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
