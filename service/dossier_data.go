package service

import (
	"cmp"
	"context"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// The papers of a dossier made from the data: the district's criteria with
// their results, its communes with their recognition decisions, and each
// lead department's confirmation of the criteria it leads. Each is ready
// when its data is complete:
//
//   - the criteria table, when every criterion of the district's set is met
//     (a criterion is met only on values its lead department confirmed);
//   - the communes list, when every xã of the district has a decision
//     recognising it as meeting the NTM standard (or advanced, or model)
//     and every thị trấn one recognising it as a civilised urban area;
//   - the departments' confirmations, when every indicator of the set has a
//     lead department and each lead department has confirmed the value of
//     every indicator it leads (met or not: the confirmation says which).

// DossierData is what the generated papers of a target's dossier say.
type DossierData struct {
	On   datchuan.Date
	Set  *datchuan.CriteriaSet
	Unit *datchuan.Unit
	// Own is the district measured on its own criteria.
	Own           status.UnitResult
	CriteriaReady bool
	Communes      []CommuneRecognition
	Covered       int // communes with the decision they need
	CommunesReady bool
	Confirmations []DepartmentConfirmation
	// Unled are the indicators no department leads: no confirmation covers
	// them.
	Unled              []ConfirmedIndicator
	ConfirmationsReady bool
}

// CommuneRecognition is a commune-level unit of the district with its
// recognition decisions.
type CommuneRecognition struct {
	Unit      *datchuan.Unit
	Decisions []*datchuan.RecognitionDecision
	Covered   bool // it has the decision the district needs of it
}

// DepartmentConfirmation is what a lead department confirms: the
// indicators it leads, by criterion, with their confirmed values.
type DepartmentConfirmation struct {
	Agency    *datchuan.Agency
	Criteria  []ConfirmedCriterion
	Confirmed int // indicators whose value it confirmed
	Total     int // indicators it leads
	Ready     bool
}

// ConfirmedCriterion is a criterion of a department's confirmation.
type ConfirmedCriterion struct {
	Code, NameVi, NameEn string
	Indicators           []ConfirmedIndicator
}

// ConfirmedIndicator is an indicator with its result; Confirmed when its
// value is confirmed.
type ConfirmedIndicator struct {
	status.IndicatorResult
	Criterion string
	Def       *datchuan.Indicator
	Confirmed bool
}

// dossierData reads the data of the generated papers of the place's
// target, on its day.
func (s *Service) dossierData(ctx context.Context, c Caller, pl *DossierPlace) (*DossierData, error) {
	vals, err := s.cfg.Stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{pl.Unit.ID}, At: datchuan.EndOfDay(pl.On)})
	if err != nil {
		return nil, err
	}
	out := &DossierData{On: pl.On, Set: pl.Set, Unit: pl.Unit,
		Own: status.EvaluateUnit(pl.Set, pl.Unit.ID, pl.Unit.Classifiers, pl.Target.Year, vals)}
	out.CriteriaReady = out.Own.Meets
	if err := s.communeRecognitions(ctx, c, pl, out); err != nil {
		return nil, err
	}
	return out, s.confirmations(ctx, pl, out)
}

// communeRecognitions lists the district's commune-level units with their
// decisions.
func (s *Service) communeRecognitions(ctx context.Context, c Caller, pl *DossierPlace, out *DossierData) error {
	kids, err := c.Tree.Children(ctx, pl.Unit, pl.On)
	if err != nil {
		return err
	}
	var ids []int64
	for _, k := range kids {
		if k.Level == datchuan.LevelCommune {
			ids = append(ids, k.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	decs, err := s.cfg.Stores.Decisions.Recognitions(ctx, datchuan.RecognitionFilter{UnitIDs: ids})
	if err != nil {
		return err
	}
	byUnit := map[int64][]*datchuan.RecognitionDecision{}
	for _, d := range decs {
		byUnit[d.UnitID] = append(byUnit[d.UnitID], d)
	}
	for _, k := range kids {
		if k.Level != datchuan.LevelCommune {
			continue
		}
		row := CommuneRecognition{Unit: k, Decisions: byUnit[k.ID]}
		for _, d := range row.Decisions {
			row.Covered = row.Covered || d.Title.Recognises(k.Type)
		}
		if row.Covered {
			out.Covered++
		}
		out.Communes = append(out.Communes, row)
	}
	out.CommunesReady = len(out.Communes) > 0 && out.Covered == len(out.Communes)
	return nil
}

// confirmations groups the district's indicators by lead department, in
// the order of the criteria.
func (s *Service) confirmations(ctx context.Context, pl *DossierPlace, out *DossierData) error {
	book, err := s.LeadBook(ctx, pl.Province)
	if err != nil {
		return err
	}
	byAgency := map[int64]*DepartmentConfirmation{}
	var order []int64
	for ci, cr := range out.Own.Criteria {
		def := &pl.Set.Criteria[ci]
		for ii, ir := range cr.Indicators {
			ind := ConfirmedIndicator{IndicatorResult: ir, Criterion: cr.Code, Def: &def.Indicators[ii],
				Confirmed: ir.Value != nil && ir.Value.State == datchuan.StateConfirmed}
			lead := book.Lead(pl.Set.ID, cr.Code, ir.Code)
			if lead == 0 && pl.Set.DerivedFrom != "" {
				lead = book.Lead(pl.Set.DerivedFrom, cr.Code, ir.Code)
			}
			if lead == 0 {
				out.Unled = append(out.Unled, ind)
				continue
			}
			dc := byAgency[lead]
			if dc == nil {
				ag, err := s.cfg.Stores.Agencies.Agency(ctx, lead)
				if err != nil {
					return err
				}
				dc = &DepartmentConfirmation{Agency: ag}
				byAgency[lead] = dc
				order = append(order, lead)
			}
			if n := len(dc.Criteria); n == 0 || dc.Criteria[n-1].Code != cr.Code {
				dc.Criteria = append(dc.Criteria, ConfirmedCriterion{Code: cr.Code, NameVi: def.NameVi, NameEn: cmp.Or(def.NameEn, def.NameVi)})
			}
			last := &dc.Criteria[len(dc.Criteria)-1]
			last.Indicators = append(last.Indicators, ind)
			dc.Total++
			if ind.Confirmed {
				dc.Confirmed++
			}
		}
	}
	ready := len(order) > 0 && len(out.Unled) == 0
	for _, id := range order {
		dc := byAgency[id]
		dc.Ready = dc.Confirmed == dc.Total
		ready = ready && dc.Ready
		out.Confirmations = append(out.Confirmations, *dc)
	}
	out.ConfirmationsReady = ready
	return nil
}

// Confirmation returns the confirmation of the agency, nil when it leads
// nothing of the district's set.
func (d *DossierData) Confirmation(agencyID int64) *DepartmentConfirmation {
	for i := range d.Confirmations {
		if d.Confirmations[i].Agency.ID == agencyID {
			return &d.Confirmations[i]
		}
	}
	return nil
}

// ConfirmationsDone counts the departments whose confirmation is complete.
func (d *DossierData) ConfirmationsDone() int {
	n := 0
	for _, dc := range d.Confirmations {
		if dc.Ready {
			n++
		}
	}
	return n
}
