package live_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/live"
	"github.com/datchuan/datchuan/rollup"
)

// TestModelAgreesWithTheDatabase applies random sequences of writes —
// reports, reviews, new targets, writes of other things, a new unit list
// applied through the snapshot code — each with its change-log entry as
// the program writes it, and after each one compares what pages read
// through the model (values, targets, units, and every district's and
// the province's rollup, memo included) with a full recompute from the
// database. Any difference fails, on both engines.
func TestModelAgreesWithTheDatabase(t *testing.T) {
	sets, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	set, err := sets.Set("vn-ntm-commune-2021-2025")
	if err != nil {
		t.Fatal(err)
	}
	var inds []string
	for _, c := range set.Criteria[:4] {
		for _, ind := range c.Indicators[:min(2, len(c.Indicators))] {
			inds = append(inds, ind.Code)
		}
	}
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		m := live.New(w.db.Stores(), w.clock)
		if err := m.Load(ctx); err != nil {
			t.Fatal(err)
		}
		p := &property{t: t, w: w, m: m, sets: sets, set: set.ID, inds: inds, rnd: rand.New(rand.NewPCG(45, uint64(len(inds))))}
		for step := range 120 {
			what := p.step(ctx)
			if p.rnd.IntN(3) > 0 { // some writes pile up before the model catches up
				if err := m.Sync(ctx); err != nil {
					t.Fatal(err)
				}
				p.compare(ctx, fmt.Sprintf("step %d (%s)", step, what))
			}
		}
		if err := m.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		p.compare(ctx, "the end")
	})
}

type property struct {
	t        *testing.T
	w        *world
	m        *live.Model
	sets     datchuan.CriteriaCatalog
	set      string
	inds     []string
	rnd      *rand.Rand
	reported []*datchuan.Value
}

// step makes one random write and says which.
func (p *property) step(ctx context.Context) string {
	w, t := p.w, p.t
	units := append([]int64{}, w.communes...)
	switch n := p.rnd.IntN(10); {
	case n < 5:
		u := units[p.rnd.IntN(len(units))]
		v := w.reportIn(t, u, p.set, p.inds[p.rnd.IntN(len(p.inds))], p.rnd.IntN(2) == 0)
		// A newer report replaces the older one, which can no longer be
		// reviewed.
		p.reported = slices.DeleteFunc(p.reported, func(x *datchuan.Value) bool {
			return x.UnitID == v.UnitID && x.IndicatorCode == v.IndicatorCode
		})
		p.reported = append(p.reported, v)
		return "report"
	case n < 8 && len(p.reported) > 0:
		i := p.rnd.IntN(len(p.reported))
		v := p.reported[i]
		p.reported = append(p.reported[:i], p.reported[i+1:]...)
		d := datchuan.StateConfirmed
		if p.rnd.IntN(3) == 0 {
			d = datchuan.StateReturned
		}
		w.review(t, v, d)
		return "review"
	case n == 8:
		u := p.untargeted(ctx)
		if u == 0 {
			return p.other()
		}
		w.write(t, func(tx datchuan.Stores) (*datchuan.Change, error) {
			tg := &datchuan.Target{UnitID: u, SetID: p.set, Year: 2022}
			if err := tx.Targets.CreateTarget(ctx, tg); err != nil {
				return nil, err
			}
			return &datchuan.Change{Action: "target.create", Entity: "target", EntityID: tg.ID, UnitID: u, Summary: "mục tiêu"}, nil
		})
		return "target"
	default:
		if p.rnd.IntN(2) == 0 {
			return p.other()
		}
		w.applyUnits(t, p.rnd.IntN(1000))
		return "unit list"
	}
}

// other writes something the model does not keep (a plan's entry).
func (p *property) other() string {
	p.w.write(p.t, func(datchuan.Stores) (*datchuan.Change, error) {
		return &datchuan.Change{Action: datchuan.ActPlanUpdate, Entity: "plan", Summary: "kế hoạch"}, nil
	})
	return "other"
}

// untargeted is a commune without a target of the set, 0 when none.
func (p *property) untargeted(ctx context.Context) int64 {
	st := p.w.db.Stores()
	cs, err := st.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelCommune})
	if err != nil {
		p.t.Fatal(err)
	}
	for _, c := range cs {
		ts, err := st.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{c.ID}, SetID: p.set})
		if err != nil {
			p.t.Fatal(err)
		}
		if len(ts) == 0 {
			return c.ID
		}
	}
	return 0
}

