package service

import (
	"cmp"
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// The national page of the central coordination office: each province in
// force on a day with how many of its communes meet the commune NTM
// standard, how many of its districts meet the district standard, and the
// criteria its communes most often do not meet yet — all measured by the
// rollup, as the province pages measure them, so that a drill-down shows
// the same figures.

// topUnmet is how many of the criteria most often unmet a province shows.
const topUnmet = 3

// NationalStatus is every province in force on On with its figures, and
// the country's totals.
type NationalStatus struct {
	On        datchuan.Date     `json:"on"`
	Provinces []ProvinceSummary `json:"provinces"` // by code
	Total     ProvinceSummary   `json:"total"`
}

// ProvinceSummary is one province's figures on a day. It keeps counts
// only, never a unit's results, so that the summaries of the whole
// country stay small in the read model's memo.
type ProvinceSummary struct {
	Unit *datchuan.Unit `json:"-"` // nil for the country's totals
	Code string         `json:"code,omitempty"`
	Name string         `json:"name"`
	// Units are the province's commune-level units in force (xã, phường,
	// thị trấn); Communes those measured on the commune NTM standard (with
	// a target of their own, or in a district aiming at the district
	// standard), CommunesMet those of them that meet it.
	Units       int `json:"units"`
	Communes    int `json:"communes"`
	CommunesMet int `json:"communes_met"`
	// Districts are the districts with an NTM district target,
	// DistrictsMet those that meet the district standard.
	Districts    int `json:"districts"`
	DistrictsMet int `json:"districts_met"`
	// Unmet are the criteria of the commune NTM standard most often not
	// met yet among Communes (any status but met: a failure, a value
	// waiting or returned, no value, no threshold), the most first.
	Unmet []CriterionCount `json:"unmet"`
	all   []CriterionCount // every criterion unmet somewhere: the totals add them up
}

// CriterionCount is a criterion and the number of communes that do not
// meet it yet.
type CriterionCount struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// National measures every province in force on `on` (today when zero) for
// a caller who reads the national page. Each province's summary is kept in
// the read model's memo until the next write, by province and day, and so
// is the page's whole answer: the first view of the country reads every
// unit's values, the next ones read what is kept. Callers must not change
// what they get.
func (s *Service) National(ctx context.Context, c Caller, on datchuan.Date) (*NationalStatus, error) {
	if err := c.CheckReadNational(); err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = s.Today()
	}
	return memo(s, "national/"+on.String(), func() (*NationalStatus, error) { return s.national(ctx, c, on) })
}

