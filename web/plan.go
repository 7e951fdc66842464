package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The page of one plan: its targets and files, its assignment table (who
// leads which criterion of which commune, by when), read-only with the
// actions each row allows, the bulk assignment form and the Excel import.
// One row is edited on its own page (assignment.go); the Excel download
// and upload of the table are in plan_xlsx.go.

// assignFormView is the bulk assignment form as typed: the use case's
// input, shown back when it is refused.
type assignFormView struct{ service.AssignInput }

// Has reports whether a multi-choice field holds v (for checked boxes).
func (f assignFormView) Has(field, v string) bool {
	switch field {
	case "units":
		return slices.Contains(f.Units, v)
	case "supports":
		return slices.Contains(f.Supports, v)
	case "outputs":
		return slices.Contains(f.Outputs, v)
	}
	return false
}

// planRowView is one row of the assignment table as the page shows it.
type planRowView struct {
	*datchuan.Assignment
	Unit         *datchuan.Unit
	Late         bool
	Met          bool          // done by its result: see work.AssignmentItem
	MetOn        datchuan.Date // the day its last value was confirmed
	CanMarkDone  bool          // the viewer may mark it done or open it again
	Criterion    string        // "17. Môi trường và an toàn thực phẩm"
	LeadName     string        // agency short names
	SupportNames string
	Refused      string // why marking it done or deleting it was refused, or ""
}

type planView struct {
	base
	Plan     *datchuan.Plan
	Targets  []service.TargetChoice
	Files    map[string]*datchuan.Attachment
	Province *datchuan.Unit
	Set      *datchuan.CriteriaSet
	Rows     []planRowView
	CanPlan  bool
	Actions  bool // some row has an action for the viewer: the table has their column
	// Groups are the units the bulk form offers, by district as of the
	// plan's date: those the plan's set measures.
	Groups    []service.DistrictCommunes
	Agencies  []*datchuan.Agency
	Outputs   []datchuan.Output
	Form      assignFormView
	Errors    map[string]string
	Done      string
	Import    []string // problems of a refused Excel import
	FileError string   // why files were not attached
}

// Opened reports whether a district's list is shown open: one of its
// units is chosen.
func (p planView) Opened(g service.DistrictCommunes) bool {
	return slices.ContainsFunc(g.Communes, func(u *datchuan.Unit) bool { return p.Form.Has("units", u.Code) })
}

// planState is what a refused action brings back to the plan page: the
// assignment form as typed, the problems of an import, why a row could
// not be marked done or deleted, a refused attachment.
type planState struct {
	Form      assignFormView
	Errors    map[string]string
	Import    []string
	Refused   map[int64]string // by row
	FileError string
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, http.StatusOK, id, planState{Form: assignFormView{service.AssignInput{Outputs: []string{string(datchuan.OutputEvaluation)}}}})
}

// renderPlan shows plan id with the state of a refused action.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, id int64, st planState) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	plan, prov, err := s.svc.PlanFor(ctx, c, id)
	if err != nil {
		return err
	}
	p := planView{base: s.baseFor(r, plan.Number), Plan: plan, Province: prov, Set: s.svc.PlanSet(ctx, plan),
		CanPlan: c.CanPlan(datchuan.UnitPath{Province: prov.Code}), Outputs: datchuan.Outputs, Form: st.Form,
		Errors: st.Errors, Done: r.URL.Query().Get("ok"), Import: st.Import, FileError: st.FileError}
	ags, err := s.svc.Agencies(ctx, c, prov.Code)
	if err != nil {
		return err
	}
	if p.Rows, err = s.planRows(ctx, c, p.base, plan, ags, st.Refused); err != nil {
		return err
	}
	p.Actions = p.CanPlan || slices.ContainsFunc(p.Rows, func(row planRowView) bool { return row.CanMarkDone })
	if p.CanPlan {
		if p.Groups, err = s.svc.PlanUnits(ctx, c, plan, prov, p.Set); err != nil {
			return err
		}
		p.Agencies = service.SortedAgencies(ags, nil)
	}
	if p.Targets, err = s.svc.PlanTargets(ctx, c, plan); err != nil {
		return err
	}
	if p.Files, err = s.svc.Attachments(ctx, plan.Files); err != nil {
		return err
	}
	s.pages.render(w, status, "plan", p)
	return nil
}

// planRows names the criterion and the agencies of each assignment of the
// plan the viewer reads; refused says why a row's action was refused.
func (s *Server) planRows(ctx context.Context, c service.Caller, b base, plan *datchuan.Plan, ags map[int64]*datchuan.Agency, refused map[int64]string) ([]planRowView, error) {
	items, err := s.svc.PlanAssignments(ctx, c, plan)
	if err != nil {
		return nil, err
	}
	agencies := s.namesFor(ctx)
	agencies.know(ags)
	out := make([]planRowView, 0, len(items))
	for _, it := range items {
		row := planRowView{Assignment: it.Assignment, Unit: it.Unit, Late: it.Late, Met: it.Met, MetOn: it.MetOn,
			CanMarkDone: it.CanMarkDone, Refused: refused[it.ID], Criterion: s.linkLabel(b, it.SetID, it.CriterionCode, "")}
		if row.LeadName, row.SupportNames, err = agencies.assignment(it.Assignment); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// bulkAssign gives one criterion (or indicator) of every chosen commune —
// or every commune of a district — to a lead agency, in one action.
func (s *Server) bulkAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := assignFormView{service.AssignInput{Criterion: formValue(r, "criterion"), District: formValue(r, "district"),
		Units: r.Form["units"], Lead: formValue(r, "lead"), Supports: r.Form["supports"], Deadline: formValue(r, "deadline"),
		Outputs: r.Form["outputs"], Note: formValue(r, "note")}}
	n, err := s.svc.Assign(r.Context(), viewerOf(r).caller, id, f.AssignInput)
	return answer(w, r, err, func() string { return planURL(id, strconv.Itoa(n)) }, func(status int, errs map[string]string) error {
		return s.renderPlan(w, r, status, id, planState{Form: f, Errors: errs})
	})
}
