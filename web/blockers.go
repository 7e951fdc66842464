package web

import (
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/service"
)

// blockersView is what still blocks a target, grouped by unit: the
// target's own unit first, then the others in Vietnamese order.
type blockersView struct {
	base
	Province string // its code, for the register's links
	B        *rollup.TargetBlockers
	Q        string
	Groups   []blockerGroup
}

type blockerGroup struct {
	Unit *datchuan.Unit
	Rows []blockerLine
}

// blockerLine is a blocker with its value written for people, and what
// the weekly reports said last of its criterion.
type blockerLine struct {
	rollup.Blocker
	ValueVi, ValueEn string
	Cause            *service.Cause
	Obstacles        []service.ObstacleRow // open, of this unit and criterion
}

func (s *Server) blockersPage(w http.ResponseWriter, r *http.Request) error {
	page, err := s.blockersOf(r)
	if err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "blockers", page)
	return nil
}

// blockersOf is what is left of the target of the path, grouped by unit,
// each item with the causes the rounds reported.
func (s *Server) blockersOf(r *http.Request) (blockersView, error) {
	b, asked, err := s.targetBlockers(r)
	if err != nil {
		return blockersView{}, err
	}
	causes, err := s.svc.ReportedCauses(r.Context(), viewerOf(r).caller, b.Target)
	if err != nil {
		return blockersView{}, err
	}
	page := blockersView{base: s.pageBase(r, "Việc còn lại: "+b.Unit.Name, "Remaining work: "+b.Unit.Name), B: b, Q: onQuery(asked)}
	_, path, err := viewerOf(r).caller.Tree.Place(r.Context(), b.Unit.ID)
	if err != nil {
		return blockersView{}, err
	}
	page.Province = path.Province
	var unitIDs []int64
	for _, row := range b.Blockers {
		unitIDs = append(unitIDs, row.Unit.ID)
	}
	open, err := s.svc.OpenObstaclesOf(r.Context(), viewerOf(r).caller, unitIDs)
	if err != nil {
		return blockersView{}, err
	}
	type place struct {
		unit      int64
		set, crit string
	}
	obstacles := map[place][]service.ObstacleRow{}
	for _, o := range open {
		k := place{o.UnitID, o.SetID, o.CriterionCode}
		obstacles[k] = append(obstacles[k], o)
	}
	for _, row := range b.Blockers {
		line := blockerLine{Blocker: row}
		if row.Value != nil {
			line.ValueVi, line.ValueEn = measureText(s.indicatorOf(row.SetID, b.SetID, row.IndicatorCode), row.Value.Measure)
		}
		if c, ok := causes[service.CauseKey{SetID: row.SetID, Criterion: row.CriterionCode}]; ok {
			line.Cause = &c
		}
		line.Obstacles = obstacles[place{row.Unit.ID, row.SetID, row.CriterionCode}]
		if n := len(page.Groups); n > 0 && page.Groups[n-1].Unit.ID == row.Unit.ID {
			page.Groups[n-1].Rows = append(page.Groups[n-1].Rows, line)
			continue
		}
		page.Groups = append(page.Groups, blockerGroup{Unit: row.Unit, Rows: []blockerLine{line}})
	}
	return page, nil
}

func (s *Server) apiBlockers(w http.ResponseWriter, r *http.Request) error {
	b, _, err := s.targetBlockers(r)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "blockers": b})
}

// targetBlockers loads the target of /…/{id}, checks that the viewer reads
// its unit, and lists its blockers with their owners, on ?on= or else on
// the day the target's own unit version is looked at.
func (s *Server) targetBlockers(r *http.Request) (*rollup.TargetBlockers, datchuan.Date, error) {
	ctx := r.Context()
	asked, err := dateParam(r)
	if err != nil {
		return nil, asked, err
	}
	id, err := idParam(r, "id", "mục tiêu")
	if err != nil {
		return nil, asked, err
	}
	t, err := s.stores.Targets.Target(ctx, id)
	if err != nil {
		return nil, asked, err
	}
	c := viewerOf(r).caller
	u, p, err := c.Tree.Place(ctx, t.UnitID)
	if err != nil {
		return nil, asked, err
	}
	if err := c.CheckRead(p); err != nil {
		return nil, asked, err
	}
	b, err := s.rollupOf(r).Blockers(ctx, t, u, asked) // a zero date: the day u's page shows
	return b, asked, err
}

// indicatorOf is the definition of an indicator of a set (else of the
// fallback set), nil when neither has it: values then show as written.
func (s *Server) indicatorOf(setID, fallback, code string) *datchuan.Indicator {
	for _, id := range []string{setID, fallback} {
		if set, err := s.svc.Sets().Set(id); err == nil {
			if ind, _ := set.Indicator(code); ind != nil {
				return ind
			}
		}
	}
	return nil
}
