package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// PlanService stores plans and their assignments (assignment.go).
type PlanService struct{ db *DB }

var _ datchuan.PlanService = (*PlanService)(nil)

// NewPlanService returns the plan service of db.
func NewPlanService(db *DB) *PlanService { return &PlanService{db: db} }

// planRefused turns the constraint a plan broke into EINVALID: an unknown
// province or creator, or (the CHECK and NOT NULL of the table) a missing
// number, date or title. Whether a plan is complete is Plan.Validate's to
// say; these are the last guard of the table.
func planRefused(p *datchuan.Plan, err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Tỉnh %d hoặc người tạo %d không tồn tại (unknown province or creator)", p.ProvinceID, p.CreatedBy)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Kế hoạch cần số, ký hiệu, ngày ban hành và trích yếu (a plan needs a number, a date and a title)")
	}
	return nil
}

// CreatePlan stores p with its targets and files and sets p.ID and
// p.Version (1); CreatedAt defaults to now. An unknown province, creator,
// target or file, or a plan the table refuses (planRefused), is EINVALID.
func (s *PlanService) CreatePlan(ctx context.Context, p *datchuan.Plan) (err error) {
	defer wrap(&err, "sqldb: create plan %q", p.Number)
	db := s.db
	at := p.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	targets, files := uniq(p.TargetIDs), uniq(p.Files)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO plans (province_id, number, issued_on, issuer, signer, title, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			p.ProvinceID, p.Number, p.Date, p.Issuer, p.Signer, p.Title, nullID(p.CreatedBy), db.ts(at)).Scan(&id, &version)
		if refused := planRefused(p, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.putPlanLists(ctx, tx, id, targets, files)
	})
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.TargetIDs, p.Files, p.Version = id, truncTime(at), targets, files, version
	return nil
}

// UpdatePlan stores the province, number, date, issuer, signer, title,
// targets and files of p if the plan is still at p.Version, and sets
// p.Version to the next one; the creator and creation time stay, and p
// gets them back. ECONFLICT when someone changed the plan since p.Version,
// ENOTFOUND when there is no such plan; EINVALID as CreatePlan.
func (s *PlanService) UpdatePlan(ctx context.Context, p *datchuan.Plan) (err error) {
	defer wrap(&err, "sqldb: update plan %d", p.ID)
	db := s.db
	targets, files := uniq(p.TargetIDs), uniq(p.Files)
	var createdBy int64
	var createdAt time.Time
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE plans SET province_id = ?, number = ?, issued_on = ?, issuer = ?, signer = ?, title = ?, version = version + 1
			WHERE id = ? AND version = ? RETURNING created_by, created_at, version`),
			p.ProvinceID, p.Number, p.Date, p.Issuer, p.Signer, p.Title, p.ID, p.Version).
			Scan(scanID{&createdBy}, scanTime{&createdAt}, &version)
		if errors.Is(err, sql.ErrNoRows) {
			return db.staleOrGone(ctx, tx, "plans", p.ID, planNotFound(p.ID), staleError("Kế hoạch", "the plan"))
		}
		if refused := planRefused(p, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return s.putPlanLists(ctx, tx, p.ID, targets, files)
	})
	if err != nil {
		return err
	}
	p.CreatedBy, p.CreatedAt, p.TargetIDs, p.Files, p.Version = createdBy, createdAt, targets, files, version
	return nil
}

func planNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy kế hoạch %d (plan not found)", id)
}

func (s *PlanService) putPlanLists(ctx context.Context, tx *sql.Tx, id int64, targets []int64, files []string) error {
	err := putList(ctx, s.db, tx, planTargets, id, targets, func(t int64) error {
		return datchuan.Errorf(datchuan.EINVALID, "Mục tiêu %d không tồn tại (unknown target)", t)
	})
	if err != nil {
		return err
	}
	return putList(ctx, s.db, tx, planFiles, id, files, unknownFile)
}

// Plan returns the plan with the given ID, or ENOTFOUND.
func (s *PlanService) Plan(ctx context.Context, id int64) (_ *datchuan.Plan, err error) {
	defer wrap(&err, "sqldb: plan %d", id)
	plans, err := s.findPlans(ctx, `p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(plans) == 0 {
		return nil, planNotFound(id)
	}
	return plans[0], nil
}

// Plans returns the plans issued for a province, newest first: by date,
// then by ID for plans of one day.
func (s *PlanService) Plans(ctx context.Context, provinceID int64) (_ []*datchuan.Plan, err error) {
	defer wrap(&err, "sqldb: plans of province %d", provinceID)
	return s.findPlans(ctx, `p.province_id = ?`, provinceID)
}