// compare fails where the model's answers differ from the database's.
func (p *property) compare(ctx context.Context, when string) {
	t := p.t
	mem, db := p.m.Stores(), p.w.db.Stores()
	on := datchuan.DateOf(p.w.now.In(datchuan.Vietnam()))
	units, err := db.Units.FindUnits(ctx, datchuan.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	check := func(what string, a, b any, errA, errB error) {
		t.Helper()
		if errA != nil || errB != nil {
			t.Fatalf("%s, %s: %v, %v", when, what, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s, %s differ:\nmodel    %+v\ndatabase %+v", when, what, a, b)
		}
	}
	for _, f := range []datchuan.ValueFilter{{}, {UnitIDs: ids}, {UnitIDs: p.w.communes[:1], SetID: p.set}, {At: datchuan.EndOfDay(on)}} {
		a, errA := mem.Values.Values(ctx, f)
		b, errB := db.Values.Values(ctx, f)
		check(fmt.Sprintf("values %+v", f), a, b, errA, errB)
	}
	a, errA := mem.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: ids})
	b, errB := db.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: ids})
	check("targets", a, b, errA, errB)
	for _, f := range []datchuan.UnitFilter{{}, {ParentCode: "848", On: on}, {Level: datchuan.LevelCommune, On: on}} {
		a, errA := mem.Units.FindUnits(ctx, f)
		b, errB := db.Units.FindUnits(ctx, f)
		check(fmt.Sprintf("units %+v", f), a, b, errA, errB)
	}
	fromModel := &rollup.Service{Tree: datchuan.NewUnitTree(mem.Units, p.w.clock), Targets: mem.Targets, Values: mem.Values,
		Sets: p.sets, Memo: p.m.Memo}
	fromDB := &rollup.Service{Tree: datchuan.NewUnitTree(db.Units, p.w.clock), Targets: db.Targets, Values: db.Values, Sets: p.sets}
	pa, errA := fromModel.Province(ctx, "84", on)
	pb, errB := fromDB.Province(ctx, "84", on)
	check("the province's rollup", pa, pb, errA, errB)
}

// reportIn writes a value of the set as the program does.
func (w *world) reportIn(t *testing.T, unit int64, set, ind string, met bool) *datchuan.Value {
	t.Helper()
	v := &datchuan.Value{UnitID: unit, SetID: set, IndicatorCode: ind, AsOf: datchuan.NewDate(2022, 8, 31)}
	v.Measure = datchuan.BoolMeasure(met)
	w.write(t, func(tx datchuan.Stores) (*datchuan.Change, error) {
		if err := tx.Values.ReportValue(context.Background(), v); err != nil {
			return nil, err
		}
		return &datchuan.Change{Action: datchuan.ActValueReport, Entity: "value", EntityID: v.ID, UnitID: unit, Summary: "báo cáo"}, nil
	})
	return v
}

// write commits what fn stores with the entry it returns, a minute
// after the last write.
func (w *world) write(t *testing.T, fn func(tx datchuan.Stores) (*datchuan.Change, error)) {
	t.Helper()
	w.now = w.now.Add(time.Minute)
	err := w.db.Atomically(context.Background(), func(tx datchuan.Stores) error {
		ch, err := fn(tx)
		if err != nil {
			return err
		}
		return tx.Changes.Record(context.Background(), ch)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// applyUnits applies a new unit list from tomorrow: Trường Thọ renamed,
// and a new commune n, through the snapshot code, with its entry.
func (w *world) applyUnits(t *testing.T, n int) {
	t.Helper()
	w.now = w.now.Add(24 * time.Hour)
	from := datchuan.DateOf(w.now.In(datchuan.Vietnam()))
	snap := datchuan.UnitSnapshot{Name: fmt.Sprintf("list-%d", n), EffectiveFrom: from, Units: []datchuan.UnitRecord{
		{Code: "84", Name: "Tỉnh Trà Vinh", Type: "Tỉnh", Level: datchuan.LevelProvince},
		{Code: "848", Name: "Huyện Cầu Ngang", Type: "Huyện", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{Code: "29446", Name: "Xã Nhị Trường", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848"},
		{Code: "29449", Name: fmt.Sprintf("Xã Trường Thọ %d", n), Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848"},
		{Code: fmt.Sprintf("3%04d", n), Name: fmt.Sprintf("Xã Mới %d", n), Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848"},
	}}
	w.write(t, func(tx datchuan.Stores) (*datchuan.Change, error) {
		if _, err := tx.Units.ApplyUnitSnapshot(context.Background(), snap); err != nil {
			return nil, err
		}
		return &datchuan.Change{Action: datchuan.ActUnitsImport, Entity: "units", Summary: snap.Name}, nil
	})
}
