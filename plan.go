package datchuan

import (
	"context"
	"slices"
	"time"
)

// Plan is a plan document of a steering committee, such as Plan 45/KH-BCĐ
// of Trà Vinh: who issued it, when, and the targets it serves. Its
// assignments say who does what by when.
type Plan struct {
	ID         int64     `json:"id"`
	ProvinceID int64     `json:"province_id"` // the unit whose committee issued it
	Number     string    `json:"number"`      // số, ký hiệu: "45/KH-BCĐ"
	Date       Date      `json:"date"`
	Issuer     string    `json:"issuer"` // "Ban Chỉ đạo các chương trình MTQG tỉnh Trà Vinh"
	Signer     string    `json:"signer"` // "Phó Chủ tịch UBND tỉnh Trần Minh Đức"
	Title      string    `json:"title"`
	TargetIDs  []int64   `json:"target_ids"`
	Files      []string  `json:"files,omitempty"` // attachment IDs (the scanned plan, its appendices)
	CreatedBy  int64     `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Version    int       `json:"version"` // see Versioned
	// Schedule is when the plan's weekly reports are due. Its zero value
	// (Sunday 00:00) cannot be told from "not chosen", so it stands for
	// DefaultSchedule: a plan created or updated with it is stored, and
	// read back, as Friday 16:00.
	Schedule Schedule `json:"schedule"`
}

// Output is what an assignment expects from its lead agency (Plan 45 §III).
type Output string

const (
	OutputGuidance   Output = "guidance"   // hướng dẫn thực hiện tiêu chí
	OutputEvaluation Output = "evaluation" // đánh giá, thẩm định, xác nhận mức đạt
	OutputDossier    Output = "dossier"    // hồ sơ trình UBND tỉnh phê duyệt
	OutputReport     Output = "report"     // báo cáo kết quả
)

// Outputs lists the outputs in the order forms show them.
var Outputs = []Output{OutputGuidance, OutputEvaluation, OutputDossier, OutputReport}

// Valid reports whether o is a known output.
func (o Output) Valid() bool { return slices.Contains(Outputs, o) }

// outputNames name each output in Vietnamese and English.
var outputNames = map[Output][2]string{
	OutputGuidance:   {"Hướng dẫn", "Guidance"},
	OutputEvaluation: {"Đánh giá, xác nhận", "Evaluation and confirmation"},
	OutputDossier:    {"Hồ sơ trình UBND tỉnh phê duyệt", "Dossier for the Provincial People's Committee"},
	OutputReport:     {"Báo cáo", "Report"},
}

// LabelVi names the output.
func (o Output) LabelVi() string { return nameOr(outputNames[o][0], string(o)) }

// LabelEn names the output in English.
func (o Output) LabelEn() string { return nameOr(outputNames[o][1], string(o)) }

// nameOr is name, or the code itself for a code without one.
func nameOr(name, code string) string {
	if name == "" {
		return code
	}
	return name
}

// Assignment gives one criterion (or one indicator) of one unit to one lead
// agency, with supporting agencies, a deadline and expected outputs. A
// bulk assignment (criterion 17 for every commune of Cầu Ngang) is one
// Assignment per unit, written together.
type Assignment struct {
	ID            int64    `json:"id"`
	PlanID        int64    `json:"plan_id,omitempty"`
	UnitID        int64    `json:"unit_id"`
	SetID         string   `json:"set_id"`
	CriterionCode string   `json:"criterion_code"`
	IndicatorCode string   `json:"indicator_code,omitempty"` // "" for the whole criterion
	LeadID        int64    `json:"lead_id"`                  // an Agency
	SupportIDs    []int64  `json:"support_ids,omitempty"`
	Deadline      Date     `json:"deadline"`
	Outputs       []Output `json:"outputs,omitempty"`
	Note          string   `json:"note,omitempty"`
	// Done marks the assignment finished by hand (the guidance issued, the
	// dossier approved); an open assignment past its deadline is overdue.
	// One done by its result (DoneByResult) also counts as done, without
	// the mark, while its criterion is confirmed met (work.Finder.Items).
	Done      bool      `json:"done"`
	CreatedBy int64     `json:"created_by,omitempty"` // a User
	CreatedAt time.Time `json:"created_at"`
	Version   int       `json:"version"` // see Versioned
}

// HasOutput reports whether the assignment expects o.
func (a *Assignment) HasOutput(o Output) bool {
	for _, x := range a.Outputs {
		if x == o {
			return true
		}
	}
	return false
}

// DoneByResult reports whether the assignment is finished by its result
// rather than by hand: it expects the criterion (or indicator) to be
// evaluated and confirmed met (OutputEvaluation), so it counts as done
// while the unit's confirmed values meet it. An assignment that expects
// only documents (guidance, a dossier, a report), or names no output at
// all, is finished only when someone marks it done.
func (a *Assignment) DoneByResult() bool { return a.HasOutput(OutputEvaluation) }

// Overdue reports whether the assignment is open past its deadline on day.
func (a *Assignment) Overdue(day Date) bool {
	return !a.Done && !a.Deadline.IsZero() && a.Deadline.Before(day)
}

// AssignmentFilter selects assignments. Zero fields do not filter.
type AssignmentFilter struct {
	IDs           []int64
	PlanID        int64
	UnitIDs       []int64
	AgencyIDs     []int64 // lead or supporting
	SetID         string
	CriterionCode string
	Open          bool // only those not done
	DueBefore     Date // deadline before this day (exclusive)
}

// PlanService stores plans and their assignments. Plans and assignments
// are Versioned: an update names the version it started from.
type PlanService interface {
	CreatePlan(ctx context.Context, p *Plan) error // sets ID, CreatedAt, Version
	// UpdatePlan stores every field of p but its creator; ECONFLICT when
	// p.Version is not the stored version, ENOTFOUND when p is gone.
	UpdatePlan(ctx context.Context, p *Plan) error
	Plan(ctx context.Context, id int64) (*Plan, error)
	Plans(ctx context.Context, provinceID int64) ([]*Plan, error) // newest first
	// Assign writes the assignments all or nothing. An assignment for a
	// (unit, set, criterion, indicator) that already has one replaces it
	// (keeping its ID, a new version): assigning again moves the work, it
	// does not double it.
	Assign(ctx context.Context, as []*Assignment) error
	Assignments(ctx context.Context, f AssignmentFilter) ([]*Assignment, error) // by deadline, unit, criterion
	// UpdateAssignment stores the lead, supports, deadline, outputs, note
	// and done flag of a.ID; ECONFLICT when a.Version is stale, ENOTFOUND
	// when the row is gone (an update never inserts).
	UpdateAssignment(ctx context.Context, a *Assignment) error
	// DeleteAssignment deletes the row id if it is still at version;
	// ECONFLICT when it changed since, ENOTFOUND when it is gone.
	DeleteAssignment(ctx context.Context, id int64, version int) error
}

// TaskStatus is where a member task stands.
type TaskStatus string

const (
	TaskTodo  TaskStatus = "todo"
	TaskDoing TaskStatus = "doing"
	TaskDone  TaskStatus = "done"
)

// Task is work a commune committee gives one of its members.
type Task struct {
	ID            int64      `json:"id"`
	UnitID        int64      `json:"unit_id"`     // the commune
	AssigneeID    int64      `json:"assignee_id"` // a Person
	Title         string     `json:"title"`
	SetID         string     `json:"set_id,omitempty"`
	CriterionCode string     `json:"criterion_code,omitempty"`
	IndicatorCode string     `json:"indicator_code,omitempty"`
	Due           Date       `json:"due"`
	Status        TaskStatus `json:"status"`
	Notes         string     `json:"notes,omitempty"`
	Files         []string   `json:"files,omitempty"` // attachment IDs
	CreatedBy     int64      `json:"created_by,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"` // see Versioned
}

// TaskFilter selects tasks. Zero fields do not filter.
type TaskFilter struct {
	UnitIDs     []int64
	AssigneeIDs []int64
	Open        bool // not done
}

// TaskService stores member tasks.
type TaskService interface {
	CreateTask(ctx context.Context, t *Task) error
	// UpdateTask stores the title, assignee, links, due date, status, notes
	// and files of t; ECONFLICT when t.Version is stale, ENOTFOUND when gone.
	UpdateTask(ctx context.Context, t *Task) error
	Task(ctx context.Context, id int64) (*Task, error)
	Tasks(ctx context.Context, f TaskFilter) ([]*Task, error) // by due date
}

// Guidance is a document a lead department publishes for its criteria;
// units see it beside the indicator.
type Guidance struct {
	ID            int64     `json:"id"`
	AgencyID      int64     `json:"agency_id"`
	SetID         string    `json:"set_id"`
	CriterionCode string    `json:"criterion_code"`
	IndicatorCode string    `json:"indicator_code,omitempty"`
	Number        string    `json:"number"` // "1234/HD-SXD"
	Date          Date      `json:"date"`
	Title         string    `json:"title"`
	File          string    `json:"file,omitempty"` // attachment ID of the document
	CreatedBy     int64     `json:"created_by,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Version       int       `json:"version"` // see Versioned
}

