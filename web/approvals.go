package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
)

// Approval items: contents in the authority of the Provincial People's
// Committee. An agency drafts and submits them; the coordination office
// records the committee's decision (approved with a decision number and
// date, or returned with a reason).

// maxApprovalFiles is how many files one item may carry.
const maxApprovalFiles = 10

// approvalStateLabel names a state in the page's language.
func approvalStateLabel(b base, st datchuan.ApprovalState) string {
	switch st {
	case datchuan.ApprovalDraft:
		return b.T("Dự thảo", "Draft")
	case datchuan.ApprovalSubmitted:
		return b.T("Đã trình, chờ UBND tỉnh", "Submitted, awaiting the committee")
	case datchuan.ApprovalApproved:
		return b.T("Đã phê duyệt", "Approved")
	case datchuan.ApprovalReturned:
		return b.T("Bị trả lại", "Returned")
	}
	return string(st)
}

// approvalMark is the symbol beside each state's colour.
func approvalMark(st datchuan.ApprovalState) string {
	switch st {
	case datchuan.ApprovalApproved:
		return "✓"
	case datchuan.ApprovalReturned:
		return "↩"
	case datchuan.ApprovalSubmitted:
		return "…"
	}
	return "✎"
}

type approvalRow struct {
	*datchuan.Approval
	Agency     *datchuan.Agency
	Criterion  string
	Units      []*datchuan.Unit
	StateLabel string
	Mark       string
}

// StateClass is the colour of the state, shared with the dashboards.
func (a approvalRow) StateClass() string {
	switch a.State {
	case datchuan.ApprovalApproved:
		return "st-met"
	case datchuan.ApprovalReturned:
		return "st-not_met"
	case datchuan.ApprovalSubmitted:
		return "st-reported"
	}
	return "st-no_data"
}

// approvalForm is the new-item form as typed.
type approvalForm struct {
	Title, Agency, Criterion string
	Units                    []string
	Kept                     []string
}

// HasUnit reports whether a commune is chosen (for checked boxes).
func (f approvalForm) HasUnit(code string) bool { return slices.Contains(f.Units, code) }

type districtChoice struct {
	Unit     *datchuan.Unit
	Communes []*datchuan.Unit
}

// Opened reports whether a district's list is shown open: one of its
// communes is chosen.
func (p approvalsPage) Opened(d districtChoice) bool {
	for _, c := range d.Communes {
		if p.Form.HasUnit(c.Code) {
			return true
		}
	}
	return false
}

type approvalsPage struct {
	base
	Province  *datchuan.Unit
	Rows      []approvalRow
	CanCreate bool
	Agencies  []*datchuan.Agency // the agencies the viewer may draft for
	Choices   []critChoice
	Districts []districtChoice
	Form      approvalForm
	Files     map[string]*datchuan.File
	Errors    map[string]string
	Accept    string
	MaxMB     int64
}

// approvalRights is what the viewer may do with the items of a province.
type approvalRights struct {
	coordination bool
	mine         map[int64]bool // the viewer's departments in the province
	agencies     map[int64]*datchuan.Agency
}

func (s *Server) approvalRights(r *http.Request, prov *datchuan.Unit, path datchuan.UnitPath) (*approvalRights, error) {
	v := viewerOf(r)
	ags, err := s.agenciesOfProvince(r.Context(), prov.Code)
	if err != nil {
		return nil, err
	}
	ar := &approvalRights{coordination: v.access.CanPlan(path), mine: map[int64]bool{}, agencies: ags}
	for _, id := range v.access.Agencies() {
		if ags[id] != nil {
			ar.mine[id] = true
		}
	}
	return ar, nil
}

func (ar *approvalRights) canCreate() bool { return ar.coordination || len(ar.mine) > 0 }

// draftsFor reports whether the viewer may draft and submit items of agency.
func (ar *approvalRights) draftsFor(agency int64) bool {
	return (ar.coordination && ar.agencies[agency] != nil) || ar.mine[agency]
}

// sees reports whether the viewer sees the item: a draft stays with its
// agency and the coordination office until it is submitted.
func (ar *approvalRights) sees(a *datchuan.Approval) bool {
	return a.State != datchuan.ApprovalDraft || ar.draftsFor(a.AgencyID)
}

// approvalRows names the agency, criterion and units of each item.
func (s *Server) approvalRows(ctx context.Context, b base, items []*datchuan.Approval, ags map[int64]*datchuan.Agency) ([]approvalRow, error) {
	var ids []int64
	for _, a := range items {
		ids = append(ids, a.UnitIDs...)
	}
	units := map[int64]*datchuan.Unit{}
	if len(ids) > 0 {
		us, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{IDs: ids})
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			units[u.ID] = u
		}
	}
	out := make([]approvalRow, 0, len(items))
	for _, a := range items {
		row := approvalRow{Approval: a, Agency: ags[a.AgencyID], Criterion: s.linkLabel(b, a.SetID, a.CriterionCode, ""),
			StateLabel: approvalStateLabel(b, a.State), Mark: approvalMark(a.State)}
		for _, id := range a.UnitIDs {
			if u := units[id]; u != nil {
				row.Units = append(row.Units, u)
			}
		}
		vnSort(row.Units, func(u *datchuan.Unit) string { return u.Name })
		out = append(out, row)
	}
	return out, nil
}

