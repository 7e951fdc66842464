package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/datchuan/datchuan"
)

// TargetService stores targets.
type TargetService struct{ db *DB }

var _ datchuan.TargetService = (*TargetService)(nil)

// NewTargetService returns the target service of db.
func NewTargetService(db *DB) *TargetService { return &TargetService{db: db} }

const targetColumns = `id, unit_id, set_id, year, note, created_at`

func scanTarget(s interface{ Scan(...any) error }) (*datchuan.Target, error) {
	var t datchuan.Target
	if err := s.Scan(&t.ID, &t.UnitID, &t.SetID, &t.Year, &t.Note, scanTime{&t.CreatedAt}); err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateTarget stores t and sets t.ID; CreatedAt defaults to now. A unit
// that already aims at the set is ECONFLICT; an unknown unit EINVALID.
func (s *TargetService) CreateTarget(ctx context.Context, t *datchuan.Target) (err error) {
	defer wrap(&err, "sqldb: create target %s for unit %d", t.SetID, t.UnitID)
	if t.SetID == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Chưa chọn bộ tiêu chí (no criteria set)")
	}
	if t.Year <= 0 {
		return datchuan.Errorf(datchuan.EINVALID, "Năm %d không hợp lệ (invalid year)", t.Year)
	}
	at := t.CreatedAt
	if at.IsZero() {
		at = s.db.now()
	}
	err = s.db.q().QueryRowContext(ctx, s.db.rebind(`
		INSERT INTO targets (unit_id, set_id, year, note, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		t.UnitID, t.SetID, t.Year, t.Note, s.db.ts(at)).Scan(&t.ID)
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Đơn vị %d đã có mục tiêu đạt bộ tiêu chí %s (the unit already aims at this set)", t.UnitID, t.SetID)
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị hành chính %d không tồn tại (unknown unit)", t.UnitID)
	}
	if err != nil {
		return err
	}
	t.CreatedAt = truncTime(at)
	return nil
}

// Target returns the target with the given ID, or ENOTFOUND.
func (s *TargetService) Target(ctx context.Context, id int64) (_ *datchuan.Target, err error) {
	defer wrap(&err, "sqldb: target %d", id)
	t, err := scanTarget(s.db.r().QueryRowContext(ctx, s.db.rebind(`SELECT `+targetColumns+` FROM targets WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy mục tiêu %d (target not found)", id)
	}
	return t, err
}

// FindTargets returns the matching targets ordered by unit, set and ID.
func (s *TargetService) FindTargets(ctx context.Context, f datchuan.TargetFilter) (_ []*datchuan.Target, err error) {
	defer wrap(&err, "sqldb: find targets")
	db := s.db
	var where []string
	var args []any
	if f.UnitIDs != nil {
		cond, arg, err := db.inList("unit_id", f.UnitIDs)
		if err != nil {
			return nil, err
		}
		where, args = append(where, cond), append(args, arg)
	}
	if f.SetID != "" {
		where, args = append(where, "set_id = ?"), append(args, f.SetID)
	}
	if f.Year != 0 {
		where, args = append(where, "year = ?"), append(args, f.Year)
	}
	q := `SELECT ` + targetColumns + ` FROM targets`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := db.r().QueryContext(ctx, db.rebind(q+` ORDER BY unit_id, set_id, id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	targets := []*datchuan.Target{}
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	return targets, rows.Err()
}
