-- The central coordination office's role, PostgreSQL dialect. Keep in step
-- with ../sqlite/0014_national_role.sql.
--
-- A "national" role reads every province and writes nothing; like an
-- administrator's it has no scope (the whole country): neither a unit nor
-- an agency. The two checks of 0002 are replaced by the same checks with
-- the new kind.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_kind_check,
	DROP CONSTRAINT user_roles_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_kind_check
	CHECK (kind IN ('coordination', 'department', 'district', 'commune', 'leader', 'admin', 'national'));
ALTER TABLE user_roles ADD CONSTRAINT user_roles_check CHECK (CASE kind
	WHEN 'admin' THEN unit_id IS NULL AND agency_id IS NULL
	WHEN 'national' THEN unit_id IS NULL AND agency_id IS NULL
	WHEN 'department' THEN unit_id IS NULL AND agency_id IS NOT NULL
	ELSE unit_id IS NOT NULL AND agency_id IS NULL END);
