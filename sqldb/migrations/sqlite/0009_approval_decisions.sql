-- The signed decision of an approved item, scanned (an attachment), kept
-- beside its number and date. Keep in step with the other dialect's file.
ALTER TABLE approvals ADD COLUMN decision_file TEXT REFERENCES attachments (id);
