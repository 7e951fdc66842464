-- Weekly reporting (Plan 45 §III.5), SQLite dialect. Keep in step with
-- ../postgres/0007_rounds.sql. Conventions as in 0001 and 0003: dates are
-- TEXT 'YYYY-MM-DD', timestamps fixed-width TEXT in UTC (NULL: none);
-- lists are child tables with pos; editable rows carry a version (0004).
--
-- A round is one week's call for reports of a plan (or an ad-hoc call); a
-- report is one agency's answer, with each submission kept as a revision;
-- round_snapshots keep the statuses the round's synthesis told.

-- When a plan's weekly reports are due: a weekday (0 Sunday … 6 Saturday,
-- as Go's time.Weekday) and an hour, Vietnam time. Friday 16:00 is Plan
-- 45's habit, and what every plan stored before had.
ALTER TABLE plans ADD COLUMN report_weekday INTEGER NOT NULL DEFAULT 5 CHECK (report_weekday BETWEEN 0 AND 6);
ALTER TABLE plans ADD COLUMN report_hour INTEGER NOT NULL DEFAULT 16 CHECK (report_hour BETWEEN 0 AND 23);

-- week is the Monday of a weekly round, the day an ad-hoc one opened.
-- closed_at is NULL while the round is open; closing bumps the version.
CREATE TABLE rounds (
	id         INTEGER PRIMARY KEY,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('weekly', 'adhoc')),
	week       TEXT NOT NULL,
	title      TEXT NOT NULL DEFAULT '',
	deadline   TEXT NOT NULL,
	opened_at  TEXT NOT NULL,
	closed_at  TEXT,
	reminded_on TEXT, -- the last day missing reporters were reminded (once a day)
	created_by INTEGER REFERENCES users (id),
	version    INTEGER NOT NULL DEFAULT 1
);
-- One weekly round per plan and week: of two app instances opening it at
-- once, one inserts and the other breaks this index (ECONFLICT). Ad-hoc
-- rounds of the same week are free.
CREATE UNIQUE INDEX rounds_weekly ON rounds (plan_id, week) WHERE kind = 'weekly';
-- A plan's rounds, the latest first.
CREATE INDEX rounds_plan ON rounds (plan_id, deadline, id);
-- The open rounds, by deadline (reminders, closing).
CREATE INDEX rounds_open ON rounds (deadline, id) WHERE closed_at IS NULL;

-- The agencies a round expects a report from.
CREATE TABLE round_reporters (
	round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	pos       INTEGER NOT NULL,
	PRIMARY KEY (round_id, agency_id)
);
CREATE INDEX round_reporters_agency ON round_reporters (agency_id, round_id);

-- One report per agency and round. first_sent_at is the first submission
-- (timeliness follows it), sent_at the latest; both NULL for a draft never
-- sent. revision counts the submissions.
CREATE TABLE reports (
	id            INTEGER PRIMARY KEY,
	round_id      INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
	agency_id     INTEGER NOT NULL REFERENCES agencies (id),
	state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned')),
	summary       TEXT NOT NULL DEFAULT '',
	first_sent_at TEXT,
	sent_at       TEXT,
	sent_by       INTEGER REFERENCES users (id),
	return_reason TEXT NOT NULL DEFAULT '',
	returned_by   INTEGER REFERENCES users (id),
	revision      INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
	updated_by    INTEGER REFERENCES users (id),
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1,
	UNIQUE (round_id, agency_id)
);
CREATE INDEX reports_agency ON reports (agency_id, round_id);

-- What a report says of each criterion, a row each rather than JSON in
-- reports: the synthesis and the "what is left" export ask across reports
-- by criterion ("the latest causes reported for criterion 17 of set S"),
-- which report_items_criterion answers without reading every report. One
-- item per criterion of a report.
CREATE TABLE report_items (
	report_id      INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	set_id         TEXT NOT NULL,
	criterion_code TEXT NOT NULL,
	pos            INTEGER NOT NULL,
	work           TEXT NOT NULL DEFAULT '',
	difficulties   TEXT NOT NULL DEFAULT '',
	causes         TEXT NOT NULL DEFAULT '',
	proposals      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (report_id, set_id, criterion_code)
);
CREATE INDEX report_items_criterion ON report_items (set_id, criterion_code, report_id);

CREATE TABLE report_files (
	report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (report_id, attachment_id)
);
CREATE INDEX report_files_attachment ON report_files (attachment_id);

-- Each submission of a report as it was sent: history, inserted once and
-- never updated. The items are JSON (a JSON array of datchuan.ReportItem),
-- read only with their revision; the files are a child table, so that a
-- foreign key keeps every file an old revision cites, and the clean-up of
-- unused uploads finds the citation by an index.
CREATE TABLE report_revisions (
	report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	number    INTEGER NOT NULL CHECK (number >= 1),
	sent_at   TEXT NOT NULL,
	sent_by   INTEGER REFERENCES users (id),
	summary   TEXT NOT NULL DEFAULT '',
	items     TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (report_id, number)
);

CREATE TABLE report_revision_files (
	report_id     INTEGER NOT NULL,
	number        INTEGER NOT NULL,
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (report_id, number, attachment_id),
	FOREIGN KEY (report_id, number) REFERENCES report_revisions (report_id, number) ON DELETE CASCADE
);
CREATE INDEX report_revision_files_attachment ON report_revision_files (attachment_id);

-- The statuses a round's synthesis told, kept once when it closes.
-- criterion_code '' is the unit's whole set.
CREATE TABLE round_snapshots (
	round_id       INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	set_id         TEXT NOT NULL CHECK (set_id <> ''),
	criterion_code TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL CHECK (status <> ''),
	PRIMARY KEY (round_id, unit_id, set_id, criterion_code)
);
-- The trend of a unit (a criterion of it) over the rounds.
CREATE INDEX round_snapshots_unit ON round_snapshots (unit_id, set_id, criterion_code, round_id);
