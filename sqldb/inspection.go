package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/datchuan/datchuan"
)

// InspectionService stores site inspections (with the units they visit),
// their findings and photos.
type InspectionService struct{ db *DB }

var _ datchuan.InspectionService = (*InspectionService)(nil)

var (
	versionedInspections = versioned{"inspections", "Đợt kiểm tra", "the inspection", inspectionNotFound}
	versionedFindings    = versioned{"inspection_findings", "Kết quả kiểm tra", "the finding", findingNotFound}
	inspectionUnits      = childTable{"inspection_units", "inspection_id", "unit_id"}
)

func inspectionNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy đợt kiểm tra %d (inspection not found)", id)
}

func findingNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy kết quả kiểm tra %d (finding not found)", id)
}

func unknownUnit(id int64) error {
	return datchuan.Errorf(datchuan.EINVALID, "Đơn vị %d không tồn tại (unknown unit)", id)
}

// inspectionRefused turns the constraint an inspection, a finding or a
// photo broke into an error. What they may say is the domain's to check;
// these are the last guard of the tables.
func inspectionRefused(err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị, cơ quan, tệp, vướng mắc, nhiệm vụ hoặc người dùng không tồn tại (unknown unit, agency, file, obstacle, task or user)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đợt kiểm tra cần tên, trạng thái, kết quả và nguồn giờ chụp hợp lệ (a title, a known state, result and source of time are required)")
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Đã có kết quả (hoặc ảnh) này trong đợt kiểm tra (already recorded on this inspection)")
	}
	return nil
}

// criteriaJSON is the criteria column: a JSON array, never null.
func criteriaJSON(codes []string) (string, error) {
	b, err := json.Marshal(uniq(codes))
	return string(b), err
}

// CreateInspection stores x with its units and sets its ID, Version (1),
// CreatedAt and UpdatedAt (now when zero).
func (s *InspectionService) CreateInspection(ctx context.Context, x *datchuan.Inspection) (err error) {
	defer wrap(&err, "sqldb: create inspection %q", x.Title)
	db := s.db
	at := db.orNow(x.CreatedAt)
	units := uniq(x.UnitIDs)
	crits, err := criteriaJSON(x.Criteria)
	if err != nil {
		return err
	}
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO inspections (province_id, agency_id, title, planned, done, state, team, set_id, criteria, summary,
				created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			x.ProvinceID, x.AgencyID, x.Title, x.Planned, x.Done, string(x.State), x.Team, x.SetID, crits, x.Summary,
			orNull(x.CreatedBy), db.ts(at), db.ts(at)).Scan(&id, &version)
		if refused := inspectionRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return putList(ctx, db, tx, inspectionUnits, id, units, unknownUnit)
	})
	if err != nil {
		return err
	}
	x.ID, x.Version, x.UnitIDs, x.Criteria = id, version, units, uniq(x.Criteria)
	x.CreatedAt, x.UpdatedAt = truncTime(at), truncTime(at)
	return nil
}

// UpdateInspection stores x's fields and units but who planned it and
// when, if it is still at x.Version: x gets the next version and UpdatedAt
// now (or x.UpdatedAt). ECONFLICT when someone changed it since, ENOTFOUND
// when it is gone.
func (s *InspectionService) UpdateInspection(ctx context.Context, x *datchuan.Inspection) (err error) {
	defer wrap(&err, "sqldb: update inspection %d", x.ID)
	db := s.db
	at := db.orNow(x.UpdatedAt)
	units := uniq(x.UnitIDs)
	crits, err := criteriaJSON(x.Criteria)
	if err != nil {
		return err
	}
	stored := *x
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE inspections SET agency_id = ?, title = ?, planned = ?, done = ?, state = ?, team = ?, set_id = ?, criteria = ?,
				summary = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? RETURNING province_id, created_by, created_at, version`),
			x.AgencyID, x.Title, x.Planned, x.Done, string(x.State), x.Team, x.SetID, crits, x.Summary, db.ts(at), x.ID, x.Version).
			Scan(&stored.ProvinceID, scanID{&stored.CreatedBy}, scanTime{&stored.CreatedAt}, &stored.Version)
		if errors.Is(err, sql.ErrNoRows) {
			return db.staleOrGone(ctx, tx, versionedInspections, x.ID)
		}
		if refused := inspectionRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return putList(ctx, db, tx, inspectionUnits, x.ID, units, unknownUnit)
	})
	if err != nil {
		return err
	}
	*x = stored
	x.UnitIDs, x.Criteria, x.UpdatedAt = units, uniq(x.Criteria), truncTime(at)
	return nil
}

// Inspection returns the inspection id, or ENOTFOUND.
func (s *InspectionService) Inspection(ctx context.Context, id int64) (_ *datchuan.Inspection, err error) {
	defer wrap(&err, "sqldb: inspection %d", id)
	list, err := s.find(ctx, whereOf(s.db, "i.id = ?", id))
	return only(list, err, inspectionNotFound(id))
}

// Inspections returns the inspections f selects, the latest day (done,
// else planned) first.
func (s *InspectionService) Inspections(ctx context.Context, f datchuan.InspectionFilter) (_ []*datchuan.Inspection, err error) {
	defer wrap(&err, "sqldb: inspections")
	w := &where{db: s.db}
	w.in("i.id", f.IDs)
	w.eq("i.province_id", f.ProvinceID)
	w.in("i.agency_id", f.AgencyIDs)
	w.inside("i.id IN (SELECT inspection_id FROM inspection_units WHERE %s)", "unit_id", f.UnitIDs)
	if f.States != nil {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = string(st)
		}
		w.in("i.state", states)
	}
	return s.find(ctx, w)
}

func (s *InspectionService) find(ctx context.Context, w *where) ([]*datchuan.Inspection, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	q := `SELECT i.id, i.province_id, i.agency_id, i.title, i.planned, i.done, i.state, i.team,
			` + db.jsonList(inspectionUnits.value, inspectionUnits.name, `inspection_id = i.id`) + `, i.set_id, i.criteria, i.summary,
			i.created_by, i.created_at, i.updated_at, i.version
		FROM inspections i` + w.String() + ` ORDER BY COALESCE(i.done, i.planned) DESC, i.id DESC`
	return queryAll(ctx, db.r(), inspectionFields, db.rebind(q), w.args...)
}

// inspectionFields are the columns find selects.
func inspectionFields(x *datchuan.Inspection) []any {
	return []any{&x.ID, &x.ProvinceID, &x.AgencyID, &x.Title, &x.Planned, &x.Done, &x.State, &x.Team,
		scanList[int64]{&x.UnitIDs}, &x.SetID, scanList[string]{&x.Criteria}, &x.Summary,
		scanID{&x.CreatedBy}, scanTime{&x.CreatedAt}, scanTime{&x.UpdatedAt}, &x.Version}
}
