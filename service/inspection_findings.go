package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// The findings of an inspection: recorded and corrected by whoever edits
// the inspection, and turned, in one action, into an obstacle of the
// register or a task of a commune committee member.

// FindingInput is the new-finding form as typed: the unit (its ID, one of
// those visited), a criterion or indicator code of the inspection's set,
// the result and a note.
type FindingInput struct {
	Unit, Criterion, Result, Note string
}

// AddFinding records what the team found of a criterion in a unit visited.
func (s *Service) AddFinding(ctx context.Context, c Caller, inspID int64, in FindingInput) (*datchuan.Finding, error) {
	x, prov, err := s.recordable(ctx, c, inspID)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	f := &datchuan.Finding{InspectionID: x.ID, SetID: x.SetID, Result: datchuan.FindingResult(strings.TrimSpace(in.Result)),
		Note: strings.TrimSpace(in.Note), RecordedBy: c.Actor.UserID, RecordedAt: s.cfg.Now()}
	if id, err := strconv.ParseInt(strings.TrimSpace(in.Unit), 10, 64); err == nil && x.Visits(id) {
		f.UnitID = id
	} else {
		p.Add(datchuan.FieldUnits, "Chọn một đơn vị của đợt kiểm tra (choose a unit visited)")
	}
	set, _ := s.cfg.Sets.Set(x.SetID)
	crit, ind, ok := set.Link(strings.TrimSpace(in.Criterion))
	if ok && x.Checks(crit) {
		f.CriterionCode, f.IndicatorCode = crit, ind
	} else if in.Criterion != "" {
		p.Add(datchuan.FieldCriteria, "Chọn tiêu chí, chỉ tiêu được kiểm tra trong danh sách (choose a criterion checked)")
	}
	findings, err := s.cfg.Stores.Inspections.Findings(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(findings, func(o *datchuan.Finding) bool {
		return o.UnitID == f.UnitID && o.CriterionCode == f.CriterionCode && o.IndicatorCode == f.IndicatorCode
	}) {
		p.Add(datchuan.FieldCriteria, "Đơn vị này đã có kết quả của tiêu chí, chỉ tiêu này; hãy sửa ở dòng của nó (already recorded: correct it in its row)")
	}
	if err := p.Check(f.Validate()); err != nil {
		return nil, err
	}
	u, err := c.Tree.Unit(ctx, f.UnitID)
	if err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Inspections.AddFinding(ctx, f) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActInspectionFinding, "inspection", x.ID,
				fmt.Sprintf("Kết quả kiểm tra thực tế %s, tiêu chí %s: %s", u.Name, findingCode(f), f.Result.LabelVi()), nil, f), u.ID, prov.Code)
		})
	return f, err
}

// notCancelled refuses work on a cancelled inspection: nobody went.
func notCancelled(x *datchuan.Inspection) error {
	if x.State == datchuan.InspectionCancelled {
		return datchuan.Errorf(datchuan.ECONFLICT, "Đợt kiểm tra đã hủy; hãy lập lại kế hoạch trước (the inspection is cancelled)")
	}
	return nil
}

// findingCode is the indicator of a finding, or its criterion.
func findingCode(f *datchuan.Finding) string {
	if f.IndicatorCode != "" {
		return f.IndicatorCode
	}
	return f.CriterionCode
}

// FindingEdit is the correction of a finding as typed, with the version it
// started from.
type FindingEdit struct {
	Version      int
	Result, Note string
}

