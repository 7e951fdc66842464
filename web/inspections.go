package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// Site inspections of a province: the list (planned, done, cancelled, the
// latest first) with the form to plan one; the record of one inspection
// (inspection.go) with its findings, follow-ups and photos; its report as
// a Word document (inspection_docx.go).

func (s *Server) inspectionRoutes() {
	s.private("GET /tinh/{code}/kiem-tra", s.inspectionsPage)
	s.private("POST /tinh/{code}/kiem-tra", s.planInspection)
	s.private("GET /kiem-tra/{id}", s.inspectionPage)
	s.private("POST /kiem-tra/{id}", s.editInspection)
	s.private("POST /kiem-tra/{id}/trang-thai", s.moveInspection)
	s.private("POST /kiem-tra/{id}/ket-qua", s.addFinding)
	s.private("POST /kiem-tra/{id}/ket-qua/{finding}", s.editFinding)
	s.private("POST /kiem-tra/{id}/ket-qua/{finding}/vuong-mac", s.findingToObstacle)
	s.private("POST /kiem-tra/{id}/ket-qua/{finding}/nhiem-vu", s.findingToTask)
	s.private("POST /kiem-tra/{id}/anh", s.addPhotos)
	s.private("GET /kiem-tra/{id}/anh/{file}", s.inspectionPhoto)
	s.private("GET /kiem-tra/{id}/bien-ban.docx", s.inspectionDOCX)
}

// inspectionForm is the plan or edit form as typed. Criteria come in a
// field of their set ("criteria-<set>"): the plan form offers each set's
// criteria beside it.
type inspectionForm struct {
	Version                                     int
	Title, Planned, Done, Agency, Team, Summary string
	SetID                                       string
	Units, Criteria                             []string
}

// HasUnit reports whether the form names the unit code.
func (f inspectionForm) HasUnit(code string) bool { return slices.Contains(f.Units, code) }

// HasCriterion reports whether the form checks criterion code of set.
func (f inspectionForm) HasCriterion(set, code string) bool {
	return f.SetID == set && slices.Contains(f.Criteria, code)
}

// HasAny reports whether the form names the district or one of its
// communes: its fold is shown open.
func (f inspectionForm) HasAny(d service.DistrictCommunes) bool {
	if d.District != nil && f.HasUnit(d.District.Code) {
		return true
	}
	return slices.ContainsFunc(d.Communes, func(u *datchuan.Unit) bool { return f.HasUnit(u.Code) })
}

// readInspectionForm reads the plan or edit form; set is the inspection's
// set (editing), or "" to read the set chosen (planning).
func readInspectionForm(r *http.Request, set string) inspectionForm {
	f := inspectionForm{Version: formVersion(r), Title: formValue(r, "title"), Planned: formValue(r, "planned"), Done: formValue(r, "done"),
		Agency: formValue(r, "agency"), Team: r.FormValue("team"), Summary: r.FormValue("summary"), SetID: set, Units: r.Form["units"]}
	if f.SetID == "" {
		f.SetID = formValue(r, "set")
	}
	f.Criteria = r.Form["criteria-"+f.SetID]
	return f
}

// input is the form as the service takes it.
func (f inspectionForm) input() service.InspectionInput {
	return service.InspectionInput{Version: f.Version, Title: f.Title, Planned: f.Planned, Done: f.Done, Agency: f.Agency, Team: f.Team,
		Summary: f.Summary, SetID: f.SetID, Units: f.Units, Criteria: f.Criteria}
}

type inspectionsView struct {
	base
	Province                 *datchuan.Unit
	Planned, Done, Cancelled []service.InspectionRow
	CanPlan                  bool
	Choices                  *service.InspectionChoices
	Form                     inspectionForm
	Errors                   map[string]string
	OK                       string
}

// StateLabel names a state in the page's language.
func (v inspectionsView) StateLabel(st datchuan.InspectionState) string {
	return v.T(st.LabelVi(), st.LabelEn())
}

// rowsView is a table of inspections, for the template "inspection-rows".
type rowsView struct {
	V    translator
	Rows []service.InspectionRow
	ID   string
}

// List is the table of rows, named id.
func (v inspectionsView) List(rows []service.InspectionRow, id string) rowsView {
	return rowsView{V: v, Rows: rows, ID: id}
}

// unitsView is the choice of units visited, for the template
// "inspection-units".
type unitsView struct {
	V      translator
	Errors map[string]string
	Form   inspectionForm
	Groups []service.DistrictCommunes
}

// UnitChoices are the units the plan form offers.
func (v inspectionsView) UnitChoices() unitsView {
	return unitsView{V: v, Errors: v.Errors, Form: v.Form, Groups: v.Choices.Units}
}

func (s *Server) inspectionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInspections(w, r, http.StatusOK, inspectionForm{}, nil)
}

func (s *Server) renderInspections(w http.ResponseWriter, r *http.Request, status int, f inspectionForm, errs map[string]string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	prov, rows, err := s.svc.InspectionList(ctx, c, r.PathValue("code"))
	if err != nil {
		return err
	}
	v := inspectionsView{base: s.pageBase(r, "Kiểm tra thực tế", "Site inspections"), Province: prov,
		CanPlan: c.InspectsIn(prov.Code), Form: f, Errors: errs, OK: r.URL.Query().Get("ok")}
	for _, row := range rows {
		switch row.State {
		case datchuan.InspectionPlanned:
			v.Planned = append(v.Planned, row)
		case datchuan.InspectionDone:
			v.Done = append(v.Done, row)
		default:
			v.Cancelled = append(v.Cancelled, row)
		}
	}
	if v.CanPlan {
		if v.Choices, err = s.svc.InspectionChoicesFor(ctx, c, prov); err != nil {
			return err
		}
		if v.Form.SetID == "" && len(v.Choices.Sets) > 0 {
			v.Form.SetID = v.Choices.Sets[0].ID
		}
		if v.Form.Agency == "" && len(v.Choices.Agencies) == 1 {
			v.Form.Agency = strconv.FormatInt(v.Choices.Agencies[0].ID, 10)
		}
	}
	s.pages.render(w, status, "inspections", v)
	return nil
}

func (s *Server) planInspection(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := readInspectionForm(r, "")
	x, err := s.svc.PlanInspection(r.Context(), viewerOf(r).caller, r.PathValue("code"), f.input())
	return answer(w, r, err, func() string { return inspectionURL(x.ID) + "?ok=planned" }, func(status int, errs map[string]string) error {
		return s.renderInspections(w, r, status, f, errs)
	})
}

// inspectionURL is the page of an inspection.
func inspectionURL(id int64) string { return "/kiem-tra/" + strconv.FormatInt(id, 10) }
