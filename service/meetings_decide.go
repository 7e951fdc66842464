package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// What a meeting concludes: its conclusions and decisions, each decision
// given out as a member task or an assignment in one action (the work,
// the decision's link to it and their change-log entries in one
// transaction), and the obstacles it raises into the register.

// DecisionInput is one decision of the conclusions form as typed. Keep
// stands for a decision already given out (From is its place in the list
// the form showed): it stays as it is.
type DecisionInput struct {
	Keep                        bool
	From                        int
	Text, Owner, OwnerName, Due string
}

// RecordConclusions sets the meeting's conclusions and decisions, as of
// the version the caller saw. A decision given out stays, unchanged.
func (s *Service) RecordConclusions(ctx context.Context, c Caller, id int64, version int, conclusions string, rows []DecisionInput) (*datchuan.Meeting, error) {
	at, before, err := s.meetingToChange(ctx, c, id, version, true)
	if err != nil {
		return nil, err
	}
	owners, err := s.Owners(ctx, c, at.Province)
	if err != nil {
		return nil, err
	}
	m := at.Meeting
	m.Conclusions = strings.TrimSpace(conclusions)
	p := datchuan.Problems{}
	kept := map[int]bool{}
	m.Decisions = make([]datchuan.Decision, 0, len(rows))
	for i, r := range rows {
		if r.Keep {
			if r.From < 0 || r.From >= len(before.Decisions) || !before.Decisions[r.From].Linked() || kept[r.From] {
				return nil, datchuan.Stale("Cuộc họp", "the meeting")
			}
			kept[r.From] = true
			m.Decisions = append(m.Decisions, before.Decisions[r.From])
			continue
		}
		d := datchuan.Decision{Text: strings.TrimSpace(r.Text), OwnerName: strings.TrimSpace(r.OwnerName)}
		if owner := strings.TrimSpace(r.Owner); owner != "" {
			if id, err := strconv.ParseInt(owner, 10, 64); err == nil && owners[id] != nil {
				d.OwnerID = id
			} else {
				p.Add(datchuan.ItemField(datchuan.FieldDecisionOwner, i), "Chọn cơ quan trong danh sách (choose an agency from the list)")
			}
		}
		d.Due = p.ParseDate(datchuan.ItemField(datchuan.FieldDecisionDue, i), r.Due, false)
		m.Decisions = append(m.Decisions, d)
	}
	for i, d := range before.Decisions {
		if d.Linked() && !kept[i] {
			return nil, datchuan.Errorf(datchuan.ECONFLICT, "Nội dung đã giao thành nhiệm vụ hoặc phân công thì không xóa được (a decision given out stays)")
		}
	}
	if err := p.Check(m.Validate()); err != nil {
		return nil, err
	}
	return m, s.changeMeeting(ctx, c, at, before, datchuan.ActMeetingUpdate,
		fmt.Sprintf("Ghi kết luận (%d nội dung giao việc)", len(m.Decisions)))
}

// decisionToGive loads decision i of a held meeting, not given out yet,
// for a caller who runs the meeting, as of the version the caller saw.
func (s *Service) decisionToGive(ctx context.Context, c Caller, id int64, version, i int) (*MeetingAt, *datchuan.Meeting, datchuan.Decision, error) {
	at, before, err := s.meetingToChange(ctx, c, id, version, true)
	if err != nil {
		return nil, nil, datchuan.Decision{}, err
	}
	m := at.Meeting
	switch {
	case m.State != datchuan.MeetingHeld:
		return nil, nil, datchuan.Decision{}, datchuan.Errorf(datchuan.ECONFLICT, "Chỉ giao việc khi cuộc họp đã họp (decisions are given out once the meeting is held)")
	case i < 0 || i >= len(m.Decisions):
		return nil, nil, datchuan.Decision{}, datchuan.Errorf(datchuan.ENOTFOUND, "Cuộc họp không có nội dung giao việc này (no such decision)")
	case m.Decisions[i].Linked():
		return nil, nil, datchuan.Decision{}, datchuan.Errorf(datchuan.ECONFLICT, "Nội dung này đã được giao (the decision was given out already)")
	}
	return at, before, m.Decisions[i], nil
}

// scopeUnit resolves a unit code typed in a meeting's form, as of today,
// refusing one outside the meeting's district (or province).
func (s *Service) scopeUnit(ctx context.Context, c Caller, at *MeetingAt, code string) error {
	u, path, err := s.obstacleUnit(ctx, c, at.Province, code)
	if err == nil && path.Within(at.Path) {
		return nil
	}
	p := datchuan.Problems{}
	name := code
	if u != nil {
		name = u.Name
	}
	p.Add(datchuan.FieldUnits, "Chọn một đơn vị của %s, không phải %q (choose a unit of the meeting's area)", at.Unit.Name, name)
	return p.Err()
}

// DecisionTask gives decision i of a held meeting to a member of the
// committee of a commune in the meeting's area, as a member task, in one
// action: the task, the decision's link to it and both change-log
// entries in one transaction; the member is told. The task's title, due
// date and notes default to the decision's.
func (s *Service) DecisionTask(ctx context.Context, c Caller, id int64, version, i int, commune string, in TaskInput) (*datchuan.Task, error) {
	at, before, d, err := s.decisionToGive(ctx, c, id, version, i)
	if err != nil {
		return nil, err
	}
	if err := s.scopeUnit(ctx, c, at, commune); err != nil {
		return nil, err
	}
	in.Title = typedOr(in.Title, clipChars(d.Text, datchuan.MaxTitle))
	in.Due = typedOr(in.Due, d.Due.VN())
	in.Notes = typedOr(in.Notes, "Theo kết luận tại "+meetingLabel(at.Series, at.Meeting))
	t, u, err := s.newTask(ctx, c, commune, in)
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		out, err := s.createTaskIn(ctx, tx, c, t, u)
		if err == nil {
			err = recordAlso(ctx, tx, c, out.change)
		}
		if err != nil {
			return outcome{}, err
		}
		at.Meeting.Decisions[i].TaskID = t.ID
		ch, err := s.decided(ctx, tx, c, at, before, i, fmt.Sprintf("nhiệm vụ \"%s\" của %s", t.Title, u.Name))
		return outcome{change: ch, notices: out.notices}, err
	})
	return t, err
}

