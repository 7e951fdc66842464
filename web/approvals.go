package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/service"
)

// Approval items: contents in the authority of the Provincial People's
// Committee. An agency drafts and submits them; the coordination office
// records the committee's decision (approved with a decision number and
// date, or returned with a reason). The list and the new-item form are
// here; one item's page, its moves and its history are in approval.go.

func (s *Server) approvalRoutes() {
	s.private("GET /phe-duyet", s.approvalsPage)
	s.private("POST /phe-duyet", s.createApproval)
	s.private("GET /phe-duyet/{id}", s.approvalPage)
	s.private("POST /phe-duyet/{id}/trinh", s.submitApproval)
	s.private("POST /phe-duyet/{id}/duyet", s.approveApproval)
	s.private("POST /phe-duyet/{id}/tra-lai", s.returnApproval)
	s.private("POST /phe-duyet/{id}/ban-ky", s.keepDecision)
	s.private("GET /phe-duyet/{id}/tep/{file}", s.approvalFile)
}

// approvalLook is how a page shows an approval state: its words in both
// languages, the symbol that reads in grayscale print, and the colour it
// shares with the dashboards.
type approvalLook struct{ vi, en, mark, class string }

var approvalLooks = map[datchuan.ApprovalState]approvalLook{
	datchuan.ApprovalDraft:     {"Dự thảo", "Draft", "✎", "st-no_data"},
	datchuan.ApprovalSubmitted: {"Đã trình, chờ UBND tỉnh", "Submitted, awaiting the committee", "…", "st-reported"},
	datchuan.ApprovalApproved:  {"Đã phê duyệt", "Approved", "✓", "st-met"},
	datchuan.ApprovalReturned:  {"Bị trả lại", "Returned", "↩", "st-not_met"},
}

// approvalRowView is an item as the list and its page show it.
type approvalRowView struct {
	*datchuan.Approval
	Agency     *datchuan.Agency
	Criterion  string
	Units      []*datchuan.Unit
	StateLabel string
	Mark       string
}

// StateClass is the colour of the state, shared with the dashboards.
func (a approvalRowView) StateClass() string { return approvalLooks[a.State].class }

// approvalFormView is the new-item form as typed.
type approvalFormView struct {
	Title, Agency, Criterion string
	Paper                    string // the dossier paper it serves (an ID)
	Units                    []string
	Kept                     []string
}

// HasUnit reports whether a commune is chosen (for checked boxes).
func (f approvalFormView) HasUnit(code string) bool { return slices.Contains(f.Units, code) }

type approvalsView struct {
	base
	Province  *datchuan.Unit
	Rows      []approvalRowView
	CanCreate bool
	Agencies  []*datchuan.Agency // the agencies the viewer may draft for
	Groups    []critGroup        // the criteria of each set of the province
	Districts []service.DistrictCommunes
	Papers    []service.DossierPapers // the papers of the province's dossiers it may serve
	Form      approvalFormView
	Files     map[string]*datchuan.Attachment
	Errors    map[string]string
	Accept    string
	MaxMB     int64
}

// critGroup is the criteria of one set, offered together: a choice's
// Code is "set|criterion".
type critGroup struct {
	Name    string
	Choices []critChoice
}

// Opened reports whether a district's list is shown open: it or one of
// its communes is chosen.
func (p approvalsView) Opened(d service.DistrictCommunes) bool {
	return (d.District != nil && p.Form.HasUnit(d.District.Code)) ||
		slices.ContainsFunc(d.Communes, func(c *datchuan.Unit) bool { return p.Form.HasUnit(c.Code) })
}

// approvalRows names the agency, criterion and units of each item.
func (s *Server) approvalRows(ctx context.Context, c service.Caller, b base, items []*datchuan.Approval, ags map[int64]*datchuan.Agency) ([]approvalRowView, error) {
	out := make([]approvalRowView, 0, len(items))
	for _, a := range items {
		row := approvalRowView{Approval: a, Agency: ags[a.AgencyID], Criterion: s.linkLabel(b, a.SetID, a.CriterionCode, ""),
			StateLabel: b.T(approvalLooks[a.State].vi, approvalLooks[a.State].en), Mark: approvalLooks[a.State].mark}
		for _, id := range a.UnitIDs {
			u, err := c.Tree.Unit(ctx, id)
			if err != nil {
				return nil, err
			}
			row.Units = append(row.Units, u)
		}
		datchuan.SortByName(row.Units, func(u *datchuan.Unit) string { return u.Name })
		out = append(out, row)
	}
	return out, nil
}

