-- The change log and row versions, SQLite dialect. Keep in step with
-- ../postgres/0004_changes.sql. Conventions as in 0001: timestamps
-- fixed-width TEXT in UTC.
--
-- changes is the append-only log of every write: who (a user, or the
-- program: "system:<command>"), when, from where, what, and the thing
-- before and after as JSON. It has no foreign key: the log must never
-- block a write nor be cascaded away by a delete elsewhere; user_id,
-- person_id and unit_id are what they were at the time. Triggers refuse
-- every UPDATE and DELETE, so that not even a mistaken statement edits
-- the past.
CREATE TABLE changes (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	user_id     INTEGER, -- NULL: the program
	person_id   INTEGER,
	actor       TEXT NOT NULL DEFAULT '', -- the user's name, or "system:<command>"
	addr        TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL CHECK (action <> ''), -- "value.report" ...
	entity      TEXT NOT NULL CHECK (entity <> ''),
	entity_id   INTEGER NOT NULL DEFAULT 0, -- 0 for a batch
	unit_id     INTEGER,
	province    TEXT NOT NULL DEFAULT '', -- '' for what only administrators read
	summary     TEXT NOT NULL DEFAULT '',
	before_json TEXT NOT NULL DEFAULT '', -- '' when created
	after_json  TEXT NOT NULL DEFAULT ''  -- '' when deleted
);
-- Each filter of datchuan.ChangeFilter, newest first (by id).
CREATE INDEX changes_province ON changes (province, id);
CREATE INDEX changes_unit ON changes (unit_id, id);
CREATE INDEX changes_user ON changes (user_id, id);
CREATE INDEX changes_entity ON changes (entity, entity_id, id);
CREATE INDEX changes_at ON changes (at);

CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
BEGIN
	SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không được sửa (the change log is append-only: UPDATE refused)');
END;

CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
BEGIN
	SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không được xóa (the change log is append-only: DELETE refused)');
END;

-- Editable rows carry a version: 1 when created, one more at each update.
-- An update names the version it started from and applies only to it
-- (UPDATE ... WHERE id = ? AND version = ?), so that of two edits from the
-- same version the second is a conflict, not a silent overwrite.
ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE guidance ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE approvals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Guidance of a province's agencies (datchuan.GuidanceFilter.AgencyIDs).
CREATE INDEX guidance_agency ON guidance (agency_id, issued_on);
