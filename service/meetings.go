package service

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/datchuan/datchuan"
)

// Weekly steering-committee meetings (datchuan.MeetingSeries, Meeting):
// a district's committee runs its own series, the coordination office
// the province's and any district's; the province's officers read them.
// Each write asks Access, validates, and commits the change with its
// change-log entry in one transaction.

// MeetingScope is the committee whose meetings a page shows: its unit (a
// district or the province), the committee and who prepares its meetings,
// and its series (nil when it has none yet).
type MeetingScope struct {
	Unit      *datchuan.Unit
	Path      datchuan.UnitPath
	Province  *datchuan.Unit
	Committee *datchuan.Agency // nil when the agency list lacks it
	Preparer  *datchuan.Agency
	Series    *datchuan.MeetingSeries
	Runs      bool // the caller runs the meetings
}

// MeetingScopeOf resolves the district or province (level, code), as of
// today, for a caller who reads its meetings.
func (s *Service) MeetingScopeOf(ctx context.Context, c Caller, level datchuan.Level, code string) (*MeetingScope, error) {
	u, _, err := c.Tree.Resolve(ctx, level, code, datchuan.Date{})
	if err != nil {
		return nil, err
	}
	return s.meetingScope(ctx, c, u)
}

// meetingScope is the scope of unit u for a caller who reads its
// meetings.
func (s *Service) meetingScope(ctx context.Context, c Caller, u *datchuan.Unit) (*MeetingScope, error) {
	path, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, err
	}
	if err := c.CheckSeeMeetings(path); err != nil {
		return nil, err
	}
	sc := &MeetingScope{Unit: u, Path: path, Runs: c.CanRunMeetings(path)}
	if sc.Province, _, err = c.Tree.Resolve(ctx, datchuan.LevelProvince, path.Province, datchuan.Date{}); err != nil {
		return nil, err
	}
	if err := s.committeeOf(ctx, c, sc); err != nil {
		return nil, err
	}
	sc.Series, err = s.cfg.Stores.Meetings.SeriesOf(ctx, u.ID)
	if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
		return sc, nil
	}
	return sc, err
}

// committeeOf finds who meets and who prepares: a district's steering
// committee, which prepares its own meetings; the province's steering
// committee, whose meetings the coordination office prepares.
func (s *Service) committeeOf(ctx context.Context, c Caller, sc *MeetingScope) error {
	if sc.Unit.Level == datchuan.LevelDistrict {
		as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: sc.Unit.ID, Kind: datchuan.AgencyDistrictCommittee})
		if err != nil || len(as) == 0 {
			return err
		}
		sc.Committee, sc.Preparer = as[0], as[0]
		return nil
	}
	ags, err := s.Agencies(ctx, c, sc.Province.Code)
	if err != nil {
		return err
	}
	for _, a := range SortedAgencies(ags, nil) {
		switch {
		case a.Kind == datchuan.AgencySteering && sc.Committee == nil:
			sc.Committee = a
		case a.Kind == datchuan.AgencyCoordination && sc.Preparer == nil:
			sc.Preparer = a
		}
	}
	return nil
}

// SeriesMeetings lists the series' meetings, the latest first (a year of
// weeks at most).
func (s *Service) SeriesMeetings(ctx context.Context, sc *MeetingScope) ([]*datchuan.Meeting, error) {
	if sc.Series == nil {
		return nil, nil
	}
	return s.cfg.Stores.Meetings.Meetings(ctx, datchuan.MeetingFilter{SeriesIDs: []int64{sc.Series.ID}, Limit: 53})
}

// SeriesInput is the series form as typed.
type SeriesInput struct {
	Weekday, Hour, Place, Chair string
}

