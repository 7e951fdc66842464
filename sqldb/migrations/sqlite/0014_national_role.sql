-- The central coordination office's role, SQLite dialect. Keep in step
-- with ../postgres/0014_national_role.sql.
--
-- A "national" role reads every province and writes nothing; like an
-- administrator's it has no scope (the whole country): neither a unit nor
-- an agency. SQLite cannot change a table's checks in place, so the table
-- is made anew with the checks of 0002 and the new kind, and filled from
-- the old one (no table refers to it). IDs are kept.
CREATE TABLE user_roles_new (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users (id),
	kind      TEXT NOT NULL CHECK (kind IN ('coordination', 'department', 'district', 'commune', 'leader', 'admin', 'national')),
	unit_id   INTEGER REFERENCES units (id),
	agency_id INTEGER REFERENCES agencies (id),
	CHECK (CASE kind
		WHEN 'admin' THEN unit_id IS NULL AND agency_id IS NULL
		WHEN 'national' THEN unit_id IS NULL AND agency_id IS NULL
		WHEN 'department' THEN unit_id IS NULL AND agency_id IS NOT NULL
		ELSE unit_id IS NOT NULL AND agency_id IS NULL END)
);
INSERT INTO user_roles_new (id, user_id, kind, unit_id, agency_id)
	SELECT id, user_id, kind, unit_id, agency_id FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, kind, COALESCE(unit_id, 0), COALESCE(agency_id, 0));
CREATE INDEX user_roles_kind ON user_roles (kind);
