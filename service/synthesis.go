package service

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
	"github.com/datchuan/datchuan/weekly"
)

// The synthesis of a round for the provincial steering committee (Plan 45
// §III.6): generated from the data and the reports sent, the same figures
// for the print page, the Word report and the workbook.

// Synthesis is everything the round's report to the committee says.
type Synthesis struct {
	*RoundView
	Previous  *datchuan.Round // nil: the first round of the plan
	Districts []DistrictProgress
	NewlyMet  []NewlyMet
	Overdue   []OverdueRow
	Notes     []AgencyNotes // difficulties and proposals, by reporter
	Missing   []*datchuan.Agency
	Escalated []ObstacleRow // obstacles the districts and departments sent up to the province
	At        time.Time     // when it was made
}

// DistrictProgress is a target district now and at the previous round.
type DistrictProgress struct {
	Unit                      *datchuan.Unit
	Year                      int // the target's year
	CriteriaNow, CriteriaPrev int // district criteria met
	CriteriaTotal             int
	CommunesNow, CommunesPrev int // communes meeting the NTM standard
	AdvancedNow, AdvancedPrev int // communes meeting the advanced standard
	Communes                  int // communes of the district measured
	Conditions                []status.ConditionResult
	ConditionsMet             int
	Meets                     bool // the district meets the standard now
	DistrictSet, CommuneSet   string
	AdvancedSet               string
	NotMetCriteria            []string // names of the district criteria not met now
}

// NewlyMet is a criterion (or a whole set) a unit met since the previous
// round.
type NewlyMet struct {
	Unit      *datchuan.Unit
	SetName   string
	Criterion string // "" for the whole set
	Name      string
}

// OverdueRow is an assignment of the plan past its deadline and not done.
type OverdueRow struct {
	Assignment *datchuan.Assignment
	Unit       *datchuan.Unit
	Criterion  string // its name
	Lead       *datchuan.Agency
	DaysLate   int
}

// AgencyNotes is what one reporter wrote: its summary and, per criterion,
// difficulties, causes and proposals.
type AgencyNotes struct {
	Agency  *datchuan.Agency
	Report  *datchuan.Report
	Summary string
	Items   []NoteItem
}

// NoteItem is one criterion of a report, named.
type NoteItem struct {
	datchuan.ReportItem
	Name string
}

// Synthesize builds the synthesis of a round: statuses now (an open
// round) or as the round kept them (a closed one), against the previous
// round's.
func (s *Service) Synthesize(ctx context.Context, c Caller, roundID int64) (*Synthesis, error) {
	v, err := s.Round(ctx, c, roundID)
	if err != nil {
		return nil, err
	}
	if !v.SeesAll {
		return nil, datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ Văn phòng Điều phối và lãnh đạo tỉnh xem báo cáo tổng hợp (only the coordination office and the province's leaders read the synthesis)")
	}
	out := &Synthesis{RoundView: v, At: s.cfg.Now()}
	now, err := s.roundIndex(ctx, c, v)
	if err != nil {
		return nil, err
	}
	var before weekly.Index
	if out.Previous, before, err = s.previous(ctx, c, v.Round, v.Plan); err != nil {
		return nil, err
	}
	if err := s.progress(ctx, c, out, now, before); err != nil {
		return nil, err
	}
	if out.Overdue, err = s.overdue(ctx, c, v.Plan, now); err != nil {
		return nil, err
	}
	if err := s.notes(ctx, out); err != nil {
		return nil, err
	}
	list, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{ProvinceID: v.Province.ID, States: []datchuan.ObstacleState{datchuan.ObstacleEscalated}})
	if err != nil {
		return nil, err
	}
	if out.Escalated, err = s.obstacleRows(ctx, c, list); err != nil {
		return nil, err
	}
	return out, nil
}

// roundIndex is the statuses a closed round kept, or those of now for an
// open one.
func (s *Service) roundIndex(ctx context.Context, c Caller, v *RoundView) (weekly.Index, error) {
	if !v.Round.Open() {
		rows, err := s.cfg.Stores.Snapshots.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: []int64{v.Round.ID}})
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			return weekly.FromSnapshots(rows), nil
		}
	}
	return s.statusIndex(ctx, c, v.Plan, s.cfg.Now())
}

