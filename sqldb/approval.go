package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/datchuan/datchuan"
)

// ApprovalService stores the contents submitted to the Provincial People's
// Committee for approval.
type ApprovalService struct{ db *DB }

var _ datchuan.ApprovalService = (*ApprovalService)(nil)

// NewApprovalService returns the approval service of db.
func NewApprovalService(db *DB) *ApprovalService { return &ApprovalService{db: db} }

// CreateApproval stores a as a draft with its units and files and sets
// a.ID; CreatedAt defaults to now and UpdatedAt is CreatedAt. A draft has
// no decision nor reason: those a carries are dropped. An item needs a
// title and an agency (EINVALID); an unknown agency, creator, unit or file
// is EINVALID.
func (s *ApprovalService) CreateApproval(ctx context.Context, a *datchuan.Approval) (err error) {
	defer wrap(&err, "sqldb: create approval %q", a.Title)
	switch {
	case blank(a.Title):
		return datchuan.Errorf(datchuan.EINVALID, "Hồ sơ trình phê duyệt chưa có tên (approval without a title)")
	case a.AgencyID == 0:
		return datchuan.Errorf(datchuan.EINVALID, "Hồ sơ trình phê duyệt chưa có cơ quan chuẩn bị (approval without an agency)")
	}
	db := s.db
	at := a.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	units, files := uniq(a.UnitIDs), uniq(a.Files)
	var id int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO approvals (agency_id, title, set_id, criterion_code, state, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			a.AgencyID, a.Title, a.SetID, a.CriterionCode, string(datchuan.ApprovalDraft), nullID(a.CreatedBy), db.ts(at), db.ts(at)).Scan(&id)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Cơ quan %d hoặc người tạo %d không tồn tại (unknown agency or creator)", a.AgencyID, a.CreatedBy)
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		err = putList(ctx, db, tx, approvalUnits, id, units, func(u int64) error {
			return datchuan.Errorf(datchuan.EINVALID, "Đơn vị hành chính %d không tồn tại (unknown unit)", u)
		})
		if err != nil {
			return err
		}
		return putList(ctx, db, tx, approvalFiles, id, files, unknownFile)
	})
	if err != nil {
		return err
	}
	a.ID, a.State, a.UnitIDs, a.Files = id, datchuan.ApprovalDraft, units, files
	a.DecisionNumber, a.DecisionDate, a.Reason = "", datchuan.Date{}, ""
	a.CreatedAt, a.UpdatedAt = truncTime(at), truncTime(at)
	return nil
}

// Approval returns the item with the given ID, or ENOTFOUND.
func (s *ApprovalService) Approval(ctx context.Context, id int64) (_ *datchuan.Approval, err error) {
	defer wrap(&err, "sqldb: approval %d", id)
	w := &where{db: s.db}
	w.add("a.id = ?", id)
	list, err := s.findApprovals(ctx, w)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, approvalNotFound(id)
	}
	return list[0], nil
}

func approvalNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy hồ sơ trình phê duyệt %d (approval not found)", id)
}

// Approvals returns the items the agencies prepare (nil: every item), the
// most recently moved first.
func (s *ApprovalService) Approvals(ctx context.Context, agencyIDs []int64) (_ []*datchuan.Approval, err error) {
	defer wrap(&err, "sqldb: approvals")
	w := &where{db: s.db}
	if agencyIDs != nil {
		w.in("a.agency_id", agencyIDs)
	}
	if w.err != nil {
		return nil, w.err
	}
	return s.findApprovals(ctx, w)
}

