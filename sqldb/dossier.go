package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// The dossiers of targets and their items: one item per item of the
// template, each with the versions of its file.

var versionedDossierItems = versioned{"dossier_items", "Giấy tờ của hồ sơ", "the paper", dossierItemNotFound}

func dossierNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy hồ sơ %d (dossier not found)", id)
}

func dossierItemNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy giấy tờ %d của hồ sơ (dossier item not found)", id)
}

// dossierRefused turns the constraint a dossier or its item broke into an
// error: a target that has a dossier already, an unknown target, agency,
// template item or file, or (the CHECKs) an unknown state.
func dossierRefused(err error) error {
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Mục tiêu này đã có hồ sơ, hoặc hồ sơ đã có giấy tờ này (the target has a dossier already)")
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Mục tiêu, cơ quan, mục của mẫu, tệp hoặc người dùng không tồn tại (unknown target, agency, template item, file or user)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Tình trạng giấy tờ không hợp lệ (unknown state of a paper)")
	}
	return nil
}

// CreateDossier stores d with its items and sets their IDs and versions.
func (s *DossierService) CreateDossier(ctx context.Context, d *datchuan.Dossier, items []*datchuan.DossierItem) (err error) {
	defer wrap(&err, "sqldb: create dossier of target %d", d.TargetID)
	db := s.db
	d.CreatedAt = db.orNow(d.CreatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO dossiers (target_id, province_id, unit_id, template_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			d.TargetID, d.ProvinceID, d.UnitID, d.TemplateID, orNull(d.CreatedBy), db.ts(d.CreatedAt)).Scan(&d.ID)
		if refused := dossierRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.insertItems(ctx, tx, d.ID, items, d.CreatedAt)
	})
	d.CreatedAt = truncTime(d.CreatedAt)
	return err
}

// AddDossierItems stores items of dossier dossierID.
func (s *DossierService) AddDossierItems(ctx context.Context, dossierID int64, items []*datchuan.DossierItem) (err error) {
	defer wrap(&err, "sqldb: add items to dossier %d", dossierID)
	at := s.db.now()
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if err := s.db.requireRow(ctx, tx, "dossiers", dossierID, dossierNotFound(dossierID)); err != nil {
			return err
		}
		return s.insertItems(ctx, tx, dossierID, items, at)
	})
}

func (s *DossierService) insertItems(ctx context.Context, tx *sql.Tx, dossierID int64, items []*datchuan.DossierItem, at time.Time) error {
	db := s.db
	for _, it := range items {
		it.DossierID = dossierID
		if it.UpdatedAt.IsZero() {
			it.UpdatedAt = at
		}
		if it.State == "" {
			it.State = datchuan.DossierNotStarted
		}
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO dossier_items (dossier_id, template_item_id, responsible_id, due, state, notes, posted_on, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			dossierID, it.TemplateItemID, orNull(it.ResponsibleID), it.Due, string(it.State), it.Notes, it.PostedOn,
			orNull(it.UpdatedBy), db.ts(it.UpdatedAt)).Scan(&it.ID, &it.Version)
		if refused := dossierRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert item of template item %d: %w", it.TemplateItemID, err)
		}
		it.UpdatedAt = truncTime(it.UpdatedAt)
		if it.Files == nil {
			it.Files = []datchuan.DossierFile{}
		}
	}
	return nil
}

// Dossier returns dossier id, or ENOTFOUND.
func (s *DossierService) Dossier(ctx context.Context, id int64) (_ *datchuan.Dossier, err error) {
	defer wrap(&err, "sqldb: dossier %d", id)
	list, err := s.dossiers(ctx, whereOf(s.db, "d.id = ?", id))
	return only(list, err, dossierNotFound(id))
}

// Dossiers returns the dossiers f selects, the first made first.
func (s *DossierService) Dossiers(ctx context.Context, f datchuan.DossierFilter) (_ []*datchuan.Dossier, err error) {
	defer wrap(&err, "sqldb: dossiers")
	w := &where{db: s.db}
	w.in("d.id", f.IDs)
	w.in("d.target_id", f.TargetIDs)
	w.eq("d.template_id", f.TemplateID)
	w.eq("d.province_id", f.ProvinceID)
	return s.dossiers(ctx, w)
}

func (s *DossierService) dossiers(ctx context.Context, w *where) ([]*datchuan.Dossier, error) {
	if w.err != nil {
		return nil, w.err
	}
	return queryAll(ctx, s.db.r(), func(d *datchuan.Dossier) []any {
		return []any{&d.ID, &d.TargetID, &d.ProvinceID, &d.UnitID, &d.TemplateID, scanID{&d.CreatedBy}, scanTime{&d.CreatedAt}}
	}, s.db.rebind(`SELECT d.id, d.target_id, d.province_id, d.unit_id, d.template_id, d.created_by, d.created_at
		FROM dossiers d`+w.String()+` ORDER BY d.id`), w.args...)
}

