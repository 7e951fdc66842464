-- datchuan schema, SQLite dialect. Keep in step with ../postgres/0001_init.sql.
-- Dates are TEXT 'YYYY-MM-DD' (NULL: open bound); timestamps are TEXT
-- 'YYYY-MM-DDTHH:MM:SS.ffffffZ' in UTC, fixed width so that text order is
-- time order; booleans are INTEGER 0/1.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Administrative units: one row per version; a code is reused over time.
CREATE TABLE units (
	id                  INTEGER PRIMARY KEY,
	code                TEXT NOT NULL,
	name                TEXT NOT NULL,
	type                TEXT NOT NULL,
	level               TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
	parent_code         TEXT NOT NULL DEFAULT '',
	valid_from          TEXT,
	valid_to            TEXT,
	source              TEXT NOT NULL DEFAULT '',
	region              TEXT NOT NULL DEFAULT '',
	extremely_difficult INTEGER NOT NULL DEFAULT 0 CHECK (extremely_difficult IN (0, 1)),
	commune_group       TEXT NOT NULL DEFAULT '',
	search_key          TEXT NOT NULL DEFAULT '', -- datchuan.Fold(name)
	CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to)
);
-- At most one version of a (level, code) is in force.
CREATE UNIQUE INDEX units_open ON units (level, code) WHERE valid_to IS NULL;
CREATE INDEX units_code ON units (code, valid_from);
CREATE INDEX units_parent ON units (parent_code);

-- "to_id was formed (wholly or partly) from from_id on on_date".
CREATE TABLE unit_links (
	id      INTEGER PRIMARY KEY,
	from_id INTEGER NOT NULL REFERENCES units (id),
	to_id   INTEGER NOT NULL REFERENCES units (id),
	kind    TEXT NOT NULL CHECK (kind IN ('full', 'partial', 'same')),
	on_date TEXT NOT NULL,
	UNIQUE (from_id, to_id)
);
CREATE INDEX unit_links_to ON unit_links (to_id);

-- The official lists applied, so that applying one again changes nothing.
CREATE TABLE unit_snapshots (
	name           TEXT PRIMARY KEY,
	effective_from TEXT,
	applied_at     TEXT NOT NULL,
	kept           INTEGER NOT NULL,
	opened         INTEGER NOT NULL,
	closed         INTEGER NOT NULL,
	links          INTEGER NOT NULL
);

CREATE TABLE agencies (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	short_name TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	parent_id  INTEGER REFERENCES agencies (id),
	valid_from TEXT,
	valid_to   TEXT
);
CREATE INDEX agencies_unit ON agencies (unit_id);

CREATE TABLE persons (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE memberships (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	role      TEXT NOT NULL DEFAULT '',
	from_date TEXT,
	to_date   TEXT
);
CREATE INDEX memberships_agency ON memberships (agency_id);
CREATE INDEX memberships_person ON memberships (person_id);

-- Which agency leads or supports a criterion ('' indicator) or an indicator
-- of a set within a province.
CREATE TABLE leads (
	id             INTEGER PRIMARY KEY,
	province_id    INTEGER NOT NULL REFERENCES units (id),
	set_id         TEXT NOT NULL,
	criterion_code TEXT NOT NULL,
	indicator_code TEXT NOT NULL DEFAULT '',
	agency_id      INTEGER NOT NULL REFERENCES agencies (id),
	supporting     INTEGER NOT NULL DEFAULT 0 CHECK (supporting IN (0, 1)),
	UNIQUE (province_id, set_id, criterion_code, indicator_code, agency_id)
);

CREATE TABLE targets (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	set_id     TEXT NOT NULL,
	year       INTEGER NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, set_id)
);

-- Reported values: append-only; a correction is a new row.
CREATE TABLE reported_values (
	id             INTEGER PRIMARY KEY,
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	set_id         TEXT NOT NULL,
	indicator_code TEXT NOT NULL,
	as_of          TEXT NOT NULL,
	measure_kind   TEXT NOT NULL CHECK (measure_kind IN ('bool', 'number', 'ratio')),
	bool_value     INTEGER NOT NULL DEFAULT 0 CHECK (bool_value IN (0, 1)),
	number_value   REAL NOT NULL DEFAULT 0,
	numerator      REAL NOT NULL DEFAULT 0,
	denominator    REAL NOT NULL DEFAULT 0,
	reported_by    INTEGER REFERENCES persons (id),
	reported_at    TEXT NOT NULL,
	evidence       TEXT, -- JSON array of references; NULL when none
	comment        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reported_values_key ON reported_values (unit_id, set_id, indicator_code, as_of, reported_at);

-- One review per value: the unique value_id decides a race between reviewers.
CREATE TABLE reviews (
	id          INTEGER PRIMARY KEY,
	value_id    INTEGER NOT NULL UNIQUE REFERENCES reported_values (id),
	decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'returned')),
	reviewed_by INTEGER REFERENCES persons (id),
	reviewed_at TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT ''
);
