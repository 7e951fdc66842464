-- Plans and their assignments, member tasks, guidance, approvals,
-- notifications and the mail outbox, SQLite dialect. Keep in step with
-- ../postgres/0003_plans.sql. Conventions as in 0001: dates are TEXT
-- 'YYYY-MM-DD' (NULL: none), timestamps fixed-width TEXT in UTC, booleans
-- INTEGER 0/1.
--
-- Lists of references (a plan's targets, an item's files ...) are child
-- tables, so that foreign keys check each element; pos keeps the order the
-- user gave. Children go with their parent (ON DELETE CASCADE).

CREATE TABLE plans (
	id          INTEGER PRIMARY KEY,
	province_id INTEGER NOT NULL REFERENCES units (id),
	number      TEXT NOT NULL CHECK (number <> ''),
	issued_on   TEXT NOT NULL,
	issuer      TEXT NOT NULL DEFAULT '',
	signer      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL CHECK (title <> ''),
	created_by  INTEGER REFERENCES users (id),
	created_at  TEXT NOT NULL
);
CREATE INDEX plans_province ON plans (province_id, issued_on, id);

CREATE TABLE plan_targets (
	plan_id   INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	target_id INTEGER NOT NULL REFERENCES targets (id),
	pos       INTEGER NOT NULL,
	PRIMARY KEY (plan_id, target_id)
);

CREATE TABLE plan_files (
	plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	hash    TEXT NOT NULL REFERENCES files (hash),
	pos     INTEGER NOT NULL,
	PRIMARY KEY (plan_id, hash)
);

-- One assignment per (unit, set, criterion, indicator): assigning again
-- replaces the row, so the work moves instead of doubling.
CREATE TABLE assignments (
	id             INTEGER PRIMARY KEY,
	plan_id        INTEGER REFERENCES plans (id),
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	set_id         TEXT NOT NULL,
	criterion_code TEXT NOT NULL,
	indicator_code TEXT NOT NULL DEFAULT '', -- '' for the whole criterion
	lead_id        INTEGER NOT NULL REFERENCES agencies (id),
	deadline       TEXT,
	outputs        TEXT NOT NULL DEFAULT '[]', -- JSON array of datchuan.Output
	note           TEXT NOT NULL DEFAULT '',
	done           INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
	created_by     INTEGER REFERENCES users (id),
	created_at     TEXT NOT NULL,
	UNIQUE (unit_id, set_id, criterion_code, indicator_code)
);
CREATE INDEX assignments_plan ON assignments (plan_id);
CREATE INDEX assignments_deadline ON assignments (deadline);

-- Every agency of an assignment, the lead included (also in
-- assignments.lead_id), so that "assignments of agency X, lead or support"
-- is one lookup in assignment_agencies_agency.
CREATE TABLE assignment_agencies (
	assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
	agency_id     INTEGER NOT NULL REFERENCES agencies (id),
	role          TEXT NOT NULL CHECK (role IN ('lead', 'support')),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (assignment_id, agency_id)
);
CREATE INDEX assignment_agencies_agency ON assignment_agencies (agency_id, assignment_id);

-- Work a commune committee gives one of its members.
CREATE TABLE tasks (
	id             INTEGER PRIMARY KEY,
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	assignee_id    INTEGER NOT NULL REFERENCES persons (id),
	title          TEXT NOT NULL CHECK (title <> ''),
	set_id         TEXT NOT NULL DEFAULT '',
	criterion_code TEXT NOT NULL DEFAULT '',
	indicator_code TEXT NOT NULL DEFAULT '',
	due            TEXT,
	status         TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done')),
	notes          TEXT NOT NULL DEFAULT '',
	created_by     INTEGER REFERENCES users (id),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE INDEX tasks_unit ON tasks (unit_id, due);
CREATE INDEX tasks_assignee ON tasks (assignee_id, due);

CREATE TABLE task_files (
	task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	hash    TEXT NOT NULL REFERENCES files (hash),
	pos     INTEGER NOT NULL,
	PRIMARY KEY (task_id, hash)
);

CREATE TABLE guidance (
	id             INTEGER PRIMARY KEY,
	agency_id      INTEGER NOT NULL REFERENCES agencies (id),
	set_id         TEXT NOT NULL,
	criterion_code TEXT NOT NULL,
	indicator_code TEXT NOT NULL DEFAULT '',
	number         TEXT NOT NULL CHECK (number <> ''),
	issued_on      TEXT NOT NULL,
	title          TEXT NOT NULL CHECK (title <> ''),
	file           TEXT REFERENCES files (hash),
	created_by     INTEGER REFERENCES users (id),
	created_at     TEXT NOT NULL
);
CREATE INDEX guidance_criterion ON guidance (set_id, criterion_code, issued_on);

-- Contents in the authority of the Provincial People's Committee. state
-- moves only by a conditional UPDATE (... AND state = <from>), so that of
-- two people moving an item at once the second finds it moved.
CREATE TABLE approvals (
	id              INTEGER PRIMARY KEY,
	agency_id       INTEGER NOT NULL REFERENCES agencies (id),
	title           TEXT NOT NULL CHECK (title <> ''),
	set_id          TEXT NOT NULL DEFAULT '',
	criterion_code  TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
	decision_number TEXT NOT NULL DEFAULT '',
	decision_date   TEXT,
	reason          TEXT NOT NULL DEFAULT '',
	created_by      INTEGER REFERENCES users (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX approvals_agency ON approvals (agency_id);

CREATE TABLE approval_units (
	approval_id INTEGER NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	pos         INTEGER NOT NULL,
	PRIMARY KEY (approval_id, unit_id)
);

CREATE TABLE approval_files (
	approval_id INTEGER NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
	hash        TEXT NOT NULL REFERENCES files (hash),
	pos         INTEGER NOT NULL,
	PRIMARY KEY (approval_id, hash)
);

CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES persons (id),
	text       TEXT NOT NULL CHECK (text <> ''),
	link       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	read_at    TEXT -- NULL: unread
);
CREATE INDEX notifications_person ON notifications (person_id, created_at);

-- The mail outbox. key is unique forever, so that a mail caused twice (two
-- app instances, a retried request) is queued once. A sender claims a mail
-- by writing claimed_by and claimed_at; a claim older than the lease may be
-- taken over, so that a sender that died does not hold mail forever.
CREATE TABLE mails (
	id         INTEGER PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE CHECK (key <> ''),
	recipient  TEXT NOT NULL CHECK (recipient <> ''),
	subject    TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	sent_at    TEXT, -- NULL: not sent yet
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	claimed_by TEXT,
	claimed_at TEXT
);
CREATE INDEX mails_unsent ON mails (id) WHERE sent_at IS NULL;