// national is National without the memo of the whole answer.
func (s *Service) national(ctx context.Context, c Caller, on datchuan.Date) (*NationalStatus, error) {
	provinces, err := s.cfg.Stores.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelProvince, On: on})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(provinces, func(a, b *datchuan.Unit) int { return cmp.Compare(a.Code, b.Code) })
	out := &NationalStatus{On: on, Provinces: make([]ProvinceSummary, 0, len(provinces))}
	// The districts are measured afresh, not through the district memo:
	// kept for the whole country, their per-indicator results would hold
	// hundreds of megabytes until the next write.
	ru := &rollup.Service{Tree: c.Tree, Targets: s.cfg.Stores.Targets, Values: s.cfg.Stores.Values, Sets: s.cfg.Sets, Today: s.Today()}
	measured := 0
	for _, p := range provinces {
		sum, err := memo(s, fmt.Sprintf("national/province/%d/%s", p.ID, on), func() (*ProvinceSummary, error) {
			measured++
			return s.summarise(ctx, c, ru, p, on)
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
		out.Provinces = append(out.Provinces, *sum)
	}
	out.Total = totalOf(out.Provinces)
	if measured > 1 {
		releaseMemory()
	}
	return out, nil
}

// releaseMemory gives the system back, in the background, the memory that
// measuring many provinces used and no longer needs. Measuring the country
// reads every unit's values (the first time) and evaluates every commune:
// hundreds of megabytes made and dropped at once, which the runtime would
// otherwise keep for a long while, doubling what the server holds between
// two such measures.
func releaseMemory() { go debug.FreeOSMemory() }

// summarise measures province p on `on`: each district through the rollup,
// and the communes directly under the province (after 01/07/2025) that
// have a target.
func (s *Service) summarise(ctx context.Context, c Caller, ru *rollup.Service, p *datchuan.Unit, on datchuan.Date) (*ProvinceSummary, error) {
	kids, err := c.Tree.Children(ctx, p, on)
	if err != nil {
		return nil, err
	}
	out := &ProvinceSummary{Unit: p, Code: p.Code, Name: p.Name}
	unmet := tally{}
	var direct []*datchuan.Unit
	for _, k := range kids {
		if k.Level != datchuan.LevelDistrict {
			direct = append(direct, k)
			continue
		}
		ds, err := ru.District(ctx, k.Code, on)
		if err != nil {
			return nil, err
		}
		if ds.Target != nil && ds.Result != nil {
			out.Districts++
			if ds.Result.Meets {
				out.DistrictsMet++
			}
		}
		for _, row := range ds.Communes {
			out.Units++
			out.addCommune(row.Results, unmet)
		}
	}
	if err := s.summariseDirect(ctx, ru, direct, on, out, unmet); err != nil {
		return nil, err
	}
	out.all = unmet.ranked()
	out.Unmet = out.all[:min(topUnmet, len(out.all))]
	return out, nil
}

// summariseDirect counts the communes directly under a province: those
// with a target of their own are measured on it, as a commune of a
// district without a district target is.
func (s *Service) summariseDirect(ctx context.Context, ru *rollup.Service, units []*datchuan.Unit, on datchuan.Date, out *ProvinceSummary, unmet tally) error {
	out.Units += len(units)
	if len(units) == 0 {
		return nil
	}
	ts, err := s.cfg.Stores.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: ids(units)})
	if err != nil {
		return err
	}
	aimed := map[int64]bool{}
	for _, t := range ts {
		aimed[t.UnitID] = true
	}
	units = slices.DeleteFunc(slices.Clone(units), func(u *datchuan.Unit) bool { return !aimed[u.ID] })
	if len(units) == 0 {
		return nil
	}
	vs, err := s.cfg.Stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: ids(units), At: datchuan.EndOfDay(on)})
	if err != nil {
		return err
	}
	vals := map[int64][]*datchuan.Value{}
	for _, v := range vs {
		vals[v.UnitID] = append(vals[v.UnitID], v)
	}
	measured, err := ru.UnitsWith(ctx, units, on, vals)
	if err != nil {
		return err
	}
	for _, u := range units {
		results := map[datchuan.Tier]status.UnitResult{}
		for _, st := range measured[u.ID] {
			if st.Target != nil && st.Result != nil {
				results[st.Result.Tier] = *st.Result
			}
		}
		out.addCommune(results, unmet)
	}
	return nil
}

// addCommune counts a commune's result on the commune NTM standard, if it
// was measured on it.
func (p *ProvinceSummary) addCommune(results map[datchuan.Tier]status.UnitResult, unmet tally) {
	r, ok := results[datchuan.TierCommuneNTM]
	if !ok {
		return
	}
	p.Communes++
	if r.Meets {
		p.CommunesMet++
	}
	for _, cr := range r.Criteria {
		if cr.Status != status.Met {
			unmet.add(CriterionCount{Code: cr.Code, Name: cr.NameVi, Count: 1})
		}
	}
}

// tally counts the communes not meeting each criterion, by code.
type tally map[string]*CriterionCount

func (t tally) add(c CriterionCount) {
	if k, ok := t[c.Code]; ok {
		k.Count += c.Count
		return
	}
	t[c.Code] = &c
}

// ranked lists the criteria most often unmet first, then by code.
func (t tally) ranked() []CriterionCount {
	out := make([]CriterionCount, 0, len(t))
	for _, c := range t {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CriterionCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), compareCodes(a.Code, b.Code))
	})
	return out
}

// totalOf adds up the provinces' figures for the country.
func totalOf(ps []ProvinceSummary) ProvinceSummary {
	out := ProvinceSummary{Name: "Toàn quốc"}
	unmet := tally{}
	for _, p := range ps {
		out.Units += p.Units
		out.Communes += p.Communes
		out.CommunesMet += p.CommunesMet
		out.Districts += p.Districts
		out.DistrictsMet += p.DistrictsMet
		for _, c := range p.all {
			unmet.add(c)
		}
	}
	out.all = unmet.ranked()
	out.Unmet = out.all[:min(topUnmet, len(out.all))]
	return out
}

// compareCodes orders criterion codes as people number them: "2" before
// "10", "17.2" before "17.10".
func compareCodes(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		if c := cmp.Compare(as[i], bs[i]); errX != nil || errY != nil {
			if c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// ids are the IDs of units.
func ids(units []*datchuan.Unit) []int64 {
	out := make([]int64, len(units))
	for i, u := range units {
		out[i] = u.ID
	}
	return out
}