func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderApprovals(w, r, http.StatusOK, approvalForm{}, nil, nil)
}

func (s *Server) renderApprovals(w http.ResponseWriter, r *http.Request, status int, f approvalForm, files map[string]*datchuan.File, errs map[string]string) error {
	ctx := r.Context()
	prov, path, err := s.viewerProvince(r)
	if err != nil {
		return err
	}
	ar, err := s.approvalRights(r, prov, path)
	if err != nil {
		return err
	}
	p := approvalsPage{base: s.pageBase(r, "Trình UBND tỉnh phê duyệt", "Approvals by the Provincial People's Committee"),
		Province: prov, CanCreate: ar.canCreate(), Form: f, Files: files, Errors: errs,
		Accept: evidence.Accept, MaxMB: s.deps.MaxUpload >> 20}
	all, err := s.deps.Approvals.Approvals(ctx, nil)
	if err != nil {
		return err
	}
	var items []*datchuan.Approval
	for _, a := range all {
		if ar.agencies[a.AgencyID] != nil && ar.sees(a) {
			items = append(items, a)
		}
	}
	if p.Rows, err = s.approvalRows(ctx, p.base, items, ar.agencies); err != nil {
		return err
	}
	if p.CanCreate {
		p.Agencies = sortedAgencies(ar.agencies, func(a *datchuan.Agency) bool { return ar.draftsFor(a.ID) })
		set, err := s.provinceCommuneSet(ctx, prov)
		if err != nil {
			return err
		}
		p.Choices = critChoices(p.base, set, false, nil)
		if p.Districts, err = s.provinceCommunes(ctx, prov); err != nil {
			return err
		}
	}
	s.pages.render(w, status, "approvals", p)
	return nil
}

// provinceCommunes lists the province's communes in force today, by
// district (communes directly under the province form a group of their
// own, with no district).
func (s *Server) provinceCommunes(ctx context.Context, prov *datchuan.Unit) ([]districtChoice, error) {
	today := s.today()
	kids, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: prov.Code, On: today})
	if err != nil {
		return nil, err
	}
	var out []districtChoice
	direct := districtChoice{}
	for _, k := range kids {
		if k.Level == datchuan.LevelCommune {
			direct.Communes = append(direct.Communes, k)
			continue
		}
		if k.Level != datchuan.LevelDistrict {
			continue
		}
		cs, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: k.Code, Level: datchuan.LevelCommune, On: today})
		if err != nil {
			return nil, err
		}
		vnSort(cs, func(u *datchuan.Unit) string { return u.Name })
		out = append(out, districtChoice{Unit: k, Communes: cs})
	}
	vnSort(out, func(d districtChoice) string { return d.Unit.Name })
	if len(direct.Communes) > 0 {
		vnSort(direct.Communes, func(u *datchuan.Unit) string { return u.Name })
		out = append(out, direct)
	}
	return out, nil
}

