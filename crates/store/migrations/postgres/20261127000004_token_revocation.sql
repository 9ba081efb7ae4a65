-- Tokens can be revoked (a lost tablet, an officer who left): the row stays,
-- so the audit trail keeps who held it; a revoked token is refused.
ALTER TABLE tokens ADD COLUMN revoked_at TEXT;
