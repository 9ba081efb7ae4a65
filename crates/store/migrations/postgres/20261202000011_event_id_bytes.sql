-- Dialects differ: event ids as PostgreSQL's 16-byte uuid rather than text
-- (the unique index on ids is what an append pays for most).
ALTER TABLE events ALTER COLUMN id TYPE uuid USING id::uuid;
