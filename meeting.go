package datchuan

import (
	"context"
	"time"
)

// Weekly steering-committee meetings (họp Ban Chỉ đạo, Plan 45 §III):
// each district's committee, and the province's own, meets once a week on
// the progress of each commune's and the district's criteria. A
// MeetingSeries is one committee's weekly habit; a Meeting is one sitting,
// whose agenda is drawn from the data (what changed since the last
// sitting, what is overdue, which obstacles are still open) and frozen
// when the meeting is marked held, so that its minutes never change
// afterwards. Its decisions become member tasks or assignments, each
// keeping the link to what it became.

// MeetingState is where a meeting stands.
type MeetingState string

const (
	MeetingPlanned   MeetingState = "planned"
	MeetingHeld      MeetingState = "held"
	MeetingCancelled MeetingState = "cancelled"
)

// Valid reports whether s is a known state.
func (s MeetingState) Valid() bool {
	return s == MeetingPlanned || s == MeetingHeld || s == MeetingCancelled
}

var meetingStateNames = map[MeetingState][2]string{
	MeetingPlanned:   {"Dự kiến", "Planned"},
	MeetingHeld:      {"Đã họp", "Held"},
	MeetingCancelled: {"Đã hủy", "Cancelled"},
}

// LabelVi names the state.
func (s MeetingState) LabelVi() string { return nameOr(meetingStateNames[s][0], string(s)) }

// LabelEn names the state in English.
func (s MeetingState) LabelEn() string { return nameOr(meetingStateNames[s][1], string(s)) }

// MeetingSeries is the weekly meeting of one committee: a district's
// steering committee (its unit the district, prepared by the committee's
// own standing office) or the province's (its unit the province, chaired
// by the provincial steering committee and prepared by the coordination
// office). One series per unit.
type MeetingSeries struct {
	ID         int64     `json:"id"`
	ProvinceID int64     `json:"province_id"`
	UnitID     int64     `json:"unit_id"`     // the district, or the province
	AgencyID   int64     `json:"agency_id"`   // the committee that meets
	PreparedBy int64     `json:"prepared_by"` // the agency that prepares the meetings
	Title      string    `json:"title"`       // "Họp Ban Chỉ đạo huyện Cầu Ngang"
	Schedule   Schedule  `json:"schedule"`    // the weekday and hour, Vietnam time
	Place      string    `json:"place,omitempty"`
	Chair      string    `json:"chair,omitempty"` // who usually chairs: a new meeting's default
	CreatedBy  int64     `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Version    int       `json:"version"` // see Versioned
}

// NextDay is the first day on or after from that falls on the series'
// weekday.
func (ms *MeetingSeries) NextDay(from Date) Date {
	ahead := (int(ms.Schedule.Weekday) - int(from.Time(time.UTC).Weekday()) + 7) % 7
	return from.AddDays(ahead)
}

// Slot is the moment of the series' meeting on day, Vietnam time.
func (ms *MeetingSeries) Slot(day Date) time.Time {
	return time.Date(day.Year, day.Month, day.Day, ms.Schedule.Hour, 0, 0, 0, Vietnam())
}

// Attendee is one line of a meeting's attendance: who, for which agency
// or in which role, present or not and why.
type Attendee struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"` // "Phó Chủ tịch UBND huyện", "Phòng NN&PTNT"
	Present bool   `json:"present"`
	Reason  string `json:"reason,omitempty"` // why absent
}

// Decision is one thing a meeting decided: who carries it out by when, and
// what it became once given out (a member task or an assignment).
type Decision struct {
	Text         string `json:"text"`
	OwnerID      int64  `json:"owner_id,omitempty"`   // an agency
	OwnerName    string `json:"owner_name,omitempty"` // a person, or whoever the agency list lacks
	Due          Date   `json:"due,omitzero"`
	TaskID       int64  `json:"task_id,omitempty"`
	AssignmentID int64  `json:"assignment_id,omitempty"`
}

// Linked reports whether the decision was made a task or an assignment:
// it then stays as it was given out.
func (d Decision) Linked() bool { return d.TaskID != 0 || d.AssignmentID != 0 }

// Meeting is one sitting of a series.
type Meeting struct {
	ID          int64        `json:"id"`
	SeriesID    int64        `json:"series_id"`
	At          time.Time    `json:"at"`
	Place       string       `json:"place,omitempty"`
	Chair       string       `json:"chair,omitempty"`
	Secretary   string       `json:"secretary,omitempty"`
	State       MeetingState `json:"state"`
	Note        string       `json:"note,omitempty"` // why it was cancelled
	Attendance  []Attendee   `json:"attendance"`
	Conclusions string       `json:"conclusions,omitempty"`
	Decisions   []Decision   `json:"decisions"`
	// Agenda is the agenda as it stood when the meeting was marked held;
	// nil before, when the agenda is drawn live from the data.
	Agenda    *Agenda   `json:"agenda,omitempty"`
	HeldAt    time.Time `json:"held_at,omitzero"`
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"` // see Versioned
}

