package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/status"
)

// The weekly steering-committee meetings: a committee's series and its
// meetings (/huyen/{code}/hop, /tinh/{code}/hop), one meeting with its
// agenda, attendance, conclusions and decisions (/hop/{id},
// meetings_forms.go), and its minutes and conclusion notice as Word
// documents (meetings_docx.go).

func (s *Server) meetingRoutes() {
	for _, l := range []struct {
		prefix string
		level  datchuan.Level
	}{{"/huyen/{code}/hop", datchuan.LevelDistrict}, {"/tinh/{code}/hop", datchuan.LevelProvince}} {
		s.private("GET "+l.prefix, s.seriesPage(l.level))
		s.private("POST "+l.prefix, s.planMeeting(l.level))
		s.private("POST "+l.prefix+"/lich", s.saveSeries(l.level))
	}
	s.private("GET /hop/{id}", s.meetingPage)
	s.private("POST /hop/{id}", s.editMeeting)
	s.private("POST /hop/{id}/thanh-phan", s.recordAttendance)
	s.private("POST /hop/{id}/ket-luan", s.recordConclusions)
	s.private("POST /hop/{id}/da-hop", s.holdMeeting)
	s.private("POST /hop/{id}/huy", s.cancelMeeting)
	s.private("POST /hop/{id}/quyet-dinh/{n}/nhiem-vu", s.decisionTask)
	s.private("POST /hop/{id}/quyet-dinh/{n}/phan-cong", s.decisionAssignment)
	s.private("POST /hop/{id}/vuong-mac", s.raiseFromMeeting)
	s.private("GET /hop/{id}/bien-ban.docx", s.minutesDOCX)
	s.private("GET /hop/{id}/thong-bao-ket-luan.docx", s.noticeDOCX)
}

// meetingsLink is the page of the meetings of u's committee (a district
// or a province), when the viewer reads them; "" otherwise.
func (s *Server) meetingsLink(r *http.Request, u *datchuan.Unit) string {
	c := viewerOf(r).caller
	p, err := c.Tree.Path(r.Context(), u)
	if err != nil || !c.CanSeeMeetings(p) {
		return ""
	}
	return unitURL(u) + "/hop"
}

// seriesForm is the weekly schedule form as typed.
type seriesForm struct {
	Weekday, Hour, Place, Chair string
}

// meetingForm is the form of a meeting's details as typed: to plan one,
// or to change one.
type meetingForm struct {
	Date, Time, Place, Chair, Secretary string
}

func (f meetingForm) input() service.MeetingInput {
	return service.MeetingInput{Date: f.Date, Time: f.Time, Place: f.Place, Chair: f.Chair, Secretary: f.Secretary}
}

func meetingFormOf(r *http.Request) meetingForm {
	return meetingForm{Date: formValue(r, "date"), Time: formValue(r, "time"), Place: formValue(r, "place"),
		Chair: formValue(r, "chair"), Secretary: formValue(r, "secretary")}
}

// seriesView is a committee's meetings page: its weekly schedule, its
// meetings, and the forms to set the schedule and plan the next one.
type seriesView struct {
	base
	Scope    *service.MeetingScope
	Meetings []*datchuan.Meeting
	Path     string // the page: "/huyen/848/hop"
	Series   seriesForm
	Plan     meetingForm
	Refused  string // the form refused: "series" or "plan"
	Errors   map[string]string
	OK       string
}

// Err is the problem of a field of the form refused.
func (v seriesView) Err(form, field string) string {
	if v.Refused != form {
		return ""
	}
	return v.Errors[field]
}

// Weekdays are the choices of the schedule form, Monday first.
func (v seriesView) Weekdays() []weekdayChoice {
	days := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	out := make([]weekdayChoice, len(days))
	for i, d := range days {
		out[i] = weekdayChoice{Value: int(d), Label: v.T(datchuan.Schedule{Weekday: d}.DayVi(), d.String()),
			Chosen: strconv.Itoa(int(d)) == v.Series.Weekday}
	}
	return out
}

// Hours are 0 to 23, for the schedule form.
func (seriesView) Hours() []string {
	out := make([]string, 24)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

func (s *Server) seriesPage(level datchuan.Level) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.renderSeries(w, r, level, http.StatusOK, seriesView{})
	}
}

