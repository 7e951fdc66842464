package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// ApprovalInput is the new-item form as typed.
type ApprovalInput struct {
	Title, Agency, Criterion string
	Units                    []string // commune or district codes
	Files                    []string // attachment IDs
	Paper                    string   // the dossier paper it serves: a dossier item ID, or ""
	// Refused names the files the form could not take (StoreUploads): one
	// more problem, so the form shows it with all the others.
	Refused datchuan.Text
}

// CreateApproval drafts an item for the caller's department (for any
// agency of the province, for the coordination office).
func (s *Service) CreateApproval(ctx context.Context, c Caller, provCode string, in ApprovalInput) (*datchuan.Approval, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, err
	}
	if err := c.CheckDraftApprovals(prov.Code); err != nil {
		return nil, err
	}
	ags, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	a := &datchuan.Approval{Title: strings.TrimSpace(in.Title), CreatedBy: c.Actor.UserID, State: datchuan.ApprovalDraft}
	mine := SortedAgencies(ags, func(ag *datchuan.Agency) bool { return c.CanDraftFor(ag.ID, prov.Code) })
	agency := in.Agency
	if agency == "" && len(mine) == 1 {
		agency = strconv.FormatInt(mine[0].ID, 10)
	}
	if id, err := strconv.ParseInt(agency, 10, 64); err == nil && ags[id] != nil && c.CanDraftFor(id, prov.Code) {
		a.AgencyID = id
	}
	var set *datchuan.CriteriaSet
	if in.Criterion != "" {
		if set, err = s.approvalCriterion(ctx, prov, a, in.Criterion); err != nil {
			return nil, err
		}
		if set == nil {
			p.Add(datchuan.FieldCriteria, "Chọn tiêu chí trong danh sách (choose a criterion)")
		}
	}
	for _, code := range in.Units {
		u, err := s.approvalUnit(ctx, c, prov, code)
		if err != nil {
			p.Add(datchuan.FieldUnits, "Không có xã, huyện mã %s trong tỉnh (no such commune or district in the province)", code)
			continue
		}
		if set != nil && u.Level != set.Level {
			p.Add(datchuan.FieldUnits, "%s là cấp %s, còn tiêu chí đã chọn thuộc bộ tiêu chí cấp %s (%s is not of the level of the chosen set)",
				u.Name, u.Level.LabelVi(), set.Level.LabelVi(), u.Name)
			continue
		}
		a.UnitIDs = append(a.UnitIDs, u.ID)
	}
	if strings.TrimSpace(in.Paper) != "" {
		ok, err := s.approvalPaper(ctx, prov, a, in.Paper)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.Add(datchuan.FieldPaper, "Chọn giấy tờ trong danh sách hồ sơ của tỉnh (choose a paper of a dossier of the province)")
		}
	}
	if a.Files, err = s.Citable(ctx, c, in.Files); err != nil {
		return nil, err
	}
	refused(p, datchuan.FieldFiles, in.Refused)
	if err := p.Check(a.Validate(s.Today())); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Approvals.CreateApproval(ctx, a) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActApprovalCreate, "approval", a.ID,
				fmt.Sprintf("Lập dự thảo hồ sơ trình phê duyệt \"%s\"", a.Title), nil, a), prov.ID, prov.Code)
		})
	return a, err
}

// approvalCriterion sets the criterion of a from a choice of the form:
// "set|criterion" for any set of the province (ProvinceSets), or a bare
// criterion of its commune set. It returns the set, nil when the choice
// names no criterion of the province's sets.
func (s *Service) approvalCriterion(ctx context.Context, prov *datchuan.Unit, a *datchuan.Approval, choice string) (*datchuan.CriteriaSet, error) {
	sets, err := s.ProvinceSets(ctx, prov)
	if err != nil {
		return nil, err
	}
	setID, code, ok := strings.Cut(choice, "|")
	if !ok {
		setID, code = sets[0].ID, choice
	}
	for _, set := range sets {
		if set.ID != setID {
			continue
		}
		if crit, ind, ok := set.Link(code); ok && ind == "" {
			a.SetID, a.CriterionCode = set.ID, crit
			return set, nil
		}
	}
	return nil, nil
}

// approvalUnit resolves a commune or district code of the province, as
// of today.
func (s *Service) approvalUnit(ctx context.Context, c Caller, prov *datchuan.Unit, code string) (*datchuan.Unit, error) {
	for _, level := range []datchuan.Level{datchuan.LevelCommune, datchuan.LevelDistrict} {
		u, _, err := c.Tree.Resolve(ctx, level, code, s.Today())
		if err != nil {
			continue
		}
		if up, err := c.Tree.Path(ctx, u); err == nil && up.Province == prov.Code {
			return u, nil
		}
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "no unit %s in the province", code)
}