// progress measures each target district and lists what was newly met.
func (s *Service) progress(ctx context.Context, c Caller, out *Synthesis, now, before weekly.Index) error {
	targets, err := s.planTargets(ctx, out.Plan)
	if err != nil {
		return err
	}
	today := s.Today()
	for _, t := range targets {
		u, err := c.Tree.Unit(ctx, t.UnitID)
		if err != nil || u.Level != datchuan.LevelDistrict {
			if err != nil {
				return err
			}
			continue
		}
		ds, err := s.rollup(c, today).District(ctx, u.Code, today)
		if err != nil {
			return err
		}
		dp := DistrictProgress{Unit: u, Year: t.Year, DistrictSet: t.SetID}
		if ds.Result != nil {
			dp.Conditions, dp.Meets = ds.Result.Conditions, ds.Result.Meets
			for _, cr := range ds.Result.Conditions {
				if cr.Status == status.Met {
					dp.ConditionsMet++
				}
			}
		}
		scopes := weekly.DistrictScopes(ds, s.cfg.Sets)
		for _, l := range weekly.Measure(scopes, now, before) {
			s.count(&dp, l)
			for _, nu := range l.NewlyMet {
				out.NewlyMet = append(out.NewlyMet, NewlyMet{Unit: nu, SetName: s.setName(l.SetID), Criterion: l.Criterion, Name: l.Name})
			}
		}
		out.Districts = append(out.Districts, dp)
	}
	return nil
}

// count adds one measured line to a district's figures.
func (s *Service) count(dp *DistrictProgress, l weekly.Line) {
	cs, err := s.cfg.Sets.Set(l.SetID)
	if err != nil {
		return
	}
	switch {
	case cs.Tier == datchuan.TierDistrictNTM && l.Criterion != "":
		dp.CriteriaTotal++
		if l.MetNow > 0 {
			dp.CriteriaNow++
		} else {
			dp.NotMetCriteria = append(dp.NotMetCriteria, l.Criterion+". "+l.Name)
		}
		if l.MetBefore > 0 {
			dp.CriteriaPrev++
		}
	case cs.Tier == datchuan.TierCommuneNTM && l.Criterion == "":
		dp.CommuneSet, dp.Communes = cs.ID, len(l.Units)
		dp.CommunesNow, dp.CommunesPrev = l.MetNow, l.MetBefore
	case cs.Tier == datchuan.TierCommuneAdvanced && l.Criterion == "":
		dp.AdvancedSet = cs.ID
		dp.AdvancedNow, dp.AdvancedPrev = l.MetNow, l.MetBefore
	}
}

// overdue lists the plan's assignments past their deadline: open, and not
// done by their result (the criterion confirmed met).
func (s *Service) overdue(ctx context.Context, c Caller, pl *datchuan.Plan, now weekly.Index) ([]OverdueRow, error) {
	as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: pl.ID})
	if err != nil {
		return nil, err
	}
	today := s.Today()
	agencies := map[int64]*datchuan.Agency{}
	var out []OverdueRow
	for _, a := range as {
		if !a.Overdue(today) || (a.DoneByResult() && now.Met(weekly.Key{UnitID: a.UnitID, SetID: a.SetID, Criterion: a.CriterionCode})) {
			continue
		}
		u, err := c.Tree.Unit(ctx, a.UnitID)
		if err != nil {
			return nil, err
		}
		if agencies[a.LeadID] == nil {
			if agencies[a.LeadID], err = s.cfg.Stores.Agencies.Agency(ctx, a.LeadID); err != nil {
				return nil, err
			}
		}
		late := int(today.Time(datchuan.Vietnam()).Sub(a.Deadline.Time(datchuan.Vietnam())).Hours() / 24)
		out = append(out, OverdueRow{Assignment: a, Unit: u, Criterion: datchuan.CriterionName(s.cfg.Sets, a.SetID, a.CriterionCode),
			Lead: agencies[a.LeadID], DaysLate: late})
	}
	slices.SortStableFunc(out, func(x, y OverdueRow) int {
		return cmp.Or(cmp.Compare(y.DaysLate, x.DaysLate), cmp.Compare(x.Lead.Code, y.Lead.Code))
	})
	return out, nil
}

// notes gathers what each reporter sent (the report as last sent: a
// draft of a next revision is not what the office received) and who sent
// nothing.
func (s *Service) notes(ctx context.Context, out *Synthesis) error {
	for _, row := range out.Rows {
		if row.Timeliness == datchuan.Missing {
			out.Missing = append(out.Missing, row.Agency)
			continue
		}
		rep := row.Report
		summary, items := rep.Summary, rep.Items
		if rep.State == datchuan.ReportDraft {
			full, err := s.cfg.Stores.Rounds.Report(ctx, rep.ID)
			if err != nil {
				return err
			}
			if n := len(full.Revisions); n > 0 {
				summary, items = full.Revisions[n-1].Summary, full.Revisions[n-1].Items
			}
		}
		n := AgencyNotes{Agency: row.Agency, Report: rep, Summary: summary}
		for _, it := range items {
			n.Items = append(n.Items, NoteItem{ReportItem: it, Name: datchuan.CriterionName(s.cfg.Sets, it.SetID, it.CriterionCode)})
		}
		out.Notes = append(out.Notes, n)
	}
	return nil
}