// findingOf loads a finding of the inspection for a caller who may edit
// the inspection, as of the version the form started from.
func (s *Service) findingOf(ctx context.Context, c Caller, inspID, id int64, version int) (*datchuan.Inspection, *datchuan.Unit, *datchuan.Finding, error) {
	x, prov, err := s.inspectionOf(ctx, c, inspID)
	if err != nil {
		return nil, nil, nil, err
	}
	f, err := s.cfg.Stores.Inspections.Finding(ctx, id)
	if err == nil && f.InspectionID != x.ID {
		err = datchuan.Errorf(datchuan.ENOTFOUND, "Đợt kiểm tra không có kết quả này (no such finding here)")
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if err := c.CheckInspect(prov.Code, x.AgencyID); err != nil {
		return nil, nil, nil, err
	}
	return x, prov, f, sameVersion(f.Version, version, "Kết quả kiểm tra", "the finding")
}

// EditFinding corrects the result and note of a finding.
func (s *Service) EditFinding(ctx context.Context, c Caller, inspID, id int64, in FindingEdit) (*datchuan.Finding, error) {
	x, prov, f, err := s.findingOf(ctx, c, inspID, id, in.Version)
	if err != nil {
		return nil, err
	}
	before := *f
	f.Result, f.Note, f.UpdatedAt = datchuan.FindingResult(strings.TrimSpace(in.Result)), strings.TrimSpace(in.Note), s.cfg.Now()
	if err := f.Validate(); err != nil {
		return nil, err
	}
	u, err := c.Tree.Unit(ctx, f.UnitID)
	if err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Inspections.UpdateFinding(ctx, f) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActInspectionFinding, "inspection", x.ID,
				fmt.Sprintf("Sửa kết quả kiểm tra thực tế %s, tiêu chí %s: %s → %s", u.Name, findingCode(f), before.Result.LabelVi(), f.Result.LabelVi()),
				&before, f), u.ID, prov.Code)
		})
	return f, err
}

// FollowUpInput is the form that turns a finding into an obstacle (Owner:
// an agency ID) or a task (Assignee: a person ID), as typed, with the
// finding's version.
type FollowUpInput struct {
	Version                             int
	Title, Detail, Owner, Assignee, Due string
}

// followable loads a finding that may still become an obstacle or a task:
// one not met, not yet followed up.
func (s *Service) followable(ctx context.Context, c Caller, inspID, id int64, version int) (*datchuan.Inspection, *datchuan.Unit, *datchuan.Finding, error) {
	x, prov, f, err := s.findingOf(ctx, c, inspID, id, version)
	switch {
	case err != nil:
		return nil, nil, nil, err
	case f.ObstacleID != 0:
		return nil, nil, nil, datchuan.Errorf(datchuan.ECONFLICT, "Kết quả này đã được ghi thành vướng mắc (already an obstacle)")
	case f.TaskID != 0:
		return nil, nil, nil, datchuan.Errorf(datchuan.ECONFLICT, "Kết quả này đã được giao thành nhiệm vụ (already a task)")
	case !f.Result.NeedsFollowUp():
		return nil, nil, nil, datchuan.Errorf(datchuan.EINVALID, "Kết quả đạt: không có gì cần xử lý (the finding is met: nothing to follow up)")
	}
	return x, prov, f, notCancelled(x)
}

// followUpDetail is what an obstacle or a task made of a finding says of
// where it comes from.
func followUpDetail(x *datchuan.Inspection, f *datchuan.Finding, typed string) string {
	from := fmt.Sprintf("Phát hiện khi kiểm tra thực tế ngày %s (%s)", x.Day().VN(), x.Title)
	if f.Note != "" {
		from += ": " + f.Note
	}
	return strings.TrimSpace(strings.Join([]string{strings.TrimSpace(typed), from}, "\n"))
}

// FindingToObstacle raises the finding as an obstacle of the register
// (source: this inspection), owned by the agency chosen and due by the day
// typed, and links the finding to it: both, with their change-log
// entries, in one transaction.
func (s *Service) FindingToObstacle(ctx context.Context, c Caller, inspID, id int64, in FollowUpInput) (*datchuan.Obstacle, error) {
	x, prov, f, err := s.followable(ctx, c, inspID, id, in.Version)
	if err != nil {
		return nil, err
	}
	u, path, err := c.Tree.Place(ctx, f.UnitID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRaiseObstacle(path); err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	o := &datchuan.Obstacle{ProvinceID: prov.ID, UnitID: u.ID, SetID: f.SetID, CriterionCode: f.CriterionCode, IndicatorCode: f.IndicatorCode,
		Title: strings.TrimSpace(in.Title), Detail: followUpDetail(x, f, in.Detail), State: datchuan.ObstacleOpen,
		Source: datchuan.FromInspection, SourceID: x.ID, RaisedBy: c.Actor.UserID, RaisedAt: s.cfg.Now()}
	owners, err := s.Owners(ctx, c, prov)
	if err != nil {
		return nil, err
	}
	if oid, err := strconv.ParseInt(strings.TrimSpace(in.Owner), 10, 64); err == nil && owners[oid] != nil {
		o.OwnerID = oid
	}
	o.Due = p.ParseDate(datchuan.FieldDue, in.Due, true)
	if err := p.Check(o.Validate()); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Obstacles.RaiseObstacle(ctx, o); err != nil {
			return outcome{}, err
		}
		raised, _ := at(datchuan.NewChange(c.Actor, datchuan.ActObstacleRaise, "obstacle", o.ID,
			"Ghi vướng mắc của "+u.Name+" từ kiểm tra thực tế: "+o.Title, nil, o), u.ID, prov.Code)
		if err := tx.Changes.Record(ctx, raised); err != nil {
			return outcome{}, err
		}
		return s.linkFinding(ctx, tx, c, x, u, prov, f, func(f *datchuan.Finding) { f.ObstacleID = o.ID },
			"Kết quả kiểm tra "+u.Name+", tiêu chí "+findingCode(f)+" ghi thành vướng mắc: "+o.Title)
	})
	return o, err
}

