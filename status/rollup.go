package status

import (
	"math"
	"sync"

	datchuan "github.com/datchuan/datchuan"
)

// Batch holds many units' values in the dense form a Compiled reads: for
// unit u, Class[u] is its class index and Scores[u*n:(u+1)*n] its scores in
// indicator order, n = Compiled.Indicators().
type Batch struct {
	Class  []int32
	Scores []float64
}

// NewBatch returns a batch of units with no values (every score NaN) and
// class index 0.
func (c *Compiled) NewBatch(units int) Batch {
	b := Batch{Class: make([]int32, units), Scores: make([]float64, units*len(c.indicators))}
	for i := range b.Scores {
		b.Scores[i] = math.NaN()
	}
	return b
}

// Units returns the number of units in b.
func (b Batch) Units() int { return len(b.Class) }

// Fill sets unit u of b from its classifiers and current values, with the
// rules of EvaluateUnit: values of other sets are ignored and the last value
// of an indicator wins.
func (c *Compiled) Fill(b Batch, u int, cl datchuan.Classifiers, values []*datchuan.Value) {
	n := len(c.indicators)
	row := b.Scores[u*n : (u+1)*n]
	for i := range row {
		row[i] = math.NaN()
	}
	b.Class[u] = int32(c.ClassIndex(cl))
	for _, v := range values {
		if v == nil || v.SetID != c.set.ID {
			continue
		}
		if i, ok := c.index[v.IndicatorCode]; ok {
			row[i] = c.Score(i, v)
		}
	}
}

// Rollup is the result of evaluating many units against one set.
type Rollup struct {
	Year         int
	Criteria     int     // criteria in the set
	Met          []int32 // per unit: criteria met
	Meeting      int     // units that meet every criterion
	Histogram    []int   // [k]: units with exactly k criteria met, k = 0..Criteria
	CriterionMet []int   // per criterion, in set order: units that meet it
}

// Meets reports whether unit u meets every criterion.
func (r *Rollup) Meets(u int) bool { return r.Criteria > 0 && int(r.Met[u]) == r.Criteria }

// Rollup evaluates every unit of b for year and returns the counts.
func (c *Compiled) Rollup(year int, b Batch) (*Rollup, error) {
	r := new(Rollup)
	if err := c.RollupInto(r, year, b, 1); err != nil {
		return nil, err
	}
	return r, nil
}

// RollupInto is Rollup into r, reusing its slices, over the given number of
// goroutines (1 runs in the caller's). Each goroutine takes a contiguous
// range of units and counts into its own histogram, merged at the end, so
// they share no memory they write to.
func (c *Compiled) RollupInto(r *Rollup, year int, b Batch, workers int) error {
	if err := c.check(b); err != nil {
		return err
	}
	units := b.Units()
	r.Year, r.Criteria, r.Meeting = year, len(c.criteria), 0
	r.Met = resize(r.Met, units)
	r.Histogram = zeroed(r.Histogram, len(c.criteria)+1)
	r.CriterionMet = zeroed(r.CriterionMet, len(c.criteria))
	bounds := c.bounds[c.yearTable(year)]

	workers = max(1, min(workers, units/1024)) // below ~1k units a goroutine costs more than it saves
	if workers == 1 {
		c.rollupRange(r.Met, r.Histogram, r.CriterionMet, bounds, b, 0, units)
	} else {
		c.rollupParallel(r, bounds, b, workers)
	}
	r.Meeting = r.Histogram[len(c.criteria)]
	if len(c.criteria) == 0 {
		r.Meeting = 0 // an empty set proves nothing
	}
	return nil
}

func (c *Compiled) rollupParallel(r *Rollup, bounds []float64, b Batch, workers int) {
	units := b.Units()
	hists := make([][]int, workers)
	crits := make([][]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		from, to := units*w/workers, units*(w+1)/workers
		hists[w] = make([]int, len(r.Histogram))
		crits[w] = make([]int, len(r.CriterionMet))
		wg.Go(func() { c.rollupRange(r.Met, hists[w], crits[w], bounds, b, from, to) })
	}
	wg.Wait()
	for w := range workers {
		for k, x := range hists[w] {
			r.Histogram[k] += x
		}
		for k, x := range crits[w] {
			r.CriterionMet[k] += x
		}
	}
}

// rollupRange is the hot loop: for units [from, to), count the criteria
// whose indicators all reach their bound. A NaN score (no usable value) or
// a NaN bound (no known threshold) never compares true.
func (c *Compiled) rollupRange(met []int32, hist, critMet []int, bounds []float64, b Batch, from, to int) {
	n := len(c.indicators)
	for u := from; u < to; u++ {
		row := b.Scores[u*n : u*n+n]
		k := int(b.Class[u]) * n
		bound := bounds[k : k+n]
		m := 0
		for ci, s := range c.criteria {
			ok := 0
			scores, bs := row[s.start:s.end], bound[s.start:s.end]
			bs = bs[:len(scores)]
			for i, x := range scores {
				if x >= bs[i] {
					ok++
				}
			}
			if ok == s.need {
				m++
				critMet[ci]++
			}
		}
		met[u] = int32(m)
		hist[m]++
	}
}

// check validates b's shape and class indexes before the hot loop, which
// then cannot index out of range.
func (c *Compiled) check(b Batch) error {
	if len(b.Scores) != len(b.Class)*len(c.indicators) {
		return datchuan.Errorf(datchuan.EINVALID, "batch: %d scores for %d units of %d indicators", len(b.Scores), len(b.Class), len(c.indicators))
	}
	for u, k := range b.Class {
		if k < 0 || int(k) > len(c.classes) {
			return datchuan.Errorf(datchuan.EINVALID, "batch: unit %d has class index %d of %d", u, k, len(c.classes)+1)
		}
	}
	return nil
}

// yearTable returns the bounds table for year.
func (c *Compiled) yearTable(year int) int {
	if t, ok := c.years[year]; ok {
		return t
	}
	return c.otherYears
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func zeroed(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}
