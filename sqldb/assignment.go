package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// Assign writes the assignments all or nothing, in one transaction. An
// assignment for a (unit, set, criterion, indicator) that has one already
// replaces its plan, lead, supports, deadline, outputs and note, keeps its
// ID, done flag and creation stamp, and gets the next version. Each
// assignment is then set to the stored row; CreatedAt of a new row
// defaults to now. A nil row, a row the tables cannot hold (unstorable),
// or one with an unknown unit, agency, plan or creator is EINVALID, naming
// the row (counted from 1): nothing is written then. Whether the rows make
// sense (datchuan.ValidateAssignments) is for the caller to ask first; two
// rows with one key are written one after the other, the later winning.
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

// normAssignments returns copies of the rows with their lists
// deduplicated, refusing a nil row or one the tables cannot hold.
func normAssignments(as []*datchuan.Assignment) ([]datchuan.Assignment, error) {
	rows := make([]datchuan.Assignment, len(as))
	for i, a := range as {
		n := i + 1
		if a == nil {
			return nil, rowInvalid(n, "dòng trống", "empty row")
		}
		rows[i] = *a
		rows[i].SupportIDs, rows[i].Outputs = uniq(a.SupportIDs), uniq(a.Outputs)
		if vi, en := unstorable(&rows[i]); vi != "" {
			return nil, rowInvalid(n, vi, en)
		}
	}
	return rows, nil
}

// unstorable says, in Vietnamese and English, what of a the tables cannot
// hold, whatever the business rules: an output the outputs column has no
// name for (no CHECK can look inside its JSON), or a lead that also
// supports (assignment_agencies has one row per agency). "" when none.
func unstorable(a *datchuan.Assignment) (vi, en string) {
	for _, o := range a.Outputs {
		if !o.Valid() {
			return fmt.Sprintf("sản phẩm %q không hợp lệ", o), fmt.Sprintf("invalid output %q", o)
		}
	}
	for _, id := range a.SupportIDs {
		if id == a.LeadID {
			return fmt.Sprintf("cơ quan %d vừa chủ trì vừa phối hợp", id), fmt.Sprintf("agency %d is both lead and support", id)
		}
	}
	return "", ""
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
	stored, err := queryIDs(ctx, tx, db.rebind(`SELECT id FROM `+table+` WHERE `+cond), arg)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", table, err)
	}
	found := make(map[int64]bool, len(stored))
	for _, id := range stored {
		found[id] = true
	}
	return found, nil
}

