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
// leads which criterion of which commune, by when), the bulk assignment
// form, and the edit, done and delete forms of each row. The Excel
// download and upload of the table are in plan_xlsx.go.

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

// planRowEdit is a refused change of one row of the table: what was typed
// (nothing for a refused "done" or delete), why it was refused, and what
// the row holds now.
type planRowEdit struct {
	Typed    bool
	Lead     string
	Deadline string
	Outputs  []string
	Note     string
	Message  string
}

// planRowView is one row of the assignment table as the page shows it.
type planRowView struct {
	*datchuan.Assignment
	Unit         *datchuan.Unit
	Late         bool
	Criterion    string // "17. Môi trường và an toàn thực phẩm"
	LeadName     string // agency short names
	SupportNames string
	Edit         *planRowEdit // a refused change of this row, or nil
}

// SelectedLead is the lead the row's form shows: as typed when a change
// was refused, else the stored one.
func (row planRowView) SelectedLead() int64 {
	if row.Edit != nil && row.Edit.Typed {
		if id, err := strconv.ParseInt(row.Edit.Lead, 10, 64); err == nil {
			return id
		}
	}
	return row.LeadID
}

// DeadlineText is the deadline the row's form shows.
func (row planRowView) DeadlineText() string {
	if row.Edit != nil && row.Edit.Typed {
		return row.Edit.Deadline
	}
	return row.Deadline.VN()
}

// Checked reports whether the row's form ticks output o.
func (row planRowView) Checked(o datchuan.Output) bool {
	if row.Edit != nil && row.Edit.Typed {
		return slices.Contains(row.Edit.Outputs, string(o))
	}
	return row.HasOutput(o)
}

// NoteText is the note the row's form carries.
func (row planRowView) NoteText() string {
	if row.Edit != nil && row.Edit.Typed {
		return row.Edit.Note
	}
	return row.Note
}

type planView struct {
	base
	Plan      *datchuan.Plan
	Targets   []service.TargetChoice
	Files     map[string]*datchuan.File
	Province  *datchuan.Unit
	Set       *datchuan.CriteriaSet
	Rows      []planRowView
	CanPlan   bool
	Districts []*datchuan.Unit
	Communes  []*datchuan.Unit
	Agencies  []*datchuan.Agency
	Outputs   []datchuan.Output
	Form      assignFormView
	Errors    map[string]string
	Done      string
	Import    []string // problems of a refused Excel import
	FileError string   // why files were not attached
}

// planState is what a refused action brings back to the plan page: the
// assignment form as typed, the problems of an import, a refused change of
// a row, a refused attachment.
type planState struct {
	Form      assignFormView
	Errors    map[string]string
	Import    []string
	Rows      map[int64]*planRowEdit
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
	if p.Rows, err = s.planRows(ctx, c, p.base, plan, ags, st.Rows); err != nil {
		return err
	}
	if p.CanPlan {
		if p.Districts, p.Communes, err = s.svc.PlanUnits(ctx, c, plan, prov); err != nil {
			return err
		}
		p.Agencies = service.SortedAgencies(ags, nil)
	}
	if p.Targets, err = s.svc.PlanTargets(ctx, c, plan); err != nil {
		return err
	}
	if p.Files, err = s.svc.FileInfos(ctx, plan.Files); err != nil {
		return err
	}
	s.pages.render(w, status, "plan", p)
	return nil
}

// planRows names the criterion and the agencies of each assignment of the
// plan the viewer reads; edits are the refused changes to show, by row.
func (s *Server) planRows(ctx context.Context, c service.Caller, b base, plan *datchuan.Plan, ags map[int64]*datchuan.Agency, edits map[int64]*planRowEdit) ([]planRowView, error) {
	items, err := s.svc.PlanAssignments(ctx, c, plan)
	if err != nil {
		return nil, err
	}
	agencies := s.namesFor(ctx)
	agencies.know(ags)
	out := make([]planRowView, 0, len(items))
	for _, it := range items {
		row := planRowView{Assignment: it.Assignment, Unit: it.Unit, Late: it.Late, Edit: edits[it.ID],
			Criterion: s.linkLabel(b, it.SetID, it.CriterionCode, "")}
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

// updateAssignment changes one row of the table: lead, supports, deadline,
// outputs, note, from the version the row's form carries.
func (s *Server) updateAssignment(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "phân công")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, shown := r.Form["supports_edit"]
	edit := service.AssignmentEdit{Version: formVersion(r), Lead: formValue(r, "lead"), Supports: r.Form["supports"],
		SupportsShown: shown, Deadline: formValue(r, "deadline"), Outputs: r.Form["outputs"], Note: formValue(r, "note")}
	a, err := s.svc.UpdateAssignment(r.Context(), viewerOf(r).caller, id, edit)
	if err != nil {
		typed := &planRowEdit{Typed: true, Lead: edit.Lead, Deadline: edit.Deadline, Outputs: edit.Outputs, Note: edit.Note}
		return s.refusedRow(w, r, id, typed, err)
	}
	http.Redirect(w, r, planURL(a.PlanID, "saved", rowAnchor(a.ID)), http.StatusSeeOther)
	return nil
}

// doneAssignment marks a row finished, or open again ("done" = "0").
func (s *Server) doneAssignment(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "phân công")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.svc.SetAssignmentDone(r.Context(), viewerOf(r).caller, id, formVersion(r), formValue(r, "done") != "0")
	if err != nil {
		return s.refusedRow(w, r, id, &planRowEdit{}, err)
	}
	http.Redirect(w, r, planURL(a.PlanID, "saved", rowAnchor(a.ID)), http.StatusSeeOther)
	return nil
}

// deleteAssignment deletes a row, as of the version its form carries.
func (s *Server) deleteAssignment(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "phân công")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.svc.DeleteAssignment(r.Context(), viewerOf(r).caller, id, formVersion(r))
	if err != nil {
		return s.refusedRow(w, r, id, &planRowEdit{}, err)
	}
	http.Redirect(w, r, planURL(a.PlanID, "deleted"), http.StatusSeeOther)
	return nil
}

// refusedRow answers a refused change of row id: back on the plan page,
// the row showing what was typed and why (422, or 409 when someone changed
// the row first). A row that is gone, or that the viewer may not change,
// is the error itself.
func (s *Server) refusedRow(w http.ResponseWriter, r *http.Request, id int64, edit *planRowEdit, err error) error {
	_, status, ok := refusal(err)
	if !ok {
		return err
	}
	a, _, _, lerr := s.svc.AssignmentFor(r.Context(), viewerOf(r).caller, id)
	if lerr != nil {
		return lerr
	}
	edit.Message = datchuan.ErrorMessage(err) // every problem: one row has one place to say it
	return s.renderPlan(w, r, status, a.PlanID, planState{Rows: map[int64]*planRowEdit{a.ID: edit}})
}

func rowAnchor(id int64) string { return "a-" + strconv.FormatInt(id, 10) }
