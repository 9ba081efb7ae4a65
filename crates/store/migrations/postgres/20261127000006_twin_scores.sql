-- The twin's scored predictions (its track record), so that a restart does
-- not wipe the last day's record: how far ahead, when the predicted step
-- ended (Unix seconds), actual minus predicted p95 wait (seconds).
CREATE TABLE twin_scores (
    checkpoint TEXT NOT NULL,
    horizon_min BIGINT NOT NULL,
    at_s DOUBLE PRECISION NOT NULL,
    error_s DOUBLE PRECISION NOT NULL
);
CREATE INDEX twin_scores_by_time ON twin_scores (checkpoint, at_s);
