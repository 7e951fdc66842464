package datchuan

import (
	"context"
	"time"
)

// Target says that a unit aims to meet a criteria set by a year: "Huyện Cầu
// Ngang đạt chuẩn huyện nông thôn mới năm 2022".
type Target struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id"`
	SetID     string    `json:"set_id"`
	Year      int       `json:"year"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// TargetFilter selects targets. Zero fields do not filter.
type TargetFilter struct {
	UnitIDs []int64
	SetID   string
	Year    int
}

// TargetService stores targets.
type TargetService interface {
	CreateTarget(ctx context.Context, t *Target) error // ECONFLICT if the unit already aims at the set
	Target(ctx context.Context, id int64) (*Target, error)
	FindTargets(ctx context.Context, f TargetFilter) ([]*Target, error)
}
