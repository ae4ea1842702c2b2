-- servlet-auth schema version 1 (SQLite). Applied by the library at start-up unless auth.db.migrate=false;
-- then apply it yourself and record it with: INSERT INTO auth_schema_version VALUES (1, <epoch millis>).
-- Times are epoch milliseconds.

-- AUTOINCREMENT so that the id of a deleted account is never handed out again.
CREATE TABLE auth_accounts (
    user_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL,
    email         TEXT,
    roles         TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    enabled       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    last_login_at INTEGER
);

CREATE UNIQUE INDEX auth_accounts_username_key ON auth_accounts (username_key);

-- No foreign key to auth_accounts: a revoked session outlives its deleted account so that every instance
-- learns of the revocation.
CREATE TABLE auth_sessions (
    session_id TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE INDEX auth_sessions_revoked_at ON auth_sessions (revoked_at);

CREATE INDEX auth_sessions_user_id ON auth_sessions (user_id);

CREATE TABLE auth_refresh_tokens (
    token_hash TEXT    PRIMARY KEY,
    session_id TEXT    NOT NULL REFERENCES auth_sessions (session_id),
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE INDEX auth_refresh_tokens_session_id ON auth_refresh_tokens (session_id);

-- Consecutive failed logins per throttle key ("u:<username key>" or "a:<client address>"), shared by every
-- instance so that throttling holds behind a load balancer.
CREATE TABLE auth_login_failures (
    throttle_key    TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at BIGINT  NOT NULL,
    blocked_until   BIGINT  NOT NULL
);
