package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// TaskUnit resolves the commune of a task page for a caller who reads it.
func (s *Service) TaskUnit(ctx context.Context, c Caller, code string) (*datchuan.Unit, datchuan.UnitPath, error) {
	u, _, err := c.Tree.Resolve(ctx, datchuan.LevelOfCode(code), code, datchuan.Date{})
	if err != nil {
		return nil, datchuan.UnitPath{}, err
	}
	if u.Level != datchuan.LevelCommune {
		return nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "Nhiệm vụ thành viên chỉ có ở cấp xã (member tasks belong to communes)")
	}
	p, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, p, err
	}
	return u, p, c.CheckRead(p)
}

// TaskSet is the commune set a commune's tasks link to: the set of its
// target, else the commune set in force.
func (s *Service) TaskSet(ctx context.Context, u *datchuan.Unit) (*datchuan.CriteriaSet, error) {
	ts, err := s.cfg.Stores.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{u.ID}})
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if set, err := s.cfg.Sets.Set(t.SetID); err == nil && set.Tier == datchuan.TierCommuneNTM {
			return set, nil
		}
	}
	return s.CommuneSet(s.Today().Year), nil
}

// Member is a person who may be given a task.
type Member struct {
	ID   int64
	Name string
}

// TaskPeople lists who may be given a task of the commune at p: the people
// behind enabled accounts whose commune or district role covers it and who
// may report for it, in Vietnamese order.
func (s *Service) TaskPeople(ctx context.Context, c Caller, p datchuan.UnitPath) ([]Member, error) {
	return s.committeePeopleAt(ctx, c, []datchuan.UnitPath{p})
}

// committeePeopleAt lists the people who sit on the steering committee of one
// of the communes at paths (a commune or district role covering it, an
// enabled account), each once, in Vietnamese order.
func (s *Service) committeePeopleAt(ctx context.Context, c Caller, paths []datchuan.UnitPath) ([]Member, error) {
	seen := map[int64]bool{}
	var out []Member
	for _, kind := range []datchuan.RoleKind{datchuan.RoleCommune, datchuan.RoleDistrict} {
		users, err := s.cfg.Stores.Users.Users(ctx, datchuan.UserFilter{Kind: kind})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if u.Disabled || u.PersonID == 0 || seen[u.PersonID] {
				continue
			}
			acc, err := datchuan.LoadAccess(ctx, u, c.Tree, s.cfg.Stores.Agencies)
			if err != nil {
				return nil, err
			}
			if slices.ContainsFunc(paths, acc.OnCommittee) {
				seen[u.PersonID] = true
				out = append(out, Member{ID: u.PersonID, Name: u.Name})
			}
		}
	}
	datchuan.SortByName(out, func(m Member) string { return m.Name })
	return out, nil
}

// TaskInput is the new-task form as typed.
type TaskInput struct {
	Title, Assignee, Link, Due, Notes string
	Files                             []string // attachment IDs
	// Refused names the files the form could not take (StoreUploads): one
	// more problem, so the form shows it with all the others.
	Refused datchuan.Text
}

// CreateTask gives a task to a member of the commune's committee; the
// member is told in the same transaction.
func (s *Service) CreateTask(ctx context.Context, c Caller, unitCode string, in TaskInput) (*datchuan.Task, error) {
	t, u, err := s.newTask(ctx, c, unitCode, in)
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) { return s.createTaskIn(ctx, tx, c, t, u) })
	return t, err
}

