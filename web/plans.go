package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/work"
)

func (s *Server) planRoutes() {
	s.private("GET /tinh/{code}/ke-hoach", s.plansPage)
	s.private("POST /tinh/{code}/ke-hoach", s.createPlan)
	s.private("GET /ke-hoach/{id}", s.planPage)
	s.private("POST /ke-hoach/{id}/phan-cong", s.bulkAssign)
	s.private("GET /ke-hoach/{id}/phan-cong.xlsx", s.exportAssignments)
	s.private("POST /ke-hoach/{id}/phan-cong.xlsx", s.importAssignments)
	s.private("POST /ke-hoach/{id}/tep", s.addPlanFile)
	s.private("GET /ke-hoach/{id}/tep/{hash}", s.planFile)
	s.private("POST /phan-cong/{id}", s.updateAssignment)
	s.private("POST /phan-cong/{id}/xoa", s.deleteAssignment)
	s.private("POST /phan-cong/{id}/xong", s.doneAssignment)
}

// provinceOf resolves a province code and checks the viewer works in it.
func (s *Server) provinceOf(r *http.Request, code string) (*datchuan.Unit, datchuan.UnitPath, error) {
	u, _, err := s.unitByCode(r.Context(), code, datchuan.Date{})
	if err != nil {
		return nil, datchuan.UnitPath{}, err
	}
	if u.Level != datchuan.LevelProvince {
		return nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "Không có tỉnh mã %s (no such province)", code)
	}
	p := datchuan.UnitPath{Province: u.Code}
	if !viewerOf(r).access.InProvince(u.Code) {
		return nil, p, errNoAccess
	}
	return u, p, nil
}

type planForm struct {
	Number, Date, Issuer, Signer, Title string
	Targets                             []string // target IDs chosen
	Kept                                []string // files received with a refused form
	Files                               map[string]*datchuan.File
}

// Has reports whether target id is chosen.
func (f planForm) Has(id int64) bool { return slices.Contains(f.Targets, strconv.FormatInt(id, 10)) }

// targetChoice is a district's target offered to a plan.
type targetChoice struct {
	*datchuan.Target
	Unit *datchuan.Unit
	Set  string
}

type plansPage struct {
	base
	Province *datchuan.Unit
	Plans    []*datchuan.Plan
	CanPlan  bool
	Targets  []targetChoice
	Form     planForm
	Errors   map[string]string
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlans(w, r, http.StatusOK, planForm{}, nil)
}

