package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// DossierService stores recognition dossier templates (this file), the
// dossiers made from them and their items (dossier.go).
type DossierService struct{ db *DB }

var _ datchuan.DossierService = (*DossierService)(nil)

var versionedTemplateItems = versioned{"dossier_template_items", "Mục của mẫu hồ sơ", "the template item", templateItemNotFound}

func templateNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy mẫu hồ sơ %d (dossier template not found)", id)
}

func templateItemNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy mục %d của mẫu hồ sơ (template item not found)", id)
}

// templateRefused turns the constraint a template or its item broke into
// an error: a key or code the province's template has already, a step
// the template lacks, an unknown province, or (the CHECKs) what the
// domain never sends.
func templateRefused(err error, what string) error {
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Đã có %s (already there: %s)", what, what)
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Tỉnh hoặc bước của hồ sơ không tồn tại (unknown province or step)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Mục của mẫu hồ sơ cần mã, tên và loại hợp lệ (an item needs a code, a title and a known kind)")
	}
	return nil
}

// CreateDossierTemplate stores t with its steps and items, each item at
// version 1, and sets their IDs and times.
func (s *DossierService) CreateDossierTemplate(ctx context.Context, t *datchuan.DossierTemplate) (err error) {
	defer wrap(&err, "sqldb: create dossier template %s", t.Key)
	db := s.db
	at := db.orNow(t.CreatedAt)
	basis, err := json.Marshal(t.Basis)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO dossier_templates (province_id, code, name_vi, name_en, tier, period_from, period_to, basis, source, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			t.ProvinceID, t.Key, t.NameVi, t.NameEn, string(t.Tier), t.PeriodFrom, t.PeriodTo, string(basis), t.Source,
			db.ts(at), db.ts(at)).Scan(&t.ID, &t.Version)
		if refused := templateRefused(err, "mẫu hồ sơ "+t.Key+" của tỉnh"); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		for i, st := range t.Steps {
			if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO dossier_template_steps (template_id, code, pos, name_vi, name_en) VALUES (?, ?, ?, ?, ?)`),
				t.ID, st.Code, i, st.NameVi, st.NameEn); err != nil {
				if refused := templateRefused(err, "bước "+st.Code); refused != nil {
					return refused
				}
				return fmt.Errorf("insert step %s: %w", st.Code, err)
			}
		}
		for _, it := range t.Items {
			it.TemplateID, it.UpdatedAt = t.ID, at
			if err := s.insertItem(ctx, tx, it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.CreatedAt, t.UpdatedAt = truncTime(at), truncTime(at)
	for _, it := range t.Items {
		it.UpdatedAt = truncTime(at)
	}
	return nil
}

// insertItem stores one item of a template at it.Pos, at version 1.
func (s *DossierService) insertItem(ctx context.Context, tx *sql.Tx, it *datchuan.DossierTemplateItem) error {
	db := s.db
	err := tx.QueryRowContext(ctx, db.rebind(`
		INSERT INTO dossier_template_items (template_id, code, step, pos, title, title_en, required, kind, posting_days, party,
			prov_document, prov_article, prov_verified, prov_note, removed, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
		it.TemplateID, it.Code, it.Step, it.Pos, it.Title, it.TitleEn, it.Required, string(it.Kind), it.PostingDays, string(it.Party),
		it.Provenance.Document, it.Provenance.Article, it.Provenance.Verified, it.Provenance.Note, it.Removed, db.ts(it.UpdatedAt)).
		Scan(&it.ID, &it.Version)
	if refused := templateRefused(err, "mục mã "+it.Code+" trong mẫu hồ sơ"); refused != nil {
		return refused
	}
	if err != nil {
		return fmt.Errorf("insert item %s: %w", it.Code, err)
	}
	return nil
}

// AddDossierTemplateItem stores it last of its template, at version 1,
// and counts one more version of the template.
func (s *DossierService) AddDossierTemplateItem(ctx context.Context, it *datchuan.DossierTemplateItem) (err error) {
	defer wrap(&err, "sqldb: add item %s to dossier template %d", it.Code, it.TemplateID)
	db := s.db
	it.UpdatedAt = db.orNow(it.UpdatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := db.requireRow(ctx, tx, "dossier_templates", it.TemplateID, templateNotFound(it.TemplateID)); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COALESCE(MAX(pos), 0) + 1 FROM dossier_template_items WHERE template_id = ?`),
			it.TemplateID).Scan(&it.Pos); err != nil {
			return fmt.Errorf("next position: %w", err)
		}
		if err := s.insertItem(ctx, tx, it); err != nil {
			return err
		}
		return s.bumpTemplate(ctx, tx, it.TemplateID, it.UpdatedAt)
	})
	it.UpdatedAt = truncTime(it.UpdatedAt)
	return err
}

// UpdateDossierTemplateItem stores what may change of an item (not its
// code, step or kind, which its dossiers' papers depend on), as of
// it.Version, and counts one more version of the template.
func (s *DossierService) UpdateDossierTemplateItem(ctx context.Context, it *datchuan.DossierTemplateItem) (err error) {
	defer wrap(&err, "sqldb: update dossier template item %d", it.ID)
	db := s.db
	at := db.orNow(it.UpdatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE dossier_template_items SET title = ?, title_en = ?, required = ?, posting_days = ?, party = ?, prov_document = ?,
				prov_article = ?, prov_verified = ?, prov_note = ?, removed = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`),
			it.Title, it.TitleEn, it.Required, it.PostingDays, string(it.Party), it.Provenance.Document, it.Provenance.Article,
			it.Provenance.Verified, it.Provenance.Note, it.Removed, db.ts(at), it.ID, it.Version)
		if refused := templateRefused(err, "mục"); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return db.staleOrGone(ctx, tx, versionedTemplateItems, it.ID)
		}
		return s.bumpTemplate(ctx, tx, it.TemplateID, at)
	})
	if err != nil {
		return err
	}
	it.Version, it.UpdatedAt = it.Version+1, truncTime(at)
	return nil
}

