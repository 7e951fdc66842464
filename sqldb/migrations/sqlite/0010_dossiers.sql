-- Recognition dossiers (Decision 18/2022/QĐ-TTg), SQLite dialect. Keep in
-- step with ../postgres/0010_dossiers.sql. Conventions as in 0001, 0003 and
-- 0007: dates TEXT 'YYYY-MM-DD', timestamps fixed-width TEXT in UTC,
-- booleans 0/1, editable rows carry a version.
--
-- A dossier template is a province's copy of a shipped template file
-- (catalog/dossiers), made on first use and edited there by the
-- coordination office: code is the file's key, unique in the province.
-- Its items are never deleted (removed = 1), so that the dossier items
-- made from them keep their IDs and files.
CREATE TABLE dossier_templates (
	id          INTEGER PRIMARY KEY,
	province_id INTEGER NOT NULL REFERENCES units (id),
	code        TEXT NOT NULL CHECK (code <> ''),
	name_vi     TEXT NOT NULL CHECK (name_vi <> ''),
	name_en     TEXT NOT NULL DEFAULT '',
	tier        TEXT NOT NULL,
	period_from INTEGER NOT NULL,
	period_to   INTEGER NOT NULL,
	basis       TEXT NOT NULL DEFAULT '{}', -- JSON of the procedure's provenance
	source      TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (province_id, code)
);

CREATE TABLE dossier_template_steps (
	template_id INTEGER NOT NULL REFERENCES dossier_templates (id) ON DELETE CASCADE,
	code        TEXT NOT NULL,
	pos         INTEGER NOT NULL,
	name_vi     TEXT NOT NULL,
	name_en     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (template_id, code)
);

CREATE TABLE dossier_template_items (
	id            INTEGER PRIMARY KEY,
	template_id   INTEGER NOT NULL REFERENCES dossier_templates (id),
	code          TEXT NOT NULL CHECK (code <> ''),
	step          TEXT NOT NULL,
	pos           INTEGER NOT NULL,
	title         TEXT NOT NULL CHECK (title <> ''),
	title_en      TEXT NOT NULL DEFAULT '',
	required      INTEGER NOT NULL CHECK (required IN (0, 1)),
	kind          TEXT NOT NULL CHECK (kind IN ('paper', 'posting', 'criteria_table', 'communes', 'confirmations')),
	posting_days  INTEGER NOT NULL DEFAULT 0 CHECK (posting_days >= 0),
	party         TEXT NOT NULL,
	prov_document TEXT NOT NULL DEFAULT '',
	prov_article  TEXT NOT NULL DEFAULT '',
	prov_verified INTEGER NOT NULL DEFAULT 0 CHECK (prov_verified IN (0, 1)),
	prov_note     TEXT NOT NULL DEFAULT '',
	removed       INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1,
	UNIQUE (template_id, code),
	FOREIGN KEY (template_id, step) REFERENCES dossier_template_steps (template_id, code)
);

-- One dossier per target, made from its province's template.
CREATE TABLE dossiers (
	id          INTEGER PRIMARY KEY,
	target_id   INTEGER NOT NULL UNIQUE REFERENCES targets (id),
	province_id INTEGER NOT NULL REFERENCES units (id),
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	template_id INTEGER NOT NULL REFERENCES dossier_templates (id),
	created_by  INTEGER REFERENCES users (id),
	created_at  TEXT NOT NULL
);
CREATE INDEX dossiers_template ON dossiers (template_id);

-- One item per item of the template; its ID stays for as long as the
-- dossier does. state is that of an uploaded paper or a posting; a paper
-- made from the data keeps 'not_started' and follows the data.
CREATE TABLE dossier_items (
	id               INTEGER PRIMARY KEY,
	dossier_id       INTEGER NOT NULL REFERENCES dossiers (id),
	template_item_id INTEGER NOT NULL REFERENCES dossier_template_items (id),
	responsible_id   INTEGER REFERENCES agencies (id),
	due              TEXT,
	state            TEXT NOT NULL DEFAULT 'not_started' CHECK (state IN ('not_started', 'drafting', 'ready', 'submitted')),
	notes            TEXT NOT NULL DEFAULT '',
	posted_on        TEXT,
	updated_by       INTEGER REFERENCES users (id),
	updated_at       TEXT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1,
	UNIQUE (dossier_id, template_item_id)
);
CREATE INDEX dossier_items_responsible ON dossier_items (responsible_id);

-- Each upload of a paper is a version of its file; none is ever replaced.
CREATE TABLE dossier_item_files (
	item_id       INTEGER NOT NULL REFERENCES dossier_items (id),
	version       INTEGER NOT NULL CHECK (version >= 1),
	attachment_id TEXT NOT NULL REFERENCES attachments (id),
	uploaded_by   INTEGER REFERENCES users (id),
	uploaded_at   TEXT NOT NULL,
	PRIMARY KEY (item_id, version)
);
CREATE INDEX dossier_item_files_attachment ON dossier_item_files (attachment_id);

-- The decision recognising a commune-level unit as meeting a standard.
CREATE TABLE recognition_decisions (
	id            INTEGER PRIMARY KEY,
	province_id   INTEGER NOT NULL REFERENCES units (id),
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	title         TEXT NOT NULL CHECK (title IN ('ntm', 'ntm_advanced', 'ntm_model', 'civilised_urban')),
	year          INTEGER NOT NULL DEFAULT 0,
	number        TEXT NOT NULL CHECK (number <> ''),
	decided_on    TEXT NOT NULL,
	issuer        TEXT NOT NULL CHECK (issuer <> ''),
	attachment_id TEXT REFERENCES attachments (id),
	note          TEXT NOT NULL DEFAULT '',
	demo          INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
	created_by    INTEGER REFERENCES users (id),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX recognition_decisions_unit ON recognition_decisions (unit_id, decided_on);
CREATE INDEX recognition_decisions_province ON recognition_decisions (province_id);
CREATE INDEX recognition_decisions_attachment ON recognition_decisions (attachment_id);