// SaveSeries sets the weekly meeting of the committee of (level, code):
// creates its series (version 0), or changes it as of the version the
// caller saw.
func (s *Service) SaveSeries(ctx context.Context, c Caller, level datchuan.Level, code string, version int, in SeriesInput) (*datchuan.MeetingSeries, error) {
	sc, err := s.MeetingScopeOf(ctx, c, level, code)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunMeetings(sc.Path); err != nil {
		return nil, err
	}
	if sc.Committee == nil {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Danh sách cơ quan chưa có Ban Chỉ đạo của %s; quản trị hệ thống cần thêm trước (the agency list lacks the committee)", sc.Unit.Name)
	}
	ms := &datchuan.MeetingSeries{ProvinceID: sc.Province.ID, UnitID: sc.Unit.ID, AgencyID: sc.Committee.ID,
		Title: "Họp " + sc.Committee.Name, CreatedBy: c.Actor.UserID, CreatedAt: s.cfg.Now()}
	var before *datchuan.MeetingSeries
	if sc.Series != nil {
		if err := sameVersion(sc.Series.Version, version, "Lịch họp", "the meeting series"); err != nil {
			return nil, err
		}
		before, ms = sc.Series, new(datchuan.MeetingSeries)
		*ms = *sc.Series
	} else if version != 0 {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Lịch họp không còn; hãy tải lại trang (the meeting series is gone; reload the page)")
	}
	if sc.Preparer != nil {
		ms.PreparedBy = sc.Preparer.ID
	}
	ms.Schedule = datchuan.Schedule{Weekday: -1, Hour: -1}
	if d, err := strconv.Atoi(strings.TrimSpace(in.Weekday)); err == nil {
		ms.Schedule.Weekday = time.Weekday(d)
	}
	if h, err := strconv.Atoi(strings.TrimSpace(in.Hour)); err == nil {
		ms.Schedule.Hour = h
	}
	ms.Place, ms.Chair = strings.TrimSpace(in.Place), strings.TrimSpace(in.Chair)
	if err := ms.Validate(); err != nil {
		return nil, err
	}
	act, summary := datchuan.ActMeetingSeriesCreate, "Đặt lịch "+lowerInitial(ms.Title)+": "+ms.Schedule.LabelVi()
	store := func(tx datchuan.Stores) error { return tx.Meetings.CreateSeries(ctx, ms) }
	if before != nil {
		act, summary = datchuan.ActMeetingSeriesUpdate, "Đổi lịch "+lowerInitial(ms.Title)+": "+ms.Schedule.LabelVi()
		store = func(tx datchuan.Stores) error { return tx.Meetings.UpdateSeries(ctx, ms) }
	}
	err = s.save(ctx, c, store, func() (*datchuan.Change, error) {
		var b any
		if before != nil {
			b = before
		}
		return place(ctx, c, datchuan.NewChange(c.Actor, act, "meeting_series", ms.ID, summary, b, ms), sc.Unit)
	})
	return ms, err
}

// MeetingInput is the form of a meeting's details as typed.
type MeetingInput struct {
	Date, Time, Place, Chair, Secretary string
}

// NextMeetingDay is the day a new meeting of the series falls on by
// default: its weekday, after the latest meeting not cancelled, from
// today on (tomorrow on, once today's hour has passed).
func (s *Service) NextMeetingDay(ctx context.Context, ms *datchuan.MeetingSeries) (datchuan.Date, error) {
	from := s.Today()
	if !ms.Slot(from).After(s.cfg.Now()) {
		from = from.AddDays(1)
	}
	list, err := s.cfg.Stores.Meetings.Meetings(ctx, datchuan.MeetingFilter{SeriesIDs: []int64{ms.ID},
		States: []datchuan.MeetingState{datchuan.MeetingPlanned, datchuan.MeetingHeld}, Limit: 1})
	if err != nil {
		return datchuan.Date{}, err
	}
	if len(list) > 0 && !list[0].Day().Before(from) {
		from = list[0].Day().AddDays(1)
	}
	return ms.NextDay(from), nil
}

// PlanMeeting plans the series' next meeting: on the day and hour typed,
// else the next day of its weekday at its hour; at its usual place and
// with its usual chair unless others are typed.
func (s *Service) PlanMeeting(ctx context.Context, c Caller, level datchuan.Level, code string, in MeetingInput) (*datchuan.Meeting, error) {
	sc, err := s.MeetingScopeOf(ctx, c, level, code)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunMeetings(sc.Path); err != nil {
		return nil, err
	}
	ms := sc.Series
	if ms == nil {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Hãy đặt lịch họp hằng tuần trước (set the weekly schedule first)")
	}
	now := s.cfg.Now()
	m := &datchuan.Meeting{SeriesID: ms.ID, State: datchuan.MeetingPlanned, Place: typedOr(in.Place, ms.Place), Chair: typedOr(in.Chair, ms.Chair),
		Secretary: strings.TrimSpace(in.Secretary), CreatedBy: c.Actor.UserID, CreatedAt: now, UpdatedAt: now}
	p := datchuan.Problems{}
	day := p.ParseDate(datchuan.FieldMeetingAt, in.Date, false)
	if day.IsZero() && strings.TrimSpace(in.Date) == "" {
		if day, err = s.NextMeetingDay(ctx, ms); err != nil {
			return nil, err
		}
	}
	m.At = meetingAt(p, ms, day, in.Time)
	if err := s.sameDay(ctx, ms, m, p); err != nil {
		return nil, err
	}
	if err := p.Check(m.Validate()); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Meetings.CreateMeeting(ctx, m) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActMeetingPlan, "meeting", m.ID,
				"Lên lịch "+meetingLabel(ms, m), nil, m), sc.Unit)
		})
	return m, err
}

