package demo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The weekly steering-committee meetings before the demo's clock:
// Cầu Ngang's committee meets on Fridays at 14:00; its meeting of
// 26/08/2022 was held (attendance, conclusions, two decisions, its
// agenda frozen as the data stood that afternoon) and the next is planned
// for Friday 02/09/2022, the day after the clock. The province's
// committee has its series with a meeting planned. The people and what
// they said are made up, and marked so.

// meetingDemo are the dates of the demo's meetings, Vietnam time.
var (
	heldMeeting     = time.Date(2022, 8, 26, 14, 0, 0, 0, datchuan.Vietnam())
	nextMeeting     = time.Date(2022, 9, 2, 14, 0, 0, 0, datchuan.Vietnam())
	provinceMeeting = time.Date(2022, 9, 5, 8, 0, 0, 0, datchuan.Vietnam())
)

// createMeetings writes the demo's meeting series and their meetings.
func (sd *seeder) createMeetings(ctx context.Context) error {
	district := sd.districts[0] // Cầu Ngang
	committee := sd.agencies[district.Code+"-BCD"]
	chair := "Thạch Sô Phên, Phó Chủ tịch UBND huyện, Phó Trưởng ban thường trực (minh họa)"
	ms := &datchuan.MeetingSeries{ProvinceID: sd.province.ID, UnitID: district.ID, AgencyID: committee.ID, PreparedBy: committee.ID,
		Title: "Họp " + committee.Name, Schedule: datchuan.Schedule{Weekday: time.Friday, Hour: 14},
		Place: "Phòng họp UBND huyện Cầu Ngang (minh họa)", Chair: chair, CreatedAt: CaseDate.Time(datchuan.Vietnam()).Add(10 * time.Hour)}
	if err := sd.addSeries(ctx, ms); err != nil {
		return err
	}
	held := &datchuan.Meeting{SeriesID: ms.ID, At: heldMeeting, Place: ms.Place, Chair: chair, Secretary: "Phạm Văn Tư, chuyên viên Phòng NN&PTNT huyện (minh họa)",
		State: datchuan.MeetingPlanned, Attendance: demoAttendance, CreatedAt: heldMeeting.AddDate(0, 0, -7), UpdatedAt: heldMeeting.Add(2 * time.Hour),
		Conclusions: "Các xã khẩn trương hoàn thiện hồ sơ minh chứng các tiêu chí còn thiếu, gửi các phòng chuyên môn huyện trước ngày 31/08/2022 (minh họa).\n" +
			"Phòng Kinh tế và Hạ tầng huyện phối hợp Sở Xây dựng hướng dẫn các xã điều chỉnh quy hoạch chung xây dựng xã (minh họa).",
		Decisions: []datchuan.Decision{
			{Text: "Xã Nhị Trường hoàn thiện hồ sơ minh chứng tiêu chí 1 (quy hoạch), gửi Phòng Kinh tế và Hạ tầng huyện (minh họa)",
				OwnerName: "Chủ tịch UBND xã Nhị Trường (minh họa)", Due: datchuan.NewDate(2022, 9, 2)},
			{Text: "Đề nghị Sở Xây dựng hướng dẫn các xã điều chỉnh quy hoạch chung xây dựng xã (minh họa)",
				OwnerID: sd.agencies["84-SXD"].ID, Due: datchuan.NewDate(2022, 9, 9)},
		}}
	if err := sd.holdMeeting(ctx, ms, held); err != nil {
		return err
	}
	next := &datchuan.Meeting{SeriesID: ms.ID, At: nextMeeting, Place: ms.Place, Chair: chair, State: datchuan.MeetingPlanned,
		CreatedAt: heldMeeting.Add(3 * time.Hour), UpdatedAt: heldMeeting.Add(3 * time.Hour)}
	if err := sd.addMeeting(ctx, next); err != nil {
		return err
	}
	return sd.createProvinceMeetings(ctx)
}

