package datchuan

import (
	"context"
	"encoding/json"
	"time"
)

// Actor is who makes a change: a signed-in user (from an address), or the
// program itself running a command, a job or the demo seeding ("system:demo").
type Actor struct {
	UserID   int64  `json:"user_id,omitempty"`
	PersonID int64  `json:"person_id,omitempty"`
	Name     string `json:"name"`           // the user's name, or "system:<command>"
	Addr     string `json:"addr,omitempty"` // the client address of a web request
}

// SystemActor is the program acting on its own: a command line verb
// ("user-add", "migrate"), a job ("remind") or the demo seeding ("demo").
func SystemActor(command string) Actor { return Actor{Name: "system:" + command} }

// System reports whether the actor is the program rather than a person.
func (a Actor) System() bool { return a.UserID == 0 }

// Change is one entry of the change log: who changed what, when, from
// where, and the thing before and after. Entries are only ever appended;
// no route, command or storage method edits or deletes one.
type Change struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    Actor     `json:"actor"`
	Action   string    `json:"action"`    // "value.report", "assignment.update" ...
	Entity   string    `json:"entity"`    // "value", "assignment", "user" ...
	EntityID int64     `json:"entity_id"` // 0 for a batch (a demo seeding, a unit list)
	// UnitID is the unit the change is about (0 when none); Province is the
	// code of the province whose coordination office may read the entry
	// ("" for changes only administrators read, such as accounts).
	UnitID   int64  `json:"unit_id,omitempty"`
	Province string `json:"province,omitempty"`
	Summary  string `json:"summary"`          // what happened, in words
	Before   string `json:"before,omitempty"` // JSON of the thing before ("" when created)
	After    string `json:"after,omitempty"`  // JSON of the thing after ("" when deleted)
}

// Change actions: the verbs of the log, "<entity>.<verb>".
const (
	ActValueReport      = "value.report"
	ActValueReview      = "value.review"
	ActPlanCreate       = "plan.create"
	ActPlanUpdate       = "plan.update"
	ActAssign           = "assignment.assign" // a bulk assignment or an import: one entry
	ActAssignmentUpdate = "assignment.update"
	ActAssignmentDelete = "assignment.delete"
	ActTaskCreate       = "task.create"
	ActTaskUpdate       = "task.update"
	ActGuidancePublish  = "guidance.publish"
	ActApprovalCreate   = "approval.create"
	ActApprovalMove     = "approval.move"
	ActApprovalDecision = "approval.decision" // the signed decision kept, scanned
	ActUserCreate       = "user.create"
	ActUserUpdate       = "user.update"
	ActUserPassword     = "user.password"
	ActUserUnthrottle   = "user.unthrottle" // an admin lets a login try again at once
	ActSignInFail       = "signin.fail"     // a wrong login or password (never the password itself)
	ActRoleAdd          = "role.add"
	ActRoleRemove       = "role.remove"
	ActAgencyCreate     = "agency.create"
	ActUnitsImport      = "units.import"
	ActDemoSeed         = "demo.seed"
	ActRoundOpen        = "round.open"
	ActRoundClose       = "round.close"
	ActRoundRemind      = "round.remind" // missing reporters reminded, once a day
	ActObstacleRaise    = "obstacle.raise"
	ActObstacleMove     = "obstacle.move"
	ActReportSave       = "report.save"   // a draft saved
	ActReportSubmit     = "report.submit" // sent to the coordination office (each time: a revision)
	ActReportReturn     = "report.return"
)

// NewChange returns the entry of an action on an entity, with the JSON of
// the thing before and after (nil for none). A value that cannot be
// written as JSON is recorded by its error text, rather than losing the
// entry.
func NewChange(by Actor, action, entity string, id int64, summary string, before, after any) *Change {
	return &Change{Actor: by, Action: action, Entity: entity, EntityID: id, Summary: summary,
		Before: jsonText(before), After: jsonText(after)}
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error": "` + err.Error() + `"}`
	}
	if string(b) == "null" {
		return ""
	}
	return string(b)
}

// ChangeFilter selects entries of the change log. Zero fields do not filter.
type ChangeFilter struct {
	// Provinces limits the entries to those of these provinces (a
	// coordination office reads its own); nil does not filter, an empty
	// non-nil list matches nothing.
	Provinces []string
	UnitIDs   []int64
	UserID    int64 // entries made by this user
	Entity    string
	EntityID  int64
	From, To  time.Time // From <= At < To
	BeforeID  int64     // entries older than this one (paging)
	Limit     int
}

// ChangeLog keeps the append-only change log.
type ChangeLog interface {
	// Record appends c and sets c.ID; c.At defaults to now.
	Record(ctx context.Context, c *Change) error
	// Changes returns the entries f selects, newest first.
	Changes(ctx context.Context, f ChangeFilter) ([]*Change, error)
	// Latest returns the time of the latest entry (the greatest At, which
	// need not be the last recorded); zero when the log is empty.
	Latest(ctx context.Context) (time.Time, error)
	// Tail returns the heads of the entries recorded after the entry
	// after, and of those of also (IDs seen missing before), by ID: what
	// a reader kept in memory has not applied yet.
	Tail(ctx context.Context, after int64, also []int64) ([]ChangeHead, error)
}

// ChangeHead is what a reader of the log needs to know of an entry to
// bring what it keeps in memory up to date: which entry, what was done,
// and to which unit.
type ChangeHead struct {
	ID     int64
	Action string
	Entity string
	UnitID int64
}

// ActFileUpload is the action of storing an uploaded file.
const ActFileUpload = "file.upload"

// ActDatabaseRestore is the action of "datchuan restore": the database was
// put back as a backup had it.
const ActDatabaseRestore = "database.restore"

// Actions of site inspections: entries about an inspection, its findings
// and photos name the inspection (entity "inspection").
const (
	ActInspectionPlan     = "inspection.plan"
	ActInspectionUpdate   = "inspection.update"
	ActInspectionMove     = "inspection.move"      // done, cancelled, planned again
	ActInspectionFinding  = "inspection.finding"   // a finding recorded or corrected
	ActInspectionFollowUp = "inspection.follow_up" // a finding made an obstacle or a task
	ActInspectionPhotos   = "inspection.photos"
)

// Actions of the recognition dossiers.
const (
	ActDossierTemplateLoad = "dossier_template.load" // the shipped template copied for a province on first use
	ActDossierTemplateItem = "dossier_template.item" // an item added, edited or removed
	ActDossierCreate       = "dossier.create"
	ActDossierItemUpdate   = "dossier_item.update"
	ActDossierFileAdd      = "dossier_item.file" // a new version of a paper's file
	ActRecognitionCreate   = "recognition.create"
	ActRecognitionUpdate   = "recognition.update"
)

// Actions of the weekly steering-committee meetings.
const (
	ActMeetingSeriesCreate = "meeting_series.create"
	ActMeetingSeriesUpdate = "meeting_series.update"
	ActMeetingPlan         = "meeting.plan"
	ActMeetingUpdate       = "meeting.update" // details, attendance, conclusions and decisions
	ActMeetingHold         = "meeting.hold"   // marked held: its agenda frozen
	ActMeetingCancel       = "meeting.cancel"
	ActMeetingDecide       = "meeting.decide" // a decision given out as a task or an assignment
)

// ActNationalLoad is the action of "datchuan national": the national
// synthetic data set was loaded into an empty database.
const ActNationalLoad = "national.load"
