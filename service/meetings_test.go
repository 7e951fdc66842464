package service_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/web/webtest"
)

// The demo's Cầu Ngang committee held its meeting of 26/08/2022 (ID 1,
// two decisions) and plans the next on 02/09/2022.
const heldMeeting = 1

// A decision given out as a task whose change-log entry cannot be written
// leaves neither the task nor the decision's link: the task, the link and
// their entries are one transaction.
func TestDecisionTaskIsOneTransaction(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	member, err := w.Stores().Users.UserByLogin(ctx, webtest.Commune)
	if err != nil {
		t.Fatal(err)
	}
	m, err := w.Stores().Meetings.Meeting(ctx, heldMeeting)
	if err != nil {
		t.Fatal(err)
	}
	in := service.TaskInput{Assignee: strconv.FormatInt(member.PersonID, 10)}
	tasks := func() int {
		ts, err := w.Stores().Tasks.Tasks(ctx, datchuan.TaskFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}
	before, logged := tasks(), w.CountChanges()
	broken := serviceOn(w, breaking{db: w.DB, step: "log"})
	if _, err := broken.DecisionTask(ctx, caller(t, w, broken, webtest.District), m.ID, m.Version, 0, "29446", in); !errors.Is(err, errBroken) {
		t.Fatalf("a decision given out with a broken log: %v, want the log's error", err)
	}
	after, err := w.Stores().Meetings.Meeting(ctx, heldMeeting)
	if err != nil {
		t.Fatal(err)
	}
	if tasks() != before || after.Version != m.Version || after.Decisions[0].TaskID != 0 || w.CountChanges() != logged {
		t.Fatalf("a failed decision left %d tasks (had %d), meeting version %d (was %d), link %d, %d entries",
			tasks(), before, after.Version, m.Version, after.Decisions[0].TaskID, w.CountChanges()-logged)
	}

	task, err := w.Service.DecisionTask(ctx, caller(t, w, w.Service, webtest.District), m.ID, m.Version, 0, "29446", in)
	if err != nil {
		t.Fatal(err)
	}
	if task.Title != m.Decisions[0].Text || task.Due != m.Decisions[0].Due || task.AssigneeID != member.PersonID {
		t.Errorf("the task does not take the decision's text and due date: %+v", task)
	}
	after, err = w.Stores().Meetings.Meeting(ctx, heldMeeting)
	if err != nil || after.Decisions[0].TaskID != task.ID {
		t.Fatalf("the decision does not link to its task: %+v, %v", after.Decisions, err)
	}
	if n := len(w.Changes(datchuan.ChangeFilter{Entity: "task", EntityID: task.ID})); n != 1 {
		t.Errorf("%d entries of the task, want its creation", n)
	}
	if _, err := w.Service.DecisionTask(ctx, caller(t, w, w.Service, webtest.District), m.ID, m.Version, 0, "29446", in); datchuan.ErrorCode(err) != datchuan.ECONFLICT {
		t.Errorf("a decision given out from a stale version: %v, want ECONFLICT", err)
	}
}

// TestPlanMeetingTimes: a meeting falls on the series' next weekday at its
// hour unless a day and a time are typed; a time people write is read,
// one that is no time is refused, and a second meeting on a day is too.
func TestPlanMeetingTimes(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	c := caller(t, w, w.Service, webtest.District)
	plan := func(date, clock string) (*datchuan.Meeting, error) {
		return w.Service.PlanMeeting(ctx, c, datchuan.LevelDistrict, "848", service.MeetingInput{Date: date, Time: clock})
	}
	m, err := plan("", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2022, 9, 9, 14, 0, 0, 0, datchuan.Vietnam()); !m.At.Equal(want) || m.Chair == "" || m.Place == "" {
		t.Errorf("the default meeting: %v at %q chaired by %q, want Friday 09/09 at 14:00 with the series' place and chair", m.At, m.Place, m.Chair)
	}
	if m, err := plan("16/09/2022", "8h30"); err != nil || !m.At.Equal(time.Date(2022, 9, 16, 8, 30, 0, 0, datchuan.Vietnam())) {
		t.Errorf("16/09/2022 at 8h30: %v, %v", m, err)
	}
	for _, bad := range [][2]string{{"23/09/2022", "25:00"}, {"23/09/2022", "sáng"}, {"09/09/2022", "15:00"}, {"31/09/2022", ""}} {
		if _, err := plan(bad[0], bad[1]); datchuan.ErrorFields(err)[datchuan.FieldMeetingAt] == "" {
			t.Errorf("%s at %q: %v, want a problem with the day or the time", bad[0], bad[1], err)
		}
	}
}