func (s *Server) renderPlans(w http.ResponseWriter, r *http.Request, status int, f planForm, errs map[string]string) error {
	prov, path, err := s.provinceOf(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	plans, err := s.deps.Plans.Plans(r.Context(), prov.ID)
	if err != nil {
		return err
	}
	p := plansPage{base: s.base(r, "Kế hoạch"), Province: prov, Plans: plans,
		CanPlan: viewerOf(r).access.CanPlan(path), Form: f, Errors: errs}
	if p.CanPlan {
		if p.Targets, err = s.districtTargets(r.Context(), prov); err != nil {
			return err
		}
	}
	s.pages.render(w, status, "plans", p)
	return nil
}

// districtTargets lists the targets of the province's districts (those a
// plan serves), as of today.
func (s *Server) districtTargets(ctx context.Context, prov *datchuan.Unit) ([]targetChoice, error) {
	_, on, err := s.unitByCode(ctx, prov.Code, datchuan.Date{})
	if err != nil {
		return nil, err
	}
	ds, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: prov.Code, Level: datchuan.LevelDistrict, On: on})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*datchuan.Unit{}
	var ids []int64
	for _, d := range ds {
		byID[d.ID] = d
		ids = append(ids, d.ID)
	}
	ts, err := s.deps.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: ids})
	if err != nil {
		return nil, err
	}
	var out []targetChoice
	for _, t := range ts {
		name := t.SetID
		if set, err := s.deps.Sets.Set(t.SetID); err == nil {
			name = set.NameVi
		}
		out = append(out, targetChoice{Target: t, Unit: byID[t.UnitID], Set: name})
	}
	return out, nil
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	prov, path, err := s.provinceOf(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	if !viewerOf(r).access.CanPlan(path) {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ Văn phòng Điều phối lập kế hoạch (only the coordination office writes plans)")
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return datchuan.Errorf(datchuan.EINVALID, "Biểu mẫu không đọc được (unreadable form)")
	}
	f := planForm{Number: field(r, "number"), Date: field(r, "date"), Issuer: field(r, "issuer"),
		Signer: field(r, "signer"), Title: field(r, "title"), Targets: r.Form["targets"]}
	errs := map[string]string{}
	plan := &datchuan.Plan{ProvinceID: prov.ID, Number: f.Number, Issuer: f.Issuer, Signer: f.Signer,
		Title: f.Title, CreatedBy: viewerOf(r).user.ID}
	choices, err := s.districtTargets(r.Context(), prov)
	if err != nil {
		return err
	}
	for _, c := range choices {
		if f.Has(c.ID) {
			plan.TargetIDs = append(plan.TargetIDs, c.ID)
		}
	}
	if f.Number == "" {
		errs["number"] = "Cần số, ký hiệu, ví dụ 45/KH-BCĐ (number required)"
	}
	if f.Title == "" {
		errs["title"] = "Cần trích yếu (title required)"
	}
	if plan.Date, err = datchuan.ParseDate(f.Date); err != nil {
		errs["date"] = "Ngày cần dạng dd/mm/yyyy (date must be dd/mm/yyyy)"
	}
	// Files are kept across a refusal, so they need not be chosen again.
	files, infos, problem, err := s.formFiles(r, "files", maxEvidenceFiles)
	if err != nil {
		return err
	}
	f.Kept, f.Files, plan.Files = files, infos, files
	if problem != "" {
		errs["files"] = problem
	}
	if len(errs) > 0 {
		return s.renderPlans(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	if err := s.deps.Plans.CreatePlan(r.Context(), plan); err != nil {
		return err
	}
	http.Redirect(w, r, "/ke-hoach/"+strconv.FormatInt(plan.ID, 10), http.StatusSeeOther)
	return nil
}

func field(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// addPlanFile attaches files (the signed plan, its appendices) to a plan.
func (s *Server) addPlanFile(w http.ResponseWriter, r *http.Request) error {
	plan, _, path, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	if !viewerOf(r).access.CanPlan(path) {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ Văn phòng Điều phối sửa kế hoạch (only the coordination office edits plans)")
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Chọn tệp để đính kèm (choose a file)")
	}
	files, problem := s.uploadFiles(r, "files", maxEvidenceFiles)
	if problem != "" {
		return datchuan.Errorf(datchuan.EINVALID, "%s", problem)
	}
	plan.Files = append(plan.Files, files...)
	if err := s.deps.Plans.UpdatePlan(r.Context(), plan); err != nil {
		return err
	}
	http.Redirect(w, r, "/ke-hoach/"+strconv.FormatInt(plan.ID, 10)+"?ok=saved", http.StatusSeeOther)
	return nil
}

// planFile serves a file of a plan to the people of its province.
func (s *Server) planFile(w http.ResponseWriter, r *http.Request) error {
	plan, _, _, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	hash := r.PathValue("hash")
	if !slices.Contains(plan.Files, hash) {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Kế hoạch không có tệp này (no such file in the plan)")
	}
	f, err := s.deps.Files.File(r.Context(), hash)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}

// assignForm is the bulk assignment form as typed.
type assignForm struct {
	Criterion string // "17" or "17.2" (an indicator)
	District  string // a district code: every commune of it
	Units     []string
	Lead      string
	Supports  []string
	Deadline  string
	Outputs   []string
	Note      string
}

// Has reports whether a multi-choice field holds v (for checked boxes).
func (f assignForm) Has(field, v string) bool {
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

type planPage struct {
	base
	Plan      *datchuan.Plan
	Targets   []targetChoice
	Files     map[string]*datchuan.File
	Province  *datchuan.Unit
	Set       *datchuan.CriteriaSet
	Rows      []assignmentRow
	CanPlan   bool
	Districts []*datchuan.Unit
	Communes  []*datchuan.Unit
	Agencies  []*datchuan.Agency
	Outputs   []datchuan.Output
	Form      assignForm
	Errors    map[string]string
	Done      string
	Import    []string // problems of a refused XLSX import
	RowErrors map[int64]rowError
}

// planSet is the commune set the plan's assignments use: the set of a
// commune target of the plan, else the commune NTM set in force in the
// plan's year (a province's own derived set first).
func (s *Server) planSet(ctx context.Context, plan *datchuan.Plan) *datchuan.CriteriaSet {
	for _, id := range plan.TargetIDs {
		t, err := s.deps.Targets.Target(ctx, id)
		if err != nil {
			s.deps.Log.Error("target of a plan", "plan", plan.ID, "target", id, "err", err)
			continue
		}
		if set, err := s.deps.Sets.Set(t.SetID); err == nil && set.Tier == datchuan.TierCommuneNTM {
			return set
		}
	}
	return s.communeSet(nil, plan.Date.Year)
}

func (s *Server) loadPlan(r *http.Request) (*datchuan.Plan, *datchuan.Unit, datchuan.UnitPath, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "Không có kế hoạch này (no such plan)")
	}
	plan, err := s.deps.Plans.Plan(r.Context(), id)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	prov, err := s.deps.Units.Unit(r.Context(), plan.ProvinceID)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	if !viewerOf(r).access.InProvince(prov.Code) {
		return nil, nil, datchuan.UnitPath{}, errNoAccess
	}
	return plan, prov, datchuan.UnitPath{Province: prov.Code}, nil
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, http.StatusOK, planState{Form: assignForm{Outputs: []string{string(datchuan.OutputEvaluation)}}})
}

// planState is what a refused action brings back to the plan page: the
// assignment form as typed, problems of an import, a row edit refused.
type planState struct {
	Form      assignForm
	Errors    map[string]string
	Import    []string
	RowErrors map[int64]rowError
}

// rowError is a refused edit of one row of the table, as typed.
type rowError struct {
	Deadline string
	Message  string
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, st planState) error {
	ctx := r.Context()
	plan, prov, path, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	p := planPage{base: s.base(r, plan.Number), Plan: plan, Province: prov, Set: s.planSet(ctx, plan),
		CanPlan: v.access.CanPlan(path), Outputs: datchuan.Outputs, Form: st.Form, Errors: st.Errors,
		Done: r.URL.Query().Get("ok"), Import: st.Import, RowErrors: st.RowErrors}
	as, err := s.deps.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: plan.ID})
	if err != nil {
		return err
	}
	items, err := s.readableAssignments(r, as)
	if err != nil {
		return err
	}
	if p.Rows, err = s.assignmentRows(ctx, items); err != nil {
		return err
	}
	if p.CanPlan {
		if err := s.fillChoices(ctx, &p, prov); err != nil {
			return err
		}
	}
	for _, id := range plan.TargetIDs {
		t, err := s.deps.Targets.Target(ctx, id)
		if err != nil {
			return err
		}
		u, err := s.deps.Units.Unit(ctx, t.UnitID)
		if err != nil {
			return err
		}
		name := t.SetID
		if set, err := s.deps.Sets.Set(t.SetID); err == nil {
			name = set.NameVi
		}
		p.Targets = append(p.Targets, targetChoice{Target: t, Unit: u, Set: name})
	}
	if p.Files, err = s.deps.Files.FileInfos(ctx, plan.Files); err != nil {
		return err
	}
	s.pages.render(w, status, "plan", p)
	return nil
}

