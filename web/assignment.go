package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// One row of a plan's assignment table: its edit page (lead, supports,
// deadline, outputs, note, from the version the page showed), and the
// "done" and delete forms of the plan page.

// rowFormView is the edit form of one row as typed, with the version it
// started from.
type rowFormView struct {
	Version  int
	Lead     string
	Supports []string
	Deadline string
	Outputs  []string
	Note     string
}

// rowForm is the edit form of a row as stored.
func rowForm(a *datchuan.Assignment) rowFormView {
	f := rowFormView{Version: a.Version, Lead: strconv.FormatInt(a.LeadID, 10), Deadline: a.Deadline.VN(), Note: a.Note}
	for _, id := range a.SupportIDs {
		f.Supports = append(f.Supports, strconv.FormatInt(id, 10))
	}
	for _, o := range a.Outputs {
		f.Outputs = append(f.Outputs, string(o))
	}
	return f
}

// Has reports whether a multi-choice field holds v (for checked boxes).
func (f rowFormView) Has(field, v string) bool {
	switch field {
	case "supports":
		return slices.Contains(f.Supports, v)
	case "outputs":
		return slices.Contains(f.Outputs, v)
	}
	return false
}

// assignmentView is the edit page of one row: the row as stored, and the
// form.
type assignmentView struct {
	base
	Plan     *datchuan.Plan
	Province *datchuan.Unit
	Row      planRowView // as stored now
	Agencies []*datchuan.Agency
	Outputs  []datchuan.Output
	Form     rowFormView
	Errors   map[string]string
	// Conflict: someone saved the row after this form was opened; the
	// form keeps what was typed over the version stored now, so saving
	// again is a choice made with the other change in view.
	Conflict bool
}

// assignmentPage shows the edit form of one row, to who may edit the plan.
func (s *Server) assignmentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "phân công")
	if err != nil {
		return err
	}
	return s.renderAssignment(w, r, http.StatusOK, id, nil, nil)
}

// renderAssignment shows row id's edit page: with the form as stored, or
// as typed (typed) with the problems of its refusal.
func (s *Server) renderAssignment(w http.ResponseWriter, r *http.Request, status int, id int64, typed *rowFormView, errs map[string]string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	a, u, path, err := s.svc.AssignmentFor(ctx, c, id)
	if err != nil {
		return err
	}
	plan, prov, err := s.svc.PlanFor(ctx, c, a.PlanID)
	if err != nil {
		return err
	}
	ags, err := s.svc.Agencies(ctx, c, path.Province)
	if err != nil {
		return err
	}
	b := s.baseFor(r, plan.Number+" · "+u.Name)
	p := assignmentView{base: b, Plan: plan, Province: prov, Agencies: service.SortedAgencies(ags, nil), Outputs: datchuan.Outputs,
		Form: rowForm(a), Errors: errs, Conflict: status == http.StatusConflict,
		Row: planRowView{Assignment: a, Unit: u, Criterion: s.linkLabel(b, a.SetID, a.CriterionCode, "")}}
	names := s.namesFor(ctx)
	names.know(ags)
	if p.Row.LeadName, p.Row.SupportNames, err = names.assignment(a); err != nil {
		return err
	}
	if typed != nil {
		p.Form = *typed
		if p.Conflict {
			p.Form.Version = a.Version
		}
	}
	s.pages.render(w, status, "assignment", p)
	return nil
}

// updateAssignment saves the edit page of one row, from the version the
// form carries: back to the plan at the row once saved; a refusal (422, or
// 409 when someone saved the row first) comes back on the edit page with
// what was typed.
func (s *Server) updateAssignment(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "phân công")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := rowFormView{Version: formVersion(r), Lead: formValue(r, "lead"), Supports: r.Form["supports"],
		Deadline: formValue(r, "deadline"), Outputs: r.Form["outputs"], Note: formValue(r, "note")}
	_, shown := r.Form["supports_edit"]
	a, err := s.svc.UpdateAssignment(r.Context(), viewerOf(r).caller, id, service.AssignmentEdit{Version: f.Version,
		Lead: f.Lead, Supports: f.Supports, SupportsShown: shown, Deadline: f.Deadline, Outputs: f.Outputs, Note: f.Note})
	return answer(w, r, err, func() string { return planURL(a.PlanID, "saved", rowAnchor(a.ID)) }, func(status int, errs map[string]string) error {
		return s.renderAssignment(w, r, status, id, &f, errs)
	})
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
		return s.refusedRow(w, r, id, err)
	}
	if formValue(r, "from") == "viec-cua-toi" { // the button of "my work" comes back there
		http.Redirect(w, r, "/viec-cua-toi#"+rowAnchor(a.ID), http.StatusSeeOther)
		return nil
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
		return s.refusedRow(w, r, id, err)
	}
	http.Redirect(w, r, planURL(a.PlanID, "deleted"), http.StatusSeeOther)
	return nil
}

// refusedRow answers a refused "done" or delete of row id: back on the
// plan page, the row saying why (409 when someone changed the row first).
// A row that is gone, or that the viewer may not change, is the error
// itself.
func (s *Server) refusedRow(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	_, status, ok := refusal(viewerOf(r).lang, err)
	if !ok {
		return err
	}
	a, _, _, lerr := s.svc.AssignmentAt(r.Context(), viewerOf(r).caller, id)
	if lerr != nil {
		return lerr
	}
	why := datchuan.ErrorText(err).In(viewerOf(r).lang) // every problem: one row has one place to say it
	return s.renderPlan(w, r, status, a.PlanID, planState{Refused: map[int64]string{a.ID: why}})
}

func rowAnchor(id int64) string { return "a-" + strconv.FormatInt(id, 10) }