// linkFinding stores the finding with the link set names, in the
// transaction of the obstacle or task it became, and returns the entry of
// that change.
func (s *Service) linkFinding(ctx context.Context, tx datchuan.Stores, c Caller, x *datchuan.Inspection, u, prov *datchuan.Unit,
	f *datchuan.Finding, set func(*datchuan.Finding), summary string) (outcome, error) {
	before := *f
	set(f)
	f.UpdatedAt = s.cfg.Now()
	if err := f.Validate(); err != nil {
		return outcome{}, err
	}
	if err := tx.Inspections.UpdateFinding(ctx, f); err != nil {
		return outcome{}, err
	}
	ch, err := at(datchuan.NewChange(c.Actor, datchuan.ActInspectionFollowUp, "inspection", x.ID, summary, &before, f), u.ID, prov.Code)
	return outcome{change: ch}, err
}

// FindingToTask gives the finding of a commune as a task to a member of
// the commune's (or its district's) steering committee, due by the day
// typed, and links the finding to it: both, with their change-log entries
// and the member's notice, in one transaction. The inspecting agency
// gives it, as the follow-up of its own inspection.
func (s *Service) FindingToTask(ctx context.Context, c Caller, inspID, id int64, in FollowUpInput) (*datchuan.Task, error) {
	x, prov, f, err := s.followable(ctx, c, inspID, id, in.Version)
	if err != nil {
		return nil, err
	}
	u, path, err := c.Tree.Place(ctx, f.UnitID)
	if err != nil {
		return nil, err
	}
	if u.Level != datchuan.LevelCommune {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Nhiệm vụ thành viên chỉ giao cho xã; với huyện, hãy ghi thành vướng mắc (member tasks belong to communes)")
	}
	p := datchuan.Problems{}
	t := &datchuan.Task{UnitID: u.ID, Title: strings.TrimSpace(in.Title), SetID: f.SetID, CriterionCode: f.CriterionCode, IndicatorCode: f.IndicatorCode,
		Status: datchuan.TaskTodo, Notes: followUpDetail(x, f, in.Detail), CreatedBy: c.Actor.UserID, Due: p.ParseDate(datchuan.FieldDue, in.Due, true)}
	people, err := s.TaskPeople(ctx, c, path)
	if err != nil {
		return nil, err
	}
	if pid, err := strconv.ParseInt(strings.TrimSpace(in.Assignee), 10, 64); err == nil && slices.ContainsFunc(people, func(m Member) bool { return m.ID == pid }) {
		t.AssigneeID = pid
	}
	if err := p.Check(t.Validate()); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Tasks.CreateTask(ctx, t); err != nil {
			return outcome{}, err
		}
		given, _ := at(datchuan.NewChange(c.Actor, datchuan.ActTaskCreate, "task", t.ID,
			fmt.Sprintf("Giao nhiệm vụ \"%s\" của %s từ kiểm tra thực tế", t.Title, u.Name), nil, t), u.ID, prov.Code)
		if err := tx.Changes.Record(ctx, given); err != nil {
			return outcome{}, err
		}
		out, err := s.linkFinding(ctx, tx, c, x, u, prov, f, func(f *datchuan.Finding) { f.TaskID = t.ID },
			"Kết quả kiểm tra "+u.Name+", tiêu chí "+findingCode(f)+" giao thành nhiệm vụ: "+t.Title)
		if n, ok := datchuan.TaskNotice(t, u, c.Actor); ok {
			out.notices = append(out.notices, n)
		}
		return out, err
	})
	return t, err
}
