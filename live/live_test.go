package live_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/internal/dbtest"
	"github.com/datchuan/datchuan/live"
	"github.com/datchuan/datchuan/sqldb"
)

var start = time.Date(2022, 9, 1, 8, 0, 0, 0, datchuan.Vietnam())

// world is a small province: Trà Vinh, Cầu Ngang and two of its communes,
// the district's target, and values reported and reviewed.
type world struct {
	db       *sqldb.DB
	now      time.Time
	district int64
	communes []int64
}

func (w *world) clock() time.Time { return w.now }

func newWorld(t *testing.T, engine string) *world {
	t.Helper()
	w := &world{now: start}
	w.db = dbtest.Open(t, engine, w.clock)
	ctx := context.Background()
	st := w.db.Stores()
	snap := datchuan.UnitSnapshot{Name: "test", Units: []datchuan.UnitRecord{
		{Code: "84", Name: "Tỉnh Trà Vinh", Type: "Tỉnh", Level: datchuan.LevelProvince},
		{Code: "848", Name: "Huyện Cầu Ngang", Type: "Huyện", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{Code: "29446", Name: "Xã Nhị Trường", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848"},
		{Code: "29449", Name: "Xã Trường Thọ", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848"},
	}}
	if _, err := st.Units.ApplyUnitSnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"848", "29446", "29449"} {
		us, err := st.Units.FindUnits(ctx, datchuan.UnitFilter{Code: code})
		if err != nil || len(us) != 1 {
			t.Fatalf("unit %s: %v %v", code, us, err)
		}
		if code == "848" {
			w.district = us[0].ID
		} else {
			w.communes = append(w.communes, us[0].ID)
		}
	}
	if err := st.Targets.CreateTarget(ctx, &datchuan.Target{UnitID: w.district, SetID: "district", Year: 2022}); err != nil {
		t.Fatal(err)
	}
	w.report(t, w.communes[0], "1.1", true)
	v := w.report(t, w.communes[1], "1.1", false)
	w.review(t, v, datchuan.StateReturned)
	return w
}

// report writes a value as the program does: the value and its log entry
// in one transaction, a minute after the last write.
func (w *world) report(t *testing.T, unit int64, ind string, met bool) *datchuan.Value {
	t.Helper()
	w.now = w.now.Add(time.Minute)
	v := &datchuan.Value{UnitID: unit, SetID: "commune", IndicatorCode: ind, AsOf: datchuan.NewDate(2022, 8, 31),
		Measure: datchuan.BoolMeasure(met)}
	err := w.db.Atomically(context.Background(), func(tx datchuan.Stores) error {
		if err := tx.Values.ReportValue(context.Background(), v); err != nil {
			return err
		}
		return tx.Changes.Record(context.Background(), &datchuan.Change{Action: datchuan.ActValueReport, Entity: "value",
			EntityID: v.ID, UnitID: unit, Summary: "báo cáo"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (w *world) review(t *testing.T, v *datchuan.Value, decision datchuan.ValueState) {
	t.Helper()
	w.now = w.now.Add(time.Minute)
	err := w.db.Atomically(context.Background(), func(tx datchuan.Stores) error {
		r := &datchuan.Review{ValueID: v.ID, Decision: decision, Reason: "Thiếu minh chứng"}
		if err := tx.Values.ReviewValue(context.Background(), r); err != nil {
			return err
		}
		return tx.Changes.Record(context.Background(), &datchuan.Change{Action: datchuan.ActValueReview, Entity: "value",
			EntityID: v.ID, UnitID: v.UnitID, Summary: "xác nhận"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func forEachEngine(t *testing.T, fn func(t *testing.T, w *world)) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, newWorld(t, engine))
		})
	}
}

// same fails unless the model and the database answer alike.
func same[T any](t *testing.T, what string, fromModel, fromDB T, errM, errD error) {
	t.Helper()
	if errM != nil || errD != nil {
		t.Fatalf("%s: model %v, database %v", what, errM, errD)
	}
	if !reflect.DeepEqual(fromModel, fromDB) {
		t.Errorf("%s:\nmodel    %+v\ndatabase %+v", what, fromModel, fromDB)
	}
}

// TestModelAnswersAsTheDatabase: every read the model answers from memory
// gives what the database gives, value for value, in the same order.
func TestModelAnswersAsTheDatabase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		m := live.New(w.db.Stores(), w.clock)
		if err := m.Load(ctx); err != nil {
			t.Fatal(err)
		}
		mem, db := m.Stores(), w.db.Stores()
		for _, f := range []datchuan.ValueFilter{{}, {UnitIDs: w.communes}, {UnitIDs: w.communes[1:], SetID: "commune"},
			{UnitIDs: w.communes, IndicatorCode: "1.1"}, {UnitIDs: []int64{}}, {At: datchuan.EndOfDay(datchuan.NewDate(2022, 9, 1))},
			{UnitIDs: w.communes, At: start.Add(90 * time.Second)}} {
			a, errA := mem.Values.Values(ctx, f)
			b, errB := db.Values.Values(ctx, f)
			same(t, "values", a, b, errA, errB)
		}
		for _, f := range []datchuan.TargetFilter{{}, {UnitIDs: []int64{w.district}}, {UnitIDs: w.communes}, {SetID: "district"}} {
			a, errA := mem.Targets.FindTargets(ctx, f)
			b, errB := db.Targets.FindTargets(ctx, f)
			same(t, "targets", a, b, errA, errB)
		}
		on := datchuan.NewDate(2022, 9, 1)
		for _, f := range []datchuan.UnitFilter{{}, {Code: "848"}, {ParentCode: "848", On: on}, {Level: datchuan.LevelCommune},
			{IDs: w.communes}, {Codes: []string{"29449", "84"}}, {ParentCodes: []string{"84", "848"}, On: on}, {Query: "truong"},
			{Level: datchuan.LevelCommune, Limit: 1}} {
			a, errA := mem.Units.FindUnits(ctx, f)
			b, errB := db.Units.FindUnits(ctx, f)
			same(t, "units", a, b, errA, errB)
		}
	})
}

// TestSyncSeesOtherInstances: two instances over one database, each with
// its model; a write through one is seen by the other at its next Sync,
// not before; a reader cannot change what the model holds.
func TestSyncSeesOtherInstances(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		a, b := live.New(w.db.Stores(), w.clock), live.New(w.db.Stores(), w.clock)
		for _, m := range []*live.Model{a, b} {
			if err := m.Sync(ctx); err != nil { // the first Sync loads
				t.Fatal(err)
			}
		}
		before := mustState(t, b, w.communes[0])
		vs, err := b.Stores().Values.Values(ctx, datchuan.ValueFilter{UnitIDs: w.communes[:1]})
		if err != nil || len(vs) != 1 {
			t.Fatalf("values: %v %v", vs, err)
		}
		vs[0].State = datchuan.StateConfirmed // a copy: the model's own stays
		if got := mustState(t, b, w.communes[0]); got != before {
			t.Errorf("a reader changed the model: %s → %s", before, got)
		}
		v := w.report(t, w.communes[0], "1.1", false)
		w.review(t, v, datchuan.StateConfirmed)
		if got := mustState(t, b, w.communes[0]); got != before {
			t.Errorf("instance b changed before it synced: %s → %s", before, got)
		}
		if err := b.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mustState(t, b, w.communes[0]); got != datchuan.StateConfirmed {
			t.Errorf("after Sync, instance b reads %s, want confirmed", got)
		}
		if b.Loads() != 1 {
			t.Errorf("a value's report reloaded the whole model: %d loads", b.Loads())
		}
		// A new unit list reloads everything.
		if err := w.db.Stores().Changes.Record(ctx, &datchuan.Change{Action: datchuan.ActUnitsImport, Entity: "units", Summary: "danh mục"}); err != nil {
			t.Fatal(err)
		}
		if err := a.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if a.Loads() != 2 || mustState(t, a, w.communes[0]) != datchuan.StateConfirmed {
			t.Errorf("after a unit list: %d loads, %s", a.Loads(), mustState(t, a, w.communes[0]))
		}
	})
}

func mustState(t *testing.T, m *live.Model, unit int64) datchuan.ValueState {
	t.Helper()
	vs, err := m.Stores().Values.Values(context.Background(), datchuan.ValueFilter{UnitIDs: []int64{unit}})
	if err != nil || len(vs) != 1 {
		t.Fatalf("values of %d: %v %v", unit, vs, err)
	}
	return vs[0].State
}

// TestSyncCatchesLateCommits: on PostgreSQL two writes take their log IDs
// in one order and may commit in the other. The model, having read the
// later one, still applies the earlier one when it commits.
func TestSyncCatchesLateCommits(t *testing.T) {
	w := newWorld(t, sqldb.EnginePostgres)
	ctx := context.Background()
	m := live.New(w.db.Stores(), w.clock)
	if err := m.Load(ctx); err != nil {
		t.Fatal(err)
	}
	recorded, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- w.db.Atomically(ctx, func(tx datchuan.Stores) error {
			v := &datchuan.Value{UnitID: w.communes[1], SetID: "commune", IndicatorCode: "2.1", AsOf: datchuan.NewDate(2022, 8, 31),
				Measure: datchuan.BoolMeasure(true)}
			if err := tx.Values.ReportValue(ctx, v); err != nil {
				return err
			}
			if err := tx.Changes.Record(ctx, &datchuan.Change{Action: datchuan.ActValueReport, Entity: "value", UnitID: w.communes[1], Summary: "chậm"}); err != nil {
				return err
			}
			close(recorded)
			<-release // committed after the write below
			return nil
		})
	}()
	<-recorded
	w.report(t, w.communes[0], "2.1", true) // takes the next ID, commits first
	if err := m.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	has := func(unit int64) bool {
		vs, err := m.Stores().Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{unit}, IndicatorCode: "2.1"})
		if err != nil {
			t.Fatal(err)
		}
		return len(vs) == 1
	}
	if !has(w.communes[0]) || has(w.communes[1]) {
		t.Fatalf("after the first commit: %v %v", has(w.communes[0]), has(w.communes[1]))
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := m.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if !has(w.communes[1]) {
		t.Error("the write committed late is never seen")
	}
}

// TestMemoUntilWrite: an answer kept by Memo is computed once, and again
// after the next write the model applies.
func TestMemoUntilWrite(t *testing.T) {
	w := newWorld(t, sqldb.EngineSQLite)
	ctx := context.Background()
	m := live.New(w.db.Stores(), w.clock)
	if err := m.Load(ctx); err != nil {
		t.Fatal(err)
	}
	calls := 0
	ask := func() int {
		t.Helper()
		v, err := m.Memo("k", func() (any, error) { calls++; return calls, nil })
		if err != nil {
			t.Fatal(err)
		}
		return v.(int)
	}
	if a, b := ask(), ask(); a != 1 || b != 1 {
		t.Fatalf("asked twice: %d, %d; want the first answer kept", a, b)
	}
	w.report(t, w.communes[1], "3.1", true)
	if got := ask(); got != 1 {
		t.Errorf("before the model applies the write: %d, want the kept answer", got)
	}
	if err := m.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ask(); got != 2 {
		t.Errorf("after the write: %d, want it computed again", got)
	}
}
