package bench

import (
	"math"
	"math/rand/v2"
	"time"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// Data is a synthetic national data set: units and one current value per
// unit and indicator (a few missing), grouped by unit in unit order and by
// indicator in set order.
type Data struct {
	Set    *datchuan.CriteriaSet
	Year   int
	Units  []*datchuan.Unit
	Values []datchuan.Value
	start  []int // unit u's values are Values[start[u]:start[u+1]]
}

// outcome is what the generator aims a value at.
type outcome int

const (
	outcomeMet      outcome = iota // confirmed, meets its (possibly synthetic) threshold
	outcomeNotMet                  // confirmed, fails it
	outcomeReported                // waiting for the lead department
	outcomeReturned                // sent back with a reason
	outcomeMissing                 // no value
	outcomes
)

// profile is the chance of each outcome for one value of a unit, by how far
// the unit has come. Most communes were recognised by 2024; the others are
// on their way or lagging.
type profile struct {
	share  float64 // of units
	chance [outcomes]float64
}

var profiles = []profile{
	{0.75, [outcomes]float64{outcomeReported: 0.0015, outcomeMissing: 0.0005}},                                         // recognised
	{0.18, [outcomes]float64{outcomeNotMet: 0.06, outcomeReported: 0.05, outcomeReturned: 0.01, outcomeMissing: 0.02}}, // on their way
	{0.07, [outcomes]float64{outcomeNotMet: 0.25, outcomeReported: 0.08, outcomeReturned: 0.02, outcomeMissing: 0.05}}, // lagging
}

// extremelyDifficult is the synthetic share of Xã flagged extremely
// difficult (they use the TDMNPB thresholds).
const extremelyDifficult = 0.12

// Generate builds values for every unit of units and every indicator of set
// for year, deterministically from seed. Values aim at the set's thresholds,
// or at FillUnknown's where the set does not know them. The units are copied,
// with a synthetic "extremely difficult" flag on about 12% of the Xã.
func Generate(set *datchuan.CriteriaSet, units []*datchuan.Unit, year int, seed uint64) *Data {
	return generate(set, units, year, seed, true)
}

// GenerateFor is Generate for units as a database holds them: it keeps
// their own "extremely difficult" flags, so that each value aims at the
// threshold the app will judge it by.
func GenerateFor(set *datchuan.CriteriaSet, units []*datchuan.Unit, year int, seed uint64) *Data {
	return generate(set, units, year, seed, false)
}

func generate(set *datchuan.CriteriaSet, units []*datchuan.Unit, year int, seed uint64, flag bool) *Data {
	rng := rand.New(rand.NewPCG(seed, uint64(year)))
	target := FillUnknown(set)
	n := set.IndicatorCount()
	d := &Data{Set: set, Year: year, Units: make([]*datchuan.Unit, len(units)),
		Values: make([]datchuan.Value, 0, len(units)*n), start: make([]int, 0, len(units)+1)}
	asOf := datchuan.NewDate(year, time.June, 30)
	reportedAt := time.Date(year, time.July, 15, 9, 0, 0, 0, datchuan.Vietnam())
	for i, src := range units {
		u := *src
		if flag {
			u.ExtremelyDifficult = u.Type == status.TypeCommune && rng.Float64() < extremelyDifficult
		}
		d.Units[i] = &u
		d.start = append(d.start, len(d.Values))
		p := pickProfile(rng)
		class := target.ClassOf(u.Classifiers)
		for _, c := range target.Criteria {
			for j := range c.Indicators {
				ind := &c.Indicators[j]
				o := pickOutcome(rng, p)
				if o == outcomeMissing {
					continue
				}
				th, _ := ind.ThresholdFor(class, year)
				d.Values = append(d.Values, datchuan.Value{
					ID:            int64(len(d.Values) + 1),
					UnitID:        u.ID,
					SetID:         set.ID,
					IndicatorCode: ind.Code,
					AsOf:          asOf,
					Measure:       measureFor(rng, ind.Kind, th.Value, aimsToMeet(rng, o)),
					ReportedAt:    reportedAt,
					State:         stateOf(o),
				})
			}
		}
	}
	d.start = append(d.start, len(d.Values))
	return d
}

func pickProfile(rng *rand.Rand) *profile {
	x := rng.Float64()
	for i := range profiles {
		if x < profiles[i].share {
			return &profiles[i]
		}
		x -= profiles[i].share
	}
	return &profiles[len(profiles)-1]
}

func pickOutcome(rng *rand.Rand, p *profile) outcome {
	x := rng.Float64()
	for o := outcomeNotMet; o < outcomes; o++ {
		if x < p.chance[o] {
			return o
		}
		x -= p.chance[o]
	}
	return outcomeMet
}

// aimsToMeet says whether the measure of a value with outcome o meets its
// threshold: unconfirmed reports mostly would, returned ones mostly not.
func aimsToMeet(rng *rand.Rand, o outcome) bool {
	switch o {
	case outcomeNotMet:
		return false
	case outcomeReported:
		return rng.Float64() < 0.8
	case outcomeReturned:
		return rng.Float64() < 0.3
	}
	return true
}

func stateOf(o outcome) datchuan.ValueState {
	switch o {
	case outcomeReported:
		return datchuan.StateReported
	case outcomeReturned:
		return datchuan.StateReturned
	}
	return datchuan.StateConfirmed
}

// measureFor returns a measure of the shape officers report for kind (counts
// of households, schools, hamlets as ratios; shares and amounts as numbers)
// that meets bound t or not, as asked. It checks its draw with
// Measure.Satisfies and tries again, and gives up aiming only when the bound
// leaves no room (nothing is below 0%).
func measureFor(rng *rand.Rand, kind datchuan.IndicatorKind, t float64, meet bool) datchuan.Measure {
	var m datchuan.Measure
	for range 8 {
		m = drawMeasure(rng, kind, t, meet)
		if ok, fits := m.Satisfies(kind, t); fits && ok == meet {
			return m
		}
	}
	return m
}

func drawMeasure(rng *rand.Rand, kind datchuan.IndicatorKind, t float64, meet bool) datchuan.Measure {
	switch kind {
	case datchuan.KindPassFail:
		return datchuan.BoolMeasure(meet)
	case datchuan.KindNoneAllowed:
		if rng.IntN(2) == 0 {
			return datchuan.BoolMeasure(meet)
		}
		if meet {
			return datchuan.NumberMeasure(0)
		}
		return datchuan.NumberMeasure(float64(1 + rng.IntN(12))) // temporary houses left
	case datchuan.KindPercentMin, datchuan.KindPercentMax:
		pct := percentFor(rng, kind, t, meet)
		if rng.Float64() < 0.3 {
			return datchuan.NumberMeasure(math.Round(pct*10) / 10)
		}
		den := float64(20 + rng.IntN(3000)) // households, hamlets, facilities
		return datchuan.RatioMeasure(math.Round(pct*den/100), den)
	case datchuan.KindPerPersonMin:
		people := float64(2000 + rng.IntN(18000))
		q := t * (1 + rng.Float64()*0.5)
		if !meet {
			q = t * (0.5 + rng.Float64()*0.45)
		}
		return datchuan.RatioMeasure(math.Round(q*people), people) // m² of public green space / residents
	}
	q := t * (1 + rng.Float64()*0.4) // amounts: income
	if !meet {
		q = t * (0.6 + rng.Float64()*0.38)
	}
	return datchuan.NumberMeasure(math.Round(q*10) / 10)
}

// percentFor draws a share on the asked side of t.
func percentFor(rng *rand.Rand, kind datchuan.IndicatorKind, t float64, meet bool) float64 {
	high := kind == datchuan.KindPercentMin == meet // the side above t
	if high {
		return t + rng.Float64()*(100-t)
	}
	return t * rng.Float64()
}

// ValuesOf returns the values of unit u (an index into Units).
func (d *Data) ValuesOf(u int) []datchuan.Value { return d.Values[d.start[u]:d.start[u+1]] }

// Pointers returns, per unit, pointers to its values: the shape that
// EvaluateUnit takes.
func (d *Data) Pointers() [][]*datchuan.Value {
	out := make([][]*datchuan.Value, len(d.Units))
	ptrs := make([]*datchuan.Value, len(d.Values))
	for i := range d.Values {
		ptrs[i] = &d.Values[i]
	}
	for u := range d.Units {
		out[u] = ptrs[d.start[u]:d.start[u+1]:d.start[u+1]]
	}
	return out
}

// Batch returns the dense form of d for c: what a national dashboard would
// build once from the values it loaded.
func (d *Data) Batch(c *status.Compiled) status.Batch {
	b := c.NewBatch(len(d.Units))
	var ptrs []*datchuan.Value
	for u, unit := range d.Units {
		ptrs = ptrs[:0]
		vals := d.ValuesOf(u)
		for i := range vals {
			ptrs = append(ptrs, &vals[i])
		}
		c.Fill(b, u, unit.Classifiers, ptrs)
	}
	return b
}
