package datchuan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Weekly reporting (Plan 45 §III.5): every lead department of a plan and
// the committee of each district it targets report to the coordination
// office once a week; the office synthesises the reports and the data for
// the provincial steering committee. A Round is one such week (or an
// ad-hoc call with its own deadline); a Report is one reporter's answer.

// RoundKind tells a weekly round from an ad-hoc one.
type RoundKind string

const (
	RoundWeekly RoundKind = "weekly"
	RoundAdHoc  RoundKind = "adhoc"
)

// Valid reports whether k is a known kind.
func (k RoundKind) Valid() bool { return k == RoundWeekly || k == RoundAdHoc }

// Schedule is when a plan's weekly reports are due: a weekday and an hour,
// Vietnam time. The zero Schedule is Plan 45's habit, Friday 16:00.
type Schedule struct {
	Weekday time.Weekday `json:"weekday"`
	Hour    int          `json:"hour"` // 0–23
}

// DefaultSchedule is Friday 16:00.
var DefaultSchedule = Schedule{Weekday: time.Friday, Hour: 16}

// Week is the Monday that starts the week of day (weeks run Monday to
// Sunday, as Vietnamese offices count them).
func Week(day Date) Date {
	t := day.Time(time.UTC)
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	return DateOf(t.AddDate(0, 0, -back))
}

// Deadline is the moment reports of the week starting monday are due.
func (s Schedule) Deadline(monday Date) time.Time {
	ahead := (int(s.Weekday) + 6) % 7 // Monday 0 … Sunday 6
	d := monday.Time(time.UTC).AddDate(0, 0, ahead)
	return time.Date(d.Year(), d.Month(), d.Day(), s.Hour, 0, 0, 0, Vietnam())
}

// Round is one call for reports of a plan: the week (or the ad-hoc
// request), its deadline and who is expected to answer. A round is closed
// when the next weekly round opens, or by the coordination office; closing
// keeps the snapshot of every status the synthesis told.
type Round struct {
	ID        int64     `json:"id"`
	PlanID    int64     `json:"plan_id"`
	Kind      RoundKind `json:"kind"`
	Week      Date      `json:"week"`            // the Monday of a weekly round; the day an ad-hoc round opened
	Title     string    `json:"title,omitempty"` // an ad-hoc round's subject
	Deadline  time.Time `json:"deadline"`
	Reporters []int64   `json:"reporters"` // agencies expected to report
	OpenedAt  time.Time `json:"opened_at"`
	ClosedAt  time.Time `json:"closed_at,omitzero"` // zero while open
	// RemindedOn is the last day the reporters yet to send were reminded.
	RemindedOn Date  `json:"reminded_on,omitzero"`
	CreatedBy  int64 `json:"created_by,omitempty"`
	Version    int   `json:"version"` // see Versioned
}

// Label names the round for people: "đợt báo cáo tuần 05/09/2022–11/09/2022",
// or "đợt báo cáo đột xuất: <subject>".
func (r *Round) Label() string {
	if r.Kind == RoundAdHoc {
		return "đợt báo cáo đột xuất: " + r.Title
	}
	return "đợt báo cáo tuần " + r.Week.VN() + "–" + r.Week.AddDays(6).VN()
}

// Heading is Label as a page's title, capitalised.
func (r *Round) Heading() string {
	l := r.Label()
	return "Đ" + strings.TrimPrefix(l, "đ")
}

// ShortLabel names the round in a table: "Tuần 29/08–04/09/2022", or
// "Đột xuất: <subject>".
func (r *Round) ShortLabel() string {
	if r.Kind == RoundAdHoc {
		return "Đột xuất: " + r.Title
	}
	return "Tuần " + r.Week.Time(time.UTC).Format("02/01") + "–" + r.Week.AddDays(6).VN()
}

// DeadlineShort is the deadline in a table: "16:00 02/09".
func (r *Round) DeadlineShort() string { return r.Deadline.In(Vietnam()).Format("15:04 02/01") }

// LabelEn names the round in English.
func (r *Round) LabelEn() string {
	if r.Kind == RoundAdHoc {
		return "ad-hoc round: " + r.Title
	}
	return "weekly round " + r.Week.VN() + "–" + r.Week.AddDays(6).VN()
}

// Open reports whether the round still takes reports as its own.
func (r *Round) Open() bool { return r.ClosedAt.IsZero() }

// Expects reports whether the agency is one of the round's reporters.
func (r *Round) Expects(agencyID int64) bool {
	for _, id := range r.Reporters {
		if id == agencyID {
			return true
		}
	}
	return false
}

// ReportState is where a report stands.
type ReportState string

const (
	ReportDraft     ReportState = "draft"     // saved, not sent: not a submission
	ReportSubmitted ReportState = "submitted" // sent to the coordination office
	ReportReturned  ReportState = "returned"  // sent back with a reason, to be sent again
)

// Valid reports whether s is a known state.
func (s ReportState) Valid() bool {
	return s == ReportDraft || s == ReportSubmitted || s == ReportReturned
}