// readableAssignments keeps the assignments of units the viewer reads.
func (s *Server) readableAssignments(r *http.Request, as []*datchuan.Assignment) ([]work.AssignmentItem, error) {
	today := s.today()
	var out []work.AssignmentItem
	for _, a := range as {
		u, err := s.deps.Units.Unit(r.Context(), a.UnitID)
		if err != nil {
			return nil, err
		}
		if s.requireRead(r, u) != nil {
			continue
		}
		out = append(out, work.AssignmentItem{Assignment: a, Unit: u, Late: a.Overdue(today)})
	}
	return out, nil
}

// fillChoices lists what the assignment form offers: the province's
// districts and communes as of the plan's date, and its agencies.
func (s *Server) fillChoices(ctx context.Context, p *planPage, prov *datchuan.Unit) error {
	on := p.Plan.Date
	kids, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: prov.Code, On: on})
	if err != nil {
		return err
	}
	for _, k := range kids {
		if k.Level != datchuan.LevelDistrict {
			p.Communes = append(p.Communes, k)
			continue
		}
		p.Districts = append(p.Districts, k)
		cs, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: k.Code, On: on})
		if err != nil {
			return err
		}
		p.Communes = append(p.Communes, cs...)
	}
	ags, err := s.agenciesOfProvince(ctx, prov.Code)
	if err != nil {
		return err
	}
	p.Agencies = sortedAgencies(ags, nil)
	return nil
}

