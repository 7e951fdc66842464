package datchuan

import "context"

// Stores is every storage service, as one value: what a use case reads and
// writes. Within Transactor.Atomically the same services are bound to one
// transaction.
type Stores struct {
	Units     UnitService
	Agencies  AgencyService
	Targets   TargetService
	Values    ValueService
	Users     UserService
	Sessions  SessionService
	Throttle  LoginThrottle
	Files     AttachmentService
	Plans     PlanService
	Tasks     TaskService
	Guidance  GuidanceService
	Approvals ApprovalService
	Notify    NotifyService
	Changes   ChangeLog
	Rounds    RoundService
	Snapshots SnapshotService
	Obstacles ObstacleService

	Inspections InspectionService // site inspections, their findings and photos
	Dossiers    DossierService
	Decisions   RecognitionService
	Meetings    MeetingService
}

// Transactor runs a group of writes as one: a change, its change-log entry
// and the notices it causes are committed together or not at all.
type Transactor interface {
	// Atomically runs fn with stores bound to one transaction, committed
	// when fn returns nil and rolled back when it returns an error (which
	// Atomically returns as is).
	Atomically(ctx context.Context, fn func(tx Stores) error) error
}

// Versioned rows — plans, assignments, tasks, guidance, approvals, users,
// rounds and reports — carry a Version, 1 when created and one more at
// each update. An edit names the version it started from (the form carries
// it); the store applies it only to that version, so that of two edits
// made from the same version one wins and the other is an ECONFLICT, never
// a silent overwrite. A row deleted meanwhile is ENOTFOUND: an update
// never inserts.

// Stale is the ECONFLICT of an edit made from a version that is not the
// stored one: someone changed the thing since the page was opened. vi and
// en name the thing ("Kế hoạch", "the plan").
func Stale(vi, en string) error {
	return Errorf(ECONFLICT,
		"%s đã được người khác sửa sau khi bạn mở trang; hãy tải lại trang và sửa lại (%s was changed by someone else since you opened it; reload and edit again)",
		vi, en)
}