func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderApprovals(w, r, http.StatusOK, approvalFormView{}, nil, nil)
}

// renderApprovals shows the items of the province of ?tinh= (else the
// viewer's first), with the new-item form as typed.
func (s *Server) renderApprovals(w http.ResponseWriter, r *http.Request, status int, f approvalFormView, files map[string]*datchuan.Attachment, errs map[string]string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	prov, err := s.svc.CallerProvince(ctx, c, r.URL.Query().Get("tinh"))
	if err != nil {
		return err
	}
	ags, err := s.svc.Agencies(ctx, c, prov.Code)
	if err != nil {
		return err
	}
	p := approvalsView{base: s.pageBase(r, "Trình UBND tỉnh phê duyệt", "Approvals by the Provincial People's Committee"),
		Province: prov, CanCreate: c.CanDraftApprovals(prov.Code), Form: f, Files: files, Errors: errs,
		Accept: evidence.Accept, MaxMB: s.svc.MaxUpload() >> 20}
	items, err := s.svc.ApprovalsOfProvince(ctx, c, prov, ags)
	if err != nil {
		return err
	}
	if p.Rows, err = s.approvalRows(ctx, c, p.base, items, ags); err != nil {
		return err
	}
	if p.CanCreate {
		p.Agencies = service.SortedAgencies(ags, func(a *datchuan.Agency) bool { return c.CanDraftFor(a.ID, prov.Code) })
		sets, err := s.svc.ProvinceSets(ctx, prov)
		if err != nil {
			return err
		}
		for _, set := range sets {
			g := critGroup{Name: p.T(set.NameVi, set.NameEn)}
			for _, ch := range critChoices(p.base, set, false, nil) {
				ch.Code = set.ID + "|" + ch.Code
				g.Choices = append(g.Choices, ch)
			}
			p.Groups = append(p.Groups, g)
		}
		if p.Districts, err = s.svc.ProvinceCommunes(ctx, c, prov); err != nil {
			return err
		}
		if p.Papers, err = s.svc.ProvinceDossierPapers(ctx, c, prov); err != nil {
			return err
		}
	}
	s.pages.render(w, status, "approvals", p)
	return nil
}

// createApproval drafts an item for the viewer's department (any agency of
// the province for the coordination office).
func (s *Server) createApproval(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	if err := parseForm(r); err != nil {
		return err
	}
	prov := r.URL.Query().Get("tinh")
	// Only who drafts items stores files for them.
	p, err := s.svc.CallerProvince(ctx, c, prov)
	if err != nil {
		return err
	}
	if err := c.CheckDraftApprovals(p.Code); err != nil {
		return err
	}
	f := approvalFormView{Title: formValue(r, "title"), Agency: formValue(r, "agency"), Criterion: formValue(r, "criterion"),
		Paper: formValue(r, "paper"), Units: r.Form["units"]}
	files, infos, problem, err := s.formFiles(r, "files", datchuan.MaxApprovalFiles)
	if err != nil {
		return err
	}
	f.Kept = files
	a, err := s.svc.CreateApproval(ctx, c, prov, service.ApprovalInput{Title: f.Title, Agency: f.Agency,
		Criterion: f.Criterion, Units: f.Units, Paper: f.Paper, Files: files, Refused: problem})
	return answer(w, r, err, func() string { return approvalURL(a.ID, "created") }, func(status int, errs map[string]string) error {
		return s.renderApprovals(w, r, status, f, infos, errs)
	})
}

// approvalURL is the page of an item, with the outcome of an action.
func approvalURL(id int64, ok string) string {
	u := "/phe-duyet/" + strconv.FormatInt(id, 10)
	if ok != "" {
		u += "?ok=" + url.QueryEscape(ok)
	}
	return u
}
