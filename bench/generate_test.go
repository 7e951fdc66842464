package bench_test

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/status"
)

func TestReadCommunes(t *testing.T) {
	units, err := bench.ReadCommunesDir(data)
	if err != nil {
		t.Fatal(err)
	}
	types := make(map[string]int)
	traVinh := 0
	for i, u := range units {
		types[u.Type]++
		if u.Region == "" || u.ID != int64(i+1) || len(u.Code) != 5 || len(u.ParentCode) != 3 || !strings.HasPrefix(u.Name, u.Type+" ") {
			t.Fatalf("unit %d: %+v", i, u)
		}
		if u.ParentCode >= "842" && u.ParentCode <= "851" { // Trà Vinh's districts
			if u.Region != "DBSCL" {
				t.Errorf("%s %s: region %s, want DBSCL", u.Code, u.Name, u.Region)
			}
			traVinh++
		}
	}
	want := map[string]int{"Xã": 8149, "Phường": 1775, "Thị trấn": 618}
	if len(units) != 10542 || !cmp.Equal(types, want) {
		t.Errorf("%d units %v, want 10542 %v", len(units), types, want)
	}
	if traVinh != 106 {
		t.Errorf("Trà Vinh: %d communes, want 106", traVinh)
	}
}

func TestReadCommunesErrors(t *testing.T) {
	regions := "province_code,province_name,region_code\n84,Tỉnh Trà Vinh,DBSCL\n"
	tests := map[string]struct{ units, regions string }{
		"a province without region": {"province_code,district_code,commune_code,commune_name,commune_type\n01,001,00001,Phường Phúc Xá,Phường\n", regions},
		"no commune_type column":    {"province_code,district_code,commune_code,commune_name\n84,848,29416,Thị trấn Cầu Ngang\n", regions},
		"no region_code column":     {"province_code,district_code,commune_code,commune_name,commune_type\n", "province_code\n84\n"},
	}
	for name, tt := range tests {
		if _, err := bench.ReadCommunes(strings.NewReader(tt.units), strings.NewReader(tt.regions)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestFillUnknown(t *testing.T) {
	set := mustRealSet(t)
	before := countUnknown(set)
	filled := bench.FillUnknown(set)
	if countUnknown(set) != before {
		t.Fatal("FillUnknown changed the catalog's set")
	}
	if n := countUnknown(filled); n != 0 {
		t.Errorf("%d thresholds still unknown", n)
	}
	if filled.ID != set.ID || filled.IndicatorCount() != set.IndicatorCount() || len(filled.Criteria) != len(set.Criteria) {
		t.Errorf("structure changed: %s %d/%d", filled.ID, len(filled.Criteria), filled.IndicatorCount())
	}
	for i, c := range set.Criteria {
		for j, ind := range c.Indicators {
			got := filled.Criteria[i].Indicators[j]
			for _, th := range ind.Thresholds {
				if th.Known && !containsThreshold(got.Thresholds, th) {
					t.Errorf("%s: known threshold %+v lost", ind.Code, th)
				}
			}
			for _, th := range got.Thresholds {
				if !containsThreshold(ind.Thresholds, th) && (th.Source != bench.SyntheticSource || th.Verified) {
					t.Errorf("%s: invented threshold %+v not labelled synthetic", ind.Code, th)
				}
			}
			for _, cl := range set.Classes {
				if _, ok := got.ThresholdFor(cl.Code, year); !ok {
					t.Errorf("%s: no threshold for %s", ind.Code, cl.Code)
				}
			}
		}
	}
}

func countUnknown(set *datchuan.CriteriaSet) int {
	n := 0
	for _, c := range set.Criteria {
		for _, ind := range c.Indicators {
			if len(ind.Thresholds) == 0 {
				n++
			}
			for _, th := range ind.Thresholds {
				if !th.Known {
					n++
				}
			}
		}
	}
	return n
}

func containsThreshold(ths []datchuan.Threshold, th datchuan.Threshold) bool {
	for _, x := range ths {
		if x == th {
			return true
		}
	}
	return false
}

func TestGenerateDeterministic(t *testing.T) {
	set := mustRealSet(t)
	units, err := bench.ReadCommunesDir(data)
	if err != nil {
		t.Fatal(err)
	}
	units = units[:300]
	a := bench.Generate(set, units, year, seed)
	b := bench.Generate(set, units, year, seed)
	if diff := cmp.Diff(a.Values, b.Values); diff != "" {
		t.Errorf("same seed, different values:\n%s", diff)
	}
	if c := bench.Generate(set, units, year, seed+1); cmp.Equal(a.Values, c.Values) {
		t.Error("another seed gave the same values")
	}
	if units[0].ExtremelyDifficult || a.Units[0] == units[0] {
		t.Error("Generate changed or kept the caller's units")
	}
}

// The mix is realistic: most communes meet every criterion of the set with
// synthetic thresholds, most values are met and confirmed, and every value
// has a shape that fits its indicator.
func TestGenerateMix(t *testing.T) {
	n := mustNational(t)
	d, set := n.data, n.synthetic
	indicators := set.IndicatorCount()
	var states = make(map[datchuan.ValueState]int)
	met, confirmed := 0, 0
	flagged, xa := 0, 0
	for u, unit := range d.Units {
		if unit.Type == "Xã" {
			xa++
			if unit.ExtremelyDifficult {
				flagged++
			}
		}
		class := set.ClassOf(unit.Classifiers)
		for _, v := range d.ValuesOf(u) {
			ind, _ := set.Indicator(v.IndicatorCode)
			th, _ := ind.ThresholdFor(class, year)
			ok, fits := v.Measure.Satisfies(ind.Kind, th.Value)
			if !fits {
				t.Fatalf("unit %s %s: %v does not fit %s", unit.Code, v.IndicatorCode, v.Measure, ind.Kind)
			}
			states[v.State]++
			if v.State == datchuan.StateConfirmed {
				confirmed++
				if ok {
					met++
				}
			}
		}
	}
	total := len(d.Units) * indicators
	missing := total - len(d.Values)
	share := func(x, of int) float64 { return float64(x) / float64(of) }
	checks := []struct {
		what   string
		got    float64
		lo, hi float64
	}{
		{"values missing", share(missing, total), 0.002, 0.02},
		{"values confirmed", share(confirmed, len(d.Values)), 0.97, 0.995},
		{"confirmed values that meet", share(met, confirmed), 0.97, 0.995},
		{"values reported", share(states[datchuan.StateReported], len(d.Values)), 0.005, 0.03},
		{"values returned", share(states[datchuan.StateReturned], len(d.Values)), 0.0005, 0.01},
		{"Xã flagged extremely difficult", share(flagged, xa), 0.10, 0.14},
	}
	for _, c := range checks {
		if c.got < c.lo || c.got > c.hi || math.IsNaN(c.got) {
			t.Errorf("%s: %.4f, want within [%v, %v]", c.what, c.got, c.lo, c.hi)
		}
	}

	c, err := status.Compile(set)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Rollup(year, d.Batch(c))
	if err != nil {
		t.Fatal(err)
	}
	if s := share(r.Meeting, len(d.Units)); s < 0.55 || s > 0.8 {
		t.Errorf("%.3f of communes meet every criterion, want most (0.55–0.8)", s)
	}
	t.Logf("%d units, %d values (%d missing), states %v; %d units meet 19/19; histogram %v",
		len(d.Units), len(d.Values), missing, states, r.Meeting, r.Histogram)
}

// At national scale, for both sets, the compiled rollup gives exactly what
// EvaluateUnit gives unit by unit.
func TestNationalRollupMatchesEvaluateUnit(t *testing.T) {
	n := mustNational(t)
	values := n.data.Pointers()
	for _, s := range n.sets() {
		t.Run(s.name, func(t *testing.T) {
			c, err := status.Compile(s.set)
			if err != nil {
				t.Fatal(err)
			}
			var r status.Rollup
			if err := c.RollupInto(&r, year, n.data.Batch(c), 2); err != nil {
				t.Fatal(err)
			}
			meeting := 0
			for u, unit := range n.data.Units {
				e := status.EvaluateUnit(s.set, unit.ID, unit.Classifiers, year, values[u])
				if int(r.Met[u]) != e.Met || r.Meets(u) != e.Meets {
					t.Fatalf("%s %s: rollup %d/%d, EvaluateUnit %d/%d", unit.Code, unit.Name, r.Met[u], r.Criteria, e.Met, e.Total)
				}
				if e.Meets {
					meeting++
				}
			}
			if meeting != r.Meeting {
				t.Errorf("meeting: rollup %d, EvaluateUnit %d", r.Meeting, meeting)
			}
			t.Logf("%s: %d of %d communes meet %d/%d; histogram %v", s.name, r.Meeting, len(n.data.Units), r.Criteria, r.Criteria, r.Histogram)
		})
	}
}
