-- The `_s` suffix is kept for durations: a Unix time in seconds is named so.
ALTER TABLE twin_scores RENAME COLUMN at_s TO at_unix_s;