// bumpTemplate counts one more version of a template: an item changed.
func (s *DossierService) bumpTemplate(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	res, err := tx.ExecContext(ctx, s.db.rebind(`UPDATE dossier_templates SET version = version + 1, updated_at = ? WHERE id = ?`), s.db.ts(at), id)
	return oneRow(res, err, templateNotFound(id))
}

// DossierTemplate returns template id with its steps and every item.
func (s *DossierService) DossierTemplate(ctx context.Context, id int64) (_ *datchuan.DossierTemplate, err error) {
	defer wrap(&err, "sqldb: dossier template %d", id)
	list, err := s.templates(ctx, whereOf(s.db, "t.id = ?", id))
	return only(list, err, templateNotFound(id))
}

// DossierTemplates returns the province's templates, by key.
func (s *DossierService) DossierTemplates(ctx context.Context, provinceID int64) (_ []*datchuan.DossierTemplate, err error) {
	defer wrap(&err, "sqldb: dossier templates of province %d", provinceID)
	return s.templates(ctx, whereOf(s.db, "t.province_id = ?", provinceID))
}

func (s *DossierService) templates(ctx context.Context, w *where) ([]*datchuan.DossierTemplate, error) {
	db := s.db
	list, err := queryAll(ctx, db.r(), templateFields, db.rebind(`
		SELECT t.id, t.province_id, t.code, t.name_vi, t.name_en, t.tier, t.period_from, t.period_to, t.basis, t.source,
			t.created_at, t.updated_at, t.version
		FROM dossier_templates t`+w.String()+` ORDER BY t.code`), w.args...)
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if t.Steps, err = scanAll(ctx, db.r(), db.rebind(`SELECT code, name_vi, name_en FROM dossier_template_steps WHERE template_id = ? ORDER BY pos`),
			[]any{t.ID}, func(rows *sql.Rows) (st datchuan.DossierStep, err error) {
				return st, rows.Scan(&st.Code, &st.NameVi, &st.NameEn)
			}); err != nil {
			return nil, fmt.Errorf("steps of template %d: %w", t.ID, err)
		}
		if t.Items, err = queryAll(ctx, db.r(), templateItemFields, db.rebind(`
			SELECT i.id, i.template_id, i.code, i.step, i.pos, i.title, i.title_en, i.required, i.kind, i.posting_days, i.party,
				i.prov_document, i.prov_article, i.prov_verified, i.prov_note, i.removed, i.version, i.updated_at
			FROM dossier_template_items i JOIN dossier_template_steps st ON st.template_id = i.template_id AND st.code = i.step
			WHERE i.template_id = ? ORDER BY st.pos, i.pos, i.id`), t.ID); err != nil {
			return nil, fmt.Errorf("items of template %d: %w", t.ID, err)
		}
	}
	return list, nil
}

// templateFields are the columns templates selects.
func templateFields(t *datchuan.DossierTemplate) []any {
	return []any{&t.ID, &t.ProvinceID, &t.Key, &t.NameVi, &t.NameEn, &t.Tier, &t.PeriodFrom, &t.PeriodTo, scanJSON{&t.Basis}, &t.Source,
		scanTime{&t.CreatedAt}, scanTime{&t.UpdatedAt}, &t.Version}
}

// templateItemFields are the columns of an item templates selects.
func templateItemFields(it *datchuan.DossierTemplateItem) []any {
	return []any{&it.ID, &it.TemplateID, &it.Code, &it.Step, &it.Pos, &it.Title, &it.TitleEn, &it.Required, &it.Kind, &it.PostingDays,
		&it.Party, &it.Provenance.Document, &it.Provenance.Article, &it.Provenance.Verified, &it.Provenance.Note, &it.Removed,
		&it.Version, scanTime{&it.UpdatedAt}}
}

// scanJSON scans a JSON text column into the value v points to.
type scanJSON struct{ v any }

func (s scanJSON) Scan(src any) error {
	switch b := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(b), s.v)
	case []byte:
		return json.Unmarshal(b, s.v)
	}
	return fmt.Errorf("scan JSON: unsupported type %T", src)
}