// typedOr is the typed text, or def when none was typed.
func typedOr(typed, def string) string {
	if t := strings.TrimSpace(typed); t != "" {
		return t
	}
	return def
}

// meetingClock is a time of day as people type it: 14:00, 14h, 14h30, 8:30.
var meetingClock = regexp.MustCompile(`^(\d{1,2})(?:[:hH](\d{2})?)?$`)

// meetingAt is the moment of a meeting on day at the time typed (the
// series' hour when none); what is wrong goes to p. A zero day is no
// moment (its problem is p's already, or Validate's).
func meetingAt(p datchuan.Problems, ms *datchuan.MeetingSeries, day datchuan.Date, typed string) time.Time {
	if day.IsZero() {
		return time.Time{}
	}
	h, min := ms.Schedule.Hour, 0
	if typed = strings.TrimSpace(typed); typed != "" {
		m := meetingClock.FindStringSubmatch(typed)
		if m == nil {
			p.Add(datchuan.FieldMeetingAt, "Giờ họp cần dạng HH:MM, ví dụ 14:00 (the time must be HH:MM)")
			return time.Time{}
		}
		h, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			min, _ = strconv.Atoi(m[2])
		}
		if h > 23 || min > 59 {
			p.Add(datchuan.FieldMeetingAt, "Giờ họp %s không có thật (no such time)", typed)
			return time.Time{}
		}
	}
	return time.Date(day.Year, day.Month, day.Day, h, min, 0, 0, datchuan.Vietnam())
}

// sameDay refuses, into p, a second meeting of the series on one day.
func (s *Service) sameDay(ctx context.Context, ms *datchuan.MeetingSeries, m *datchuan.Meeting, p datchuan.Problems) error {
	if m.At.IsZero() {
		return nil
	}
	list, err := s.cfg.Stores.Meetings.Meetings(ctx, datchuan.MeetingFilter{SeriesIDs: []int64{ms.ID},
		States: []datchuan.MeetingState{datchuan.MeetingPlanned, datchuan.MeetingHeld}})
	if err != nil {
		return err
	}
	if slices.ContainsFunc(list, func(x *datchuan.Meeting) bool { return x.ID != m.ID && x.Day() == m.Day() }) {
		p.Add(datchuan.FieldMeetingAt, "Đã có cuộc họp ngày %s (there is a meeting that day already)", m.Day().VN())
	}
	return nil
}

// meetingLabel names a meeting in the change log: "cuộc họp Ban Chỉ đạo
// huyện Cầu Ngang ngày 02/09/2022".
func meetingLabel(ms *datchuan.MeetingSeries, m *datchuan.Meeting) string {
	return "cuộc " + lowerInitial(ms.Title) + " ngày " + m.Day().VN()
}

// lowerInitial is s with its first letter in lower case: "Họp …" inside a
// sentence.
func lowerInitial(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// MeetingAt is a meeting with its scope, for a caller who reads it.
type MeetingAt struct {
	*MeetingScope
	Meeting *datchuan.Meeting
}

// MeetingFor loads a meeting and its committee for a caller who reads it.
func (s *Service) MeetingFor(ctx context.Context, c Caller, id int64) (*MeetingAt, error) {
	m, err := s.cfg.Stores.Meetings.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	ms, err := s.cfg.Stores.Meetings.Series(ctx, m.SeriesID)
	if err != nil {
		return nil, err
	}
	u, err := c.Tree.Unit(ctx, ms.UnitID)
	if err != nil {
		return nil, err
	}
	sc, err := s.meetingScope(ctx, c, u)
	if err != nil {
		return nil, err
	}
	sc.Series = ms
	return &MeetingAt{MeetingScope: sc, Meeting: m}, nil
}

// meetingToChange loads a meeting for a caller who runs it, as of the
// version the caller saw, refusing a cancelled one (and a held one, when
// !held): what changing it starts from.
func (s *Service) meetingToChange(ctx context.Context, c Caller, id int64, version int, held bool) (*MeetingAt, *datchuan.Meeting, error) {
	at, err := s.MeetingFor(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	if err := c.CheckRunMeetings(at.Path); err != nil {
		return nil, nil, err
	}
	if err := sameVersion(at.Meeting.Version, version, "Cuộc họp", "the meeting"); err != nil {
		return nil, nil, err
	}
	m := at.Meeting
	switch {
	case m.State == datchuan.MeetingCancelled:
		return nil, nil, datchuan.Errorf(datchuan.ECONFLICT, "Cuộc họp đã hủy (the meeting was cancelled)")
	case m.State == datchuan.MeetingHeld && !held:
		return nil, nil, datchuan.Errorf(datchuan.ECONFLICT, "Cuộc họp đã họp; chương trình họp đã chốt (the meeting was held; its agenda is final)")
	}
	before := *m
	before.Attendance, before.Decisions = slices.Clone(m.Attendance), slices.Clone(m.Decisions)
	m.UpdatedAt = s.cfg.Now()
	return at, &before, nil
}

// changeMeeting stores a changed meeting with its log entry.
func (s *Service) changeMeeting(ctx context.Context, c Caller, at *MeetingAt, before *datchuan.Meeting, action, what string) error {
	m := at.Meeting
	return s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Meetings.UpdateMeeting(ctx, m) },
		func() (*datchuan.Change, error) {
			return place(ctx, c, datchuan.NewChange(c.Actor, action, "meeting", m.ID, what+" "+meetingLabel(at.Series, before), before, m), at.Unit)
		})
}

