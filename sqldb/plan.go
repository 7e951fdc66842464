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

// PlanService stores plans and their assignments.
type PlanService struct{ db *DB }

var _ datchuan.PlanService = (*PlanService)(nil)

// NewPlanService returns the plan service of db.
func NewPlanService(db *DB) *PlanService { return &PlanService{db: db} }

// validPlan checks what a plan document cannot lack.
func validPlan(p *datchuan.Plan) error {
	switch {
	case blank(p.Number):
		return datchuan.Errorf(datchuan.EINVALID, "Kế hoạch chưa có số, ký hiệu (plan without a number)")
	case p.Date.IsZero():
		return datchuan.Errorf(datchuan.EINVALID, "Kế hoạch %s chưa có ngày ban hành (plan without a date)", p.Number)
	case blank(p.Title):
		return datchuan.Errorf(datchuan.EINVALID, "Kế hoạch %s chưa có trích yếu (plan without a title)", p.Number)
	}
	return nil
}

// CreatePlan stores p with its targets and files and sets p.ID; CreatedAt
// defaults to now. A plan needs a number, a date and a title (EINVALID); an
// unknown province, creator, target or file is EINVALID.
func (s *PlanService) CreatePlan(ctx context.Context, p *datchuan.Plan) (err error) {
	defer wrap(&err, "sqldb: create plan %q", p.Number)
	if err := validPlan(p); err != nil {
		return err
	}
	db := s.db
	at := p.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	targets, files := uniq(p.TargetIDs), uniq(p.Files)
	var id int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO plans (province_id, number, issued_on, issuer, signer, title, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			p.ProvinceID, p.Number, p.Date, p.Issuer, p.Signer, p.Title, nullID(p.CreatedBy), db.ts(at)).Scan(&id)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Tỉnh %d hoặc người tạo %d không tồn tại (unknown province or creator)", p.ProvinceID, p.CreatedBy)
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.putPlanLists(ctx, tx, id, targets, files)
	})
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.TargetIDs, p.Files = id, truncTime(at), targets, files
	return nil
}

