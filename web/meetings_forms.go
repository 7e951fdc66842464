package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The forms of a meeting's page: each parses, calls the service, and
// either goes back to the page (303) or shows it again with what was
// typed and the problems beside the fields.

// attendeeForm is one line of the attendance form as typed.
type attendeeForm struct {
	Name, Role, Reason string
	Present            bool
}

// decisionForm is one decision of the conclusions form as typed; Keep is
// a decision given out already, From its place in the meeting's list.
type decisionForm struct {
	Keep                        bool
	From                        int
	Text, Owner, OwnerName, Due string
}

// taskGiveForm and assignGiveForm give a decision out, as typed.
type taskGiveForm struct {
	Unit, Assignee, Title, Due string
}

type assignGiveForm struct {
	Plan, Unit, Criterion, Lead, Deadline string
}

// maxMeetingLines bounds the lines a list form is read for: the most a list
// holds and the blank lines offered.
const maxMeetingLines = datchuan.MaxMeetingAttendees + meetingBlankLines

// meetingLineCount is the number of lines a list form says it has, within
// maxMeetingLines.
func meetingLineCount(r *http.Request, field string) int {
	n, _ := strconv.Atoi(formValue(r, field))
	return max(0, min(n, maxMeetingLines))
}

// meetingLine is field of the i-th line of a list form.
func meetingLine(r *http.Request, field string, i int) string {
	return formValue(r, datchuan.ItemField(field, i))
}

// answerMeeting ends the POST of one of the meeting's forms: back to the
// page (at the anchor) once done, the page again with the typed form
// refused otherwise.
func (s *Server) answerMeeting(w http.ResponseWriter, r *http.Request, err error, ok, anchor string, typed meetingView) error {
	return answer(w, r, err, func() string { return meetingPath(meetingID(r)) + "?ok=" + ok + "#" + anchor },
		func(status int, errs map[string]string) error {
			typed.Errors = errs
			return s.renderMeeting(w, r, status, typed)
		})
}

// meetingID is the meeting of the path (0 when it is no number: the
// service then finds none).
func meetingID(r *http.Request) int64 {
	id, _ := parseID(r.PathValue("id"))
	return id
}

// meetingPost reads the meeting and the form of a POST to it.
func meetingPost(r *http.Request) (int64, error) {
	id, err := idParam(r, "id", "cuộc họp")
	if err != nil {
		return 0, err
	}
	return id, parseForm(r)
}

func (s *Server) editMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	f := meetingFormOf(r)
	_, err = s.svc.EditMeeting(r.Context(), viewerOf(r).caller, id, formVersion(r), f.input())
	return s.answerMeeting(w, r, err, "saved", "details", meetingView{Refused: "details", Details: f})
}

func (s *Server) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	var typed []attendeeForm
	var rows []service.AttendeeInput
	for i := range meetingLineCount(r, "attendees") {
		a := attendeeForm{Name: meetingLine(r, datchuan.FieldAttendeeName, i), Role: meetingLine(r, datchuan.FieldAttendeeRole, i),
			Reason: meetingLine(r, datchuan.FieldAttendeeReason, i), Present: meetingLine(r, "attendee_present", i) != ""}
		if a.Name == "" && a.Role == "" && a.Reason == "" {
			continue // a blank line
		}
		typed = append(typed, a)
		rows = append(rows, service.AttendeeInput{Name: a.Name, Role: a.Role, Reason: a.Reason, Present: a.Present})
	}
	_, err = s.svc.RecordAttendance(r.Context(), viewerOf(r).caller, id, formVersion(r), rows)
	return s.answerMeeting(w, r, err, "saved", "attendance", meetingView{Refused: "attendance", Attendees: typed})
}