// newTask is the task the form asks of the commune, checked: the caller
// manages its tasks, the assignee sits on its committee, the link and the
// files are the commune's to cite, and the task is valid.
func (s *Service) newTask(ctx context.Context, c Caller, unitCode string, in TaskInput) (*datchuan.Task, *datchuan.Unit, error) {
	u, path, err := s.TaskUnit(ctx, c, unitCode)
	if err != nil {
		return nil, nil, err
	}
	if err := c.CheckManageTasks(path); err != nil {
		return nil, nil, err
	}
	p := datchuan.Problems{}
	t := &datchuan.Task{UnitID: u.ID, Title: strings.TrimSpace(in.Title), Notes: strings.TrimSpace(in.Notes),
		Status: datchuan.TaskTodo, CreatedBy: c.Actor.UserID, Due: p.ParseDate(datchuan.FieldDue, in.Due, false)}
	people, err := s.TaskPeople(ctx, c, path)
	if err != nil {
		return nil, nil, err
	}
	id, _ := strconv.ParseInt(in.Assignee, 10, 64)
	if slices.ContainsFunc(people, func(m Member) bool { return m.ID == id }) {
		t.AssigneeID = id
	}
	if in.Link != "" {
		set, err := s.TaskSet(ctx, u)
		if err != nil {
			return nil, nil, err
		}
		if crit, ind, ok := set.Link(in.Link); ok {
			t.SetID, t.CriterionCode, t.IndicatorCode = set.ID, crit, ind
		} else {
			p.Add("link", "Chọn tiêu chí hoặc chỉ tiêu trong danh sách (choose a criterion or indicator)")
		}
	}
	if t.Files, err = s.Citable(ctx, c, in.Files); err != nil {
		return nil, nil, err
	}
	refused(p, datchuan.FieldFiles, in.Refused)
	if err := p.Check(t.Validate()); err != nil {
		return nil, nil, err
	}
	return t, u, nil
}

// createTaskIn stores the new task t of commune u within tx and returns
// its log entry and the notice to the member.
func (s *Service) createTaskIn(ctx context.Context, tx datchuan.Stores, c Caller, t *datchuan.Task, u *datchuan.Unit) (outcome, error) {
	if err := tx.Tasks.CreateTask(ctx, t); err != nil {
		return outcome{}, err
	}
	ch, err := place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActTaskCreate, "task", t.ID,
		fmt.Sprintf("Giao nhiệm vụ \"%s\" của %s", t.Title, u.Name), nil, t), u)
	out := outcome{change: ch}
	if n, ok := datchuan.TaskNotice(t, u, c.Actor); ok {
		out.notices = append(out.notices, n)
	}
	return out, err
}

// TaskFor loads a task and its commune for a caller who reads it.
func (s *Service) TaskFor(ctx context.Context, c Caller, id int64) (*datchuan.Task, *datchuan.Unit, datchuan.UnitPath, error) {
	t, err := s.cfg.Stores.Tasks.Task(ctx, id)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	u, p, err := c.Tree.Place(ctx, t.UnitID)
	if err != nil {
		return nil, nil, p, err
	}
	return t, u, p, c.CheckRead(p)
}

// TaskEdit is the change form of one task as typed, with the version it
// started from and the files to add.
type TaskEdit struct {
	Version            int
	Status, Due, Notes string
	Files              []string
	// Refused names the files the form could not take (StoreUploads): one
	// more problem, so the form shows it with all the others.
	Refused datchuan.Text
}

// UpdateTask changes the status, due date and notes of a task and adds
// files to it, as of the version the caller saw.
func (s *Service) UpdateTask(ctx context.Context, c Caller, id int64, in TaskEdit) (*datchuan.Task, error) {
	t, u, path, err := s.TaskFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckManageTasks(path); err != nil {
		return nil, err
	}
	if err := sameVersion(t.Version, in.Version, "Nhiệm vụ", "the task"); err != nil {
		return nil, err
	}
	before := *t
	p := datchuan.Problems{}
	t.Status, t.Notes = datchuan.TaskStatus(in.Status), strings.TrimSpace(in.Notes)
	t.Due = p.ParseDate(datchuan.FieldDue, in.Due, false)
	added, err := s.Citable(ctx, c, in.Files)
	if err != nil {
		return nil, err
	}
	t.Files = append(slices.Clone(t.Files), added...)
	refused(p, datchuan.FieldFiles, in.Refused)
	if err := p.Check(t.Validate()); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Tasks.UpdateTask(ctx, t) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActTaskUpdate, "task", t.ID,
				fmt.Sprintf("Cập nhật nhiệm vụ \"%s\" của %s: %s", t.Title, u.Name, t.Status), &before, t), u)
		})
	return t, err
}