// createApproval drafts an item for the viewer's department (any agency of
// the province for the coordination office).
func (s *Server) createApproval(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	prov, path, err := s.viewerProvince(r)
	if err != nil {
		return err
	}
	ar, err := s.approvalRights(r, prov, path)
	if err != nil {
		return err
	}
	if !ar.canCreate() {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ sở, ngành hoặc Văn phòng Điều phối lập hồ sơ trình phê duyệt (only departments and the coordination office draft approvals)")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := approvalForm{Title: formValue(r, "title"), Agency: formValue(r, "agency"), Criterion: formValue(r, "criterion"), Units: r.Form["units"]}
	errs := map[string]string{}
	a := &datchuan.Approval{Title: f.Title, CreatedBy: viewerOf(r).user.ID}
	switch {
	case f.Title == "":
		errs["title"] = "Cần tên nội dung trình phê duyệt (title required)"
	case len(f.Title) > 500:
		errs["title"] = "Tên dài quá 500 ký tự (title too long)"
	}
	mine := sortedAgencies(ar.agencies, func(a *datchuan.Agency) bool { return ar.draftsFor(a.ID) })
	if f.Agency == "" && len(mine) == 1 {
		f.Agency = strconv.FormatInt(mine[0].ID, 10)
	}
	if id, err := strconv.ParseInt(f.Agency, 10, 64); err == nil && ar.draftsFor(id) {
		a.AgencyID = id
	} else {
		errs["agency"] = "Chọn cơ quan chuẩn bị hồ sơ (choose the preparing agency)"
	}
	if f.Criterion != "" {
		set, err := s.provinceCommuneSet(ctx, prov)
		if err != nil {
			return err
		}
		if crit, ind, ok := parseLink(set, f.Criterion); ok && ind == "" {
			a.SetID, a.CriterionCode = set.ID, crit
		} else {
			errs["criterion"] = "Chọn tiêu chí trong danh sách (choose a criterion)"
		}
	}
	if len(f.Units) > 0 {
		us, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{Codes: f.Units, Level: datchuan.LevelCommune, On: s.today()})
		if err != nil {
			return err
		}
		found := map[string]bool{}
		for _, u := range us {
			up, err := s.pathOf(ctx, viewerOf(r), u)
			if err != nil {
				return err
			}
			if up.Within(path) && !found[u.Code] {
				found[u.Code] = true
				a.UnitIDs = append(a.UnitIDs, u.ID)
			}
		}
		for _, c := range f.Units {
			if !found[c] {
				errs["units"] = "Không có xã mã " + c + " trong tỉnh (no such commune in the province)"
			}
		}
	}
	files, infos, problem, err := s.formFiles(r, "files", maxApprovalFiles)
	if err != nil {
		return err
	}
	f.Kept = files
	if problem != "" {
		errs["files"] = problem
	}
	if len(errs) > 0 {
		return s.renderApprovals(w, r, http.StatusUnprocessableEntity, f, infos, errs)
	}
	a.Files = f.Kept
	if err := s.deps.Approvals.CreateApproval(ctx, a); err != nil {
		return err
	}
	s.deps.Log.Info("approval drafted", "user", viewerOf(r).user.Login, "approval", a.ID)
	http.Redirect(w, r, "/phe-duyet/"+strconv.FormatInt(a.ID, 10)+"?ok=created", http.StatusSeeOther)
	return nil
}

// ---- One item ----

// decisionForm is what was typed in the decision forms of an item.
type decisionForm struct {
	Number, Date, Reason string
}

type approvalPage struct {
	base
	Province  *datchuan.Unit
	Row       approvalRow
	Files     []*datchuan.File
	Creator   string
	CanSubmit bool
	CanDecide bool
	Decision  decisionForm
	Errors    map[string]string
	Problem   string // why a move was refused (someone moved it first)
	Done      string
}

// loadApproval loads the item of /phe-duyet/{id} for a viewer working in
// its province.
func (s *Server) loadApproval(r *http.Request) (*datchuan.Approval, *datchuan.Unit, *approvalRights, error) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có hồ sơ trình phê duyệt này (no such approval)")
	}
	a, err := s.deps.Approvals.Approval(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	code, err := s.agencyProvince(ctx, a.AgencyID)
	if err != nil {
		return nil, nil, nil, err
	}
	prov, path, err := s.provinceOf(r, code)
	if err != nil {
		return nil, nil, nil, err
	}
	ar, err := s.approvalRights(r, prov, path)
	if err != nil {
		return nil, nil, nil, err
	}
	if !ar.sees(a) {
		return nil, nil, nil, datchuan.Errorf(datchuan.EFORBIDDEN, "Hồ sơ còn là dự thảo của cơ quan chuẩn bị (the approval is still a draft of its agency)")
	}
	return a, prov, ar, nil
}

func (s *Server) approvalPage(w http.ResponseWriter, r *http.Request) error {
	a, prov, ar, err := s.loadApproval(r)
	if err != nil {
		return err
	}
	return s.renderApproval(w, r, http.StatusOK, a, prov, ar, decisionForm{}, nil, "")
}

func (s *Server) renderApproval(w http.ResponseWriter, r *http.Request, status int, a *datchuan.Approval, prov *datchuan.Unit,
	ar *approvalRights, d decisionForm, errs map[string]string, problem string) error {
	ctx := r.Context()
	p := approvalPage{base: s.pageBase(r, a.Title, a.Title), Province: prov,
		CanSubmit: ar.draftsFor(a.AgencyID) && (a.State == datchuan.ApprovalDraft || a.State == datchuan.ApprovalReturned),
		CanDecide: ar.coordination && a.State == datchuan.ApprovalSubmitted,
		Decision:  d, Errors: errs, Problem: problem, Done: r.URL.Query().Get("ok")}
	rows, err := s.approvalRows(ctx, p.base, []*datchuan.Approval{a}, ar.agencies)
	if err != nil {
		return err
	}
	p.Row = rows[0]
	if a.CreatedBy != 0 {
		if u, err := s.deps.Users.User(ctx, a.CreatedBy); err == nil {
			p.Creator = u.Name
		}
	}
	infos, err := s.deps.Files.FileInfos(ctx, a.Files)
	if err != nil {
		return err
	}
	for _, h := range a.Files {
		if f := infos[h]; f != nil {
			p.Files = append(p.Files, f)
		}
	}
	s.pages.render(w, status, "approval", p)
	return nil
}