// EditMeeting changes a meeting's day, hour, place, chair and secretary,
// as of the version the caller saw. A held meeting keeps its day and hour:
// its agenda was drawn for them.
func (s *Service) EditMeeting(ctx context.Context, c Caller, id int64, version int, in MeetingInput) (*datchuan.Meeting, error) {
	at, before, err := s.meetingToChange(ctx, c, id, version, true)
	if err != nil {
		return nil, err
	}
	m := at.Meeting
	p := datchuan.Problems{}
	m.At = meetingAt(p, at.Series, p.ParseDate(datchuan.FieldMeetingAt, in.Date, true), in.Time)
	if m.State == datchuan.MeetingHeld && !m.At.Equal(before.At) && !m.At.IsZero() {
		p.Add(datchuan.FieldMeetingAt, "Cuộc họp đã họp: không đổi ngày, giờ (a held meeting keeps its day and hour)")
	}
	m.Place, m.Chair, m.Secretary = strings.TrimSpace(in.Place), strings.TrimSpace(in.Chair), strings.TrimSpace(in.Secretary)
	if err := s.sameDay(ctx, at.Series, m, p); err != nil {
		return nil, err
	}
	if err := p.Check(m.Validate()); err != nil {
		return nil, err
	}
	return m, s.changeMeeting(ctx, c, at, before, datchuan.ActMeetingUpdate, "Sửa thông tin")
}

// AttendeeInput is one line of the attendance form as typed.
type AttendeeInput struct {
	Name, Role, Reason string
	Present            bool
}

// RecordAttendance sets who attended the meeting, as of the version the
// caller saw; lines are kept in the order given.
func (s *Service) RecordAttendance(ctx context.Context, c Caller, id int64, version int, rows []AttendeeInput) (*datchuan.Meeting, error) {
	at, before, err := s.meetingToChange(ctx, c, id, version, true)
	if err != nil {
		return nil, err
	}
	m := at.Meeting
	m.Attendance = make([]datchuan.Attendee, len(rows))
	for i, r := range rows {
		m.Attendance[i] = datchuan.Attendee{Name: strings.TrimSpace(r.Name), Role: strings.TrimSpace(r.Role), Present: r.Present}
		if !r.Present {
			m.Attendance[i].Reason = strings.TrimSpace(r.Reason)
		}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, s.changeMeeting(ctx, c, at, before, datchuan.ActMeetingUpdate,
		fmt.Sprintf("Ghi thành phần dự họp (%d/%d có mặt)", m.Present(), len(m.Attendance)))
}

// HoldMeeting marks a planned meeting held, from its day on, as of the
// version the caller saw: its agenda is drawn from the data now and kept
// as it is, so that its minutes never change afterwards.
func (s *Service) HoldMeeting(ctx context.Context, c Caller, id int64, version int) (*datchuan.Meeting, error) {
	at, before, err := s.meetingToChange(ctx, c, id, version, false)
	if err != nil {
		return nil, err
	}
	m := at.Meeting
	if s.Today().Before(m.Day()) {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Chưa đến ngày họp %s (the meeting's day has not come yet)", m.Day().VN())
	}
	if m.Agenda, err = s.DrawAgenda(ctx, c, at.Series, m); err != nil {
		return nil, err
	}
	m.State, m.HeldAt = datchuan.MeetingHeld, m.UpdatedAt
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, s.changeMeeting(ctx, c, at, before, datchuan.ActMeetingHold, "Đã họp, chốt chương trình")
}

// CancelMeeting cancels a planned meeting with the reason, as of the
// version the caller saw.
func (s *Service) CancelMeeting(ctx context.Context, c Caller, id int64, version int, reason string) (*datchuan.Meeting, error) {
	at, before, err := s.meetingToChange(ctx, c, id, version, false)
	if err != nil {
		return nil, err
	}
	m := at.Meeting
	m.State, m.Note = datchuan.MeetingCancelled, strings.TrimSpace(reason)
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, s.changeMeeting(ctx, c, at, before, datchuan.ActMeetingCancel, "Hủy")
}
