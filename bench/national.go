package bench

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"

	datchuan "github.com/datchuan/datchuan"
)

// The national data set that "datchuan national" loads into a database:
// the units of the year as the database holds them, per province, and for
// each unit that a set judges a current value of every indicator
// (Generate's mix of met, not met, waiting and returned) with a year of
// dated history behind a share of them. Everything but the units is
// synthetic.

// The sets of the national data set.
const (
	CommuneSetID  = "vn-ntm-commune-2021-2025"
	DistrictSetID = "vn-ntm-district-2021-2025"
	UrbanSetID    = "vn-civilised-urban"
)

// NationalSets are the sets the national data set reports against, as the
// catalog ships them (their unknown thresholds are filled, as Generate
// fills them, where values aim at them).
type NationalSets struct{ Commune, District, Urban *datchuan.CriteriaSet }

// LoadNationalSets takes the national data set's sets from a catalogue.
func LoadNationalSets(c datchuan.CriteriaCatalog) (NationalSets, error) {
	var s NationalSets
	for id, dst := range map[string]**datchuan.CriteriaSet{CommuneSetID: &s.Commune, DistrictSetID: &s.District, UrbanSetID: &s.Urban} {
		set, err := c.Set(id)
		if err != nil {
			return s, err
		}
		*dst = set
	}
	return s, nil
}

// all lists the sets in a fixed order.
func (s NationalSets) all() []*datchuan.CriteriaSet {
	return []*datchuan.CriteriaSet{s.Commune, s.District, s.Urban}
}

// Province is a province of the national data set with the units that
// its sets judge.
type Province struct {
	Unit      *datchuan.Unit
	Districts []*datchuan.Unit // district-level units with at least one xã
	Communes  []*datchuan.Unit // xã: judged by the commune set
	Towns     []*datchuan.Unit // thị trấn: judged by the civilised-urban set
}

// Pairs is how many (unit, indicator) pairs of p the sets judge: about the
// number of current values (Generate leaves a few out).
func (p *Province) Pairs(s NationalSets) int {
	return len(p.Communes)*s.Commune.IndicatorCount() + len(p.Towns)*s.Urban.IndicatorCount() +
		len(p.Districts)*(s.District.IndicatorCount()+len(booleanConditions(s.District)))
}

// NationalUnits returns the provinces in force on day, in code order, with
// their districts, xã and thị trấn; only those of codes when codes is not
// empty (ENOTFOUND for a code that is no province that day). It is
// EINVALID for a day with no district level (from 01/07/2025).
func NationalUnits(ctx context.Context, units datchuan.UnitService, day datchuan.Date, codes []string) ([]*Province, error) {
	find := func(level datchuan.Level) ([]*datchuan.Unit, error) {
		return units.FindUnits(ctx, datchuan.UnitFilter{Level: level, On: day})
	}
	provinces, err := find(datchuan.LevelProvince)
	if err != nil {
		return nil, err
	}
	districts, err := find(datchuan.LevelDistrict)
	if err != nil {
		return nil, err
	}
	if len(districts) == 0 {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Ngày %s không còn cấp huyện: chọn một năm trước 2025 (no district level on that day: choose a year before 2025)", day.VN())
	}
	communes, err := find(datchuan.LevelCommune)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*Province{}
	var out []*Province
	for _, u := range provinces {
		if len(codes) == 0 || slices.Contains(codes, u.Code) {
			p := &Province{Unit: u}
			byCode[u.Code] = p
			out = append(out, p)
		}
	}
	for _, c := range codes {
		if byCode[c] == nil {
			return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có tỉnh mã %q vào ngày %s (no province with this code on that day)", c, day.VN())
		}
	}
	inDistrict := map[string][]*datchuan.Unit{}
	for _, c := range communes {
		inDistrict[c.ParentCode] = append(inDistrict[c.ParentCode], c)
	}
	for _, d := range districts {
		p := byCode[d.ParentCode]
		if p == nil {
			continue
		}
		rural := false
		for _, c := range inDistrict[d.Code] {
			switch c.Type {
			case datchuan.TypeCommune:
				p.Communes = append(p.Communes, c)
				rural = true
			case datchuan.TypeTown:
				p.Towns = append(p.Towns, c)
			}
		}
		if rural {
			p.Districts = append(p.Districts, d)
		}
	}
	slices.SortFunc(out, func(a, b *Province) int { return cmpCode(a.Unit.Code, b.Unit.Code) })
	return out, nil
}

func cmpCode(a, b string) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// NationalOptions say which values to make.
type NationalOptions struct {
	Year   int    // of the targets and thresholds
	Seed   uint64 // the same seed makes the same values for a province, whichever others are loaded
	Months int    // dated history: reports over this many months, ending in December of Year (1: none)
}

