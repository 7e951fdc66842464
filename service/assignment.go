package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/work"
)

// PlanAssignments lists the plan's assignments of the units the caller
// reads, as they stand today (met by their result, late, may be marked
// done: see work.Finder.Items).
func (s *Service) PlanAssignments(ctx context.Context, c Caller, plan *datchuan.Plan) ([]work.AssignmentItem, error) {
	as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: plan.ID})
	if err != nil {
		return nil, err
	}
	var readable []*datchuan.Assignment
	for _, a := range as {
		_, p, err := c.Tree.Place(ctx, a.UnitID)
		if err != nil {
			return nil, err
		}
		if c.CanRead(p) {
			readable = append(readable, a)
		}
	}
	return work.NewFinder(s.cfg.Stores, s.cfg.Sets, c.Tree).Items(ctx, c.Access, readable, s.Today())
}

// AssignmentFor loads an assignment for a caller who may change it, with
// its unit and province.
func (s *Service) AssignmentFor(ctx context.Context, c Caller, id int64) (*datchuan.Assignment, *datchuan.Unit, datchuan.UnitPath, error) {
	a, u, p, err := s.AssignmentAt(ctx, c, id)
	if err != nil {
		return nil, nil, p, err
	}
	return a, u, p, c.CheckPlan(p)
}

// AssignmentAt loads an assignment for a caller who reads its unit, with
// its unit and province.
func (s *Service) AssignmentAt(ctx context.Context, c Caller, id int64) (*datchuan.Assignment, *datchuan.Unit, datchuan.UnitPath, error) {
	as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{IDs: []int64{id}})
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	if len(as) == 0 {
		return nil, nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "Không có phân công này; có thể đã bị xóa (no such assignment; it may have been deleted)")
	}
	u, p, err := c.Tree.Place(ctx, as[0].UnitID)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	return as[0], u, p, c.CheckRead(p)
}

// AssignmentEdit is the change form of one row of the table as typed,
// with the version it started from.
type AssignmentEdit struct {
	Version  int
	Lead     string
	Supports []string
	// SupportsShown says the form listed the supports; without it they
	// stay as they are.
	SupportsShown bool
	Deadline      string
	Outputs       []string
	Note          string
}

// UpdateAssignment changes one row of the table: lead, supports,
// deadline, outputs, note. An edit from a version that is no longer the
// row's is a conflict; a row deleted meanwhile is not found (never
// recreated).
func (s *Service) UpdateAssignment(ctx context.Context, c Caller, id int64, in AssignmentEdit) (*datchuan.Assignment, error) {
	a, u, path, err := s.AssignmentFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := sameVersion(a.Version, in.Version, "Phân công", "the assignment"); err != nil {
		return nil, err
	}
	before := *a
	p := datchuan.Problems{}
	if ids := parseIDs([]string{in.Lead}); len(ids) == 1 {
		a.LeadID = ids[0]
	}
	if in.SupportsShown {
		a.SupportIDs = parseIDs(in.Supports)
	}
	a.SupportIDs = slices.DeleteFunc(slices.Clone(a.SupportIDs), func(x int64) bool { return x == a.LeadID })
	ags, err := s.Agencies(ctx, c, path.Province)
	if err != nil {
		return nil, err
	}
	if !agenciesIn(ags, append([]int64{a.LeadID}, a.SupportIDs...)) {
		p.Add(datchuan.FieldLead, "Cơ quan chủ trì và phối hợp phải thuộc tỉnh (agencies must belong to the province)")
	}
	a.Deadline = p.ParseDate(datchuan.FieldDeadline, in.Deadline, true)
	a.Outputs, a.Note = parseOutputs(in.Outputs), strings.TrimSpace(in.Note)
	if err := p.Check(a.Validate()); err != nil {
		return nil, err
	}
	summary := fmt.Sprintf("Sửa phân công tiêu chí %s của %s: chủ trì %s, hạn %s", before.CriterionCode, u.Name, agencyName(ags, a.LeadID), a.Deadline.VN())
	return a, s.changeAssignment(ctx, c, u, &before, a, datchuan.ActAssignmentUpdate, summary)
}

// SetAssignmentDone marks an assignment finished, or open again: the
// coordination office, or the assignment's lead department.
func (s *Service) SetAssignmentDone(ctx context.Context, c Caller, id int64, version int, done bool) (*datchuan.Assignment, error) {
	a, u, p, err := s.AssignmentAt(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckMarkDone(p, a.LeadID); err != nil {
		return nil, err
	}
	if err := sameVersion(a.Version, version, "Phân công", "the assignment"); err != nil {
		return nil, err
	}
	before := *a
	a.Done = done
	what := "Đánh dấu xong"
	if !done {
		what = "Mở lại"
	}
	return a, s.changeAssignment(ctx, c, u, &before, a, datchuan.ActAssignmentUpdate, fmt.Sprintf("%s phân công tiêu chí %s của %s", what, a.CriterionCode, u.Name))
}

// changeAssignment stores an edited row with its log entry.
func (s *Service) changeAssignment(ctx context.Context, c Caller, u *datchuan.Unit, before, a *datchuan.Assignment, action, summary string) error {
	return s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Plans.UpdateAssignment(ctx, a); err != nil {
			return outcome{}, err
		}
		ch, err := place(ctx, c, datchuan.NewChange(c.Actor, action, "assignment", a.ID, summary, before, a), u)
		if err != nil {
			return outcome{}, err
		}
		// A new lead or supporting department is told, in the daily digest.
		plan, err := tx.Plans.Plan(ctx, a.PlanID)
		if err != nil {
			return outcome{}, err
		}
		notices, err := s.assignedNotices(ctx, tx, c, plan, map[assignKey]*datchuan.Assignment{keyOf(before): before}, []*datchuan.Assignment{a})
		return outcome{change: ch, notices: notices}, err
	})
}

// DeleteAssignment deletes a row of the table, as of the version the
// caller saw.
func (s *Service) DeleteAssignment(ctx context.Context, c Caller, id int64, version int) (*datchuan.Assignment, error) {
	a, u, _, err := s.AssignmentFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := sameVersion(a.Version, version, "Phân công", "the assignment"); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Plans.DeleteAssignment(ctx, a.ID, version) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActAssignmentDelete, "assignment", a.ID,
				fmt.Sprintf("Xóa phân công tiêu chí %s của %s", a.CriterionCode, u.Name), a, nil), u)
		})
	return a, err
}