// renderSeries shows the committee's meetings; typed carries a refused
// form (Refused, its fields and Errors).
func (s *Server) renderSeries(w http.ResponseWriter, r *http.Request, level datchuan.Level, status int, typed seriesView) error {
	ctx := r.Context()
	sc, err := s.svc.MeetingScopeOf(ctx, viewerOf(r).caller, level, r.PathValue("code"))
	if err != nil {
		return err
	}
	list, err := s.svc.SeriesMeetings(ctx, sc)
	if err != nil {
		return err
	}
	v := typed
	v.base = s.pageBase(r, "Họp Ban Chỉ đạo · "+sc.Unit.Name, "Steering-committee meetings · "+sc.Unit.Name)
	v.Scope, v.Meetings, v.Path, v.OK = sc, list, r.URL.Path, r.URL.Query().Get("ok")
	if v.Refused != "series" {
		v.Series = seriesForm{Weekday: "5", Hour: "14"} // Friday afternoon, as committees habitually meet
		if ms := sc.Series; ms != nil {
			v.Series = seriesForm{Weekday: strconv.Itoa(int(ms.Schedule.Weekday)), Hour: strconv.Itoa(ms.Schedule.Hour), Place: ms.Place, Chair: ms.Chair}
		}
	}
	if ms := sc.Series; ms != nil && v.Refused != "plan" {
		next, err := s.svc.NextMeetingDay(ctx, ms)
		if err != nil {
			return err
		}
		v.Plan = meetingForm{Date: next.VN(), Time: fmt.Sprintf("%02d:00", ms.Schedule.Hour), Place: ms.Place, Chair: ms.Chair}
	}
	s.pages.render(w, status, "meetings", v)
	return nil
}

func (s *Server) saveSeries(level datchuan.Level) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := parseForm(r); err != nil {
			return err
		}
		f := seriesForm{Weekday: formValue(r, "weekday"), Hour: formValue(r, "hour"), Place: formValue(r, "place"), Chair: formValue(r, "chair")}
		_, err := s.svc.SaveSeries(r.Context(), viewerOf(r).caller, level, r.PathValue("code"), formVersion(r),
			service.SeriesInput{Weekday: f.Weekday, Hour: f.Hour, Place: f.Place, Chair: f.Chair})
		return answer(w, r, err, func() string { return seriesPath(r) + "?ok=series" }, func(status int, errs map[string]string) error {
			return s.renderSeries(w, r, level, status, seriesView{Series: f, Refused: "series", Errors: errs})
		})
	}
}

// seriesPath is the committee's meetings page of a POST under it.
func seriesPath(r *http.Request) string {
	if len(r.URL.Path) > 6 && r.URL.Path[:6] == "/tinh/" {
		return "/tinh/" + r.PathValue("code") + "/hop"
	}
	return "/huyen/" + r.PathValue("code") + "/hop"
}

func (s *Server) planMeeting(level datchuan.Level) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := parseForm(r); err != nil {
			return err
		}
		f := meetingFormOf(r)
		m, err := s.svc.PlanMeeting(r.Context(), viewerOf(r).caller, level, r.PathValue("code"), f.input())
		return answer(w, r, err, func() string { return meetingPath(m.ID) + "?ok=planned" }, func(status int, errs map[string]string) error {
			return s.renderSeries(w, r, level, status, seriesView{Plan: f, Refused: "plan", Errors: errs})
		})
	}
}

func meetingPath(id int64) string { return "/hop/" + strconv.FormatInt(id, 10) }

// meetingView is one meeting's page: its details, its agenda (frozen
// once held, else drawn from the data now), attendance, conclusions and
// decisions with where each went, the obstacles raised at it, and the
// forms of whoever runs it.
type meetingView struct {
	base
	*service.MeetingAt
	Agenda      *datchuan.Agenda
	Live        bool // the agenda is drawn now, not frozen
	Links       []service.DecisionLink
	Raised      []service.ObstacleRow
	C           *service.MeetingChoices
	Crits       []critChoice
	Details     meetingForm
	Attendees   []attendeeForm
	Conclusions string
	Decisions   []decisionForm
	Obstacle    obstacleForm
	Task        taskGiveForm   // the typed form of a refused "task-N"
	Assign      assignGiveForm // the typed form of a refused "assign-N"
	Refused     string         // the form refused: "details", "attendance", "conclusions", "obstacle", "task-N", "assign-N", "hold", "cancel"
	Errors      map[string]string
	OK          string
	Gives       []giveOut // the forms giving each decision out
	now         time.Time
}

// giveOut is what the forms giving decision I out show: the page, and
// what they hold.
type giveOut struct {
	V      *meetingView
	I      int
	Task   taskGiveForm
	Assign assignGiveForm
}

// N counts a line from 1.
func (meetingView) N(i int) int { return i + 1 }

// ConclusionLines are the conclusions, a paragraph a line.
func (v meetingView) ConclusionLines() []string { return lines(v.Meeting.Conclusions) }

// Err is the problem of a field of the form refused.
func (v meetingView) Err(form, field string) string {
	if v.Refused != form {
		return ""
	}
	return v.Errors[field]
}

// ItemErr is Err of line i of a list field ("attendee_name-2").
func (v meetingView) ItemErr(form, field string, i int) string {
	return v.Err(form, datchuan.ItemField(field, i))
}

// StatusText names a status code of the agenda in the page's language.
func (v meetingView) StatusText(code string) string {
	st := status.Status(code)
	return v.T(st.LabelVi(), statusEn(st))
}

// StatusClass is the colour of a status code.
func (meetingView) StatusClass(code string) string { return "st-" + code }