// historyShare is the share of confirmed values that have earlier
// monthly reports behind them.
const historyShare = 0.2

// ReturnReason is the reason given with every synthetic returned value.
const ReturnReason = "Số liệu chưa khớp với biên bản kiểm tra (dữ liệu tổng hợp)"

// ProvinceValues returns the reports of a province, ready for a
// ValueLoader: for each unit its sets judge, the values Generate makes
// (for districts, also a value of each pass/fail condition), dated in the
// last month of the window when waiting or returned; a confirmed value
// either stands alone from the first month, or (historyShare of them) has
// monthly reports from a random month on, which fail until a random month
// when the current value meets its threshold. Every report but those
// waiting has its review. Reports are dated a few days after the end of
// their month and reviewed within ten days.
func ProvinceValues(sets NationalSets, p *Province, o NationalOptions) []datchuan.Value {
	h := fnv.New64a()
	h.Write([]byte(p.Unit.Code))
	rng := rand.New(rand.NewPCG(o.Seed, h.Sum64()))
	w := window{months: max(1, o.Months), year: o.Year, rng: rng}
	var out []datchuan.Value
	for _, g := range []struct {
		set   *datchuan.CriteriaSet
		units []*datchuan.Unit
	}{{sets.Commune, p.Communes}, {sets.Urban, p.Towns}, {sets.District, p.Districts}} {
		if len(g.units) == 0 {
			continue
		}
		d := GenerateFor(g.set, g.units, o.Year, rng.Uint64())
		filled := FillUnknown(g.set)
		classOf := map[int64]string{}
		for _, u := range g.units {
			classOf[u.ID] = filled.ClassOf(u.Classifiers)
		}
		for _, v := range d.Values {
			ind, _ := filled.Indicator(v.IndicatorCode)
			th, _ := ind.ThresholdFor(classOf[v.UnitID], o.Year)
			out = w.dated(out, v, ind.Kind, th.Value)
		}
		for _, c := range booleanConditions(g.set) {
			for _, u := range g.units {
				v := datchuan.Value{UnitID: u.ID, SetID: g.set.ID, IndicatorCode: c.Code,
					Measure: datchuan.BoolMeasure(rng.Float64() < 0.92), State: datchuan.StateConfirmed}
				out = w.dated(out, v, datchuan.KindPassFail, 0)
			}
		}
	}
	return out
}

func booleanConditions(set *datchuan.CriteriaSet) []datchuan.Condition {
	var out []datchuan.Condition
	for _, c := range set.Conditions {
		if c.Kind == datchuan.CondBoolean {
			out = append(out, c)
		}
	}
	return out
}

// window dates reports over months months ending in December of year.
type window struct {
	months, year int
	rng          *rand.Rand
}

// monthEnd is the last day of month m of the window (0 the first).
func (w window) monthEnd(m int) datchuan.Date {
	first := time.Date(w.year, time.December-time.Month(w.months-1-m)+1, 1, 0, 0, 0, 0, time.UTC)
	return datchuan.DateOf(first.AddDate(0, 0, -1))
}

// report dates v at the end of month m: reported 2 to 9 days later in
// office hours, reviewed (unless waiting) 1 to 10 days after that.
func (w window) report(v datchuan.Value, m int) datchuan.Value {
	v.ID = 0
	v.AsOf = w.monthEnd(m)
	day := v.AsOf.Time(datchuan.Vietnam()).AddDate(0, 0, 2+w.rng.IntN(8))
	v.ReportedAt = day.Add(time.Duration(8*60+w.rng.IntN(9*60)) * time.Minute)
	v.ReviewedAt = time.Time{}
	switch v.State {
	case datchuan.StateConfirmed, datchuan.StateReturned:
		v.ReviewedAt = v.ReportedAt.Add(time.Duration(1+w.rng.IntN(10)) * 24 * time.Hour)
	}
	if v.State == datchuan.StateReturned {
		v.ReturnReason = ReturnReason
	}
	return v
}

// dated appends v, the current value, with the history behind it.
func (w window) dated(out []datchuan.Value, v datchuan.Value, kind datchuan.IndicatorKind, t float64) []datchuan.Value {
	last := w.months - 1
	if v.State != datchuan.StateConfirmed {
		return append(out, w.report(v, last))
	}
	if last == 0 || w.rng.Float64() >= historyShare {
		return append(out, w.report(v, 0))
	}
	from := w.rng.IntN(last) // 0 .. last-1
	meets, _ := v.Measure.Satisfies(kind, t)
	metFrom := last + 1 // never
	if meets {
		metFrom = from + 1 + w.rng.IntN(last-from) // from+1 .. last
	}
	for m := from; m < last; m++ {
		e := v
		e.Measure = measureFor(w.rng, kind, t, m >= metFrom)
		out = append(out, w.report(e, m))
	}
	return append(out, w.report(v, last))
}