// moveApproval moves an item to the state `to` from the state the viewer
// saw (the form's "from"; else the one stored now). A refusal comes back
// on the item's page: 422 for a missing field, 409 when someone moved the
// item first, with the storage's message.
func (s *Server) moveApproval(w http.ResponseWriter, r *http.Request, to datchuan.ApprovalState) error {
	a, prov, ar, err := s.loadApproval(r)
	if err != nil {
		return err
	}
	switch to {
	case datchuan.ApprovalSubmitted:
		if !ar.draftsFor(a.AgencyID) {
			return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ cơ quan chuẩn bị hồ sơ hoặc Văn phòng Điều phối trình hồ sơ này (only its agency or the coordination office submits it)")
		}
	default:
		if !ar.coordination {
			return datchuan.Errorf(datchuan.EFORBIDDEN, "Văn phòng Điều phối ghi nhận quyết định của UBND tỉnh (the coordination office records the committee's decision)")
		}
	}
	d := decisionForm{Number: field(r, "decision_number"), Date: field(r, "decision_date"), Reason: field(r, "reason")}
	errs := map[string]string{}
	move := *a
	move.State = to
	switch to {
	case datchuan.ApprovalApproved:
		move.DecisionNumber = d.Number
		if d.Number == "" {
			errs["decision_number"] = "Cần số quyết định phê duyệt, ví dụ 1234/QĐ-UBND (decision number required)"
		}
		if d.Date == "" {
			errs["decision_date"] = "Cần ngày quyết định (decision date required)"
		} else if move.DecisionDate, err = datchuan.ParseDate(d.Date); err != nil {
			errs["decision_date"] = "Ngày cần dạng dd/mm/yyyy (date must be dd/mm/yyyy)"
		} else if s.today().Before(move.DecisionDate) {
			errs["decision_date"] = "Ngày quyết định không được sau hôm nay (the date cannot be in the future)"
		}
	case datchuan.ApprovalReturned:
		move.Reason = d.Reason
		if d.Reason == "" {
			errs["reason"] = "Cần nêu lý do trả lại để cơ quan biết phải sửa gì (a reason is required)"
		} else if len(d.Reason) > 2000 {
			errs["reason"] = "Lý do dài quá 2000 ký tự (reason longer than 2000 characters)"
		}
	}
	if len(errs) > 0 {
		return s.renderApproval(w, r, http.StatusUnprocessableEntity, a, prov, ar, d, errs, "")
	}
	from := a.State
	switch st := datchuan.ApprovalState(field(r, "from")); st {
	case datchuan.ApprovalDraft, datchuan.ApprovalSubmitted, datchuan.ApprovalApproved, datchuan.ApprovalReturned:
		from = st
	}
	if err := s.deps.Approvals.MoveApproval(r.Context(), &move, from); err != nil {
		if datchuan.ErrorCode(err) == datchuan.ECONFLICT {
			return s.renderApproval(w, r, http.StatusConflict, a, prov, ar, d, nil, datchuan.ErrorMessage(err))
		}
		if datchuan.ErrorCode(err) == datchuan.EINVALID {
			return s.renderApproval(w, r, http.StatusUnprocessableEntity, a, prov, ar, d, nil, datchuan.ErrorMessage(err))
		}
		return err
	}
	s.deps.Log.Info("approval moved", "user", viewerOf(r).user.Login, "approval", a.ID, "from", from, "to", to)
	s.noticeApproval(r.Context(), &move, to)
	http.Redirect(w, r, "/phe-duyet/"+strconv.FormatInt(a.ID, 10)+"?ok="+url.QueryEscape(string(to)), http.StatusSeeOther)
	return nil
}

func (s *Server) submitApproval(w http.ResponseWriter, r *http.Request) error {
	return s.moveApproval(w, r, datchuan.ApprovalSubmitted)
}

func (s *Server) approveApproval(w http.ResponseWriter, r *http.Request) error {
	return s.moveApproval(w, r, datchuan.ApprovalApproved)
}

func (s *Server) returnApproval(w http.ResponseWriter, r *http.Request) error {
	return s.moveApproval(w, r, datchuan.ApprovalReturned)
}

// approvalFile serves a file of an item to whoever works in its province.
func (s *Server) approvalFile(w http.ResponseWriter, r *http.Request) error {
	a, _, _, err := s.loadApproval(r)
	if err != nil {
		return err
	}
	hash := r.PathValue("hash")
	if !slices.Contains(a.Files, hash) {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Hồ sơ không có tệp này (no such file in this approval)")
	}
	f, err := s.deps.Files.File(r.Context(), hash)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}
