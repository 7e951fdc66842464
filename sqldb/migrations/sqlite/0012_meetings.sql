-- Weekly steering-committee meetings, SQLite dialect. Keep in step with
-- ../postgres/0012_meetings.sql. Conventions as in 0001 and 0007: dates
-- are TEXT 'YYYY-MM-DD', timestamps fixed-width TEXT in UTC (NULL: none);
-- lists are child tables with pos; editable rows carry a version (0004).
--
-- A series is one committee's weekly meeting: a district's steering
-- committee (unit_id the district) or the province's (unit_id the
-- province); one series per unit. weekday is 0 Sunday … 6 Saturday, as
-- Go's time.Weekday, and hour Vietnam time.
CREATE TABLE meeting_series (
	id          INTEGER PRIMARY KEY,
	province_id INTEGER NOT NULL REFERENCES units (id),
	unit_id     INTEGER NOT NULL UNIQUE REFERENCES units (id),
	agency_id   INTEGER NOT NULL REFERENCES agencies (id),
	prepared_by INTEGER REFERENCES agencies (id),
	title       TEXT NOT NULL CHECK (title <> ''),
	weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
	place       TEXT NOT NULL DEFAULT '',
	chair       TEXT NOT NULL DEFAULT '',
	created_by  INTEGER REFERENCES users (id),
	created_at  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_series_province ON meeting_series (province_id, unit_id);

-- One sitting of a series. agenda is the JSON of datchuan.Agenda as it
-- stood when the meeting was marked held (NULL before): the minutes read
-- it, never the live data. note says why a meeting was cancelled.
CREATE TABLE meetings (
	id          INTEGER PRIMARY KEY,
	series_id   INTEGER NOT NULL REFERENCES meeting_series (id),
	at          TEXT NOT NULL,
	place       TEXT NOT NULL DEFAULT '',
	chair       TEXT NOT NULL DEFAULT '',
	secretary   TEXT NOT NULL DEFAULT '',
	state       TEXT NOT NULL CHECK (state IN ('planned', 'held', 'cancelled')),
	note        TEXT NOT NULL DEFAULT '',
	conclusions TEXT NOT NULL DEFAULT '',
	agenda      TEXT,
	held_at     TEXT,
	created_by  INTEGER REFERENCES users (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	CHECK (state <> 'held' OR agenda IS NOT NULL)
);
-- A series' meetings, the latest first.
CREATE INDEX meetings_series ON meetings (series_id, at, id);

-- Who attended, or was expected and absent (present 0, with a reason).
CREATE TABLE meeting_attendees (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	name       TEXT NOT NULL CHECK (name <> ''),
	role       TEXT NOT NULL DEFAULT '',
	present    INTEGER NOT NULL CHECK (present IN (0, 1)),
	reason     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (meeting_id, pos)
);

-- What a meeting decided: who carries it out (an agency, or a name) by
-- when, and what it became: a member task or an assignment. An
-- assignment deleted later leaves the decision without its link.
CREATE TABLE meeting_decisions (
	meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	pos           INTEGER NOT NULL,
	text          TEXT NOT NULL CHECK (text <> ''),
	owner_id      INTEGER REFERENCES agencies (id),
	owner_name    TEXT NOT NULL DEFAULT '',
	due           TEXT,
	task_id       INTEGER REFERENCES tasks (id),
	assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL,
	PRIMARY KEY (meeting_id, pos)
);
CREATE INDEX meeting_decisions_task ON meeting_decisions (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX meeting_decisions_assignment ON meeting_decisions (assignment_id) WHERE assignment_id IS NOT NULL;