// Day is the meeting's date in Vietnam.
func (m *Meeting) Day() Date { return DateOf(m.At.In(Vietnam())) }

// Present counts the attendees present.
func (m *Meeting) Present() int {
	n := 0
	for _, a := range m.Attendance {
		if a.Present {
			n++
		}
	}
	return n
}

// Agenda is what a meeting goes through, drawn from the data of the
// series' unit (a district and its communes, or the whole province).
type Agenda struct {
	At time.Time `json:"at"` // when it was drawn
	// Since is the day the changes are counted from: the previous held
	// meeting's (SinceHeld), else a week before the meeting.
	Since     Date             `json:"since"`
	SinceHeld bool             `json:"since_held,omitempty"`
	Changes   []AgendaChange   `json:"changes"`
	Overdue   []AgendaOverdue  `json:"overdue"`
	Obstacles []AgendaObstacle `json:"obstacles"`
}

// Has reports whether the agenda lists the obstacle.
func (a *Agenda) Has(obstacleID int64) bool {
	if a == nil {
		return false
	}
	for _, o := range a.Obstacles {
		if o.ID == obstacleID {
			return true
		}
	}
	return false
}

// AgendaChange is a unit whose status on a criterion (or on its whole
// set: Criterion "") changed since the agenda's Since. Statuses are the
// status engine's codes ("met", "not_met", …); names are kept as they
// were, so that a frozen agenda reads the same later.
type AgendaChange struct {
	UnitID    int64  `json:"unit_id"`
	Unit      string `json:"unit"`
	SetID     string `json:"set_id"`
	Criterion string `json:"criterion,omitempty"`
	Name      string `json:"name"` // the criterion's (or the set's) name
	Before    string `json:"before"`
	Now       string `json:"now"`
}

// Work kinds of an overdue agenda item.
const (
	OverdueAssignment = "assignment"
	OverdueTask       = "task"
)

// AgendaOverdue is an assignment or a member task past its deadline.
type AgendaOverdue struct {
	Kind   string `json:"kind"` // OverdueAssignment or OverdueTask
	ID     int64  `json:"id"`
	UnitID int64  `json:"unit_id"`
	Unit   string `json:"unit"`
	Title  string `json:"title"` // the criterion, or the task
	Owner  string `json:"owner"` // the lead agency, or the member
	Due    Date   `json:"due"`
	Late   int    `json:"late"` // days past due when the agenda was drawn
}

// AgendaObstacle is an open obstacle of a unit in scope, with its age and
// owner; CarriedFrom is the first held meeting of the series whose agenda
// listed it already (zero: new on this agenda), Carried how many did.
type AgendaObstacle struct {
	ID          int64         `json:"id"`
	UnitID      int64         `json:"unit_id"`
	Unit        string        `json:"unit"`
	Title       string        `json:"title"`
	Criterion   string        `json:"criterion,omitempty"` // "1. Quy hoạch"
	Owner       string        `json:"owner"`
	State       ObstacleState `json:"state"`
	RaisedAt    time.Time     `json:"raised_at"`
	Age         int           `json:"age"` // days open when the agenda was drawn
	Due         Date          `json:"due,omitzero"`
	CarriedFrom Date          `json:"carried_from,omitzero"`
	Carried     int           `json:"carried,omitempty"`
}

// MeetingFilter selects meetings. Zero fields do not filter.
type MeetingFilter struct {
	IDs       []int64
	SeriesIDs []int64
	States    []MeetingState
	Before    time.Time // meetings strictly before this moment
	Limit     int       // at most this many (0: all)
}

// MeetingService stores meeting series and their meetings. Both are
// Versioned: an update names the version it started from.
type MeetingService interface {
	// CreateSeries stores a new series: ID, Version 1, CreatedAt (now when
	// zero). A second series of one unit is ECONFLICT.
	CreateSeries(ctx context.Context, ms *MeetingSeries) error
	// UpdateSeries stores the schedule, place, chair, title and preparer
	// of ms as of ms.Version: ECONFLICT when stale, ENOTFOUND when gone.
	UpdateSeries(ctx context.Context, ms *MeetingSeries) error
	Series(ctx context.Context, id int64) (*MeetingSeries, error)
	// SeriesOf returns the series of the unit, or ENOTFOUND.
	SeriesOf(ctx context.Context, unitID int64) (*MeetingSeries, error)
	// CreateMeeting stores a new meeting with its lists: ID, Version 1,
	// CreatedAt and UpdatedAt (now when zero).
	CreateMeeting(ctx context.Context, m *Meeting) error
	// UpdateMeeting stores every field of m but its series and creator,
	// as of m.Version: ECONFLICT when stale, ENOTFOUND when gone.
	UpdateMeeting(ctx context.Context, m *Meeting) error
	Meeting(ctx context.Context, id int64) (*Meeting, error)
	// Meetings returns the meetings f selects, the latest first.
	Meetings(ctx context.Context, f MeetingFilter) ([]*Meeting, error)
}
