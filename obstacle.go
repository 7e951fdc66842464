package datchuan

import (
	"context"
	"time"
)

// The obstacles and recommendations register (Plan 45 §III.3–4): what
// blocks a unit's criterion, who owns lifting it and by when. An obstacle
// is raised from a weekly report's difficulty, a meeting, a site
// inspection, a returned value or directly; it is worked on, resolved
// with a note, or escalated to the province, whose coordination office
// then carries it.

// ObstacleState is where an obstacle stands.
type ObstacleState string

const (
	ObstacleOpen       ObstacleState = "open"
	ObstacleInProgress ObstacleState = "in_progress"
	ObstacleEscalated  ObstacleState = "escalated" // sent up to the province
	ObstacleResolved   ObstacleState = "resolved"
)

// ObstacleStates lists the states in the order pages show them.
var ObstacleStates = []ObstacleState{ObstacleOpen, ObstacleInProgress, ObstacleEscalated, ObstacleResolved}

// Valid reports whether s is a known state.
func (s ObstacleState) Valid() bool {
	for _, x := range ObstacleStates {
		if s == x {
			return true
		}
	}
	return false
}

// Open reports whether the obstacle still blocks: anything not resolved.
func (s ObstacleState) Open() bool { return s != ObstacleResolved && s.Valid() }

// CanMoveTo reports whether an obstacle in state s may move to t: work
// starts, it is resolved or escalated from any open state, an escalated
// one is taken up again, and a resolved one may be reopened.
func (s ObstacleState) CanMoveTo(t ObstacleState) bool {
	switch {
	case s == t || !t.Valid():
		return false
	case s == ObstacleResolved:
		return t == ObstacleOpen
	default:
		return s.Valid()
	}
}

var obstacleStateNames = map[ObstacleState][2]string{
	ObstacleOpen:       {"Mới nêu", "Open"},
	ObstacleInProgress: {"Đang xử lý", "In progress"},
	ObstacleEscalated:  {"Đã báo cáo tỉnh", "Escalated to the province"},
	ObstacleResolved:   {"Đã giải quyết", "Resolved"},
}

// LabelVi names the state.
func (s ObstacleState) LabelVi() string { return nameOr(obstacleStateNames[s][0], string(s)) }

// LabelEn names the state in English.
func (s ObstacleState) LabelEn() string { return nameOr(obstacleStateNames[s][1], string(s)) }

// ObstacleSource is where an obstacle was raised.
type ObstacleSource string

const (
	FromReport     ObstacleSource = "report"     // a difficulty of a weekly report
	FromMeeting    ObstacleSource = "meeting"    // a weekly district meeting
	FromInspection ObstacleSource = "inspection" // a site inspection's finding
	FromValue      ObstacleSource = "value"      // a value returned to its reporter
	FromDirect     ObstacleSource = "direct"     // written straight into the register
)

// Valid reports whether s is a known source.
func (s ObstacleSource) Valid() bool {
	switch s {
	case FromReport, FromMeeting, FromInspection, FromValue, FromDirect:
		return true
	}
	return false
}

var obstacleSourceNames = map[ObstacleSource][2]string{
	FromReport:     {"Báo cáo tuần", "Weekly report"},
	FromMeeting:    {"Họp Ban Chỉ đạo", "Steering-committee meeting"},
	FromInspection: {"Kiểm tra thực tế", "Site inspection"},
	FromValue:      {"Số liệu bị trả lại", "Returned value"},
	FromDirect:     {"Ghi trực tiếp", "Written directly"},
}

// LabelVi names where an obstacle was raised.
func (s ObstacleSource) LabelVi() string { return nameOr(obstacleSourceNames[s][0], string(s)) }

// LabelEn names where an obstacle was raised, in English.
func (s ObstacleSource) LabelEn() string { return nameOr(obstacleSourceNames[s][1], string(s)) }

// Obstacle is one entry of the register.
type Obstacle struct {
	ID            int64          `json:"id"`
	ProvinceID    int64          `json:"province_id"`
	UnitID        int64          `json:"unit_id"`
	SetID         string         `json:"set_id,omitempty"`
	CriterionCode string         `json:"criterion_code,omitempty"`
	IndicatorCode string         `json:"indicator_code,omitempty"`
	Title         string         `json:"title"`            // the difficulty, in a line
	Detail        string         `json:"detail,omitempty"` // its causes, what is proposed
	OwnerID       int64          `json:"owner_id"`         // the agency that must lift it
	Due           Date           `json:"due,omitzero"`
	State         ObstacleState  `json:"state"`
	Source        ObstacleSource `json:"source"`
	SourceID      int64          `json:"source_id,omitempty"` // the report, meeting, inspection or value
	Resolution    string         `json:"resolution,omitempty"`
	RaisedBy      int64          `json:"raised_by,omitempty"` // a user
	RaisedAt      time.Time      `json:"raised_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
	ResolvedAt    time.Time      `json:"resolved_at,omitzero"`
	Version       int            `json:"version"` // see Versioned
}

// Age is how many whole days the obstacle has been open on now (until it
// was resolved, for a resolved one).
func (o *Obstacle) Age(now time.Time) int {
	end := now
	if !o.ResolvedAt.IsZero() {
		end = o.ResolvedAt
	}
	if end.Before(o.RaisedAt) {
		return 0
	}
	return int(end.Sub(o.RaisedAt) / (24 * time.Hour))
}

// ObstacleFilter selects obstacles. Zero fields do not filter.
type ObstacleFilter struct {
	IDs        []int64
	ProvinceID int64
	UnitIDs    []int64
	OwnerIDs   []int64
	States     []ObstacleState
	SetID      string
	Criterion  string
}

// ObstacleService stores the register.
type ObstacleService interface {
	// RaiseObstacle stores a new obstacle: ID, Version 1, RaisedAt and
	// UpdatedAt (now when zero).
	RaiseObstacle(ctx context.Context, o *Obstacle) error
	// UpdateObstacle stores every field but who raised it and when, as of
	// o.Version: ECONFLICT when it changed since, ENOTFOUND when it is gone.
	UpdateObstacle(ctx context.Context, o *Obstacle) error
	Obstacle(ctx context.Context, id int64) (*Obstacle, error)
	// Obstacles returns the selected obstacles, the oldest open first.
	Obstacles(ctx context.Context, f ObstacleFilter) ([]*Obstacle, error)
}