// reportStateNames name each state for people.
var reportStateNames = map[ReportState][2]string{
	ReportDraft:     {"Bản nháp", "Draft"},
	ReportSubmitted: {"Đã gửi", "Submitted"},
	ReportReturned:  {"Bị trả lại", "Returned"},
}

// LabelVi names the state.
func (s ReportState) LabelVi() string { return nameOr(reportStateNames[s][0], string(s)) }

// LabelEn names the state in English.
func (s ReportState) LabelEn() string { return nameOr(reportStateNames[s][1], string(s)) }

// ReportItem is what a reporter writes about one criterion it leads or
// covers this week. The criterion's status is not written: it comes from
// the data when the report is shown or synthesised.
type ReportItem struct {
	SetID         string `json:"set_id"`
	CriterionCode string `json:"criterion_code"`
	Work          string `json:"work,omitempty"`         // kết quả thực hiện trong tuần
	Difficulties  string `json:"difficulties,omitempty"` // khó khăn, vướng mắc
	Causes        string `json:"causes,omitempty"`       // nguyên nhân
	Proposals     string `json:"proposals,omitempty"`    // đề xuất, kiến nghị
}

// Explained is what a report says of a difficulty's causes and of what it
// proposes, each on its own labelled line ("Nguyên nhân: …"), as the
// register and the exports carry it beside the difficulty; "" when it
// says neither.
func Explained(causes, proposals string) string {
	var lines []string
	for _, l := range [][2]string{{"Nguyên nhân", causes}, {"Đề xuất", proposals}} {
		if t := strings.TrimSpace(l[1]); t != "" {
			lines = append(lines, l[0]+": "+t)
		}
	}
	return strings.Join(lines, "\n")
}

// Empty reports whether nothing was written for the criterion.
func (it ReportItem) Empty() bool {
	return it.Work == "" && it.Difficulties == "" && it.Causes == "" && it.Proposals == ""
}

// Report is one reporter's weekly report in a round. Timeliness follows
// the first submission: a report returned and sent again keeps its first
// time. Each submission makes a Revision, so the history shows what
// changed.
type Report struct {
	ID           int64        `json:"id"`
	RoundID      int64        `json:"round_id"`
	AgencyID     int64        `json:"agency_id"`
	State        ReportState  `json:"state"`
	Summary      string       `json:"summary,omitempty"` // general remarks
	Items        []ReportItem `json:"items,omitempty"`
	Files        []string     `json:"files,omitempty"`
	FirstSentAt  time.Time    `json:"first_sent_at,omitzero"` // zero: never submitted
	SentAt       time.Time    `json:"sent_at,omitzero"`       // the latest submission
	SentBy       int64        `json:"sent_by,omitempty"`
	ReturnReason string       `json:"return_reason,omitempty"`
	ReturnedBy   int64        `json:"returned_by,omitempty"`
	Revision     int          `json:"revision"` // submissions so far
	UpdatedBy    int64        `json:"updated_by,omitempty"`
	UpdatedAt    time.Time    `json:"updated_at"`
	Version      int          `json:"version"`             // see Versioned
	Revisions    []Revision   `json:"revisions,omitempty"` // filled by RoundService.Report
}

// Submitted reports whether the report was ever sent.
func (r *Report) Submitted() bool { return !r.FirstSentAt.IsZero() }

// Revision is a report as it was submitted the n-th time.
type Revision struct {
	Number  int          `json:"number"`
	SentAt  time.Time    `json:"sent_at"`
	SentBy  int64        `json:"sent_by"`
	Summary string       `json:"summary,omitempty"`
	Items   []ReportItem `json:"items,omitempty"`
	Files   []string     `json:"files,omitempty"`
}

// Timeliness is how a reporter answered a round.
type Timeliness string

const (
	OnTime  Timeliness = "on_time"
	Late    Timeliness = "late"
	Missing Timeliness = "missing" // not submitted (a draft is not a submission)
)

// LabelVi names the timeliness.
func (t Timeliness) LabelVi() string {
	return map[Timeliness]string{OnTime: "Đúng hạn", Late: "Trễ hạn", Missing: "Chưa gửi"}[t]
}

// LabelEn names the timeliness in English.
func (t Timeliness) LabelEn() string {
	return map[Timeliness]string{OnTime: "On time", Late: "Late", Missing: "Missing"}[t]
}

// TimelinessOf is how a report answered a round with the deadline: by its
// first submission. A nil report, or one never submitted, is missing.
func TimelinessOf(r *Report, deadline time.Time) Timeliness {
	switch {
	case r == nil || !r.Submitted():
		return Missing
	case r.FirstSentAt.After(deadline):
		return Late
	default:
		return OnTime
	}
}

// RoundFilter selects rounds. Zero fields do not filter.
type RoundFilter struct {
	IDs     []int64
	PlanIDs []int64
	Kind    RoundKind
	Open    bool // only rounds not closed
	Closed  bool // only closed rounds
	Limit   int  // the latest Limit rounds (by deadline)
}

// ReportFilter selects reports. Zero fields do not filter.
type ReportFilter struct {
	RoundIDs  []int64
	AgencyIDs []int64
}

