-- Accounts, roles, sessions, failed sign-ins and evidence files, SQLite
-- dialect. Keep in step with ../postgres/0002_accounts.sql. Conventions as in
-- 0001: timestamps are fixed-width TEXT in UTC, booleans INTEGER 0/1.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL,
	login_key     TEXT NOT NULL UNIQUE, -- lower(login): logins compare case-insensitively
	name          TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	person_id     INTEGER REFERENCES persons (id),
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	lang          TEXT NOT NULL DEFAULT 'vi',
	created_at    TEXT NOT NULL
);

-- A role is scoped to a unit, to an agency (department) or to nothing
-- (admin), by its kind.
CREATE TABLE user_roles (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users (id),
	kind      TEXT NOT NULL CHECK (kind IN ('coordination', 'department', 'district', 'commune', 'leader', 'admin')),
	unit_id   INTEGER REFERENCES units (id),
	agency_id INTEGER REFERENCES agencies (id),
	CHECK (CASE kind
		WHEN 'admin' THEN unit_id IS NULL AND agency_id IS NULL
		WHEN 'department' THEN unit_id IS NULL AND agency_id IS NOT NULL
		ELSE unit_id IS NOT NULL AND agency_id IS NULL END)
);
-- A UNIQUE constraint treats NULLs as distinct, so that two admin roles of
-- one user would both pass; COALESCE makes the absent scope a value.
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, kind, COALESCE(unit_id, 0), COALESCE(agency_id, 0));
CREATE INDEX user_roles_kind ON user_roles (kind);

CREATE TABLE sessions (
	id         TEXT PRIMARY KEY, -- hex SHA-256 of the cookie token
	user_id    INTEGER NOT NULL REFERENCES users (id),
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	seen_at    TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	addr       TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per failed sign-in, counted by key over a recent window.
CREATE TABLE login_failures (
	id  INTEGER PRIMARY KEY,
	key TEXT NOT NULL, -- "user:<login>", "addr:<ip>"
	at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- Evidence files, addressed by the SHA-256 of their content.
CREATE TABLE files (
	hash         TEXT PRIMARY KEY CHECK (length(hash) = 64), -- lowercase hex
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	uploaded_by  INTEGER REFERENCES users (id),
	uploaded_at  TEXT NOT NULL,
	data         BLOB NOT NULL
);

-- Which reported values cite which files, so that reading a file can be
-- allowed to whoever may read one of the units citing it.
CREATE TABLE value_files (
	value_id INTEGER NOT NULL REFERENCES reported_values (id),
	hash     TEXT NOT NULL REFERENCES files (hash),
	PRIMARY KEY (value_id, hash)
);
CREATE INDEX value_files_hash ON value_files (hash);
