-- People who sign in (supervisors, officers, guides, admins): a name, an
-- argon2 hash of the password, a role. A disabled user's row stays, so the
-- audit trail keeps who they were; they can no longer sign in.
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    checkpoint TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    disabled_at TEXT,
    password_changed_at TEXT NOT NULL
);

-- Signed-in sessions. Only a SHA-256 of the cookie's secret is kept, so a
-- copy of the database signs nobody in. `csrf` is the session's anti-forgery
-- token, sent back by the pages in a header on every state-changing call.
CREATE TABLE sessions (
    hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users (name),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_us BIGINT NOT NULL,
    ended_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_name);

-- One-time sign-in links: a SHA-256 of the link's secret, dead once used or expired.
CREATE TABLE signin_links (
    hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users (name),
    created_at TEXT NOT NULL,
    expires_us BIGINT NOT NULL,
    used_at TEXT
);
