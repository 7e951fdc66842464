package weekly

import (
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

func TestMeasure(t *testing.T) {
	a, b, c := &datchuan.Unit{ID: 1, Name: "Xã A"}, &datchuan.Unit{ID: 2, Name: "Xã B"}, &datchuan.Unit{ID: 3, Name: "Xã C"}
	set := "s"
	before := Index{{1, set, "17"}: status.Met, {2, set, "17"}: status.NotMet, {3, set, "17"}: status.Met}
	now := Index{{1, set, "17"}: status.Met, {2, set, "17"}: status.Met, {3, set, "17"}: status.Returned}
	got := Measure([]Scope{{SetID: set, Criterion: "17", Units: []*datchuan.Unit{a, b, c}}}, now, before)[0]
	if got.MetNow != 2 || got.MetBefore != 2 || got.Known != 3 {
		t.Errorf("met now %d, before %d, known %d; want 2, 2, 3", got.MetNow, got.MetBefore, got.Known)
	}
	if len(got.NewlyMet) != 1 || got.NewlyMet[0] != b {
		t.Errorf("newly met %v, want Xã B", got.NewlyMet)
	}
	if len(got.NotMet) != 1 || got.NotMet[0] != c || len(got.Lost) != 1 || got.Lost[0] != c {
		t.Errorf("not met %v, lost %v; want Xã C in both", got.NotMet, got.Lost)
	}
}

func TestSnapshotsRoundTrip(t *testing.T) {
	x := Index{{2, "s", ""}: status.Met, {1, "s", "1"}: status.NoData, {1, "s", ""}: status.NotMet}
	rows := x.Snapshots(7)
	if len(rows) != 3 || rows[0].UnitID != 1 || rows[0].CriterionCode != "" || rows[1].CriterionCode != "1" || rows[2].RoundID != 7 {
		t.Fatalf("rows not in unit, set, criterion order: %+v", rows)
	}
	back := FromSnapshots(rows)
	if len(back) != 3 || back[Key{1, "s", "1"}] != status.NoData || !back.Met(Key{2, "s", ""}) {
		t.Errorf("round trip lost statuses: %v", back)
	}
}