// DecisionAssignInput is the form giving a decision out as an
// assignment, as typed: the plan, the commune, the criterion, the lead
// agency and the deadline (the decision's due date when blank).
type DecisionAssignInput struct {
	Plan, Unit, Criterion, Lead, Deadline string
}

// DecisionAssignment gives decision i of a held meeting out as an
// assignment of a plan (a criterion of a commune in the meeting's area to
// a lead agency by a deadline), in one action: the assignment, the
// decision's link to it and both change-log entries in one transaction;
// the lead is told. Planning is the coordination office's.
func (s *Service) DecisionAssignment(ctx context.Context, c Caller, id int64, version, i int, in DecisionAssignInput) (*datchuan.Assignment, error) {
	at, before, d, err := s.decisionToGive(ctx, c, id, version, i)
	if err != nil {
		return nil, err
	}
	if err := c.CheckPlan(at.Path); err != nil {
		return nil, err
	}
	if err := s.scopeUnit(ctx, c, at, in.Unit); err != nil {
		return nil, err
	}
	planID, err := strconv.ParseInt(strings.TrimSpace(in.Plan), 10, 64)
	if err != nil {
		p := datchuan.Problems{}
		p.Add("plan", "Chọn kế hoạch (choose a plan)")
		return nil, p.Err()
	}
	b, err := s.assignBatch(ctx, c, planID, AssignInput{Criterion: strings.TrimSpace(in.Criterion), Units: []string{strings.TrimSpace(in.Unit)},
		Lead: in.Lead, Deadline: typedOr(in.Deadline, d.Due.VN()), Note: clipChars(d.Text, datchuan.MaxText)})
	if err != nil {
		return nil, err
	}
	if err := datchuan.ValidateAssignments(b.rows); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		out, err := s.assignIn(ctx, tx, c, b)
		if err == nil {
			err = recordAlso(ctx, tx, c, out.change)
		}
		if err != nil {
			return outcome{}, err
		}
		a := b.rows[0]
		at.Meeting.Decisions[i].AssignmentID = a.ID
		u, err := c.Tree.Unit(ctx, a.UnitID)
		if err != nil {
			return outcome{}, err
		}
		ch, err := s.decided(ctx, tx, c, at, before, i, fmt.Sprintf("phân công tiêu chí %s của %s", a.CriterionCode, u.Name))
		return outcome{change: ch, notices: out.notices}, err
	})
	return b.rows[0], err
}

// recordAlso appends a change-log entry of the caller within tx: the entry
// of the work a decision became, beside the meeting's own.
func recordAlso(ctx context.Context, tx datchuan.Stores, c Caller, ch *datchuan.Change) error {
	ch.Actor = c.Actor
	return tx.Changes.Record(ctx, ch)
}

// decided stores the meeting whose decision i now links to what it
// became, within tx, and returns its log entry.
func (s *Service) decided(ctx context.Context, tx datchuan.Stores, c Caller, at *MeetingAt, before *datchuan.Meeting, i int, what string) (*datchuan.Change, error) {
	m := at.Meeting
	if err := tx.Meetings.UpdateMeeting(ctx, m); err != nil {
		return nil, err
	}
	return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActMeetingDecide, "meeting", m.ID,
		fmt.Sprintf("Giao nội dung %d của %s thành %s", i+1, meetingLabel(at.Series, before), what), before, m), at.Unit)
}

// clipChars cuts s to at most n characters, marking the cut.
func clipChars(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// RaiseFromMeeting writes an obstacle of a unit of the meeting's area
// into the register, raised at the meeting, in one action (RaiseObstacle:
// the same rules as any other obstacle). Whoever runs the meeting may.
func (s *Service) RaiseFromMeeting(ctx context.Context, c Caller, id int64, in ObstacleInput) (*datchuan.Obstacle, error) {
	at, err := s.MeetingFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunMeetings(at.Path); err != nil {
		return nil, err
	}
	if at.Meeting.State == datchuan.MeetingCancelled {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Cuộc họp đã hủy (the meeting was cancelled)")
	}
	if strings.TrimSpace(in.Unit) != "" {
		if err := s.scopeUnit(ctx, c, at, in.Unit); err != nil {
			return nil, err
		}
	}
	in.Source, in.SourceID = datchuan.FromMeeting, at.Meeting.ID
	return s.RaiseObstacle(ctx, c, at.Province.Code, in)
}

// MeetingObstacles lists the obstacles raised at the meeting, the open
// ones first.
func (s *Service) MeetingObstacles(ctx context.Context, c Caller, at *MeetingAt) ([]ObstacleRow, error) {
	list, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{ProvinceID: at.Province.ID})
	if err != nil {
		return nil, err
	}
	var mine []*datchuan.Obstacle
	for _, o := range list {
		if o.Source == datchuan.FromMeeting && o.SourceID == at.Meeting.ID {
			mine = append(mine, o)
		}
	}
	return s.obstacleRows(ctx, c, mine)
}
