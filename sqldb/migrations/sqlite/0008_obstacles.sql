-- The obstacles and recommendations register, SQLite dialect. Keep in
-- step with ../postgres/0008_obstacles.sql. Conventions as in 0001 and 0007.
--
-- An obstacle blocks a unit's criterion (or indicator, or the unit as a
-- whole: empty codes); owner_id is the agency that must lift it. source
-- and source_id say where it was raised (a weekly report, a meeting, an
-- inspection, a returned value, or directly: no source_id). The moves a
-- state may make are the domain's (ObstacleState.CanMoveTo); the table
-- keeps the states known.
CREATE TABLE obstacles (
	id             INTEGER PRIMARY KEY,
	province_id    INTEGER NOT NULL REFERENCES units (id),
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	set_id         TEXT NOT NULL DEFAULT '',
	criterion_code TEXT NOT NULL DEFAULT '',
	indicator_code TEXT NOT NULL DEFAULT '',
	title          TEXT NOT NULL CHECK (title <> ''),
	detail         TEXT NOT NULL DEFAULT '',
	owner_id       INTEGER NOT NULL REFERENCES agencies (id),
	due            TEXT,
	state          TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'escalated', 'resolved')),
	source         TEXT NOT NULL CHECK (source IN ('report', 'meeting', 'inspection', 'value', 'direct')),
	source_id      INTEGER,
	resolution     TEXT NOT NULL DEFAULT '',
	raised_by      INTEGER REFERENCES users (id),
	raised_at      TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	resolved_at    TEXT,
	version        INTEGER NOT NULL DEFAULT 1
);
-- A province's register and its open entries, the oldest first.
CREATE INDEX obstacles_province ON obstacles (province_id, state, raised_at, id);
-- The obstacles beside a unit's unmet items, and an owner's.
CREATE INDEX obstacles_unit ON obstacles (unit_id, set_id, criterion_code);
CREATE INDEX obstacles_owner ON obstacles (owner_id, state);