// upsertAssignment writes row n and sets a to what is stored. A replaced
// row gets the next version, so that an edit begun before the batch is a
// conflict.
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
			outputs = excluded.outputs, note = excluded.note, version = assignments.version + 1
		RETURNING id, done, created_by, created_at, version`),
		orNull(a.PlanID), a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode, a.LeadID, a.Deadline,
		string(outputs), a.Note, a.Done, orNull(a.CreatedBy), db.ts(at)).
		Scan(&a.ID, &a.Done, scanID{&a.CreatedBy}, scanTime{&a.CreatedAt}, &a.Version)
	if violationOf(err) == foreignKeyViolation {
		return rowInvalid(n, fmt.Sprintf("kế hoạch %d hoặc người tạo %d không tồn tại", a.PlanID, a.CreatedBy), "unknown plan or creator")
	}
	if err != nil {
		return fmt.Errorf("row %d: %w", n, err)
	}
	return s.putAssignmentAgencies(ctx, tx, a)
}

// putAssignmentAgencies replaces the agencies of a stored assignment: the
// lead first, then the supports in order. An unknown supporting agency is
// EINVALID (Assign has checked them already; UpdateAssignment has not).
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
		_, err := tx.ExecContext(ctx, insert, a.ID, id, "support", i+1)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Cơ quan phối hợp %d không tồn tại (unknown supporting agency)", id)
		}
		if err != nil {
			return fmt.Errorf("support of assignment %d: %w", a.ID, err)
		}
	}
	return nil
}

// UpdateAssignment stores the lead, supports, deadline, outputs, note and
// done flag of a.ID if it is still at a.Version, and sets a to the stored
// row (its unit, criterion, plan and creation stamp stay) with the next
// version. It never inserts: ENOTFOUND when the row is gone, ECONFLICT
// when someone changed it since a.Version. An unknown agency, or what the
// tables cannot hold (unstorable), is EINVALID.
func (s *PlanService) UpdateAssignment(ctx context.Context, a *datchuan.Assignment) (err error) {
	defer wrap(&err, "sqldb: update assignment %d", a.ID)
	row := *a
	row.SupportIDs, row.Outputs = uniq(a.SupportIDs), uniq(a.Outputs)
	if vi, en := unstorable(&row); vi != "" {
		return datchuan.Errorf(datchuan.EINVALID, "Phân công %d: %s (assignment %d: %s)", a.ID, vi, a.ID, en)
	}
	outputs, err := json.Marshal(row.Outputs)
	if err != nil {
		return err
	}
	db := s.db
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE assignments SET lead_id = ?, deadline = ?, outputs = ?, note = ?, done = ?, version = version + 1
			WHERE id = ? AND version = ?
			RETURNING plan_id, unit_id, set_id, criterion_code, indicator_code, created_by, created_at, version`),
			row.LeadID, row.Deadline, string(outputs), row.Note, row.Done, a.ID, a.Version).
			Scan(scanID{&row.PlanID}, &row.UnitID, &row.SetID, &row.CriterionCode, &row.IndicatorCode,
				scanID{&row.CreatedBy}, scanTime{&row.CreatedAt}, &row.Version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return db.staleOrGone(ctx, tx, versionedAssignments, a.ID)
		case violationOf(err) == foreignKeyViolation:
			return datchuan.Errorf(datchuan.EINVALID, "Cơ quan chủ trì %d không tồn tại (unknown lead agency)", row.LeadID)
		case err != nil:
			return fmt.Errorf("update: %w", err)
		}
		return s.putAssignmentAgencies(ctx, tx, &row)
	})
	if err != nil {
		return err
	}
	*a = row
	return nil
}

// Assignments returns the assignments f selects, by deadline (none last),
// unit, criterion and indicator. Codes are numbers, so they are ordered by
// length first: criterion 2 before criterion 17, as the forms list them.
func (s *PlanService) Assignments(ctx context.Context, f datchuan.AssignmentFilter) (_ []*datchuan.Assignment, err error) {
	defer wrap(&err, "sqldb: assignments")
	db := s.db
	w := &where{db: db}
	w.in("a.id", f.IDs)
	w.eq("a.plan_id", f.PlanID)
	w.in("a.unit_id", f.UnitIDs)
	w.inside("a.id IN (SELECT assignment_id FROM assignment_agencies WHERE %s)", "agency_id", f.AgencyIDs)
	w.eq("a.set_id", f.SetID)
	w.eq("a.criterion_code", f.CriterionCode)
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
			a.deadline, a.outputs, a.note, a.done, a.created_by, a.created_at, a.version
		FROM assignments a` + w.String() + `
		ORDER BY a.deadline NULLS LAST, a.unit_id, length(a.criterion_code), a.criterion_code,
			length(a.indicator_code), a.indicator_code, a.id`
	return queryAll(ctx, db.r(), assignmentFields, db.rebind(q), w.args...)
}

// assignmentFields are the columns Assignments selects.
func assignmentFields(a *datchuan.Assignment) []any {
	return []any{&a.ID, scanID{&a.PlanID}, &a.UnitID, &a.SetID, &a.CriterionCode, &a.IndicatorCode, &a.LeadID,
		scanList[int64]{&a.SupportIDs}, &a.Deadline, scanList[datchuan.Output]{&a.Outputs}, &a.Note, &a.Done,
		scanID{&a.CreatedBy}, scanTime{&a.CreatedAt}, &a.Version}
}

// DeleteAssignment deletes an assignment and its agencies if it is still
// at version: ECONFLICT when someone changed it since, ENOTFOUND when it
// is gone.
func (s *PlanService) DeleteAssignment(ctx context.Context, id int64, version int) (err error) {
	defer wrap(&err, "sqldb: delete assignment %d at version %d", id, version)
	db := s.db
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM assignments WHERE id = ? AND version = ?`), id, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return db.staleOrGone(ctx, tx, versionedAssignments, id)
	})
}

func assignmentNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy phân công %d (assignment not found)", id)
}