// GuidanceFilter selects guidance documents. Zero fields do not filter.
type GuidanceFilter struct {
	AgencyIDs []int64 // published by these agencies (a province's)
	SetIDs    []string
	Criterion string
}

// GuidanceService stores guidance documents.
type GuidanceService interface {
	PublishGuidance(ctx context.Context, g *Guidance) error
	GuidanceByID(ctx context.Context, id int64) (*Guidance, error) // ENOTFOUND
	// Guidance lists the documents f selects, newest first.
	Guidance(ctx context.Context, f GuidanceFilter) ([]*Guidance, error)
}

// ApprovalState is where an approval item stands.
type ApprovalState string

const (
	ApprovalDraft     ApprovalState = "draft"
	ApprovalSubmitted ApprovalState = "submitted"
	ApprovalApproved  ApprovalState = "approved"
	ApprovalReturned  ApprovalState = "returned"
)

// Approval is a content in the authority of the Provincial People's
// Committee (a zoning plan, a list of communes to recognise): drafted by an
// agency, submitted, then approved with a decision or returned with a reason.
type Approval struct {
	ID             int64         `json:"id"`
	AgencyID       int64         `json:"agency_id"` // who prepares it
	Title          string        `json:"title"`
	SetID          string        `json:"set_id,omitempty"`
	CriterionCode  string        `json:"criterion_code,omitempty"`
	UnitIDs        []int64       `json:"unit_ids,omitempty"`
	State          ApprovalState `json:"state"`
	DecisionNumber string        `json:"decision_number,omitempty"` // "1234/QĐ-UBND"
	DecisionDate   Date          `json:"decision_date"`
	DecisionFile   string        `json:"decision_file,omitempty"`   // the signed decision, scanned (an attachment ID)
	Reason         string        `json:"reason,omitempty"`          // why it was returned
	Files          []string      `json:"files,omitempty"`           // attachment IDs
	DossierItemID  int64         `json:"dossier_item_id,omitempty"` // the paper of a recognition dossier it serves
	CreatedBy      int64         `json:"created_by,omitempty"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
	Version        int           `json:"version"` // see Versioned
}

// ApprovalService stores approval items. Which moves an item may make is
// ApprovalState.CanMoveTo; the store keeps what it is given, version by
// version.
type ApprovalService interface {
	CreateApproval(ctx context.Context, a *Approval) error // state draft
	Approval(ctx context.Context, id int64) (*Approval, error)
	Approvals(ctx context.Context, agencyIDs []int64) ([]*Approval, error) // nil: all
	// UpdateApproval stores the state, decision, reason, title, criterion,
	// units and files of a; ECONFLICT when a.Version is stale (someone
	// moved the item first), ENOTFOUND when it is gone. It sets UpdatedAt.
	UpdateApproval(ctx context.Context, a *Approval) error
	// ApprovalsServing returns the items serving the papers of recognition
	// dossiers itemIDs, the most recently moved first.
	ApprovalsServing(ctx context.Context, itemIDs []int64) ([]*Approval, error)
}

// Notification is a message for a person in the app: "your value was
// returned", shown until read.
type Notification struct {
	ID        int64     `json:"id"`
	PersonID  int64     `json:"person_id"`
	Text      string    `json:"text"`
	Link      string    `json:"link,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
	// Digest: the notice goes in the person's next daily digest (Notice.Digest).
	Digest bool `json:"digest,omitempty"`
}

