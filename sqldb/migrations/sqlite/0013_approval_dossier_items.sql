-- The paper of a recognition dossier an approval item serves (a decision
-- of the Provincial People's Committee the dossier must hold), if any.
-- Keep in step with the other dialect's file.
ALTER TABLE approvals ADD COLUMN dossier_item_id INTEGER REFERENCES dossier_items (id);
CREATE INDEX approvals_dossier_item ON approvals (dossier_item_id);
