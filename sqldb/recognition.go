package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/datchuan/datchuan"
)

// RecognitionService stores the decisions recognising communes.
type RecognitionService struct{ db *DB }

var _ datchuan.RecognitionService = (*RecognitionService)(nil)

var versionedRecognitions = versioned{"recognition_decisions", "Quyết định công nhận", "the recognition decision", recognitionNotFound}

func recognitionNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy quyết định công nhận %d (recognition decision not found)", id)
}

// recognitionRefused turns the constraint a decision broke into an error:
// an unknown unit, file or user, or (the CHECKs) what the domain never
// sends.
func recognitionRefused(err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị, tệp hoặc người dùng không tồn tại (unknown unit, file or user)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Quyết định cần số, người ký và danh hiệu hợp lệ (a decision needs a number, an issuer and a known title)")
	}
	return nil
}

// CreateRecognition stores d and sets its ID, Version (1), CreatedAt and
// UpdatedAt (now when zero).
func (s *RecognitionService) CreateRecognition(ctx context.Context, d *datchuan.RecognitionDecision) (err error) {
	defer wrap(&err, "sqldb: create recognition decision of unit %d", d.UnitID)
	db := s.db
	at := db.orNow(d.CreatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO recognition_decisions (province_id, unit_id, title, year, number, decided_on, issuer, attachment_id, note, demo,
				created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			d.ProvinceID, d.UnitID, string(d.Title), d.Year, d.Number, d.Date, d.Issuer, orNull(d.File), d.Note, d.Demo,
			orNull(d.CreatedBy), db.ts(at), db.ts(at)).Scan(&d.ID, &d.Version)
		if refused := recognitionRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.CreatedAt, d.UpdatedAt = truncTime(at), truncTime(at)
	return nil
}

// UpdateRecognition stores d's fields but who recorded it and when, as of
// d.Version: d gets the next version and UpdatedAt now.
func (s *RecognitionService) UpdateRecognition(ctx context.Context, d *datchuan.RecognitionDecision) (err error) {
	defer wrap(&err, "sqldb: update recognition decision %d", d.ID)
	db := s.db
	at := db.orNow(d.UpdatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE recognition_decisions SET unit_id = ?, title = ?, year = ?, number = ?, decided_on = ?, issuer = ?, attachment_id = ?,
				note = ?, demo = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`),
			d.UnitID, string(d.Title), d.Year, d.Number, d.Date, d.Issuer, orNull(d.File), d.Note, d.Demo, db.ts(at), d.ID, d.Version)
		if refused := recognitionRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return db.staleOrGone(ctx, tx, versionedRecognitions, d.ID)
	})
	if err != nil {
		return err
	}
	d.Version, d.UpdatedAt = d.Version+1, truncTime(at)
	return nil
}

// Recognition returns decision id, or ENOTFOUND.
func (s *RecognitionService) Recognition(ctx context.Context, id int64) (_ *datchuan.RecognitionDecision, err error) {
	defer wrap(&err, "sqldb: recognition decision %d", id)
	list, err := s.find(ctx, whereOf(s.db, "r.id = ?", id))
	return only(list, err, recognitionNotFound(id))
}

// Recognitions returns the decisions f selects, by unit, the oldest first.
func (s *RecognitionService) Recognitions(ctx context.Context, f datchuan.RecognitionFilter) (_ []*datchuan.RecognitionDecision, err error) {
	defer wrap(&err, "sqldb: recognition decisions")
	w := &where{db: s.db}
	w.in("r.id", f.IDs)
	w.in("r.unit_id", f.UnitIDs)
	w.eq("r.province_id", f.ProvinceID)
	return s.find(ctx, w)
}

func (s *RecognitionService) find(ctx context.Context, w *where) ([]*datchuan.RecognitionDecision, error) {
	if w.err != nil {
		return nil, w.err
	}
	return queryAll(ctx, s.db.r(), func(d *datchuan.RecognitionDecision) []any {
		return []any{&d.ID, &d.ProvinceID, &d.UnitID, &d.Title, &d.Year, &d.Number, &d.Date, &d.Issuer, scanNull[string]{&d.File},
			&d.Note, &d.Demo, scanID{&d.CreatedBy}, scanTime{&d.CreatedAt}, scanTime{&d.UpdatedAt}, &d.Version}
	}, s.db.rebind(`SELECT r.id, r.province_id, r.unit_id, r.title, r.year, r.number, r.decided_on, r.issuer, r.attachment_id,
			r.note, r.demo, r.created_by, r.created_at, r.updated_at, r.version
		FROM recognition_decisions r`+w.String()+` ORDER BY r.unit_id, r.decided_on, r.id`), w.args...)
}