// bulkAssign gives one criterion (or indicator) of every chosen commune —
// or every commune of a district — to a lead agency, in one action.
func (s *Server) bulkAssign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	plan, prov, path, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	if !viewerOf(r).access.CanPlan(path) {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ Văn phòng Điều phối phân công (only the coordination office assigns)")
	}
	if err := r.ParseForm(); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Biểu mẫu không đọc được (unreadable form)")
	}
	f := assignForm{Criterion: field(r, "criterion"), District: field(r, "district"), Units: r.PostForm["units"],
		Lead: field(r, "lead"), Supports: r.PostForm["supports"], Deadline: field(r, "deadline"),
		Outputs: r.PostForm["outputs"], Note: field(r, "note")}
	as, errs := s.parseAssign(ctx, plan, prov, f)
	if len(errs) > 0 {
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, planState{Form: f, Errors: errs})
	}
	if err := s.deps.Plans.Assign(ctx, as); err != nil {
		if datchuan.ErrorCode(err) == datchuan.EINVALID {
			return s.renderPlan(w, r, http.StatusUnprocessableEntity, planState{Form: f, Errors: map[string]string{"criterion": datchuan.ErrorMessage(err)}})
		}
		return err
	}
	s.deps.Log.Info("assigned", "by", viewerOf(r).user.Login, "plan", plan.Number, "criterion", f.Criterion, "units", len(as))
	http.Redirect(w, r, "/ke-hoach/"+r.PathValue("id")+"?ok="+strconv.Itoa(len(as)), http.StatusSeeOther)
	return nil
}

