package bench

import (
	"slices"

	datchuan "github.com/datchuan/datchuan"
)

// SyntheticSource is the provenance source of every threshold FillUnknown
// invents; such thresholds are never Verified.
const SyntheticSource = "synthetic: benchmark only, not an official threshold"

// regionEase lowers percentage bounds (and raises maximum shares) for the
// regions the 2021–2025 sets treat more leniently. Synthetic, like every
// number in this file.
var regionEase = map[string]float64{
	"TDMNPB": 15, "TN": 10, "BTB": 5, "DHNTB": 5, "DBSCL": 5, "DBSH": 0, "DNB": 0,
}

// incomeBase is a synthetic 2022 income bound (million VND/person/year) per
// region; it rises by 3 a year.
var incomeBase = map[string]float64{
	"TDMNPB": 39, "TN": 45, "BTB": 45, "DHNTB": 47, "DBSCL": 47, "DBSH": 52, "DNB": 52,
}

// FillUnknown returns a deep copy of set in which every threshold that is
// not Known has a plausible synthetic value, so that a benchmark compares
// numbers instead of stopping at "threshold missing". An unknown entry for
// all classes of a numeric indicator becomes one entry per class (and, for
// amounts, per year of the period), as the official sets have. Every
// invented entry has SyntheticSource as its source. set is not modified.
func FillUnknown(set *datchuan.CriteriaSet) *datchuan.CriteriaSet {
	s := *set
	s.NameVi = set.NameVi + " (ngưỡng tổng hợp cho đo hiệu năng)"
	s.Draft = true
	s.Criteria = slices.Clone(set.Criteria)
	for i := range s.Criteria {
		c := &s.Criteria[i]
		c.Indicators = slices.Clone(c.Indicators)
		for j := range c.Indicators {
			ind := &c.Indicators[j]
			ind.Thresholds = fillThresholds(&s, ind)
		}
	}
	return &s
}

func fillThresholds(set *datchuan.CriteriaSet, ind *datchuan.Indicator) []datchuan.Threshold {
	in := ind.Thresholds
	if len(in) == 0 {
		in = []datchuan.Threshold{{}} // no entry at all: unknown for everyone
	}
	var out []datchuan.Threshold
	for _, th := range in {
		switch {
		case th.Known:
			out = append(out, th)
		case th.Class != "" || !ind.Kind.Numeric():
			out = append(out, synthetic(ind, th.Class, th.Year))
		default:
			out = append(out, perClass(set, ind, th.Year)...)
		}
	}
	return out
}

// perClass expands an unknown all-classes entry into one per class that has
// no entry of its own, and per year for amounts.
func perClass(set *datchuan.CriteriaSet, ind *datchuan.Indicator, year int) []datchuan.Threshold {
	years := []int{year}
	if ind.Kind == datchuan.KindAmountMin && year == 0 {
		years = nil
		for y := set.PeriodFrom; y <= set.PeriodTo; y++ {
			years = append(years, y)
		}
	}
	var out []datchuan.Threshold
	for _, cl := range set.Classes {
		if hasEntry(ind, cl.Code) {
			continue
		}
		for _, y := range years {
			out = append(out, synthetic(ind, cl.Code, y))
		}
	}
	return append(out, synthetic(ind, "", year)) // for a class the set does not list
}

func hasEntry(ind *datchuan.Indicator, class string) bool {
	for _, th := range ind.Thresholds {
		if th.Class == class {
			return true
		}
	}
	return false
}

// synthetic invents the bound of ind for class and year.
func synthetic(ind *datchuan.Indicator, class string, year int) datchuan.Threshold {
	ease := regionEase[class]
	v := 0.0
	switch ind.Kind {
	case datchuan.KindPercentMin:
		v = max(50, 90-ease)
	case datchuan.KindPercentMax:
		v = 5 + ease
	case datchuan.KindAmountMin:
		base, ok := incomeBase[class]
		if !ok {
			base = 45
		}
		v = base
		if year != 0 {
			v += 3 * float64(year-2022)
		}
	case datchuan.KindPerPersonMin:
		v = 2
	}
	return datchuan.Threshold{Class: class, Year: year, Value: v, Known: true, Provenance: datchuan.Provenance{Source: SyntheticSource}}
}
