package bench_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/catalog"
)

// testProvince is a made-up province of the Mekong delta: a district with
// n xã and a thị trấn.
func testProvince(code string, n int) *bench.Province {
	unit := func(id int64, code, typ string, level datchuan.Level) *datchuan.Unit {
		return &datchuan.Unit{ID: id, Code: code, Name: typ + " " + code, Type: typ, Level: level, Classifiers: datchuan.Classifiers{Region: "DBSCL"}}
	}
	p := &bench.Province{Unit: unit(1, code, "Tỉnh", datchuan.LevelProvince)}
	p.Districts = []*datchuan.Unit{unit(2, code+"1", "Huyện", datchuan.LevelDistrict)}
	p.Towns = []*datchuan.Unit{unit(3, code+"100", datchuan.TypeTown, datchuan.LevelCommune)}
	for i := range n {
		p.Communes = append(p.Communes, unit(int64(10+i), fmt.Sprintf("%s1%02d", code, i+1), datchuan.TypeCommune, datchuan.LevelCommune))
	}
	return p
}

func mustNationalSets(tb testing.TB) (bench.NationalSets, *catalog.Catalog) {
	tb.Helper()
	c, err := catalog.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := bench.LoadNationalSets(c)
	if err != nil {
		tb.Fatal(err)
	}
	return s, c
}

type pairKey struct {
	unit     int64
	set, ind string
}

// TestProvinceValues: every row is one the report form would accept, each
// (unit, indicator) has its reports in date order, a month apart, each
// reviewed before the next, and only the latest may wait or be returned.
func TestProvinceValues(t *testing.T) {
	sets, cat := mustNationalSets(t)
	p := testProvince("84", 40)
	rows := bench.ProvinceValues(sets, p, bench.NationalOptions{Year: 2024, Seed: 45, Months: 12})
	today := datchuan.NewDate(2025, 3, 1)
	first, last := datchuan.NewDate(2024, 1, 31), datchuan.NewDate(2024, 12, 31)
	history := map[pairKey][]datchuan.Value{}
	var order []pairKey
	for i, v := range rows {
		set, err := cat.Set(v.SetID)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.ValidateRow(set.ReportedIndicator(v.IndicatorCode), today); err != nil {
			t.Fatalf("row %d %+v: %v", i+1, v, err)
		}
		if v.AsOf.Before(first) || last.Before(v.AsOf) || v.AsOf.AddDays(1).Day != 1 {
			t.Errorf("row %d dated %s: not the end of a month of 2024", i+1, v.AsOf)
		}
		k := pairKey{v.UnitID, v.SetID, v.IndicatorCode}
		if len(history[k]) == 0 {
			order = append(order, k)
		} else if prev := order[len(order)-1]; prev != k {
			t.Fatalf("row %d: the reports of %v are not together", i+1, k)
		}
		history[k] = append(history[k], v)
	}
	withHistory := 0
	for k, h := range history {
		for i, v := range h {
			latest := i == len(h)-1
			if !latest && v.State != datchuan.StateConfirmed {
				t.Errorf("%v: an earlier report is %s", k, v.State)
			}
			if v.State != datchuan.StateConfirmed && v.AsOf != last {
				t.Errorf("%v: a %s value is dated %s, not in the last month", k, v.State, v.AsOf)
			}
			if v.State != datchuan.StateReported && !v.ReviewedAt.After(v.ReportedAt) {
				t.Errorf("%v: reviewed %v, not after its report %v", k, v.ReviewedAt, v.ReportedAt)
			}
			if !latest && !(h[i+1].AsOf.Time(datchuan.Vietnam()).Sub(v.AsOf.Time(datchuan.Vietnam())).Hours() < 32*24 && h[i+1].ReportedAt.After(v.ReviewedAt)) {
				t.Errorf("%v: report %d (%s, reviewed %v) and the next (%s, reported %v) are not a month apart in order", k, i, v.AsOf, v.ReviewedAt, h[i+1].AsOf, h[i+1].ReportedAt)
			}
		}
		if len(h) > 1 {
			withHistory++
		}
	}
	if share := float64(withHistory) / float64(len(history)); share < 0.1 || share > 0.3 {
		t.Errorf("%.2f of the values have history, want about 0.2", share)
	}
	// Every xã, the town and the district have values, the district its
	// debt condition too.
	units := map[int64]bool{}
	for k := range history {
		units[k.unit] = true
	}
	if len(units) != 42 || len(history[pairKey{2, bench.DistrictSetID, "C5"}]) != 1 {
		t.Errorf("%d units with values, the district's C5: %v", len(units), history[pairKey{2, bench.DistrictSetID, "C5"}])
	}
}

// TestProvinceValuesTrend: over the year more values meet their
// thresholds, so that a page as of an earlier day shows less met.
func TestProvinceValuesTrend(t *testing.T) {
	sets, _ := mustNationalSets(t)
	rows := bench.ProvinceValues(sets, testProvince("84", 60), bench.NationalOptions{Year: 2024, Seed: 45, Months: 12})
	filled := bench.FillUnknown(sets.Commune)
	metOn := func(day datchuan.Date) int {
		latest := map[pairKey]datchuan.Value{}
		for _, v := range rows {
			if v.SetID == sets.Commune.ID && !day.Before(v.AsOf) {
				latest[pairKey{v.UnitID, v.SetID, v.IndicatorCode}] = v
			}
		}
		n := 0
		for _, v := range latest {
			ind, _ := filled.Indicator(v.IndicatorCode)
			th, _ := ind.ThresholdFor("DBSCL", 2024)
			if ok, _ := v.Measure.Satisfies(ind.Kind, th.Value); ok && v.State == datchuan.StateConfirmed {
				n++
			}
		}
		return n
	}
	march, june, december := metOn(datchuan.NewDate(2024, 3, 31)), metOn(datchuan.NewDate(2024, 6, 30)), metOn(datchuan.NewDate(2024, 12, 31))
	if !(march < june && june < december) {
		t.Errorf("values met at the end of March %d, June %d, December %d: want a rise", march, june, december)
	}
}

// TestProvinceValuesSeeded: a province's values follow from the seed and
// its code alone; without history each value is one report.
func TestProvinceValuesSeeded(t *testing.T) {
	sets, _ := mustNationalSets(t)
	o := bench.NationalOptions{Year: 2024, Seed: 45, Months: 12}
	a := bench.ProvinceValues(sets, testProvince("84", 10), o)
	if diff := cmp.Diff(a, bench.ProvinceValues(sets, testProvince("84", 10), o)); diff != "" {
		t.Errorf("the same seed made other values:\n%s", diff)
	}
	if cmp.Equal(a, bench.ProvinceValues(sets, testProvince("83", 10), o)) {
		t.Error("two provinces got the same values")
	}
	o.Seed = 46
	if cmp.Equal(a, bench.ProvinceValues(sets, testProvince("84", 10), o)) {
		t.Error("another seed made the same values")
	}
	for _, months := range []int{0, 1} {
		o.Months = months
		rows := bench.ProvinceValues(sets, testProvince("84", 10), o)
		seen := map[pairKey]bool{}
		for _, v := range rows {
			k := pairKey{v.UnitID, v.SetID, v.IndicatorCode}
			if seen[k] || v.AsOf != datchuan.NewDate(2024, 12, 31) {
				t.Fatalf("-history %d: %v reported again or dated %s", months, k, v.AsOf)
			}
			seen[k] = true
		}
	}
}