func (s *Server) recordConclusions(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	var typed []decisionForm
	var rows []service.DecisionInput
	for i := range meetingLineCount(r, "decisions") {
		if from := meetingLine(r, "decision_keep", i); from != "" {
			n, err := strconv.Atoi(from)
			if err != nil {
				n = -1 // the service finds no such decision
			}
			typed = append(typed, decisionForm{Keep: true, From: n})
			rows = append(rows, service.DecisionInput{Keep: true, From: n})
			continue
		}
		d := decisionForm{From: -1, Text: r.FormValue(datchuan.ItemField(datchuan.FieldDecisionText, i)), Owner: meetingLine(r, "decision_agency", i),
			OwnerName: meetingLine(r, datchuan.FieldDecisionOwner, i), Due: meetingLine(r, datchuan.FieldDecisionDue, i)}
		if strings.TrimSpace(d.Text) == "" && d.Owner == "" && d.OwnerName == "" && d.Due == "" {
			continue // a blank line
		}
		typed = append(typed, d)
		rows = append(rows, service.DecisionInput{Text: d.Text, Owner: d.Owner, OwnerName: d.OwnerName, Due: d.Due})
	}
	conclusions := r.FormValue("conclusions")
	_, err = s.svc.RecordConclusions(r.Context(), viewerOf(r).caller, id, formVersion(r), conclusions, rows)
	return s.answerMeeting(w, r, err, "saved", "conclusions", meetingView{Refused: "conclusions", Conclusions: conclusions, Decisions: typed})
}

func (s *Server) holdMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	_, err = s.svc.HoldMeeting(r.Context(), viewerOf(r).caller, id, formVersion(r))
	return s.answerMeeting(w, r, err, "held", "agenda", meetingView{Refused: "hold"})
}

func (s *Server) cancelMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	_, err = s.svc.CancelMeeting(r.Context(), viewerOf(r).caller, id, formVersion(r), r.FormValue("note"))
	return s.answerMeeting(w, r, err, "cancelled", "top", meetingView{Refused: "cancel"})
}

// decisionNumber is the decision of the path, counted from 0.
func decisionNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return 0, datchuan.Errorf(datchuan.ENOTFOUND, "Không có nội dung giao việc này (no such decision)")
	}
	return n, nil
}

func (s *Server) decisionTask(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	n, err := decisionNumber(r)
	if err != nil {
		return err
	}
	f := taskGiveForm{Unit: formValue(r, "unit"), Assignee: formValue(r, "assignee"), Title: formValue(r, "title"), Due: formValue(r, "due")}
	_, err = s.svc.DecisionTask(r.Context(), viewerOf(r).caller, id, formVersion(r), n, f.Unit,
		service.TaskInput{Title: f.Title, Assignee: f.Assignee, Due: f.Due})
	form := "task-" + strconv.Itoa(n)
	return s.answerMeeting(w, r, err, "task", "d-"+strconv.Itoa(n), meetingView{Refused: form, Task: f})
}

func (s *Server) decisionAssignment(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	n, err := decisionNumber(r)
	if err != nil {
		return err
	}
	f := assignGiveForm{Plan: formValue(r, "plan"), Unit: formValue(r, "unit"), Criterion: formValue(r, "criterion"),
		Lead: formValue(r, "lead"), Deadline: formValue(r, "deadline")}
	_, err = s.svc.DecisionAssignment(r.Context(), viewerOf(r).caller, id, formVersion(r), n,
		service.DecisionAssignInput{Plan: f.Plan, Unit: f.Unit, Criterion: f.Criterion, Lead: f.Lead, Deadline: f.Deadline})
	form := "assign-" + strconv.Itoa(n)
	return s.answerMeeting(w, r, err, "assignment", "d-"+strconv.Itoa(n), meetingView{Refused: form, Assign: f})
}

func (s *Server) raiseFromMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingPost(r)
	if err != nil {
		return err
	}
	f := obstacleForm{Unit: formValue(r, "unit"), SetID: formValue(r, "set"), Criterion: formValue(r, "criterion"),
		Title: formValue(r, "title"), Detail: r.FormValue("detail"), Owner: formValue(r, "owner"), Due: formValue(r, "due")}
	_, err = s.svc.RaiseFromMeeting(r.Context(), viewerOf(r).caller, id, service.ObstacleInput{Unit: f.Unit, SetID: f.SetID,
		Criterion: f.Criterion, Title: f.Title, Detail: f.Detail, Owner: f.Owner, Due: f.Due})
	return s.answerMeeting(w, r, err, "raised", "raised", meetingView{Refused: "obstacle", Obstacle: f})
}
