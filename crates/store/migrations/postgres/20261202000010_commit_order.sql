-- Commit order, for servers that follow the log. `seq` is handed out when a row
-- is inserted, so a transaction holding seq 10 can commit after one holding 11:
-- a reader following `seq` alone could pass 10 before it is visible and miss it.
-- `tx` is the inserting transaction's id; every transaction below the oldest
-- still running one (the snapshot's xmin) has ended, so rows read in (tx, seq)
-- order below that mark are final: none can appear behind a reader.
ALTER TABLE events ADD COLUMN tx BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX events_commit_order ON events (tx, seq);