// OwnerOf names who carries out a decision: the agency, or the name typed.
func (v meetingView) OwnerOf(d datchuan.Decision) string {
	name := d.OwnerName
	for _, a := range v.C.Owners {
		if a.ID == d.OwnerID {
			if name != "" {
				return a.Name + " (" + name + ")"
			}
			return a.Name
		}
	}
	return name
}

// Age is how many days an obstacle raised at the meeting has been open.
func (v meetingView) Age(o *datchuan.Obstacle) int { return o.Age(v.now) }

// TaskFormFor is the form giving decision i out as a task: as typed when
// it was refused, else the decision's text and due date.
func (v meetingView) TaskFormFor(i int) taskGiveForm {
	if v.Refused == "task-"+strconv.Itoa(i) {
		return v.Task
	}
	d := v.Meeting.Decisions[i]
	return taskGiveForm{Title: clipMeetingText(d.Text, datchuan.MaxTitle), Due: d.Due.VN()}
}

// AssignFormFor is the form giving decision i out as an assignment: as
// typed when it was refused, else the latest plan and the decision's due
// date.
func (v meetingView) AssignFormFor(i int) assignGiveForm {
	if v.Refused == "assign-"+strconv.Itoa(i) {
		return v.Assign
	}
	f := assignGiveForm{Deadline: v.Meeting.Decisions[i].Due.VN()}
	if len(v.C.Plans) > 0 {
		f.Plan = strconv.FormatInt(v.C.Plans[0].ID, 10)
	}
	return f
}

// clipMeetingText cuts s to n characters, marking the cut.
func clipMeetingText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Held reports whether the meeting was held; Planned whether it is still
// to come.
func (v meetingView) Held() bool    { return v.Meeting.State == datchuan.MeetingHeld }
func (v meetingView) Planned() bool { return v.Meeting.State == datchuan.MeetingPlanned }

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeeting(w, r, http.StatusOK, meetingView{})
}

// renderMeeting shows a meeting; typed carries a refused form (Refused,
// its fields and Errors).
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, typed meetingView) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	id, err := idParam(r, "id", "cuộc họp")
	if err != nil {
		return err
	}
	at, err := s.svc.MeetingFor(ctx, c, id)
	if err != nil {
		return err
	}
	v := typed
	v.MeetingAt, v.now, v.OK = at, s.svc.Now(), r.URL.Query().Get("ok")
	m := at.Meeting
	v.base = s.pageBase(r, at.Series.Title+" ngày "+m.Day().VN(), "Meeting of "+m.Day().VN())
	if v.Agenda, v.Live, err = s.svc.Agenda(ctx, c, at); err != nil {
		return err
	}
	if v.Links, err = s.svc.DecisionLinks(ctx, c, m); err != nil {
		return err
	}
	if v.Raised, err = s.svc.MeetingObstacles(ctx, c, at); err != nil {
		return err
	}
	if v.C, err = s.svc.MeetingChoices(ctx, c, at); err != nil {
		return err
	}
	v.Crits = critChoices(v.base, v.C.Set, false, nil)
	v.fill()
	for i := range m.Decisions {
		v.Gives = append(v.Gives, giveOut{V: &v, I: i, Task: v.TaskFormFor(i), Assign: v.AssignFormFor(i)})
	}
	s.pages.render(w, status, "meeting", v)
	return nil
}

// fill puts the meeting as it is into the forms not refused, with blank
// lines to add to the lists.
func (v *meetingView) fill() {
	m := v.Meeting
	if v.Refused != "details" {
		v.Details = meetingForm{Date: m.Day().VN(), Time: m.At.In(datchuan.Vietnam()).Format("15:04"), Place: m.Place, Chair: m.Chair, Secretary: m.Secretary}
	}
	if v.Refused != "attendance" {
		v.Attendees = nil
		for _, a := range m.Attendance {
			v.Attendees = append(v.Attendees, attendeeForm{Name: a.Name, Role: a.Role, Present: a.Present, Reason: a.Reason})
		}
	}
	for range meetingBlankLines {
		v.Attendees = append(v.Attendees, attendeeForm{Present: true})
	}
	for i, f := range v.Decisions { // a refused form names what it kept
		if f.Keep && f.From >= 0 && f.From < len(m.Decisions) {
			d := m.Decisions[f.From]
			v.Decisions[i].Text, v.Decisions[i].OwnerName, v.Decisions[i].Due = d.Text, d.OwnerName, d.Due.VN()
		}
	}
	if v.Refused != "conclusions" {
		v.Conclusions, v.Decisions = m.Conclusions, nil
		for i, d := range m.Decisions {
			f := decisionForm{Keep: d.Linked(), From: i, Text: d.Text, OwnerName: d.OwnerName, Due: d.Due.VN()}
			if d.OwnerID != 0 {
				f.Owner = strconv.FormatInt(d.OwnerID, 10)
			}
			v.Decisions = append(v.Decisions, f)
		}
	}
	for range meetingBlankLines {
		v.Decisions = append(v.Decisions, decisionForm{From: -1})
	}
}

// meetingBlankLines are the empty lines a list form offers to add to it.
const meetingBlankLines = 3