// parseAssign turns the form into one assignment per commune, or says what
// is wrong, field by field.
func (s *Server) parseAssign(ctx context.Context, plan *datchuan.Plan, prov *datchuan.Unit, f assignForm) ([]*datchuan.Assignment, map[string]string) {
	errs := map[string]string{}
	set := s.planSet(ctx, plan)
	tmpl := datchuan.Assignment{PlanID: plan.ID, Note: f.Note}
	switch {
	case set == nil:
		errs["criterion"] = "Chưa có bộ tiêu chí xã cho kế hoạch (no commune criteria set)"
	case set.Criterion(f.Criterion) != nil:
		tmpl.SetID, tmpl.CriterionCode = set.ID, f.Criterion
	default:
		if ind, c := set.Indicator(f.Criterion); ind != nil {
			tmpl.SetID, tmpl.CriterionCode, tmpl.IndicatorCode = set.ID, c.Code, ind.Code
		} else {
			errs["criterion"] = "Chọn một tiêu chí hoặc chỉ tiêu của bộ tiêu chí (choose a criterion or indicator)"
		}
	}
	var err error
	if tmpl.LeadID, err = strconv.ParseInt(f.Lead, 10, 64); err != nil || tmpl.LeadID == 0 {
		errs["lead"] = "Chọn cơ quan chủ trì (choose the lead agency)"
	}
	for _, sup := range f.Supports {
		id, err := strconv.ParseInt(sup, 10, 64)
		if err != nil {
			continue
		}
		if id == tmpl.LeadID {
			errs["supports"] = "Cơ quan chủ trì không đồng thời là cơ quan phối hợp (the lead cannot also support)"
		}
		tmpl.SupportIDs = append(tmpl.SupportIDs, id)
	}
	if tmpl.Deadline, err = datchuan.ParseDate(f.Deadline); err != nil {
		errs["deadline"] = "Hạn cần dạng dd/mm/yyyy (deadline must be dd/mm/yyyy)"
	}
	for _, o := range f.Outputs {
		if datchuan.Output(o).Valid() {
			tmpl.Outputs = append(tmpl.Outputs, datchuan.Output(o))
		}
	}
	units, uerr := s.assignUnits(ctx, plan, prov, f)
	if uerr != "" {
		errs["units"] = uerr
	}
	if tmpl.LeadID != 0 && !s.inProvince(ctx, prov, append([]int64{tmpl.LeadID}, tmpl.SupportIDs...)) {
		errs["lead"] = "Cơ quan chủ trì và phối hợp phải thuộc tỉnh của kế hoạch (agencies must belong to the plan's province)"
	}
	if len(errs) > 0 {
		return nil, errs
	}
	out := make([]*datchuan.Assignment, 0, len(units))
	for _, u := range units {
		a := tmpl
		a.UnitID = u.ID
		out = append(out, &a)
	}
	return out, nil
}

// assignUnits is every commune of the chosen district plus the communes
// chosen one by one.
func (s *Server) assignUnits(ctx context.Context, plan *datchuan.Plan, prov *datchuan.Unit, f assignForm) ([]*datchuan.Unit, string) {
	seen := map[int64]bool{}
	var out []*datchuan.Unit
	add := func(us []*datchuan.Unit) {
		for _, u := range us {
			if !seen[u.ID] && u.Level == datchuan.LevelCommune {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	if f.District != "" {
		ds, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelDistrict, Code: f.District, On: plan.Date})
		if err != nil || len(ds) == 0 || ds[0].ParentCode != prov.Code {
			return nil, "Không có huyện mã " + f.District + " trong tỉnh (no such district)"
		}
		cs, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: f.District, On: plan.Date})
		if err != nil {
			s.deps.Log.Error("communes of a district", "district", f.District, "err", err)
			return nil, "Không đọc được danh sách xã (could not read the communes)"
		}
		add(cs)
	}
	if len(f.Units) > 0 {
		cs, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelCommune, Codes: f.Units, On: plan.Date})
		if err != nil {
			s.deps.Log.Error("communes of an assignment", "err", err)
			return nil, "Không đọc được danh sách xã (could not read the communes)"
		}
		for _, c := range cs {
			// Chosen one by one, a commune must still be of this province.
			if p, err := datchuan.PathOf(ctx, s.deps.Units, c); err != nil || p.Province != prov.Code {
				return nil, "Xã " + c.Name + " không thuộc " + prov.Name + " (commune outside the province)"
			}
		}
		add(cs)
	}
	if len(out) == 0 {
		return nil, "Chọn một huyện (mọi xã) hoặc từng xã (choose a district or communes)"
	}
	return out, ""
}

// inProvince reports whether every agency belongs to the province (any
// version of its code: agencies outlive a reorganisation).
func (s *Server) inProvince(ctx context.Context, prov *datchuan.Unit, ids []int64) bool {
	ags, err := s.agenciesOfProvince(ctx, prov.Code)
	if err != nil {
		s.deps.Log.Error("agencies of a province", "province", prov.Code, "err", err)
		return false
	}
	for _, id := range ids {
		if ags[id] == nil {
			return false
		}
	}
	return true
}