// Mail is an e-mail waiting in the outbox. It is written in the transaction
// of the change that causes it, and sent once, by whichever app instance
// claims it.
type Mail struct {
	ID      int64  `json:"id"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// Key makes a mail unique: "digest:<person>:<yyyy-mm-dd>" is written at
	// most once, ever.
	Key       string    `json:"key"`
	CreatedAt time.Time `json:"created_at"`
	SentAt    time.Time `json:"sent_at,omitzero"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
}

// NotifyService stores in-app notifications and the mail outbox.
type NotifyService interface {
	Notify(ctx context.Context, n *Notification) error
	Notifications(ctx context.Context, personID int64, unreadOnly bool) ([]*Notification, error) // newest first
	// NotificationPage returns a page of a person's notifications, the last
	// recorded first: at most limit, recorded before the one beforeID (0:
	// from the last). The ID of a page's last is the next page's beforeID.
	NotificationPage(ctx context.Context, personID, beforeID int64, limit int) ([]*Notification, error)
	CountUnread(ctx context.Context, personID int64) (int, error)
	MarkRead(ctx context.Context, personID int64, ids []int64, at time.Time) error
	// Undigested returns the person's unread digest notices that no digest
	// told yet, oldest first; MarkDigested records that a digest told them.
	Undigested(ctx context.Context, personID int64) ([]*Notification, error)
	MarkDigested(ctx context.Context, ids []int64, at time.Time) error
	// QueueMail adds a mail to the outbox; false (and no error) when a mail
	// with the same key exists already.
	QueueMail(ctx context.Context, m *Mail) (bool, error)
	// ClaimMail takes up to n unsent mails for this sender, each claimed by
	// one sender only (a claim older than lease may be taken over).
	ClaimMail(ctx context.Context, sender string, n int, now time.Time, lease time.Duration) ([]*Mail, error)
	// MailSent records the outcome of a claimed mail: sent, or failed with
	// the error (it is tried again later).
	MailSent(ctx context.Context, id int64, at time.Time, sendErr error) error
}
