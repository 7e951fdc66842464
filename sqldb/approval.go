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

// approvalRefused turns the constraint an item broke into EINVALID: an
// unknown agency, creator or dossier paper, or (the CHECKs of the table) an empty title
// or an unknown state. Whether an item is complete, and which moves it may
// make, is the domain's to say (Approval.Validate, ApprovalState.CanMoveTo);
// these are the last guard of the table.
func approvalRefused(a *datchuan.Approval, err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Cơ quan %d, người tạo %d hoặc giấy tờ hồ sơ %d không tồn tại (unknown agency, creator or dossier paper)",
			a.AgencyID, a.CreatedBy, a.DossierItemID)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Hồ sơ trình phê duyệt cần có tên và một trạng thái hợp lệ (an approval needs a title and a known state)")
	}
	return nil
}

// putApprovalLists makes units and files the lists of item id, in the
// transaction that writes it.
func (s *ApprovalService) putApprovalLists(ctx context.Context, tx *sql.Tx, id int64, units []int64, files []string) error {
	err := putList(ctx, s.db, tx, approvalUnits, id, units, func(u int64) error {
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị hành chính %d không tồn tại (unknown unit)", u)
	})
	if err != nil {
		return err
	}
	return putList(ctx, s.db, tx, approvalFiles, id, files, unknownFile)
}

// CreateApproval stores a as a draft with its units and files and sets
// a.ID and a.Version (1); CreatedAt defaults to now and UpdatedAt is
// CreatedAt. A draft has no decision nor reason: those a carries are
// dropped. An unknown agency, creator, unit or file, or an item the table
// refuses (approvalRefused), is EINVALID.
func (s *ApprovalService) CreateApproval(ctx context.Context, a *datchuan.Approval) (err error) {
	defer wrap(&err, "sqldb: create approval %q", a.Title)
	db := s.db
	at := db.orNow(a.CreatedAt)
	units, files := uniq(a.UnitIDs), uniq(a.Files)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO approvals (agency_id, title, set_id, criterion_code, state, dossier_item_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			a.AgencyID, a.Title, a.SetID, a.CriterionCode, string(datchuan.ApprovalDraft), orNull(a.DossierItemID), orNull(a.CreatedBy), db.ts(at), db.ts(at)).
			Scan(&id, &version)
		if refused := approvalRefused(a, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.putApprovalLists(ctx, tx, id, units, files)
	})
	if err != nil {
		return err
	}
	a.ID, a.State, a.UnitIDs, a.Files, a.Version = id, datchuan.ApprovalDraft, units, files, version
	a.DecisionNumber, a.DecisionDate, a.Reason = "", datchuan.Date{}, ""
	a.CreatedAt, a.UpdatedAt = truncTime(at), truncTime(at)
	return nil
}

// Approval returns the item with the given ID, or ENOTFOUND.
func (s *ApprovalService) Approval(ctx context.Context, id int64) (_ *datchuan.Approval, err error) {
	defer wrap(&err, "sqldb: approval %d", id)
	list, err := s.findApprovals(ctx, whereOf(s.db, "a.id = ?", id))
	return only(list, err, approvalNotFound(id))
}

func approvalNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy hồ sơ trình phê duyệt %d (approval not found)", id)
}

// Approvals returns the items the agencies prepare (nil: every item), the
// most recently moved first.
func (s *ApprovalService) Approvals(ctx context.Context, agencyIDs []int64) (_ []*datchuan.Approval, err error) {
	defer wrap(&err, "sqldb: approvals")
	w := &where{db: s.db}
	w.in("a.agency_id", agencyIDs)
	return s.findApprovals(ctx, w)
}

// ApprovalsServing returns the items serving the dossier papers itemIDs,
// the most recently moved first.
func (s *ApprovalService) ApprovalsServing(ctx context.Context, itemIDs []int64) (_ []*datchuan.Approval, err error) {
	defer wrap(&err, "sqldb: approvals serving dossier papers")
	if len(itemIDs) == 0 {
		return nil, nil
	}
	w := &where{db: s.db}
	w.in("a.dossier_item_id", itemIDs)
	return s.findApprovals(ctx, w)
}

func (s *ApprovalService) findApprovals(ctx context.Context, w *where) ([]*datchuan.Approval, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	q := `SELECT a.id, a.agency_id, a.title, a.set_id, a.criterion_code, ` +
		db.jsonList("unit_id", approvalUnits.name, `approval_id = a.id`) + `, a.state, a.decision_number, a.decision_date,
			a.decision_file, a.reason, ` + db.jsonList(approvalFiles.value, approvalFiles.name, `approval_id = a.id`) + `, a.dossier_item_id, a.created_by, a.created_at, a.updated_at,
			a.version
		FROM approvals a` + w.String() + ` ORDER BY a.updated_at DESC, a.id DESC`
	return queryAll(ctx, db.r(), approvalFields, db.rebind(q), w.args...)
}

// approvalFields are the columns findApprovals selects.
func approvalFields(a *datchuan.Approval) []any {
	return []any{&a.ID, &a.AgencyID, &a.Title, &a.SetID, &a.CriterionCode, scanList[int64]{&a.UnitIDs}, &a.State,
		&a.DecisionNumber, &a.DecisionDate, scanNull[string]{&a.DecisionFile}, &a.Reason, scanList[string]{&a.Files}, scanID{&a.DossierItemID}, scanID{&a.CreatedBy},
		scanTime{&a.CreatedAt}, scanTime{&a.UpdatedAt}, &a.Version}
}

// UpdateApproval stores the state, decision number and date, reason,
// title, set, criterion, units and files of item a.ID if it is still at
// a.Version, with UpdatedAt now; a gets UpdatedAt and the next version.
// Which moves are allowed is ApprovalState.CanMoveTo's to say: the store
// keeps what it is given. ECONFLICT when someone changed or moved the item
// since a.Version (of two people deciding at once, the second), ENOTFOUND
// when it is gone; EINVALID as CreateApproval.
func (s *ApprovalService) UpdateApproval(ctx context.Context, a *datchuan.Approval) (err error) {
	defer wrap(&err, "sqldb: update approval %d", a.ID)
	db := s.db
	at := db.now()
	units, files := uniq(a.UnitIDs), uniq(a.Files)
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE approvals SET state = ?, decision_number = ?, decision_date = ?, decision_file = ?, reason = ?, title = ?, set_id = ?,
				criterion_code = ?, dossier_item_id = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? RETURNING version`),
			string(a.State), a.DecisionNumber, a.DecisionDate, orNull(a.DecisionFile), a.Reason, a.Title, a.SetID, a.CriterionCode,
			orNull(a.DossierItemID), db.ts(at),
			a.ID, a.Version).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return db.staleOrGone(ctx, tx, versionedApprovals, a.ID)
		}
		if refused := approvalRefused(a, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return s.putApprovalLists(ctx, tx, a.ID, units, files)
	})
	if err != nil {
		return err
	}
	a.UnitIDs, a.Files, a.UpdatedAt, a.Version = units, files, truncTime(at), version
	return nil
}