// demoAttendance is who was invited to Cầu Ngang's meeting of 26/08/2022.
var demoAttendance = []datchuan.Attendee{
	{Name: "Thạch Sô Phên (minh họa)", Role: "Phó Chủ tịch UBND huyện, Phó Trưởng ban thường trực", Present: true},
	{Name: "Nguyễn Văn Hùng (minh họa)", Role: "Trưởng phòng Nông nghiệp và PTNT huyện", Present: true},
	{Name: "Lê Thị Thu (minh họa)", Role: "Trưởng phòng Kinh tế và Hạ tầng huyện", Present: true},
	{Name: "Kim Thị Sa Ra (minh họa)", Role: "Ban Chỉ đạo xã Nhị Trường", Present: true},
	{Name: "Trần Văn Nam (minh họa)", Role: "Chủ tịch UBND xã Hiệp Mỹ Đông", Reason: "Dự tập huấn tại tỉnh"},
}

// createProvinceMeetings writes the province committee's series, prepared
// by the coordination office, with its next meeting planned.
func (sd *seeder) createProvinceMeetings(ctx context.Context) error {
	chair := "Trần Minh Đức, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo (minh họa)"
	ms := &datchuan.MeetingSeries{ProvinceID: sd.province.ID, UnitID: sd.province.ID, AgencyID: sd.agencies["84-BCD"].ID,
		PreparedBy: sd.agencies["84-VPDP"].ID, Title: "Họp " + sd.agencies["84-BCD"].Name, Schedule: datchuan.Schedule{Weekday: time.Monday, Hour: 8},
		Place: "Phòng họp UBND tỉnh Trà Vinh (minh họa)", Chair: chair, CreatedAt: CaseDate.Time(datchuan.Vietnam()).Add(10 * time.Hour)}
	if err := sd.addSeries(ctx, ms); err != nil {
		return err
	}
	return sd.addMeeting(ctx, &datchuan.Meeting{SeriesID: ms.ID, At: provinceMeeting, Place: ms.Place, Chair: chair,
		Secretary: "Phạm Quốc Bảo, chuyên viên Văn phòng Điều phối (minh họa)", State: datchuan.MeetingPlanned,
		CreatedAt: Clock.Add(-24 * time.Hour), UpdatedAt: Clock.Add(-24 * time.Hour)})
}

func (sd *seeder) addSeries(ctx context.Context, ms *datchuan.MeetingSeries) error {
	if err := ms.Validate(); err != nil {
		return fmt.Errorf("demo meeting series %s: %w", ms.Title, err)
	}
	if err := sd.Meetings.CreateSeries(ctx, ms); err != nil {
		return fmt.Errorf("demo meeting series %s: %w", ms.Title, err)
	}
	return nil
}

func (sd *seeder) addMeeting(ctx context.Context, m *datchuan.Meeting) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("demo meeting of %s: %w", m.Day().VN(), err)
	}
	if err := sd.Meetings.CreateMeeting(ctx, m); err != nil {
		return fmt.Errorf("demo meeting of %s: %w", m.Day().VN(), err)
	}
	return nil
}

// holdMeeting stores m, planned, then holds it two hours after it began
// with its agenda drawn as the service draws it, from the data as it
// stood then.
func (sd *seeder) holdMeeting(ctx context.Context, ms *datchuan.MeetingSeries, m *datchuan.Meeting) error {
	if err := sd.addMeeting(ctx, m); err != nil {
		return err
	}
	at := m.At.Add(2 * time.Hour)
	svc := service.New(service.Config{Stores: sd.Stores, Sets: sd.sets, Now: func() time.Time { return at },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var err error
	if m.Agenda, err = svc.DrawAgenda(ctx, svc.System("demo"), ms, m); err != nil {
		return fmt.Errorf("demo agenda of %s: %w", m.Day().VN(), err)
	}
	m.State, m.HeldAt, m.UpdatedAt = datchuan.MeetingHeld, at, at
	if err := m.Validate(); err != nil {
		return fmt.Errorf("demo meeting of %s: %w", m.Day().VN(), err)
	}
	if err := sd.Meetings.UpdateMeeting(ctx, m); err != nil {
		return fmt.Errorf("demo meeting of %s: %w", m.Day().VN(), err)
	}
	return nil
}