// RoundService stores rounds and their reports.
type RoundService interface {
	// OpenRound stores a new round; a weekly round of a plan and week that
	// exists already is ECONFLICT, so that of several app instances one
	// opens it.
	OpenRound(ctx context.Context, r *Round) error
	Round(ctx context.Context, id int64) (*Round, error)
	Rounds(ctx context.Context, f RoundFilter) ([]*Round, error)
	// CloseRound closes the round as of version.
	CloseRound(ctx context.Context, id int64, at time.Time, version int) error
	// MarkReminded sets an open round's RemindedOn to day unless it is
	// day already: of several app instances reminding at once, one does
	// (the others: ECONFLICT). It leaves the version alone.
	MarkReminded(ctx context.Context, id int64, day Date) error

	// SaveReport creates the reporter's report of a round (ID 0) or
	// updates it as of r.Version; with a new revision it also keeps it.
	SaveReport(ctx context.Context, r *Report, rev *Revision) error
	Report(ctx context.Context, id int64) (*Report, error) // with its revisions
	Reports(ctx context.Context, f ReportFilter) ([]*Report, error)
}

// Snapshot is one status as a round's synthesis told it, kept when the
// round closes: the record of what the steering committee was told, beside
// pages that recompute any past date from the dated values. Criterion ""
// is the unit's whole set (the unit meets the standard, or not).
type Snapshot struct {
	RoundID       int64  `json:"round_id"`
	UnitID        int64  `json:"unit_id"`
	SetID         string `json:"set_id"`
	CriterionCode string `json:"criterion_code,omitempty"`
	Status        string `json:"status"` // a status.Status name: "met", "not_met", …
}

// SnapshotFilter selects snapshots. Zero fields do not filter.
type SnapshotFilter struct {
	RoundIDs []int64
	UnitIDs  []int64
	SetID    string
}

// SnapshotService keeps the statuses of closed rounds.
type SnapshotService interface {
	// KeepSnapshots stores the statuses of a round, once: a round that has
	// snapshots already is ECONFLICT.
	KeepSnapshots(ctx context.Context, roundID int64, rows []Snapshot) error
	Snapshots(ctx context.Context, f SnapshotFilter) ([]Snapshot, error)
}

// RevisionChange is one field a revision changed from the one before.
type RevisionChange struct {
	SetID, CriterionCode string // "" for the report's summary
	Field                string // FieldSummary, FieldWork, FieldDifficulties, FieldCauses, FieldProposals, FieldFiles
	Before, After        string
}

// Changes lists what r changed from prev: the summary, each field of each
// criterion (added, edited or emptied), and the files.
func (r Revision) Changes(prev Revision) []RevisionChange {
	var out []RevisionChange
	add := func(set, crit, field, before, after string) {
		if before != after {
			out = append(out, RevisionChange{set, crit, field, before, after})
		}
	}
	add("", "", FieldSummary, prev.Summary, r.Summary)
	old := map[[2]string]ReportItem{}
	for _, it := range prev.Items {
		old[[2]string{it.SetID, it.CriterionCode}] = it
	}
	seen := map[[2]string]bool{}
	fields := func(it, was ReportItem) {
		add(it.SetID, it.CriterionCode, FieldWork, was.Work, it.Work)
		add(it.SetID, it.CriterionCode, FieldDifficulties, was.Difficulties, it.Difficulties)
		add(it.SetID, it.CriterionCode, FieldCauses, was.Causes, it.Causes)
		add(it.SetID, it.CriterionCode, FieldProposals, was.Proposals, it.Proposals)
	}
	for _, it := range r.Items {
		k := [2]string{it.SetID, it.CriterionCode}
		seen[k] = true
		fields(it, old[k])
	}
	for _, it := range prev.Items {
		if k := [2]string{it.SetID, it.CriterionCode}; !seen[k] {
			fields(ReportItem{SetID: it.SetID, CriterionCode: it.CriterionCode}, it)
		}
	}
	if !slices.Equal(prev.Files, r.Files) { // told by their number: the names are on the page
		out = append(out, RevisionChange{Field: FieldFiles, Before: fmt.Sprint(len(prev.Files)), After: fmt.Sprint(len(r.Files))})
	}
	return out
}

// ReportSchedule is when the plan's weekly reports are due: its schedule,
// or DefaultSchedule when it has none.
func (pl *Plan) ReportSchedule() Schedule {
	if pl.Schedule == (Schedule{}) {
		return DefaultSchedule
	}
	return pl.Schedule
}

// weekdaysVi name the days of the week as offices write them.
var weekdaysVi = [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}

// LabelVi says the schedule in words: "16:00 thứ Sáu hằng tuần".
func (s Schedule) LabelVi() string {
	return fmt.Sprintf("%02d:00 %s hằng tuần", s.Hour, weekdaysVi[s.Weekday%7])
}

// DayVi names the schedule's weekday: "thứ Sáu".
func (s Schedule) DayVi() string { return weekdaysVi[s.Weekday%7] }

// LabelEn says the schedule in English: "Fridays at 16:00".
func (s Schedule) LabelEn() string { return fmt.Sprintf("%ss at %02d:00", s.Weekday%7, s.Hour) }