// DossierItems returns the items of a dossier with their files, in the
// order they were made.
func (s *DossierService) DossierItems(ctx context.Context, dossierID int64) (_ []*datchuan.DossierItem, err error) {
	defer wrap(&err, "sqldb: items of dossier %d", dossierID)
	return s.items(ctx, "i.dossier_id = ?", dossierID)
}

// DossierItem returns item id with its files, or ENOTFOUND.
func (s *DossierService) DossierItem(ctx context.Context, id int64) (_ *datchuan.DossierItem, err error) {
	defer wrap(&err, "sqldb: dossier item %d", id)
	list, err := s.items(ctx, "i.id = ?", id)
	return only(list, err, dossierItemNotFound(id))
}

func (s *DossierService) items(ctx context.Context, cond string, arg int64) ([]*datchuan.DossierItem, error) {
	db := s.db
	list, err := queryAll(ctx, db.r(), dossierItemFields, db.rebind(`
		SELECT i.id, i.dossier_id, i.template_item_id, i.responsible_id, i.due, i.state, i.notes, i.posted_on, i.updated_by,
			i.updated_at, i.version
		FROM dossier_items i WHERE `+cond+` ORDER BY i.id`), arg)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*datchuan.DossierItem, len(list))
	for _, it := range list {
		it.Files = []datchuan.DossierFile{}
		byID[it.ID] = it
	}
	err = eachRow(ctx, db.r(), db.rebind(`
		SELECT f.item_id, f.version, f.attachment_id, a.name, f.uploaded_by, f.uploaded_at
		FROM dossier_item_files f JOIN attachments a ON a.id = f.attachment_id JOIN dossier_items i ON i.id = f.item_id
		WHERE `+cond+` ORDER BY f.item_id, f.version`), []any{arg}, func(rows *sql.Rows) error {
		var item int64
		var f datchuan.DossierFile
		if err := rows.Scan(&item, &f.Version, &f.Attachment, &f.Name, scanID{&f.UploadedBy}, scanTime{&f.UploadedAt}); err != nil {
			return err
		}
		if it := byID[item]; it != nil {
			it.Files = append(it.Files, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	return list, nil
}

// dossierItemFields are the columns items selects.
func dossierItemFields(it *datchuan.DossierItem) []any {
	return []any{&it.ID, &it.DossierID, &it.TemplateItemID, scanID{&it.ResponsibleID}, &it.Due, &it.State, &it.Notes, &it.PostedOn,
		scanID{&it.UpdatedBy}, scanTime{&it.UpdatedAt}, &it.Version}
}

// UpdateDossierItem stores an item's responsible agency, due date, state,
// notes and posting date as of it.Version: it gets the next version.
func (s *DossierService) UpdateDossierItem(ctx context.Context, it *datchuan.DossierItem) (err error) {
	defer wrap(&err, "sqldb: update dossier item %d", it.ID)
	db := s.db
	at := db.orNow(it.UpdatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE dossier_items SET responsible_id = ?, due = ?, state = ?, notes = ?, posted_on = ?, updated_by = ?, updated_at = ?,
				version = version + 1
			WHERE id = ? AND version = ?`),
			orNull(it.ResponsibleID), it.Due, string(it.State), it.Notes, it.PostedOn, orNull(it.UpdatedBy), db.ts(at), it.ID, it.Version)
		if refused := dossierRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return db.staleOrGone(ctx, tx, versionedDossierItems, it.ID)
	})
	if err != nil {
		return err
	}
	it.Version, it.UpdatedAt = it.Version+1, truncTime(at)
	return nil
}

// AddDossierFile stores f as the next version of item itemID's file and
// sets f.Version, f.Name and f.UploadedAt. Two uploads at once cannot take
// the same version: the second is refused (ECONFLICT) and may be sent
// again.
func (s *DossierService) AddDossierFile(ctx context.Context, itemID int64, f *datchuan.DossierFile) (err error) {
	defer wrap(&err, "sqldb: add a file to dossier item %d", itemID)
	db := s.db
	at := db.orNow(f.UploadedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := db.requireRow(ctx, tx, "dossier_items", itemID, dossierItemNotFound(itemID)); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COALESCE(MAX(version), 0) + 1 FROM dossier_item_files WHERE item_id = ?`),
			itemID).Scan(&f.Version); err != nil {
			return fmt.Errorf("next version: %w", err)
		}
		_, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO dossier_item_files (item_id, version, attachment_id, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)`),
			itemID, f.Version, f.Attachment, orNull(f.UploadedBy), db.ts(at))
		switch violationOf(err) {
		case uniqueViolation:
			return datchuan.Errorf(datchuan.ECONFLICT, "Cùng lúc có người khác tải lên tệp của giấy tờ này; hãy gửi lại (another upload came first; send again)")
		case foreignKeyViolation:
			return unknownFile(f.Attachment)
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return tx.QueryRowContext(ctx, db.rebind(`SELECT name FROM attachments WHERE id = ?`), f.Attachment).Scan(&f.Name)
	})
	f.UploadedAt = truncTime(at)
	return err
}
