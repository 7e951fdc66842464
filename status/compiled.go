package status

import (
	"math"

	datchuan "github.com/datchuan/datchuan"
)

// Compiled is a criteria set turned into dense tables for national rollups:
// indicators get dense indexes in set order, and the bound each indicator's
// score must reach is resolved once per (class, year), so that evaluating a
// unit is a run of float comparisons with no maps, strings or allocations.
//
// A Compiled is immutable once built and safe for concurrent use. It gives
// exactly the criteria counts of EvaluateUnit; the tests compare both.
type Compiled struct {
	set        *datchuan.CriteriaSet
	indicators []compiledIndicator
	index      map[string]int // indicator code → dense index
	criteria   []span
	classes    []string       // set.Classes and any other class a threshold names; index len(classes) is any other class
	classIndex map[string]int // class code → index
	// bounds[t] holds, for year table t, (len(classes)+1) rows of one bound
	// per indicator; years maps a year that some threshold names to its
	// table, and every other year uses table otherYears.
	bounds     [][]float64
	years      map[int]int
	otherYears int
}

type compiledIndicator struct {
	code string
	kind datchuan.IndicatorKind
}

// span is a criterion's indicators [start, end) and how many of them must be
// met: all of them, or -1 (never) for a criterion with no indicators, which
// EvaluateUnit treats as ThresholdMissing.
type span struct {
	start, end int
	need       int
}

// Compile builds the dense form of set, which must not change afterwards.
// It rejects a set in which two indicators share a code: values are keyed
// by code, so such a set cannot be evaluated unambiguously.
func Compile(set *datchuan.CriteriaSet) (*Compiled, error) {
	c := &Compiled{
		set:        set,
		index:      make(map[string]int),
		classIndex: make(map[string]int, len(set.Classes)),
		years:      make(map[int]int),
	}
	if err := c.compileIndicators(); err != nil {
		return nil, err
	}
	c.compileClasses()
	c.compileBounds()
	return c, nil
}

func (c *Compiled) compileIndicators() error {
	for _, cr := range c.set.Criteria {
		s := span{start: len(c.indicators)}
		for _, ind := range cr.Indicators {
			if _, dup := c.index[ind.Code]; dup {
				return datchuan.Errorf(datchuan.EINVALID, "bộ tiêu chí %s: chỉ tiêu %s lặp lại (duplicate indicator code)", c.set.ID, ind.Code)
			}
			c.index[ind.Code] = len(c.indicators)
			c.indicators = append(c.indicators, compiledIndicator{ind.Code, ind.Kind})
		}
		s.end = len(c.indicators)
		s.need = s.end - s.start
		if s.need == 0 {
			s.need = -1
		}
		c.criteria = append(c.criteria, s)
	}
	return nil
}

func (c *Compiled) compileClasses() {
	for _, cl := range c.set.Classes {
		c.addClass(cl.Code)
	}
	// A threshold may name a class the set does not list; EvaluateUnit would
	// still apply it to a unit of that class, so it gets its own row too.
	for _, cr := range c.set.Criteria {
		for _, ind := range cr.Indicators {
			for _, th := range ind.Thresholds {
				c.addClass(th.Class)
			}
		}
	}
}

func (c *Compiled) addClass(code string) {
	if _, dup := c.classIndex[code]; code != "" && !dup {
		c.classIndex[code] = len(c.classes)
		c.classes = append(c.classes, code)
	}
}

// compileBounds resolves every threshold once per year that a threshold
// names, plus once for all other years (where only all-years entries apply).
func (c *Compiled) compileBounds() {
	for _, cr := range c.set.Criteria {
		for _, ind := range cr.Indicators {
			for _, th := range ind.Thresholds {
				if _, ok := c.years[th.Year]; th.Year != 0 && !ok {
					c.years[th.Year] = len(c.bounds)
					c.bounds = append(c.bounds, c.boundsFor(th.Year))
				}
			}
		}
	}
	c.otherYears = len(c.bounds)
	c.bounds = append(c.bounds, c.boundsFor(0))
}

func (c *Compiled) boundsFor(year int) []float64 {
	n := len(c.indicators)
	b := make([]float64, (len(c.classes)+1)*n)
	for k := 0; k <= len(c.classes); k++ {
		class := "" // "" matches only all-classes entries, as any unknown class does
		if k < len(c.classes) {
			class = c.classes[k]
		}
		i := 0
		for _, cr := range c.set.Criteria {
			for j := range cr.Indicators {
				b[k*n+i] = bound(&cr.Indicators[j], class, year)
				i++
			}
		}
	}
	return b
}

// bound is the least score that meets ind for class and year. NaN, which no
// score reaches, stands for a missing threshold. The slack eps matches
// Measure.Satisfies, so that both engines agree on 19/20 against 95%.
func bound(ind *datchuan.Indicator, class string, year int) float64 {
	th, ok := ind.ThresholdFor(class, year)
	if !ok || !th.Known {
		return math.NaN()
	}
	switch ind.Kind {
	case datchuan.KindPassFail, datchuan.KindNoneAllowed:
		return 0.5 // scores are 1 (met) or 0
	case datchuan.KindPercentMax:
		return -(th.Value + eps) // scores are negated: at most t ⇔ -q ≥ -t
	}
	return th.Value - eps
}

// Set returns the set c was compiled from.
func (c *Compiled) Set() *datchuan.CriteriaSet { return c.set }

// Indicators returns the number of indicators: the length of a unit's row.
func (c *Compiled) Indicators() int { return len(c.indicators) }

// Criteria returns the number of criteria of the set.
func (c *Compiled) Criteria() int { return len(c.criteria) }

// IndicatorIndex returns the dense index of the indicator code.
func (c *Compiled) IndicatorIndex(code string) (int, bool) {
	i, ok := c.index[code]
	return i, ok
}

// IndicatorCode returns the code of the indicator at dense index i.
func (c *Compiled) IndicatorCode(i int) string { return c.indicators[i].code }

// Classes returns the number of class indexes: one per classifier value of
// the set (or named by a threshold), plus one for units of any other class.
func (c *Compiled) Classes() int { return len(c.classes) + 1 }

// ClassIndex returns the class index of a unit with classifiers cl, after the
// set's override (extremely difficult communes use TDMNPB).
func (c *Compiled) ClassIndex(cl datchuan.Classifiers) int {
	if k, ok := c.classIndex[c.set.ClassOf(cl)]; ok {
		return k
	}
	return len(c.classes)
}

// Score returns what the rollup compares for indicator i: NaN when v cannot
// count as met (nil, not confirmed, or a shape that does not fit the kind),
// else the value's quantity oriented so that a higher score is better.
func (c *Compiled) Score(i int, v *datchuan.Value) float64 {
	if v == nil || !confirmed(v) {
		return math.NaN()
	}
	return c.ScoreMeasure(i, v.Measure)
}

// ScoreMeasure is Score for a confirmed measure m of indicator i.
func (c *Compiled) ScoreMeasure(i int, m datchuan.Measure) float64 {
	kind := c.indicators[i].kind
	switch kind {
	case datchuan.KindPassFail, datchuan.KindNoneAllowed:
		met, ok := m.Satisfies(kind, 0) // the bound is unused for these kinds
		switch {
		case !ok:
			return math.NaN()
		case met:
			return 1
		}
		return 0
	}
	q, ok := m.Quantity(kind)
	switch {
	case !ok:
		return math.NaN()
	case kind == datchuan.KindPercentMax:
		return -q
	}
	return q
}
