-- Site inspections, their findings and photos, SQLite dialect. Keep in
-- step with ../postgres/0011_inspections.sql. Conventions as in 0001 and
-- 0008.
--
-- An inspection of a province is carried out by an agency (the
-- coordination office or a department) on a day planned, then done; it
-- visits units (inspection_units) and checks criteria of one set
-- (criteria: a JSON array of codes; empty: any). The moves a state may
-- make are the domain's (InspectionState.CanMoveTo); the table keeps the
-- states known.
CREATE TABLE inspections (
	id          INTEGER PRIMARY KEY,
	province_id INTEGER NOT NULL REFERENCES units (id),
	agency_id   INTEGER NOT NULL REFERENCES agencies (id),
	title       TEXT NOT NULL CHECK (title <> ''),
	planned     TEXT NOT NULL,
	done        TEXT,
	state       TEXT NOT NULL CHECK (state IN ('planned', 'done', 'cancelled')),
	team        TEXT NOT NULL DEFAULT '',
	set_id      TEXT NOT NULL DEFAULT '',
	criteria    TEXT NOT NULL DEFAULT '[]',
	summary     TEXT NOT NULL DEFAULT '',
	created_by  INTEGER REFERENCES users (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);
-- A province's inspections, the latest first.
CREATE INDEX inspections_province ON inspections (province_id, planned);

CREATE TABLE inspection_units (
	inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (inspection_id, unit_id)
);
-- The inspections that visited a unit.
CREATE INDEX inspection_units_unit ON inspection_units (unit_id);

-- One finding per unit and criterion (or indicator) of an inspection; what
-- it became: an obstacle of the register, or a member task.
CREATE TABLE inspection_findings (
	id             INTEGER PRIMARY KEY,
	inspection_id  INTEGER NOT NULL REFERENCES inspections (id),
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	set_id         TEXT NOT NULL,
	criterion_code TEXT NOT NULL CHECK (criterion_code <> ''),
	indicator_code TEXT NOT NULL DEFAULT '',
	result         TEXT NOT NULL CHECK (result IN ('met', 'not_met', 'more_work')),
	note           TEXT NOT NULL DEFAULT '',
	obstacle_id    INTEGER REFERENCES obstacles (id),
	task_id        INTEGER REFERENCES tasks (id),
	recorded_by    INTEGER REFERENCES users (id),
	recorded_at    TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1,
	UNIQUE (inspection_id, unit_id, criterion_code, indicator_code)
);

-- Photos of an inspection: attachments with the time they were taken and
-- where that time comes from. An attachment named here is in use (see
-- sqldb/cleanup.go).
CREATE TABLE inspection_photos (
	inspection_id INTEGER NOT NULL REFERENCES inspections (id),
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	caption       TEXT NOT NULL DEFAULT '',
	taken_at      TEXT NOT NULL,
	taken_from    TEXT NOT NULL CHECK (taken_from IN ('exif', 'typed', 'upload')),
	added_by      INTEGER REFERENCES users (id),
	added_at      TEXT NOT NULL,
	PRIMARY KEY (inspection_id, attachment_id)
);
CREATE INDEX inspection_photos_attachment ON inspection_photos (attachment_id);
