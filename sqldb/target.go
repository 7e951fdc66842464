package sqldb

import (
	"context"

	"github.com/datchuan/datchuan"
)

// TargetService stores targets.
type TargetService struct{ db *DB }

const targetColumns = `id, unit_id, set_id, year, note, created_at`

// targetFields are the columns of targetColumns.
func targetFields(t *datchuan.Target) []any {
	return []any{&t.ID, &t.UnitID, &t.SetID, &t.Year, &t.Note, scanTime{&t.CreatedAt}}
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
	at := s.db.orNow(t.CreatedAt)
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
	return queryOne(ctx, s.db.r(), targetFields, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy mục tiêu %d (target not found)", id),
		s.db.rebind(`SELECT `+targetColumns+` FROM targets WHERE id = ?`), id)
}

// FindTargets returns the matching targets ordered by unit, set and ID.
func (s *TargetService) FindTargets(ctx context.Context, f datchuan.TargetFilter) (_ []*datchuan.Target, err error) {
	defer wrap(&err, "sqldb: find targets")
	db := s.db
	w := &where{db: db}
	w.in("unit_id", f.UnitIDs)
	w.eq("set_id", f.SetID)
	w.eq("year", f.Year)
	if w.err != nil {
		return nil, w.err
	}
	return queryAll(ctx, db.r(), targetFields, db.rebind(`SELECT `+targetColumns+` FROM targets`+w.String()+` ORDER BY unit_id, set_id, id`), w.args...)
}