// ApprovalFor loads an item for a caller who may see it, with its
// province.
func (s *Service) ApprovalFor(ctx context.Context, c Caller, id int64) (*datchuan.Approval, *datchuan.Unit, error) {
	a, err := s.cfg.Stores.Approvals.Approval(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	code, err := s.AgencyProvince(ctx, c, a.AgencyID)
	if err != nil {
		return nil, nil, err
	}
	prov, _, err := c.Tree.Resolve(ctx, datchuan.LevelProvince, code, datchuan.Date{})
	if err != nil {
		return nil, nil, err
	}
	return a, prov, c.CheckSeeApproval(a, prov.Code)
}

// Move is a move of an approval item as typed: the state it goes to, the
// version the caller saw, and the decision or the reason.
type Move struct {
	To                   datchuan.ApprovalState
	Version              int
	Number, Date, Reason string
	// DecisionFile is the signed decision, scanned and stored
	// (StoreUploads), when the committee approved.
	DecisionFile string
	Refused      datchuan.Text // why the scan sent was not taken (StoreUploads)
}

// MoveApproval moves an item: its agency (or the coordination office)
// submits it; the coordination office records the committee's decision.
// A move from a version that is no longer the item's is a conflict; the
// drafter is told of a decision in the same transaction.
func (s *Service) MoveApproval(ctx context.Context, c Caller, id int64, m Move) (*datchuan.Approval, error) {
	a, prov, err := s.ApprovalFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckMoveApproval(a, prov.Code, m.To); err != nil {
		return nil, err
	}
	before := *a
	if m.Version != a.Version || !a.State.CanMoveTo(m.To) {
		return nil, datchuan.Errorf(datchuan.ECONFLICT,
			"Hồ sơ hiện ở trạng thái “%s” (phiên bản %d): có người vừa xử lý, hoặc không thể chuyển sang “%s”; vui lòng tải lại trang (the approval is %s now; reload the page)",
			a.State.LabelVi(), a.Version, m.To.LabelVi(), a.State)
	}
	p := datchuan.Problems{}
	a.State, a.Version = m.To, m.Version
	a.DecisionNumber, a.DecisionDate, a.DecisionFile, a.Reason = "", datchuan.Date{}, "", ""
	switch m.To {
	case datchuan.ApprovalApproved:
		a.DecisionFile = m.DecisionFile
		refused(p, datchuan.FieldDecFile, m.Refused)
		a.DecisionNumber = strings.TrimSpace(m.Number)
		a.DecisionDate = p.ParseDate(datchuan.FieldDecDate, m.Date, true)
	case datchuan.ApprovalReturned:
		a.Reason = strings.TrimSpace(m.Reason)
	}
	if err := p.Check(a.Validate(s.Today())); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Approvals.UpdateApproval(ctx, a); err != nil {
			return outcome{}, err
		}
		out := outcome{change: datchuan.NewChange(c.Actor, datchuan.ActApprovalMove, "approval", a.ID,
			fmt.Sprintf("Hồ sơ \"%s\": %s → %s", a.Title, before.State.LabelVi(), a.State.LabelVi()), &before, a)}
		out.change.UnitID, out.change.Province = prov.ID, prov.Code
		if n, ok := s.approvalNotice(ctx, tx, a); ok {
			out.notices = append(out.notices, n)
		}
		if a.State == datchuan.ApprovalSubmitted {
			// The coordination office is told, in the daily digest.
			ns, err := s.submittedNotices(ctx, tx, c, a, prov)
			out.notices = append(out.notices, ns...)
			return out, err
		}
		return out, nil
	})
	if err == nil {
		s.cfg.Log.Info("approval moved", "user", c.Actor.Name, "approval", a.ID, "from", before.State, "to", a.State)
	}
	return a, err
}

// approvalNotice is the notice of a decision to the person who drafted
// the item, when it is known.
func (s *Service) approvalNotice(ctx context.Context, tx datchuan.Stores, a *datchuan.Approval) (datchuan.Notice, bool) {
	if a.CreatedBy == 0 {
		return datchuan.Notice{}, false
	}
	creator, err := tx.Users.User(ctx, a.CreatedBy)
	if err != nil {
		s.cfg.Log.Error("approval notice", "approval", a.ID, "err", err)
		return datchuan.Notice{}, false
	}
	return datchuan.ApprovalNotice(a, creator.PersonID)
}

// ApprovalsOfProvince lists the items of a province's agencies (ags) the
// caller sees, the most recently moved first.
func (s *Service) ApprovalsOfProvince(ctx context.Context, c Caller, prov *datchuan.Unit, ags map[int64]*datchuan.Agency) ([]*datchuan.Approval, error) {
	ids := make([]int64, 0, len(ags))
	for id := range ags {
		ids = append(ids, id)
	}
	all, err := s.cfg.Stores.Approvals.Approvals(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []*datchuan.Approval
	for _, a := range all {
		if c.CanSeeApproval(a, prov.Code) {
			out = append(out, a)
		}
	}
	return out, nil
}

// History is the change log of one thing, oldest first: an approval
// item's drafted → submitted → approved, with who and when.
func (s *Service) History(ctx context.Context, entity string, id int64) ([]*datchuan.Change, error) {
	chs, err := s.cfg.Stores.Changes.Changes(ctx, datchuan.ChangeFilter{Entity: entity, EntityID: id})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(chs)-1; i < j; i, j = i+1, j-1 {
		chs[i], chs[j] = chs[j], chs[i]
	}
	return chs, nil
}

// KeepDecision stores the signed decision of an approved item, scanned
// (file, an attachment ID from StoreUploads), as of the version the page
// showed: the coordination office adds it when the paper comes back
// signed, or replaces a poor scan. The earlier scan stays in the change
// log's record of the item.
func (s *Service) KeepDecision(ctx context.Context, c Caller, id int64, version int, file string, problem datchuan.Text) (*datchuan.Approval, error) {
	a, prov, err := s.ApprovalFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckDecideApproval(prov.Code); err != nil {
		return nil, err
	}
	if err := sameVersion(a.Version, version, "Hồ sơ trình phê duyệt", "the approval"); err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	refused(p, datchuan.FieldDecFile, problem)
	if file == "" {
		p.Add(datchuan.FieldDecFile, "Chọn tệp quyết định đã ký (choose the signed decision file)")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	before := *a
	a.DecisionFile = file
	if err := a.Validate(s.Today()); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Approvals.UpdateApproval(ctx, a) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActApprovalDecision, "approval", a.ID,
				fmt.Sprintf("Lưu bản quyết định đã ký của hồ sơ \"%s\" (%s)", a.Title, a.DecisionNumber), &before, a), prov.ID, prov.Code)
		})
	return a, err
}