// UpdatePlan stores the province, number, date, issuer, signer, title,
// targets and files of p; the creator and creation time stay, and p gets
// them back. ENOTFOUND when there is no such plan; EINVALID as CreatePlan.
func (s *PlanService) UpdatePlan(ctx context.Context, p *datchuan.Plan) (err error) {
	defer wrap(&err, "sqldb: update plan %d", p.ID)
	if err := validPlan(p); err != nil {
		return err
	}
	db := s.db
	targets, files := uniq(p.TargetIDs), uniq(p.Files)
	var createdBy int64
	var createdAt time.Time
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE plans SET province_id = ?, number = ?, issued_on = ?, issuer = ?, signer = ?, title = ?
			WHERE id = ? RETURNING created_by, created_at`),
			p.ProvinceID, p.Number, p.Date, p.Issuer, p.Signer, p.Title, p.ID).Scan(scanID{&createdBy}, scanTime{&createdAt})
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return planNotFound(p.ID)
		case violationOf(err) == foreignKeyViolation:
			return datchuan.Errorf(datchuan.EINVALID, "Tỉnh %d không tồn tại (unknown province)", p.ProvinceID)
		case err != nil:
			return fmt.Errorf("update: %w", err)
		}
		return s.putPlanLists(ctx, tx, p.ID, targets, files)
	})
	if err != nil {
		return err
	}
	p.CreatedBy, p.CreatedAt, p.TargetIDs, p.Files = createdBy, createdAt, targets, files
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
		db.jsonList("hash", planFiles.name, `plan_id = p.id`) + `
		FROM plans p WHERE ` + cond + ` ORDER BY p.issued_on DESC, p.id DESC`
	rows, err := db.ro.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	plans := []*datchuan.Plan{}
	for rows.Next() {
		var p datchuan.Plan
		if err := rows.Scan(&p.ID, &p.ProvinceID, &p.Number, &p.Date, &p.Issuer, &p.Signer, &p.Title, scanID{&p.CreatedBy},
			scanTime{&p.CreatedAt}, scanList[int64]{&p.TargetIDs}, scanList[string]{&p.Files}); err != nil {
			return nil, err
		}
		plans = append(plans, &p)
	}
	return plans, rows.Err()
}

// assignmentKey is what makes an assignment unique.
type assignmentKey struct {
	unit                      int64
	set, criterion, indicator string
}

// Assign writes the assignments all or nothing, in one transaction. An
// assignment for a (unit, set, criterion, indicator) that has one already
// replaces its plan, lead, supports, deadline, outputs and note, and keeps
// its ID, done flag and creation stamp. Each assignment is then set to the
// stored row; CreatedAt of a new row defaults to now. A row without unit,
// set, criterion or lead, with an unknown output, unit, agency, plan or
// creator, or with the key of an earlier row is EINVALID, naming the row
// (counted from 1): nothing is written then.
func (s *PlanService) Assign(ctx context.Context, as []*datchuan.Assignment) (err error) {
	defer wrap(&err, "sqldb: assign %d rows", len(as))
	if len(as) == 0 {
		return nil
	}
	rows, err := normAssignments(as)
	if err != nil {
		return err
	}
	at := s.db.now()
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		if err := s.checkAssignRefs(ctx, tx, rows); err != nil {
			return err
		}
		for i := range rows {
			if err := s.upsertAssignment(ctx, tx, i+1, &rows[i], at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The caller's assignments change only once the whole batch is stored.
	for i, a := range as {
		*a = rows[i]
	}
	return nil
}

// rowInvalid is the EINVALID of row n of a batch.
func rowInvalid(n int, vi, en string) error {
	return datchuan.Errorf(datchuan.EINVALID, "Dòng %d: %s (row %d: %s)", n, vi, n, en)
}

// normAssignments checks the rows that need no database and returns copies
// with their lists deduplicated.
func normAssignments(as []*datchuan.Assignment) ([]datchuan.Assignment, error) {
	rows := make([]datchuan.Assignment, len(as))
	first := make(map[assignmentKey]int, len(as))
	for i, a := range as {
		n := i + 1
		if err := validAssignment(n, a); err != nil {
			return nil, err
		}
		k := assignmentKey{a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode}
		if m, ok := first[k]; ok {
			return nil, rowInvalid(n, fmt.Sprintf("trùng đơn vị và tiêu chí với dòng %d", m), fmt.Sprintf("same unit and criterion as row %d", m))
		}
		first[k] = n
		rows[i] = *a
		rows[i].SupportIDs, rows[i].Outputs = uniq(a.SupportIDs), uniq(a.Outputs)
	}
	return rows, nil
}

func validAssignment(n int, a *datchuan.Assignment) error {
	switch {
	case a == nil:
		return rowInvalid(n, "dòng trống", "empty row")
	case a.UnitID == 0:
		return rowInvalid(n, "chưa chọn đơn vị", "no unit")
	case blank(a.SetID):
		return rowInvalid(n, "chưa chọn bộ tiêu chí", "no criteria set")
	case blank(a.CriterionCode):
		return rowInvalid(n, "chưa chọn tiêu chí", "no criterion")
	case a.LeadID == 0:
		return rowInvalid(n, "chưa chọn cơ quan chủ trì", "no lead agency")
	}
	for _, o := range a.Outputs {
		if !o.Valid() {
			return rowInvalid(n, fmt.Sprintf("sản phẩm %q không hợp lệ", o), fmt.Sprintf("invalid output %q", o))
		}
	}
	for _, id := range a.SupportIDs {
		if id == a.LeadID {
			return rowInvalid(n, fmt.Sprintf("cơ quan %d vừa chủ trì vừa phối hợp", id), fmt.Sprintf("agency %d is both lead and support", id))
		}
	}
	return nil
}

// checkAssignRefs checks, in the transaction that writes the rows, that
// their units and agencies exist: a foreign key alone could not say which
// row failed, nor which reference.
func (s *PlanService) checkAssignRefs(ctx context.Context, tx *sql.Tx, rows []datchuan.Assignment) error {
	var unitIDs, agencyIDs []int64
	for _, a := range rows {
		unitIDs = append(unitIDs, a.UnitID)
		agencyIDs = append(append(agencyIDs, a.LeadID), a.SupportIDs...)
	}
	units, err := s.db.existing(ctx, tx, "units", unitIDs)
	if err != nil {
		return err
	}
	agencies, err := s.db.existing(ctx, tx, "agencies", agencyIDs)
	if err != nil {
		return err
	}
	for i, a := range rows {
		n := i + 1
		if !units[a.UnitID] {
			return rowInvalid(n, fmt.Sprintf("đơn vị hành chính %d không tồn tại", a.UnitID), fmt.Sprintf("unknown unit %d", a.UnitID))
		}
		if !agencies[a.LeadID] {
			return rowInvalid(n, fmt.Sprintf("cơ quan chủ trì %d không tồn tại", a.LeadID), fmt.Sprintf("unknown lead agency %d", a.LeadID))
		}
		for _, id := range a.SupportIDs {
			if !agencies[id] {
				return rowInvalid(n, fmt.Sprintf("cơ quan phối hợp %d không tồn tại", id), fmt.Sprintf("unknown supporting agency %d", id))
			}
		}
	}
	return nil
}

// existing returns which of the IDs name rows of the table.
func (db *DB) existing(ctx context.Context, tx *sql.Tx, table string, ids []int64) (map[int64]bool, error) {
	cond, arg, err := db.inList("id", uniq(ids))
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, db.rebind(`SELECT id FROM `+table+` WHERE `+cond), arg)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", table, err)
	}
	defer rows.Close()
	found := make(map[int64]bool, len(ids))
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		found[id] = true
	}
	return found, rows.Err()
}

// upsertAssignment writes row n and sets a to what is stored.
func (s *PlanService) upsertAssignment(ctx context.Context, tx *sql.Tx, n int, a *datchuan.Assignment, at time.Time) error {
	db := s.db
	outputs, err := json.Marshal(a.Outputs)
	if err != nil {
		return err
	}
	if !a.CreatedAt.IsZero() {
		at = a.CreatedAt
	}
	err = tx.QueryRowContext(ctx, db.rebind(`
		INSERT INTO assignments (plan_id, unit_id, set_id, criterion_code, indicator_code, lead_id, deadline,
			outputs, note, done, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (unit_id, set_id, criterion_code, indicator_code) DO UPDATE SET
			plan_id = excluded.plan_id, lead_id = excluded.lead_id, deadline = excluded.deadline,
			outputs = excluded.outputs, note = excluded.note
		RETURNING id, done, created_by, created_at`),
		nullID(a.PlanID), a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode, a.LeadID, a.Deadline,
		string(outputs), a.Note, a.Done, nullID(a.CreatedBy), db.ts(at)).
		Scan(&a.ID, &a.Done, scanID{&a.CreatedBy}, scanTime{&a.CreatedAt})
	if violationOf(err) == foreignKeyViolation {
		return rowInvalid(n, fmt.Sprintf("kế hoạch %d hoặc người tạo %d không tồn tại", a.PlanID, a.CreatedBy), "unknown plan or creator")
	}
	if err != nil {
		return fmt.Errorf("row %d: %w", n, err)
	}
	return s.putAssignmentAgencies(ctx, tx, a)
}

// putAssignmentAgencies replaces the agencies of a stored assignment: the
// lead first, then the supports in order.
func (s *PlanService) putAssignmentAgencies(ctx context.Context, tx *sql.Tx, a *datchuan.Assignment) error {
	db := s.db
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM assignment_agencies WHERE assignment_id = ?`), a.ID); err != nil {
		return fmt.Errorf("clear agencies of assignment %d: %w", a.ID, err)
	}
	insert := db.rebind(`INSERT INTO assignment_agencies (assignment_id, agency_id, role, pos) VALUES (?, ?, ?, ?)`)
	if _, err := tx.ExecContext(ctx, insert, a.ID, a.LeadID, "lead", 0); err != nil {
		return fmt.Errorf("lead of assignment %d: %w", a.ID, err)
	}
	for i, id := range a.SupportIDs {
		if _, err := tx.ExecContext(ctx, insert, a.ID, id, "support", i+1); err != nil {
			return fmt.Errorf("support of assignment %d: %w", a.ID, err)
		}
	}
	return nil
}