func (s *ApprovalService) findApprovals(ctx context.Context, w *where) ([]*datchuan.Approval, error) {
	db := s.db
	q := `SELECT a.id, a.agency_id, a.title, a.set_id, a.criterion_code, ` +
		db.jsonList("unit_id", approvalUnits.name, `approval_id = a.id`) + `, a.state, a.decision_number, a.decision_date,
			a.reason, ` + db.jsonList("hash", approvalFiles.name, `approval_id = a.id`) + `, a.created_by, a.created_at, a.updated_at
		FROM approvals a` + w.String() + ` ORDER BY a.updated_at DESC, a.id DESC`
	rows, err := db.ro.QueryContext(ctx, db.rebind(q), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*datchuan.Approval{}
	for rows.Next() {
		var a datchuan.Approval
		if err := rows.Scan(&a.ID, &a.AgencyID, &a.Title, &a.SetID, &a.CriterionCode, scanList[int64]{&a.UnitIDs}, &a.State,
			&a.DecisionNumber, &a.DecisionDate, &a.Reason, scanList[string]{&a.Files}, scanID{&a.CreatedBy},
			scanTime{&a.CreatedAt}, scanTime{&a.UpdatedAt}); err != nil {
			return nil, err
		}
		list = append(list, &a)
	}
	return list, rows.Err()
}

// approvalMoves are the moves an item may make: draft → submitted →
// approved | returned, and returned → submitted.
var approvalMoves = map[[2]datchuan.ApprovalState]bool{
	{datchuan.ApprovalDraft, datchuan.ApprovalSubmitted}:    true,
	{datchuan.ApprovalReturned, datchuan.ApprovalSubmitted}: true,
	{datchuan.ApprovalSubmitted, datchuan.ApprovalApproved}: true,
	{datchuan.ApprovalSubmitted, datchuan.ApprovalReturned}: true,
}

// approvalStateVi names a state in messages.
func approvalStateVi(st datchuan.ApprovalState) string {
	switch st {
	case datchuan.ApprovalDraft:
		return "dự thảo"
	case datchuan.ApprovalSubmitted:
		return "đã trình"
	case datchuan.ApprovalApproved:
		return "đã phê duyệt"
	case datchuan.ApprovalReturned:
		return "bị trả lại"
	}
	return string(st)
}

// moveOutcome returns what a move to a.State stores beside the state: the
// decision for approved (both number and date, else EINVALID), the reason
// for returned (EINVALID without one), nothing for submitted, so that an
// item submitted again carries no stale reason.
func moveOutcome(a *datchuan.Approval) (number string, date datchuan.Date, reason string, err error) {
	switch a.State {
	case datchuan.ApprovalApproved:
		if blank(a.DecisionNumber) || a.DecisionDate.IsZero() {
			return "", datchuan.Date{}, "", datchuan.Errorf(datchuan.EINVALID, "Cần số và ngày quyết định phê duyệt (an approval needs a decision number and date)")
		}
		return a.DecisionNumber, a.DecisionDate, "", nil
	case datchuan.ApprovalReturned:
		if blank(a.Reason) {
			return "", datchuan.Date{}, "", datchuan.Errorf(datchuan.EINVALID, "Cần nêu lý do trả lại (a reason is required to return an approval)")
		}
		return "", datchuan.Date{}, a.Reason, nil
	}
	return "", datchuan.Date{}, "", nil
}

// MoveApproval moves item a.ID from the state from to a.State and stores
// the decision or reason that goes with it (moveOutcome); a gets the stored
// outcome and UpdatedAt (now). A move not in approvalMoves is ECONFLICT.
// The UPDATE only applies while the item is still in from, so that of two
// people moving an item at once the second gets ECONFLICT, not a silent
// overwrite; ENOTFOUND when there is no such item.
func (s *ApprovalService) MoveApproval(ctx context.Context, a *datchuan.Approval, from datchuan.ApprovalState) (err error) {
	defer wrap(&err, "sqldb: move approval %d from %s to %s", a.ID, from, a.State)
	if !approvalMoves[[2]datchuan.ApprovalState{from, a.State}] {
		return datchuan.Errorf(datchuan.ECONFLICT, "Không thể chuyển hồ sơ từ “%s” sang “%s” (cannot move an approval from %s to %s)",
			approvalStateVi(from), approvalStateVi(a.State), from, a.State)
	}
	number, date, reason, err := moveOutcome(a)
	if err != nil {
		return err
	}
	db := s.db
	at := db.now()
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE approvals SET state = ?, decision_number = ?, decision_date = ?, reason = ?, updated_at = ?
			WHERE id = ? AND state = ?`),
			string(a.State), number, date, reason, db.ts(at), a.ID, string(from))
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return s.whyNotMoved(ctx, tx, a.ID, from)
	})
	if err != nil {
		return err
	}
	a.DecisionNumber, a.DecisionDate, a.Reason, a.UpdatedAt = number, date, reason, truncTime(at)
	return nil
}

// whyNotMoved explains, in the transaction of a conditional UPDATE that
// changed nothing, why: the item is gone or someone moved it first.
func (s *ApprovalService) whyNotMoved(ctx context.Context, tx *sql.Tx, id int64, from datchuan.ApprovalState) error {
	var now datchuan.ApprovalState
	err := tx.QueryRowContext(ctx, s.db.rebind(`SELECT state FROM approvals WHERE id = ?`), id).Scan(&now)
	if errors.Is(err, sql.ErrNoRows) {
		return approvalNotFound(id)
	}
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	return datchuan.Errorf(datchuan.ECONFLICT,
		"Hồ sơ %d hiện ở trạng thái “%s”, không còn “%s”: có người vừa xử lý; vui lòng tải lại trang (the approval is %s now, no longer %s; reload the page)",
		id, approvalStateVi(now), approvalStateVi(from), now, from)
}
