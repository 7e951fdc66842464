package status_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

func TestRollupCommuneSet(t *testing.T) {
	set := MustCommuneSet(t)
	c, err := status.Compile(set)
	if err != nil {
		t.Fatal(err)
	}
	units := []struct {
		cl     datchuan.Classifiers
		values []*datchuan.Value
	}{
		{mekong, valuesOf(set.ID, goodMeasures())},
		{redRiver, valuesOf(set.ID, goodMeasures())}, // criteria 4, 5, 8 lack thresholds
		{mekongHard, valuesOf(set.ID, goodMeasures(),
			value(set.ID, "2.2", datchuan.NumberMeasure(69), datchuan.StateConfirmed),     // TDMNPB needs 70
			value(set.ID, "15.1", datchuan.RatioMeasure(19, 20), datchuan.StateConfirmed), // 95% meets 95
			value(set.ID, "16", datchuan.RatioMeasure(19, 20), datchuan.StateReported))},
		{mekong, nil},
	}
	b := c.NewBatch(len(units))
	for u, x := range units {
		c.Fill(b, u, x.cl, x.values)
	}
	got, err := c.Rollup(2025, b)
	if err != nil {
		t.Fatal(err)
	}
	// In 2025 the Mekong income bound rises to 62: 65 still meets it.
	want := &status.Rollup{
		Year:         2025,
		Criteria:     10,
		Met:          []int32{10, 7, 8, 0},
		Meeting:      1,
		Histogram:    []int{1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1},
		CriterionMet: []int{3, 2, 3, 2, 2, 3, 3, 1, 3, 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if !got.Meets(0) || got.Meets(1) {
		t.Errorf("Meets: unit 0 %v, unit 1 %v; want true, false", got.Meets(0), got.Meets(1))
	}
}

func TestCompileRejectsDuplicateIndicator(t *testing.T) {
	set := MustCommuneSet(t)
	set.Criteria[1].Indicators[1].Code = "2.1"
	if _, err := status.Compile(set); datchuan.ErrorCode(err) != datchuan.EINVALID {
		t.Errorf("got %v, want an EINVALID error", err)
	}
}

func TestRollupRejectsBadBatch(t *testing.T) {
	c, err := status.Compile(MustCommuneSet(t))
	if err != nil {
		t.Fatal(err)
	}
	short := c.NewBatch(3)
	short.Scores = short.Scores[:len(short.Scores)-1]
	badClass := c.NewBatch(3)
	badClass.Class[2] = int32(c.Classes())
	negative := c.NewBatch(3)
	negative.Class[0] = -1
	for name, b := range map[string]status.Batch{"short": short, "class out of range": badClass, "negative class": negative} {
		if _, err := c.Rollup(2024, b); datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("%s: got %v, want an EINVALID error", name, err)
		}
	}
}

// The compiled rollup must agree with EvaluateUnit on every unit, whatever
// the set, classes, years and values: random sets with every kind, class and
// year entries, unknown thresholds, empty criteria; random values with every
// shape and state, duplicates and values of other sets.
func TestRollupMatchesEvaluateUnit(t *testing.T) {
	rng := rand.New(rand.NewPCG(2022, 45))
	for round := range 300 {
		set := randomSet(rng, round)
		c, err := status.Compile(set)
		if err != nil {
			t.Fatal(err)
		}
		units := 1 + rng.IntN(60)
		if round%50 == 0 {
			units = 5000 // enough for the parallel path
		}
		year := []int{0, 2021, 2022, 2023, 2025, 2026, 2030}[rng.IntN(7)]
		cls := make([]datchuan.Classifiers, units)
		vals := make([][]*datchuan.Value, units)
		b := c.NewBatch(units)
		for u := range units {
			cls[u] = randomClassifiers(rng)
			vals[u] = randomValues(rng, set)
			c.Fill(b, u, cls[u], vals[u])
		}
		serial, err := c.Rollup(year, b)
		if err != nil {
			t.Fatal(err)
		}
		want := status.Rollup{Year: year, Criteria: len(set.Criteria), Met: make([]int32, units),
			Histogram: make([]int, len(set.Criteria)+1), CriterionMet: make([]int, len(set.Criteria))}
		for u := range units {
			r := status.EvaluateUnit(set, int64(u), cls[u], year, vals[u])
			want.Met[u] = int32(r.Met)
			want.Histogram[r.Met]++
			if r.Meets {
				want.Meeting++
			}
			for k, cr := range r.Criteria {
				if cr.Status == status.Met {
					want.CriterionMet[k]++
				}
			}
			if serial.Meets(u) != r.Meets {
				t.Fatalf("round %d unit %d: rollup meets %v, EvaluateUnit %v", round, u, serial.Meets(u), r.Meets)
			}
		}
		if diff := cmp.Diff(&want, serial); diff != "" {
			t.Fatalf("round %d (%d units, year %d): (-EvaluateUnit +Rollup)\n%s", round, units, year, diff)
		}
		var parallel status.Rollup
		if err := c.RollupInto(&parallel, year, b, 2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&want, &parallel); diff != "" {
			t.Fatalf("round %d, 2 workers: (-EvaluateUnit +Rollup)\n%s", round, diff)
		}
	}
}

var classPool = []string{"A", "B", "C", "D"}

func randomSet(rng *rand.Rand, round int) *datchuan.CriteriaSet {
	set := &datchuan.CriteriaSet{ID: fmt.Sprintf("rand-%d", round), Classifier: datchuan.ByRegion}
	if rng.IntN(4) == 0 {
		set.Classifier = datchuan.ByGroup
	}
	for _, cl := range classPool[:1+rng.IntN(3)] { // "D" is never a class of the set
		set.Classes = append(set.Classes, datchuan.ClassifierValue{Code: cl})
	}
	if rng.IntN(2) == 0 {
		set.Override = &datchuan.Override{Flag: "extremely_difficult", Use: "A"}
	}
	n := 1
	for k := range 1 + rng.IntN(8) {
		cr := datchuan.Criterion{Code: fmt.Sprint(k + 1)}
		inds := rng.IntN(5)
		if rng.IntN(8) != 0 && inds == 0 {
			inds = 1 // a criterion with no indicators now and then
		}
		for range inds {
			cr.Indicators = append(cr.Indicators, randomIndicator(rng, fmt.Sprintf("i%d", n)))
			n++
		}
		set.Criteria = append(set.Criteria, cr)
	}
	return set
}

var grid = []float64{0, 1, 2, 5, 13, 40, 47, 50, 62, 70, 80, 90, 94.99, 95, 100}

func randomIndicator(rng *rand.Rand, code string) datchuan.Indicator {
	ind := datchuan.Indicator{Code: code, Kind: datchuan.Kinds[rng.IntN(len(datchuan.Kinds))]}
	for range rng.IntN(4) {
		th := datchuan.Threshold{Value: grid[rng.IntN(len(grid))], Known: rng.IntN(5) != 0}
		if rng.IntN(2) == 0 {
			th.Class = classPool[rng.IntN(len(classPool))]
		}
		if rng.IntN(2) == 0 {
			th.Year = []int{2022, 2023, 2025, 2030}[rng.IntN(4)]
		}
		ind.Thresholds = append(ind.Thresholds, th)
	}
	return ind
}

func randomClassifiers(rng *rand.Rand) datchuan.Classifiers {
	pick := func() string { return append([]string{"", "X"}, classPool...)[rng.IntN(len(classPool)+2)] }
	return datchuan.Classifiers{Region: pick(), CommuneGroup: pick(), ExtremelyDifficult: rng.IntN(3) == 0}
}

func randomValues(rng *rand.Rand, set *datchuan.CriteriaSet) []*datchuan.Value {
	var out []*datchuan.Value
	for _, cr := range set.Criteria {
		for _, ind := range cr.Indicators {
			for range rng.IntN(3) { // none, one, or a later one that wins
				v := &datchuan.Value{SetID: set.ID, IndicatorCode: ind.Code, Measure: randomMeasure(rng)}
				v.State = []datchuan.ValueState{datchuan.StateConfirmed, datchuan.StateConfirmed, datchuan.StateConfirmed, datchuan.StateReported, datchuan.StateReturned}[rng.IntN(5)]
				switch rng.IntN(20) {
				case 0:
					v.SetID = "another-set"
				case 1:
					v.IndicatorCode = "not-in-set"
				}
				out = append(out, v)
			}
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	if rng.IntN(10) == 0 {
		out = append(out, nil)
	}
	return out
}

func randomMeasure(rng *rand.Rand) datchuan.Measure {
	switch rng.IntN(3) {
	case 0:
		return datchuan.BoolMeasure(rng.IntN(2) == 0)
	case 1:
		return datchuan.NumberMeasure(grid[rng.IntN(len(grid))] + []float64{0, 0, 0, 1e-12, -1e-12, 0.5}[rng.IntN(6)])
	}
	return datchuan.RatioMeasure(float64(rng.IntN(21)), float64(rng.IntN(21)))
}