// Assignments returns the assignments f selects, by deadline (none last),
// unit, criterion and indicator. Codes are numbers, so they are ordered by
// length first: criterion 2 before criterion 17, as the forms list them.
func (s *PlanService) Assignments(ctx context.Context, f datchuan.AssignmentFilter) (_ []*datchuan.Assignment, err error) {
	defer wrap(&err, "sqldb: assignments")
	db := s.db
	w := &where{db: db}
	if f.IDs != nil {
		w.in("a.id", f.IDs)
	}
	if f.PlanID != 0 {
		w.add("a.plan_id = ?", f.PlanID)
	}
	if f.UnitIDs != nil {
		w.in("a.unit_id", f.UnitIDs)
	}
	if f.AgencyIDs != nil {
		w.inside("a.id IN (SELECT assignment_id FROM assignment_agencies WHERE %s)", "agency_id", f.AgencyIDs)
	}
	if f.SetID != "" {
		w.add("a.set_id = ?", f.SetID)
	}
	if f.CriterionCode != "" {
		w.add("a.criterion_code = ?", f.CriterionCode)
	}
	if f.Open {
		w.add("a.done = ?", false)
	}
	if !f.DueBefore.IsZero() {
		w.add("a.deadline < ?", f.DueBefore)
	}
	if w.err != nil {
		return nil, w.err
	}
	q := `SELECT a.id, a.plan_id, a.unit_id, a.set_id, a.criterion_code, a.indicator_code, a.lead_id, ` +
		db.jsonList("agency_id", "assignment_agencies", `assignment_id = a.id AND role = 'support'`) + `,
			a.deadline, a.outputs, a.note, a.done, a.created_by, a.created_at
		FROM assignments a` + w.String() + `
		ORDER BY a.deadline NULLS LAST, a.unit_id, length(a.criterion_code), a.criterion_code,
			length(a.indicator_code), a.indicator_code, a.id`
	rows, err := db.ro.QueryContext(ctx, db.rebind(q), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*datchuan.Assignment{}
	for rows.Next() {
		var a datchuan.Assignment
		if err := rows.Scan(&a.ID, scanID{&a.PlanID}, &a.UnitID, &a.SetID, &a.CriterionCode, &a.IndicatorCode, &a.LeadID,
			scanList[int64]{&a.SupportIDs}, &a.Deadline, scanList[datchuan.Output]{&a.Outputs}, &a.Note, &a.Done,
			scanID{&a.CreatedBy}, scanTime{&a.CreatedAt}); err != nil {
			return nil, err
		}
		list = append(list, &a)
	}
	return list, rows.Err()
}

// SetAssignmentDone marks an assignment finished or open again; ENOTFOUND
// when there is no such assignment.
func (s *PlanService) SetAssignmentDone(ctx context.Context, id int64, done bool) (err error) {
	defer wrap(&err, "sqldb: set assignment %d done=%t", id, done)
	res, err := s.db.rw.ExecContext(ctx, s.db.rebind(`UPDATE assignments SET done = ? WHERE id = ?`), done, id)
	return oneRow(res, err, assignmentNotFound(id))
}

// DeleteAssignment deletes an assignment and its agencies; ENOTFOUND when
// there is no such assignment.
func (s *PlanService) DeleteAssignment(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "sqldb: delete assignment %d", id)
	res, err := s.db.rw.ExecContext(ctx, s.db.rebind(`DELETE FROM assignments WHERE id = ?`), id)
	return oneRow(res, err, assignmentNotFound(id))
}

func assignmentNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy phân công %d (assignment not found)", id)
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