func (s *PlanService) findPlans(ctx context.Context, cond string, args ...any) ([]*datchuan.Plan, error) {
	db := s.db
	q := `SELECT p.id, p.province_id, p.number, p.issued_on, p.issuer, p.signer, p.title, p.created_by, p.created_at, ` +
		db.jsonList("target_id", planTargets.name, `plan_id = p.id`) + `, ` +
		db.jsonList("hash", planFiles.name, `plan_id = p.id`) + `, p.version
		FROM plans p WHERE ` + cond + ` ORDER BY p.issued_on DESC, p.id DESC`
	rows, err := db.r().QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	plans := []*datchuan.Plan{}
	for rows.Next() {
		var p datchuan.Plan
		if err := rows.Scan(&p.ID, &p.ProvinceID, &p.Number, &p.Date, &p.Issuer, &p.Signer, &p.Title, scanID{&p.CreatedBy},
			scanTime{&p.CreatedAt}, scanList[int64]{&p.TargetIDs}, scanList[string]{&p.Files}, &p.Version); err != nil {
			return nil, err
		}
		plans = append(plans, &p)
	}
	return plans, rows.Err()
}

// childTable names a table that holds a list of a row (see the 0003
// migration): the table, its column of the owner and its column of values.
type childTable struct{ name, owner, value string }

var (
	planTargets   = childTable{"plan_targets", "plan_id", "target_id"}
	planFiles     = childTable{"plan_files", "plan_id", "hash"}
	taskFiles     = childTable{"task_files", "task_id", "hash"}
	approvalUnits = childTable{"approval_units", "approval_id", "unit_id"}
	approvalFiles = childTable{"approval_files", "approval_id", "hash"}
)

// putList makes values, in order, the list of owner in the child table t,
// in the transaction that writes owner. A value that its foreign key
// refuses is the error unknown(value), which names it.
func putList[T comparable](ctx context.Context, db *DB, tx *sql.Tx, t childTable, owner int64, values []T, unknown func(T) error) error {
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM `+t.name+` WHERE `+t.owner+` = ?`), owner); err != nil {
		return fmt.Errorf("clear %s: %w", t.name, err)
	}
	insert := db.rebind(`INSERT INTO ` + t.name + ` (` + t.owner + `, ` + t.value + `, pos) VALUES (?, ?, ?)`)
	for i, v := range values {
		_, err := tx.ExecContext(ctx, insert, owner, v, i)
		if violationOf(err) == foreignKeyViolation {
			return unknown(v)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", t.name, err)
		}
	}
	return nil
}

// unknownFile is putList's error for a file that is not stored.
func unknownFile(hash string) error {
	return datchuan.Errorf(datchuan.EINVALID, "Tệp %s không tồn tại (file not found)", hash)
}

// jsonList returns a scalar subquery giving, as a JSON array in pos order,
// the col of the rows of a child table that match cond (which refers to
// the outer row). A list thus comes in the statement that reads its owner,
// consistent with it, and an empty list is '[]' in both engines.
func (db *DB) jsonList(col, table, cond string) string {
	if db.engine == EnginePostgres {
		return `(SELECT COALESCE(json_agg(` + col + ` ORDER BY pos), '[]')::text FROM ` + table + ` WHERE ` + cond + `)`
	}
	return `(SELECT json_group_array(` + col + ` ORDER BY pos) FROM ` + table + ` WHERE ` + cond + `)`
}

// scanList scans a JSON array (jsonList, or a JSON text column) into a
// slice, never nil, so that a read compares equal to what was written.
type scanList[T any] struct{ list *[]T }

func (s scanList[T]) Scan(src any) error {
	*s.list = []T{}
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(v), s.list)
	case []byte:
		return json.Unmarshal(v, s.list)
	}
	return fmt.Errorf("scan list: unsupported type %T", src)
}

// uniq returns values without repeats, in first-seen order, never nil.
func uniq[T comparable](values []T) []T {
	out := make([]T, 0, len(values))
	seen := make(map[T]bool, len(values))
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// where collects the conditions of a WHERE clause and their arguments.
type where struct {
	db    *DB
	conds []string
	args  []any
	err   error
}

func (w *where) add(cond string, args ...any) {
	w.conds, w.args = append(w.conds, cond), append(w.args, args...)
}

// in adds "col is one of values" (db.inList).
func (w *where) in(col string, values any) { w.inside("%s", col, values) }

// inside adds "col is one of values" wrapped in format, as in
// "id IN (SELECT owner FROM child WHERE %s)".
func (w *where) inside(format, col string, values any) {
	cond, arg, err := w.db.inList(col, values)
	if err != nil {
		w.err = err
		return
	}
	w.add(fmt.Sprintf(format, cond), arg)
}

// String returns " WHERE c1 AND c2 ..." or "" when nothing filters.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(w.conds, " AND ")
}
