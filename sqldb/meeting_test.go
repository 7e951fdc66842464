package sqldb_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestMeetingSeries: one series per unit, versioned edits, read back by
// ID and by unit, on both engines.
func TestMeetingSeries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ms := db.Stores().Meetings
		committee := mustAgency(t, db, w.district, "848-BCD", "Ban Chỉ đạo huyện Cầu Ngang", datchuan.AgencyDistrictCommittee)
		s := &datchuan.MeetingSeries{ProvinceID: w.province, UnitID: w.district, AgencyID: committee, PreparedBy: committee,
			Title: "Họp Ban Chỉ đạo huyện Cầu Ngang", Schedule: datchuan.Schedule{Weekday: time.Friday, Hour: 14},
			Place: "Hội trường UBND huyện", Chair: "Thạch Sô Phên", CreatedBy: w.user}
		must(t, ms.CreateSeries(ctx, s))
		if s.ID == 0 || s.Version != 1 || !s.CreatedAt.Equal(utcNow) {
			t.Fatalf("after CreateSeries: %+v", s)
		}
		got, err := ms.Series(ctx, s.ID)
		must(t, err)
		wantEqual(t, s, got, "Series")
		byUnit, err := ms.SeriesOf(ctx, w.district)
		must(t, err)
		wantEqual(t, s, byUnit, "SeriesOf")
		_, err = ms.SeriesOf(ctx, w.province)
		wantCode(t, err, datchuan.ENOTFOUND)

		again := *s
		again.ID = 0
		wantCode(t, ms.CreateSeries(ctx, &again), datchuan.ECONFLICT)

		stale := *s
		s.Schedule.Weekday, s.Place = time.Thursday, "Phòng họp số 2"
		must(t, ms.UpdateSeries(ctx, s))
		if s.Version != 2 {
			t.Errorf("version after update: %d", s.Version)
		}
		got, err = ms.Series(ctx, s.ID)
		must(t, err)
		wantEqual(t, s, got, "Series after update")
		wantCode(t, ms.UpdateSeries(ctx, &stale), datchuan.ECONFLICT)
		stale.ID = s.ID + 100
		wantCode(t, ms.UpdateSeries(ctx, &stale), datchuan.ENOTFOUND)
	})
}

