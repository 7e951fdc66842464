package agenda

import (
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
	"github.com/datchuan/datchuan/weekly"
	"github.com/datchuan/datchuan/work"
)

// catalog is a set "s" with criteria 1 and 17, in that order.
type catalog struct{ set *datchuan.CriteriaSet }

func (c catalog) Sets() []*datchuan.CriteriaSet { return []*datchuan.CriteriaSet{c.set} }
func (c catalog) Set(id string) (*datchuan.CriteriaSet, error) {
	if id == c.set.ID {
		return c.set, nil
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "no set %s", id)
}

var sets = catalog{&datchuan.CriteriaSet{ID: "s", NameVi: "Xã nông thôn mới", Criteria: []datchuan.Criterion{
	{Code: "1", NameVi: "Quy hoạch"},
	{Code: "17", NameVi: "Môi trường", Indicators: []datchuan.Indicator{{Code: "17.2", NameVi: "Chất thải rắn"}}},
}}}

var (
	district = &datchuan.Unit{ID: 1, Name: "Huyện Cầu Ngang"}
	hiepMy   = &datchuan.Unit{ID: 2, Name: "Xã Hiệp Mỹ Đông"}
	nhiTr    = &datchuan.Unit{ID: 3, Name: "Xã Nhị Trường"}
	outside  = &datchuan.Unit{ID: 9, Name: "Xã Đông Hải"} // of another district
	scope    = []*datchuan.Unit{district, hiepMy, nhiTr}
)

// at is 02/09/2022 at the hour, Vietnam time: the day the agenda is drawn.
func at(h int) time.Time { return time.Date(2022, 9, 2, h, 0, 0, 0, datchuan.Vietnam()) }

