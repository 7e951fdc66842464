package web

import (
	"net/http"
	"net/url"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/service"
)

// guidanceRoutes registers the guidance documents of a province: each lead
// department publishes guidance for the criteria it leads, and communes
// read it beside the criterion.
func (s *Server) guidanceRoutes() {
	s.private("GET /huong-dan", s.guidancePage)
	s.private("POST /huong-dan", s.publishGuidance)
	s.private("GET /huong-dan/{id}/tep", s.guidanceFile)
}

// guidanceFormView is the publish form as typed.
type guidanceFormView struct {
	Number, Date, Title, Criterion, Agency string
	Kept                                   []string
}

// guidanceRowView is a published document as the list shows it.
type guidanceRowView struct {
	*datchuan.Guidance
	Agency   *datchuan.Agency
	Link     string
	FileInfo *datchuan.Attachment // Guidance.File, with its name
}

// guidanceView is the guidance of a province and the form to publish.
type guidanceView struct {
	base
	Province   *datchuan.Unit
	Set        *datchuan.CriteriaSet
	Rows       []guidanceRowView
	CanPublish bool
	AnyAgency  bool // the coordination office chooses the publishing agency
	Agencies   []*datchuan.Agency
	Choices    []critChoice
	Form       guidanceFormView
	Files      map[string]*datchuan.Attachment // kept uploads
	Errors     map[string]string
	Done       bool
	Accept     string
	MaxMB      int64
}

func (s *Server) guidancePage(w http.ResponseWriter, r *http.Request) error {
	prov, err := s.svc.CallerProvince(r.Context(), viewerOf(r).caller, r.URL.Query().Get("tinh"))
	if err != nil {
		return err
	}
	return s.renderGuidance(w, r, http.StatusOK, prov, guidanceView{})
}

// renderGuidance shows the guidance of prov; form carries what a refused
// form keeps (Form, Files, Errors).
func (s *Server) renderGuidance(w http.ResponseWriter, r *http.Request, status int, prov *datchuan.Unit, form guidanceView) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	set, err := s.svc.ProvinceCommuneSet(ctx, prov)
	if err != nil {
		return err
	}
	ags, err := s.svc.Agencies(ctx, c, prov.Code)
	if err != nil {
		return err
	}
	p := form
	p.base = s.pageBase(r, "Văn bản hướng dẫn", "Guidance documents")
	p.Province, p.Set, p.CanPublish, p.AnyAgency = prov, set, c.Publishes(prov.Code), c.ChoosesPublisher(prov.Code)
	p.Done, p.Accept, p.MaxMB = r.URL.Query().Get("ok") == "1", evidence.Accept, s.svc.MaxUpload()>>20
	docs, err := s.svc.GuidanceOfProvince(ctx, ags, nil)
	if err != nil {
		return err
	}
	var refs []string
	for _, g := range docs {
		p.Rows = append(p.Rows, guidanceRowView{Guidance: g, Agency: ags[g.AgencyID], Link: s.linkLabel(p.base, g.SetID, g.CriterionCode, g.IndicatorCode)})
		refs = append(refs, g.File)
	}
	infos, err := s.svc.Attachments(ctx, refs)
	if err != nil {
		return err
	}
	for i := range p.Rows {
		p.Rows[i].FileInfo = infos[p.Rows[i].File]
	}
	if p.CanPublish && set != nil {
		book, err := s.svc.LeadBook(ctx, prov)
		if err != nil {
			return err
		}
		// Offer what the viewer may publish for: the criteria and
		// indicators whose lead they may publish in the name of.
		p.Choices = critChoices(p.base, set, true, func(crit, ind string) bool {
			return c.CanPublish(prov.Code, book.Lead(set.ID, crit, ind))
		})
		if p.AnyAgency {
			p.Agencies = service.SortedAgencies(ags, nil)
		}
	}
	s.pages.render(w, status, "guidance", p)
	return nil
}

// publishGuidance stores a guidance document with its file. A department
// publishes only for what it leads (403 otherwise); a refused form comes
// back whole, with the file already received kept.
func (s *Server) publishGuidance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	prov, err := s.svc.CallerProvince(ctx, c, r.URL.Query().Get("tinh"))
	if err != nil {
		return err
	}
	// Asked before the document is stored.
	if err := c.CheckPublishes(prov.Code); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := guidanceFormView{Number: formValue(r, "number"), Date: formValue(r, "date"), Title: formValue(r, "title"),
		Criterion: formValue(r, "criterion"), Agency: formValue(r, "agency")}
	kept, err := s.svc.Citable(ctx, c, r.Form["kept"])
	if err != nil {
		return err
	}
	stored, problem, err := s.svc.StoreUploads(ctx, c, uploads(r, datchuan.FieldFile), 1)
	if err != nil {
		return err
	}
	f.Kept = append(kept, stored...)
	if len(f.Kept) > 1 {
		f.Kept = f.Kept[len(f.Kept)-1:] // a new file replaces the one kept
	}
	in := service.GuidanceInput{Number: f.Number, Date: f.Date, Title: f.Title, Criterion: f.Criterion, Agency: f.Agency, Refused: problem}
	if len(f.Kept) > 0 {
		in.File = f.Kept[0]
	}
	_, err = s.svc.PublishGuidance(ctx, c, prov.Code, in)
	if err == nil {
		http.Redirect(w, r, "/huong-dan?tinh="+url.QueryEscape(prov.Code)+"&ok=1", http.StatusSeeOther)
		return nil
	}
	errs, status, ok := refusal(viewerOf(r).lang, err)
	if !ok {
		return err
	}
	infos, err := s.svc.Attachments(ctx, f.Kept)
	if err != nil {
		return err
	}
	return s.renderGuidance(w, r, status, prov, guidanceView{Form: f, Files: infos, Errors: errs})
}

// guidanceFile serves the document of a guidance to anyone working in its
// agency's province.
func (s *Server) guidanceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "văn bản hướng dẫn")
	if err != nil {
		return err
	}
	g, err := s.svc.GuidanceFor(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	if g.File == "" {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Văn bản hướng dẫn này không có tệp (this guidance has no file)")
	}
	f, err := s.stores.Files.Attachment(r.Context(), g.File)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}
