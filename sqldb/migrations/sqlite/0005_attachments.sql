-- Attachments: each upload keeps its own name, uploader and time, SQLite
-- dialect. Keep in step with ../postgres/0005_attachments.sql.
--
-- Until now a file was stored once by content with one name, uploader and
-- time, the first upload's, so whoever uploaded the same bytes later saw
-- (and was refused on account of) someone else's upload. Now files holds
-- the content only, stored once by its SHA-256, and attachments one row
-- per upload; what cites a document (a value's evidence, a plan's, task's
-- or approval item's files, a guidance document) names an attachment.
--
-- Each file stored before becomes one attachment with its name, uploader
-- and time, whose ID is the file's hash: the references made until now
-- (hashes, in child tables and in reported_values.evidence) and the links
-- to them keep naming the same document without being rewritten. New
-- attachments get random IDs of the same form (datchuan.Attachment).

CREATE TABLE attachments (
	id           TEXT PRIMARY KEY CHECK (length(id) = 64), -- lowercase hex
	hash         TEXT NOT NULL REFERENCES files (hash),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	uploaded_by  INTEGER REFERENCES users (id),
	uploaded_at  TEXT NOT NULL
);
INSERT INTO attachments (id, hash, name, content_type, uploaded_by, uploaded_at)
	SELECT hash, hash, name, content_type, uploaded_by, uploaded_at FROM files;

ALTER TABLE files DROP COLUMN name;
ALTER TABLE files DROP COLUMN content_type;
ALTER TABLE files DROP COLUMN uploaded_by;
ALTER TABLE files DROP COLUMN uploaded_at;

-- The child tables name attachments. SQLite cannot move a foreign key to
-- another table in place, so each is made anew and filled from the old.
CREATE TABLE value_files_new (
	value_id      INTEGER NOT NULL REFERENCES reported_values (id),
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	PRIMARY KEY (value_id, attachment_id)
);
INSERT INTO value_files_new (value_id, attachment_id) SELECT value_id, hash FROM value_files;
DROP TABLE value_files;
ALTER TABLE value_files_new RENAME TO value_files;
CREATE INDEX value_files_attachment ON value_files (attachment_id);

CREATE TABLE plan_files_new (
	plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (plan_id, attachment_id)
);
INSERT INTO plan_files_new (plan_id, attachment_id, pos) SELECT plan_id, hash, pos FROM plan_files;
DROP TABLE plan_files;
ALTER TABLE plan_files_new RENAME TO plan_files;

CREATE TABLE task_files_new (
	task_id       INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (task_id, attachment_id)
);
INSERT INTO task_files_new (task_id, attachment_id, pos) SELECT task_id, hash, pos FROM task_files;
DROP TABLE task_files;
ALTER TABLE task_files_new RENAME TO task_files;

CREATE TABLE approval_files_new (
	approval_id   INTEGER NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	pos           INTEGER NOT NULL,
	PRIMARY KEY (approval_id, attachment_id)
);
INSERT INTO approval_files_new (approval_id, attachment_id, pos) SELECT approval_id, hash, pos FROM approval_files;
DROP TABLE approval_files;
ALTER TABLE approval_files_new RENAME TO approval_files;

ALTER TABLE guidance ADD COLUMN attachment_id TEXT REFERENCES attachments (id);
UPDATE guidance SET attachment_id = file;
ALTER TABLE guidance DROP COLUMN file;