func TestChanges(t *testing.T) {
	before := weekly.Index{
		{UnitID: 3, SetID: "s", Criterion: "17"}:         status.Reported,
		{UnitID: 3, SetID: "s", Criterion: "1"}:          status.NotMet,
		{UnitID: 3, SetID: "s"}:                          status.NotMet,
		{UnitID: 2, SetID: "s", Criterion: "1"}:          status.Met,
		{UnitID: outside.ID, SetID: "s", Criterion: "1"}: status.NotMet,
	}
	now := weekly.Index{
		{UnitID: 3, SetID: "s", Criterion: "17"}:         status.Met,
		{UnitID: 3, SetID: "s", Criterion: "1"}:          status.Met,
		{UnitID: 3, SetID: "s"}:                          status.Met,
		{UnitID: 2, SetID: "s", Criterion: "1"}:          status.Met,    // unchanged
		{UnitID: 2, SetID: "s", Criterion: "17"}:         status.NotMet, // not measured then
		{UnitID: outside.ID, SetID: "s", Criterion: "1"}: status.Met,    // outside the scope
	}
	got := Changes(scope, before, now, sets)
	want := []datchuan.AgendaChange{
		{UnitID: 3, Unit: "Xã Nhị Trường", SetID: "s", Name: "Xã nông thôn mới", Before: "not_met", Now: "met"},
		{UnitID: 3, Unit: "Xã Nhị Trường", SetID: "s", Criterion: "1", Name: "Quy hoạch", Before: "not_met", Now: "met"},
		{UnitID: 3, Unit: "Xã Nhị Trường", SetID: "s", Criterion: "17", Name: "Môi trường", Before: "reported", Now: "met"},
	}
	if len(got) != len(want) {
		t.Fatalf("changes %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestOverdue(t *testing.T) {
	late := func(id, unit int64, crit string, due datchuan.Date, late bool) work.AssignmentItem {
		return work.AssignmentItem{Assignment: &datchuan.Assignment{ID: id, UnitID: unit, SetID: "s", CriterionCode: crit, LeadID: 50, Deadline: due}, Late: late}
	}
	ind := late(4, 2, "17", datchuan.NewDate(2022, 8, 20), true)
	ind.IndicatorCode = "17.2"
	in := Input{At: at(14), Units: scope, Sets: sets, Agencies: map[int64]string{50: "Sở Xây dựng"}, People: map[int64]string{7: "Kim Thị Sa Ra"},
		Assignments: []work.AssignmentItem{
			late(1, 3, "1", datchuan.NewDate(2022, 8, 31), true),
			late(2, 3, "1", datchuan.NewDate(2022, 8, 31), false),        // met by its result, or not due
			late(3, outside.ID, "1", datchuan.NewDate(2022, 8, 1), true), // outside the scope
			ind,
		},
		Tasks: []*datchuan.Task{
			{ID: 10, UnitID: 3, AssigneeID: 7, Title: "Nộp hồ sơ quy hoạch", Due: datchuan.NewDate(2022, 8, 25), Status: datchuan.TaskDoing},
			{ID: 11, UnitID: 3, AssigneeID: 7, Title: "Đã xong", Due: datchuan.NewDate(2022, 8, 1), Status: datchuan.TaskDone},
			{ID: 12, UnitID: 3, AssigneeID: 7, Title: "Hạn hôm nay", Due: datchuan.NewDate(2022, 9, 2), Status: datchuan.TaskTodo},
		}}
	got := Build(in).Overdue
	if len(got) != 3 {
		t.Fatalf("overdue %+v, want the indicator assignment, the task and the criterion assignment", got)
	}
	if got[0].ID != 4 || got[0].Title != "Chỉ tiêu 17.2 Chất thải rắn" || got[0].Late != 13 || got[0].Unit != "Xã Hiệp Mỹ Đông" {
		t.Errorf("first, the longest overdue: %+v", got[0])
	}
	if got[1].Kind != datchuan.OverdueTask || got[1].Owner != "Kim Thị Sa Ra" || got[1].Late != 8 {
		t.Errorf("second, the task: %+v", got[1])
	}
	if got[2].ID != 1 || got[2].Title != "Tiêu chí 1. Quy hoạch" || got[2].Owner != "Sở Xây dựng" || got[2].Late != 2 {
		t.Errorf("third, the assignment due 31/08: %+v", got[2])
	}
}

// TestCarriedOver: an open obstacle is on every agenda until resolved,
// marked from the first held meeting that had it; one that was on no
// earlier agenda is new; a resolved one and one outside the scope are not
// there; a cancelled meeting carries nothing.
func TestCarriedOver(t *testing.T) {
	obstacle := func(id, unit int64, st datchuan.ObstacleState) *datchuan.Obstacle {
		return &datchuan.Obstacle{ID: id, UnitID: unit, SetID: "s", CriterionCode: "1", Title: "Thiếu kinh phí", OwnerID: 50, State: st,
			RaisedAt: at(8).AddDate(0, 0, -10)}
	}
	held := func(day int, state datchuan.MeetingState, ids ...int64) *datchuan.Meeting {
		ag := &datchuan.Agenda{}
		for _, id := range ids {
			ag.Obstacles = append(ag.Obstacles, datchuan.AgendaObstacle{ID: id})
		}
		return &datchuan.Meeting{At: time.Date(2022, 8, day, 14, 0, 0, 0, datchuan.Vietnam()), State: state, Agenda: ag}
	}
	in := Input{At: at(14), Units: scope, Sets: sets, Agencies: map[int64]string{50: "BCĐ huyện Cầu Ngang"},
		Obstacles: []*datchuan.Obstacle{
			obstacle(1, 3, datchuan.ObstacleInProgress),
			obstacle(2, 2, datchuan.ObstacleOpen),
			obstacle(3, 3, datchuan.ObstacleResolved),
			obstacle(4, outside.ID, datchuan.ObstacleOpen),
		},
		Held: []*datchuan.Meeting{held(26, datchuan.MeetingHeld, 1), held(19, datchuan.MeetingHeld, 1, 3), held(12, datchuan.MeetingCancelled, 2)},
	}
	// Raised at the meeting of the 26th, after its agenda was frozen.
	atMeeting := obstacle(5, 2, datchuan.ObstacleOpen)
	atMeeting.Source, atMeeting.SourceID, in.Held[0].ID = datchuan.FromMeeting, 77, 77
	in.Obstacles = append(in.Obstacles, atMeeting)
	got := Build(in).Obstacles
	if len(got) != 3 {
		t.Fatalf("obstacles %+v, want the three open ones of the scope", got)
	}
	if got[0].ID != 1 || got[0].CarriedFrom != datchuan.NewDate(2022, 8, 19) || got[0].Carried != 2 || got[0].Age != 10 ||
		got[0].Criterion != "1. Quy hoạch" || got[0].Owner != "BCĐ huyện Cầu Ngang" {
		t.Errorf("the obstacle carried over: %+v", got[0])
	}
	if got[1].ID != 2 || !got[1].CarriedFrom.IsZero() || got[1].Carried != 0 {
		t.Errorf("the obstacle new on this agenda: %+v", got[1])
	}
	if got[2].ID != 5 || got[2].CarriedFrom != datchuan.NewDate(2022, 8, 26) || got[2].Carried != 1 {
		t.Errorf("the obstacle raised at the meeting of 26/08: %+v", got[2])
	}
}
