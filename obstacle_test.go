package datchuan

import (
	"testing"
	"time"
)

func TestObstacleMoves(t *testing.T) {
	for _, c := range []struct {
		from, to ObstacleState
		ok       bool
	}{
		{ObstacleOpen, ObstacleInProgress, true},
		{ObstacleOpen, ObstacleEscalated, true},
		{ObstacleInProgress, ObstacleResolved, true},
		{ObstacleEscalated, ObstacleInProgress, true},
		{ObstacleResolved, ObstacleOpen, true}, // reopened
		{ObstacleResolved, ObstacleEscalated, false},
		{ObstacleOpen, ObstacleOpen, false},
		{ObstacleOpen, "lost", false},
	} {
		if got := c.from.CanMoveTo(c.to); got != c.ok {
			t.Errorf("%s → %s: %v, want %v", c.from, c.to, got, c.ok)
		}
	}
	if ObstacleResolved.Open() || !ObstacleEscalated.Open() {
		t.Error("Open: resolved counts as open, or escalated does not")
	}
}

func TestObstacleValidateAndAge(t *testing.T) {
	raised := time.Date(2022, 8, 1, 9, 0, 0, 0, Vietnam())
	o := &Obstacle{ProvinceID: 1, UnitID: 2, Title: "Thiếu kinh phí", OwnerID: 3, State: ObstacleOpen, Source: FromReport, RaisedAt: raised}
	if err := o.Validate(); err != nil {
		t.Fatalf("a valid obstacle: %v", err)
	}
	o.State = ObstacleResolved
	if f := ErrorFields(o.Validate()); f[FieldResolution] == "" {
		t.Errorf("resolved without a note: %v", f)
	}
	o.Resolution, o.Title, o.OwnerID = "Đã bố trí vốn", "", 0
	if f := ErrorFields(o.Validate()); f[FieldTitle] == "" || f[FieldAgency] == "" {
		t.Errorf("no title, no owner: %v", f)
	}
	if age := o.Age(raised.Add(50 * time.Hour)); age != 2 {
		t.Errorf("age after 50 hours: %d, want 2", age)
	}
	o.ResolvedAt = raised.Add(24 * time.Hour)
	if age := o.Age(raised.Add(100 * 24 * time.Hour)); age != 1 {
		t.Errorf("age of an obstacle resolved after a day: %d, want 1", age)
	}
}