// assignmentByID loads an assignment the viewer may change.
func (s *Server) assignmentByID(r *http.Request) (*datchuan.Assignment, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có phân công này (no such assignment)")
	}
	as, err := s.deps.Plans.Assignments(r.Context(), datchuan.AssignmentFilter{IDs: []int64{id}})
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có phân công này (no such assignment)")
	}
	u, err := s.deps.Units.Unit(r.Context(), as[0].UnitID)
	if err != nil {
		return nil, err
	}
	p, err := s.pathOf(r.Context(), viewerOf(r), u)
	if err != nil {
		return nil, err
	}
	if !viewerOf(r).access.CanPlan(p) {
		return nil, datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ Văn phòng Điều phối sửa phân công (only the coordination office edits assignments)")
	}
	return as[0], nil
}

func (s *Server) backToPlan(w http.ResponseWriter, r *http.Request, a *datchuan.Assignment, ok string) {
	http.Redirect(w, r, "/ke-hoach/"+strconv.FormatInt(a.PlanID, 10)+"?ok="+ok+"#a-"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

// updateAssignment changes one row of the table: lead, supports, deadline,
// outputs, note.
func (s *Server) updateAssignment(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assignmentByID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Biểu mẫu không đọc được (unreadable form)")
	}
	refuse := func(msg string) error {
		// Back to the table, the row showing what was typed and why not.
		r.SetPathValue("id", strconv.FormatInt(a.PlanID, 10))
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, planState{
			RowErrors: map[int64]rowError{a.ID: {Deadline: field(r, "deadline"), Message: msg}}})
	}
	if lead, err := strconv.ParseInt(field(r, "lead"), 10, 64); err == nil && lead != 0 {
		a.LeadID = lead
	}
	u, err := s.deps.Units.Unit(r.Context(), a.UnitID)
	if err != nil {
		return err
	}
	p, err := s.pathOf(r.Context(), viewerOf(r), u)
	if err != nil {
		return err
	}
	provs, err := s.deps.Units.FindUnits(r.Context(), datchuan.UnitFilter{Level: datchuan.LevelProvince, Code: p.Province})
	if err != nil || len(provs) == 0 {
		return datchuan.Errorf(datchuan.EINTERNAL, "province %s of unit %s: %v", p.Province, u.Code, err)
	}
	if _, edit := r.PostForm["supports_edit"]; edit {
		// The row's form lists the supports; without it they stay as they are.
		a.SupportIDs = nil
		for _, sup := range r.PostForm["supports"] {
			if id, err := strconv.ParseInt(sup, 10, 64); err == nil && id != a.LeadID {
				a.SupportIDs = append(a.SupportIDs, id)
			}
		}
	}
	a.SupportIDs = slices.DeleteFunc(a.SupportIDs, func(id int64) bool { return id == a.LeadID })
	if !s.inProvince(r.Context(), provs[len(provs)-1], append([]int64{a.LeadID}, a.SupportIDs...)) {
		return refuse("Cơ quan chủ trì và phối hợp phải thuộc tỉnh (agencies must belong to the province)")
	}
	d, err := datchuan.ParseDate(field(r, "deadline"))
	if err != nil {
		return refuse("Hạn cần dạng dd/mm/yyyy (deadline must be dd/mm/yyyy)")
	}
	a.Deadline = d
	a.Outputs = nil
	for _, o := range r.PostForm["outputs"] {
		if datchuan.Output(o).Valid() {
			a.Outputs = append(a.Outputs, datchuan.Output(o))
		}
	}
	a.Note = field(r, "note")
	if err := s.deps.Plans.Assign(r.Context(), []*datchuan.Assignment{a}); err != nil {
		return err
	}
	s.backToPlan(w, r, a, "saved")
	return nil
}

func (s *Server) deleteAssignment(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assignmentByID(r)
	if err != nil {
		return err
	}
	if err := s.deps.Plans.DeleteAssignment(r.Context(), a.ID); err != nil {
		return err
	}
	s.backToPlan(w, r, a, "deleted")
	return nil
}

func (s *Server) doneAssignment(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assignmentByID(r)
	if err != nil {
		return err
	}
	if err := s.deps.Plans.SetAssignmentDone(r.Context(), a.ID, r.PostFormValue("done") != "0"); err != nil {
		return err
	}
	s.backToPlan(w, r, a, "saved")
	return nil
}
