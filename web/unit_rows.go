package web

import (
	"cmp"
	"context"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/status"
)

// The rows of the unit and district pages: a unit result laid out with its
// set's texts, the evidence of values, the names of reporters and
// reviewers, and the guidance beside each criterion.

// criterionRows lays out a unit result with the set's texts, for pages.
func criterionRows(set *datchuan.CriteriaSet, res *status.UnitResult) []criterionRow {
	out := make([]criterionRow, 0, len(res.Criteria))
	for _, c := range res.Criteria {
		cr := criterionRow{Code: c.Code, NameVi: c.NameVi, NameEn: c.NameVi, Status: c.Status, Met: c.Met, Total: c.Total}
		if sc := set.Criterion(c.Code); sc != nil {
			cr.NameEn = cmp.Or(sc.NameEn, sc.NameVi)
		}
		for _, ind := range c.Indicators {
			ir := indicatorRow{
				Code: ind.Code, NameVi: ind.NameVi, NameEn: ind.NameVi,
				Status: ind.Status, WouldMeet: ind.WouldMeet, Value: ind.Value,
				HasThreshold: ind.HasThreshold, Verified: ind.Threshold.Verified, Source: ind.Threshold.Source,
			}
			def, _ := set.Indicator(ind.Code)
			if def != nil {
				ir.NameEn = cmp.Or(def.NameEn, def.NameVi)
				if ind.HasThreshold {
					ir.ThresholdVi, ir.ThresholdEn = thresholdText(def, ind.Threshold.Value)
				}
			}
			if ind.Value != nil {
				ir.ValueVi, ir.ValueEn = measureText(def, ind.Value.Measure)
			}
			cr.Indicators = append(cr.Indicators, ir)
		}
		out = append(out, cr)
	}
	return out
}

// evidenceNames returns the names of the attachments that values cite,
// by ID.
func (s *Server) evidenceNames(ctx context.Context, values []*datchuan.Value) (map[string]string, error) {
	var refs []string
	seen := map[string]bool{}
	for _, v := range values {
		for _, e := range v.Evidence {
			if !seen[e] {
				seen[e] = true
				refs = append(refs, e)
			}
		}
	}
	infos, err := s.svc.Attachments(ctx, refs)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(infos))
	for id, a := range infos {
		names[id] = a.Name
	}
	return names, nil
}

// evidenceOf turns a value's evidence into items: an attachment's ID
// becomes a link under its name; anything else stays text.
func evidenceOf(v *datchuan.Value, files map[string]string) []evidenceItem {
	out := make([]evidenceItem, 0, len(v.Evidence))
	for _, e := range v.Evidence {
		if name, ok := files[e]; ok {
			out = append(out, evidenceItem{ID: e, Name: name})
			continue
		}
		out = append(out, evidenceItem{Name: e})
	}
	return out
}

// addGuidance puts beside each criterion of a unit's sets the guidance
// that the agencies of its province published for the set or a set it
// derives from (a province's own set keeps the national set's guidance).
func (s *Server) addGuidance(ctx context.Context, c service.Caller, province string, sets []unitSet) error {
	if len(sets) == 0 {
		return nil
	}
	ags, err := s.svc.Agencies(ctx, c, province)
	if err != nil || len(ags) == 0 {
		return err
	}
	for i := range sets {
		docs, err := s.svc.GuidanceOfProvince(ctx, ags, s.setLineage(sets[i].Set))
		if err != nil {
			return err
		}
		byCrit := map[string][]criterionGuidance{}
		for _, g := range docs {
			a := ags[g.AgencyID]
			if a == nil || g.File == "" {
				continue
			}
			byCrit[g.CriterionCode] = append(byCrit[g.CriterionCode], criterionGuidance{ID: g.ID, Number: g.Number, Date: g.Date,
				Title: g.Title, IndicatorCode: g.IndicatorCode, Agency: cmp.Or(a.ShortName, a.Name)})
		}
		for j := range sets[i].Criteria {
			sets[i].Criteria[j].Guidance = byCrit[sets[i].Criteria[j].Code]
		}
	}
	return nil
}

// setLineage is a set and the sets it derives from, nearest first.
func (s *Server) setLineage(set *datchuan.CriteriaSet) []string {
	var ids []string
	seen := map[string]bool{}
	for id := set.ID; id != "" && !seen[id]; {
		seen[id] = true
		ids = append(ids, id)
		parent, err := s.svc.Sets().Set(id)
		if err != nil {
			break
		}
		id = parent.DerivedFrom
	}
	return ids
}
