package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/datchuan/datchuan"
)

// The findings and photos of an inspection (see inspection.go).

// AddFinding stores f and sets its ID, Version (1), RecordedAt and
// UpdatedAt (now when zero). A finding of the same unit and criterion (or
// indicator) on the inspection is ECONFLICT.
func (s *InspectionService) AddFinding(ctx context.Context, f *datchuan.Finding) (err error) {
	defer wrap(&err, "sqldb: add finding of inspection %d", f.InspectionID)
	db := s.db
	at := db.orNow(f.RecordedAt)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO inspection_findings (inspection_id, unit_id, set_id, criterion_code, indicator_code, result, note,
				obstacle_id, task_id, recorded_by, recorded_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			f.InspectionID, f.UnitID, f.SetID, f.CriterionCode, f.IndicatorCode, string(f.Result), f.Note,
			orNull(f.ObstacleID), orNull(f.TaskID), orNull(f.RecordedBy), db.ts(at), db.ts(at)).Scan(&id, &version)
		if refused := inspectionRefused(err); refused != nil {
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
	f.ID, f.Version, f.RecordedAt, f.UpdatedAt = id, version, truncTime(at), truncTime(at)
	return nil
}

// UpdateFinding stores the result, note and links of f if it is still at
// f.Version: f gets the next version and UpdatedAt now (or f.UpdatedAt).
// ECONFLICT when someone changed it since, ENOTFOUND when it is gone.
func (s *InspectionService) UpdateFinding(ctx context.Context, f *datchuan.Finding) (err error) {
	defer wrap(&err, "sqldb: update finding %d", f.ID)
	db := s.db
	at := db.orNow(f.UpdatedAt)
	stored := *f
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE inspection_findings SET result = ?, note = ?, obstacle_id = ?, task_id = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?
			RETURNING inspection_id, unit_id, set_id, criterion_code, indicator_code, recorded_by, recorded_at, version`),
			string(f.Result), f.Note, orNull(f.ObstacleID), orNull(f.TaskID), db.ts(at), f.ID, f.Version).
			Scan(&stored.InspectionID, &stored.UnitID, &stored.SetID, &stored.CriterionCode, &stored.IndicatorCode,
				scanID{&stored.RecordedBy}, scanTime{&stored.RecordedAt}, &stored.Version)
		if errors.Is(err, sql.ErrNoRows) {
			return db.staleOrGone(ctx, tx, versionedFindings, f.ID)
		}
		if refused := inspectionRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*f = stored
	f.UpdatedAt = truncTime(at)
	return nil
}

// Finding returns the finding id, or ENOTFOUND.
func (s *InspectionService) Finding(ctx context.Context, id int64) (_ *datchuan.Finding, err error) {
	defer wrap(&err, "sqldb: finding %d", id)
	list, err := s.findFindings(ctx, "f.id = ?", id)
	return only(list, err, findingNotFound(id))
}

// Findings returns the findings of an inspection in the order they were
// recorded.
func (s *InspectionService) Findings(ctx context.Context, inspectionID int64) (_ []*datchuan.Finding, err error) {
	defer wrap(&err, "sqldb: findings of inspection %d", inspectionID)
	return s.findFindings(ctx, "f.inspection_id = ?", inspectionID)
}

func (s *InspectionService) findFindings(ctx context.Context, cond string, arg any) ([]*datchuan.Finding, error) {
	q := `SELECT f.id, f.inspection_id, f.unit_id, f.set_id, f.criterion_code, f.indicator_code, f.result, f.note,
			f.obstacle_id, f.task_id, f.recorded_by, f.recorded_at, f.updated_at, f.version
		FROM inspection_findings f WHERE ` + cond + ` ORDER BY f.recorded_at, f.id`
	return queryAll(ctx, s.db.r(), findingFields, s.db.rebind(q), arg)
}

// findingFields are the columns findFindings selects.
func findingFields(f *datchuan.Finding) []any {
	return []any{&f.ID, &f.InspectionID, &f.UnitID, &f.SetID, &f.CriterionCode, &f.IndicatorCode, &f.Result, &f.Note,
		scanID{&f.ObstacleID}, scanID{&f.TaskID}, scanID{&f.RecordedBy}, scanTime{&f.RecordedAt}, scanTime{&f.UpdatedAt}, &f.Version}
}

// AddPhotos stores the photos, all or none; AddedAt defaults to now. A
// photo already on its inspection is ECONFLICT; an unknown inspection,
// attachment or user EINVALID.
func (s *InspectionService) AddPhotos(ctx context.Context, photos []*datchuan.InspectionPhoto) (err error) {
	defer wrap(&err, "sqldb: add photos")
	db := s.db
	now := db.now()
	err = db.write(ctx, func(tx *sql.Tx) error {
		for _, ph := range photos {
			at := ph.AddedAt
			if at.IsZero() {
				at = now
			}
			_, err := tx.ExecContext(ctx, db.rebind(`
				INSERT INTO inspection_photos (inspection_id, attachment_id, caption, taken_at, taken_from, added_by, added_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`),
				ph.InspectionID, ph.AttachmentID, ph.Caption, db.ts(ph.TakenAt), string(ph.TakenFrom), orNull(ph.AddedBy), db.ts(at))
			if refused := inspectionRefused(err); refused != nil {
				return refused
			}
			if err != nil {
				return fmt.Errorf("insert %s: %w", ph.AttachmentID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, ph := range photos {
		if ph.AddedAt.IsZero() {
			ph.AddedAt = now
		}
		ph.AddedAt, ph.TakenAt = truncTime(ph.AddedAt), truncTime(ph.TakenAt)
	}
	return nil
}

// Photos returns the photos of an inspection by the time they were taken.
func (s *InspectionService) Photos(ctx context.Context, inspectionID int64) (_ []*datchuan.InspectionPhoto, err error) {
	defer wrap(&err, "sqldb: photos of inspection %d", inspectionID)
	return queryAll(ctx, s.db.r(), photoFields, s.db.rebind(`
		SELECT inspection_id, attachment_id, caption, taken_at, taken_from, added_by, added_at
		FROM inspection_photos WHERE inspection_id = ? ORDER BY taken_at, added_at, attachment_id`), inspectionID)
}

// photoFields are the columns Photos selects.
func photoFields(ph *datchuan.InspectionPhoto) []any {
	return []any{&ph.InspectionID, &ph.AttachmentID, &ph.Caption, scanTime{&ph.TakenAt}, &ph.TakenFrom, scanID{&ph.AddedBy}, scanTime{&ph.AddedAt}}
}