// TestMeetings: a meeting with its attendance and decisions is read back
// as written; holding it keeps its agenda; a stale edit is refused; the
// list comes the latest first and filters; a decision keeps its link to
// a task and loses the one to an assignment that is deleted; the tables
// refuse what the domain never sends.
func TestMeetings(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		st := db.Stores()
		committee := mustAgency(t, db, w.district, "848-BCD", "Ban Chỉ đạo huyện Cầu Ngang", datchuan.AgencyDistrictCommittee)
		s := &datchuan.MeetingSeries{ProvinceID: w.province, UnitID: w.district, AgencyID: committee, Title: "Họp BCĐ huyện",
			Schedule: datchuan.Schedule{Weekday: time.Friday, Hour: 14}}
		must(t, st.Meetings.CreateSeries(ctx, s))
		task := &datchuan.Task{UnitID: w.c2, AssigneeID: w.member, Title: "Hoàn thiện hồ sơ quy hoạch", Status: datchuan.TaskTodo}
		must(t, st.Tasks.CreateTask(ctx, task))
		as := []*datchuan.Assignment{{UnitID: w.c3, SetID: testSet, CriterionCode: "1", LeadID: w.sxd, Deadline: datchuan.NewDate(2022, 9, 30)}}
		must(t, st.Plans.Assign(ctx, as))

		first := &datchuan.Meeting{SeriesID: s.ID, At: at(17, 14), State: datchuan.MeetingPlanned, Place: "Hội trường", Chair: "Thạch Sô Phên",
			Attendance: []datchuan.Attendee{{Name: "Thạch Sô Phên", Role: "Phó Trưởng ban", Present: true},
				{Name: "Trần Văn Út", Role: "Phòng NN&PTNT", Reason: "Đi công tác"}},
			Conclusions: "Các xã khẩn trương hoàn thiện hồ sơ.",
			Decisions: []datchuan.Decision{
				{Text: "Hoàn thiện hồ sơ quy hoạch xã", OwnerName: "Chủ tịch UBND xã", Due: datchuan.NewDate(2022, 6, 30), TaskID: task.ID},
				{Text: "Đánh giá tiêu chí 1", OwnerID: w.sxd, AssignmentID: as[0].ID},
				{Text: "Báo cáo tiến độ", OwnerID: committee},
			}, CreatedBy: w.user}
		must(t, st.Meetings.CreateMeeting(ctx, first))
		if first.ID == 0 || first.Version != 1 {
			t.Fatalf("after CreateMeeting: %+v", first)
		}
		got, err := st.Meetings.Meeting(ctx, first.ID)
		must(t, err)
		wantEqual(t, first, got, "Meeting")

		// Held: the agenda is kept as it was drawn.
		stale := *got
		got.State, got.HeldAt = datchuan.MeetingHeld, utcNow
		got.Agenda = &datchuan.Agenda{At: utcNow, Since: datchuan.NewDate(2022, 6, 10), SinceHeld: true,
			Changes:   []datchuan.AgendaChange{{UnitID: w.c2, Unit: "Xã Mỹ Long Bắc", SetID: testSet, Criterion: "1", Name: "Quy hoạch", Before: "not_met", Now: "met"}},
			Overdue:   []datchuan.AgendaOverdue{{Kind: datchuan.OverdueTask, ID: task.ID, UnitID: w.c2, Title: task.Title, Owner: "Thạch Thị Sa Rươne", Due: datchuan.NewDate(2022, 6, 15), Late: 2}},
			Obstacles: []datchuan.AgendaObstacle{{ID: 5, UnitID: w.c3, Title: "Thiếu kinh phí", State: datchuan.ObstacleOpen, Age: 3, CarriedFrom: datchuan.NewDate(2022, 6, 10), Carried: 1}}}
		got.Attendance = got.Attendance[:1]
		must(t, st.Meetings.UpdateMeeting(ctx, got))
		if got.Version != 2 {
			t.Errorf("version after update: %d", got.Version)
		}
		held, err := st.Meetings.Meeting(ctx, first.ID)
		must(t, err)
		wantEqual(t, got, held, "Meeting after holding")
		wantCode(t, st.Meetings.UpdateMeeting(ctx, &stale), datchuan.ECONFLICT)
		gone := stale
		gone.ID = first.ID + 100
		wantCode(t, st.Meetings.UpdateMeeting(ctx, &gone), datchuan.ENOTFOUND)

		second := &datchuan.Meeting{SeriesID: s.ID, At: at(24, 14), State: datchuan.MeetingPlanned}
		must(t, st.Meetings.CreateMeeting(ctx, second))
		if len(second.Attendance) != 0 || len(second.Decisions) != 0 {
			t.Errorf("a new meeting's lists: %+v", second)
		}
		list := mustFind(t, st.Meetings.Meetings, datchuan.MeetingFilter{SeriesIDs: []int64{s.ID}})
		wantEqual(t, []int64{second.ID, first.ID}, field(list, func(m *datchuan.Meeting) int64 { return m.ID }), "the series' meetings, latest first")
		if len(list[0].Attendance) != 0 || list[0].Decisions == nil {
			t.Errorf("a meeting without lists reads back %+v", list[0])
		}
		before := mustFind(t, st.Meetings.Meetings, datchuan.MeetingFilter{SeriesIDs: []int64{s.ID}, States: []datchuan.MeetingState{datchuan.MeetingHeld},
			Before: at(24, 14)})
		wantEqual(t, []int64{first.ID}, field(before, func(m *datchuan.Meeting) int64 { return m.ID }), "held before the 24th")
		if n := len(mustFind(t, st.Meetings.Meetings, datchuan.MeetingFilter{SeriesIDs: []int64{s.ID}, Limit: 1})); n != 1 {
			t.Errorf("with a limit of 1: %d meetings", n)
		}

		// An assignment deleted leaves its decision without a link; the
		// task's link stays.
		must(t, st.Plans.DeleteAssignment(ctx, as[0].ID, as[0].Version))
		after, err := st.Meetings.Meeting(ctx, first.ID)
		must(t, err)
		if after.Decisions[1].AssignmentID != 0 || after.Decisions[0].TaskID != task.ID || after.Decisions[1].Text != "Đánh giá tiêu chí 1" {
			t.Errorf("decisions after the assignment was deleted: %+v", after.Decisions)
		}

		// What the domain never sends, the tables refuse.
		bad := &datchuan.Meeting{SeriesID: s.ID, At: at(25, 14), State: datchuan.MeetingHeld}
		wantCode(t, st.Meetings.CreateMeeting(ctx, bad), datchuan.EINVALID)
		bad.State, bad.Decisions = datchuan.MeetingPlanned, []datchuan.Decision{{Text: "x", TaskID: task.ID + 1000}}
		wantCode(t, st.Meetings.CreateMeeting(ctx, bad), datchuan.EINVALID)
		if n := mustCount(t, raw, "meetings", ""); n != 2 {
			t.Errorf("%d meetings stored after the refusals, want 2", n)
		}
	})
}
