-- Notices told in the daily digest, PostgreSQL dialect. Keep in step with
-- ../sqlite/0006_digest_notices.sql.
--
-- Some notices are mailed at once (a value returned, a task, an approval
-- decided); others are only a line in the app and in the person's next
-- daily digest (new assignments, a value waiting for its lead department,
-- a value confirmed, an item submitted): digest says which. digested_at
-- is when a digest told it (NULL: not yet), so that each is told once
-- whatever day the digest goes out.
ALTER TABLE notifications ADD COLUMN digest BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE notifications ADD COLUMN digested_at TIMESTAMPTZ;
CREATE INDEX notifications_undigested ON notifications (person_id) WHERE digest AND digested_at IS NULL;
