-- Attachments: each upload keeps its own name, uploader and time,
-- PostgreSQL dialect. Keep in step with ../sqlite/0005_attachments.sql.
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
	id           TEXT COLLATE "C" PRIMARY KEY CHECK (length(id) = 64), -- lowercase hex
	hash         TEXT COLLATE "C" NOT NULL REFERENCES files (hash),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	uploaded_by  BIGINT REFERENCES users (id),
	uploaded_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO attachments (id, hash, name, content_type, uploaded_by, uploaded_at)
	SELECT hash, hash, name, content_type, uploaded_by, uploaded_at FROM files;

ALTER TABLE files DROP COLUMN name, DROP COLUMN content_type, DROP COLUMN uploaded_by, DROP COLUMN uploaded_at;

-- The child tables name attachments: the same values, now checked
-- against attachments.
ALTER TABLE value_files RENAME COLUMN hash TO attachment_id;
ALTER TABLE value_files DROP CONSTRAINT value_files_hash_fkey,
	ADD FOREIGN KEY (attachment_id) REFERENCES attachments (id);
ALTER INDEX value_files_hash RENAME TO value_files_attachment;

ALTER TABLE plan_files RENAME COLUMN hash TO attachment_id;
ALTER TABLE plan_files DROP CONSTRAINT plan_files_hash_fkey,
	ADD FOREIGN KEY (attachment_id) REFERENCES attachments (id);

ALTER TABLE task_files RENAME COLUMN hash TO attachment_id;
ALTER TABLE task_files DROP CONSTRAINT task_files_hash_fkey,
	ADD FOREIGN KEY (attachment_id) REFERENCES attachments (id);

ALTER TABLE approval_files RENAME COLUMN hash TO attachment_id;
ALTER TABLE approval_files DROP CONSTRAINT approval_files_hash_fkey,
	ADD FOREIGN KEY (attachment_id) REFERENCES attachments (id);

ALTER TABLE guidance RENAME COLUMN file TO attachment_id;
ALTER TABLE guidance DROP CONSTRAINT guidance_file_fkey,
	ADD FOREIGN KEY (attachment_id) REFERENCES attachments (id);
