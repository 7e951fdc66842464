package web

import (
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The province's dossier templates: which papers a kind of target's
// recognition dossier holds, each with where that comes from. Everyone
// working in the province reads them; the coordination office edits.

type dossierTemplatesView struct {
	base
	Province  *datchuan.Unit
	Templates []*datchuan.DossierTemplate
	Keeps     bool
}

func (s *Server) dossierTemplatesPage(w http.ResponseWriter, r *http.Request) error {
	c := viewerOf(r).caller
	prov, ts, err := s.svc.DossierTemplates(r.Context(), c, r.PathValue("code"))
	if err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "dossier_templates", dossierTemplatesView{base: s.pageBase(r, "Mẫu hồ sơ đề nghị công nhận", "Dossier templates"),
		Province: prov, Templates: ts, Keeps: c.CanKeepDossiers(prov.Code)})
	return nil
}

// templateItemForm is an item's form as typed, with its problems.
type templateItemForm struct {
	Version                                       int
	Code, Step, Kind, Title, TitleEn, PostingDays string
	Party, Document, Article, Note                string
	Required, Verified                            bool
	Errors                                        map[string]string
}

// itemForm is the form of a stored (or shipped) item.
func itemForm(it *datchuan.DossierTemplateItem) templateItemForm {
	f := templateItemForm{Version: it.Version, Code: it.Code, Step: it.Step, Kind: string(it.Kind), Title: it.Title, TitleEn: it.TitleEn,
		Party: string(it.Party), Document: it.Provenance.Document, Article: it.Provenance.Article, Note: it.Provenance.Note,
		Required: it.Required, Verified: it.Provenance.Verified}
	if it.PostingDays != 0 {
		f.PostingDays = strconv.Itoa(it.PostingDays)
	}
	return f
}

// readItemForm reads an item's form from the request.
func readItemForm(r *http.Request) templateItemForm {
	return templateItemForm{Version: formVersion(r), Code: formValue(r, "code"), Step: formValue(r, "step"), Kind: formValue(r, "kind"),
		Title: formValue(r, "title"), TitleEn: formValue(r, "title_en"), PostingDays: formValue(r, "posting_days"),
		Party: formValue(r, "party"), Document: formValue(r, "document"), Article: formValue(r, "article"), Note: r.FormValue("provenance_note"),
		Required: r.FormValue("required") == "1", Verified: r.FormValue("verified") == "1"}
}

func (f templateItemForm) input() service.TemplateItemInput {
	return service.TemplateItemInput{Version: f.Version, Code: f.Code, Step: f.Step, Kind: f.Kind, Title: f.Title, TitleEn: f.TitleEn,
		Required: f.Required, PostingDays: f.PostingDays, Party: f.Party, Document: f.Document, Article: f.Article, Note: f.Note, Verified: f.Verified}
}

type dossierTemplateView struct {
	base
	Province *datchuan.Unit
	Tpl      *datchuan.DossierTemplate
	Keeps    bool
	Kinds    []datchuan.DossierKind
	Parties  []datchuan.DossierParty
	Forms    map[string]templateItemForm // refused edits, by item code
	New      templateItemForm            // the form to add an item
	OK       string
	Errors   map[string]string // of the page: a refused removal
}

// Form is an item's form: as refused, else as stored.
func (v dossierTemplateView) Form(it *datchuan.DossierTemplateItem) templateItemForm {
	if f, ok := v.Forms[it.Code]; ok {
		if f.Version == 0 {
			f.Version = it.Version
		}
		return f
	}
	return itemForm(it)
}

// Refused reports whether an item's form came back refused: it opens.
func (v dossierTemplateView) Refused(code string) bool { _, ok := v.Forms[code]; return ok }

// Removed lists the items taken out of the template.
func (v dossierTemplateView) Removed() []*datchuan.DossierTemplateItem {
	var out []*datchuan.DossierTemplateItem
	for _, it := range v.Tpl.Items {
		if it.Removed {
			out = append(out, it)
		}
	}
	return out
}

// StepItems lists the active items of a step.
func (v dossierTemplateView) StepItems(step string) []*datchuan.DossierTemplateItem {
	var out []*datchuan.DossierTemplateItem
	for _, it := range v.Tpl.Active() {
		if it.Step == step {
			out = append(out, it)
		}
	}
	return out
}

func (s *Server) dossierTemplatePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderTemplate(w, r, http.StatusOK, dossierTemplateView{New: templateItemForm{Kind: string(datchuan.DossierPaper), Required: true,
		Document: "18/2022/QĐ-TTg"}})
}

func (s *Server) renderTemplate(w http.ResponseWriter, r *http.Request, status int, v dossierTemplateView) error {
	c := viewerOf(r).caller
	prov, t, err := s.svc.DossierTemplate(r.Context(), c, r.PathValue("code"), r.PathValue("key"))
	if err != nil {
		return err
	}
	v.base = s.pageBase(r, "Mẫu hồ sơ: "+t.NameVi, "Dossier template: "+t.NameEn)
	v.Province, v.Tpl, v.Keeps, v.Kinds, v.Parties = prov, t, c.CanKeepDossiers(prov.Code), datchuan.DossierKinds, datchuan.DossierParties
	v.OK = r.URL.Query().Get("ok")
	s.pages.render(w, status, "dossier_template", v)
	return nil
}

// templateURL is the editor of the path's template, at an item.
func templateURL(r *http.Request, ok, code string) string {
	u := "/tinh/" + r.PathValue("code") + "/mau-ho-so/" + r.PathValue("key") + "?ok=" + ok
	if code != "" {
		u += "#i-" + code
	}
	return u
}

func (s *Server) addTemplateItem(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := readItemForm(r)
	it, err := s.svc.AddTemplateItem(r.Context(), viewerOf(r).caller, r.PathValue("code"), r.PathValue("key"), f.input())
	return answer(w, r, err, func() string { return templateURL(r, "added", it.Code) }, func(status int, errs map[string]string) error {
		f.Errors = errs
		return s.renderTemplate(w, r, status, dossierTemplateView{New: f})
	})
}

func (s *Server) editTemplateItem(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	code := r.PathValue("item")
	f := readItemForm(r)
	f.Code = code
	_, err := s.svc.EditTemplateItem(r.Context(), viewerOf(r).caller, r.PathValue("code"), r.PathValue("key"), code, f.input())
	return answer(w, r, err, func() string { return templateURL(r, "saved", code) }, func(status int, errs map[string]string) error {
		f.Errors = errs
		if status == http.StatusConflict {
			f.Version = 0
		}
		return s.renderTemplate(w, r, status, dossierTemplateView{Forms: map[string]templateItemForm{code: f}})
	})
}

func (s *Server) removeTemplateItem(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	code, removed := r.PathValue("item"), r.FormValue("removed") != "0"
	_, err := s.svc.RemoveTemplateItem(r.Context(), viewerOf(r).caller, r.PathValue("code"), r.PathValue("key"), code, formVersion(r), removed)
	ok := "removed"
	if !removed {
		ok = "restored"
	}
	return answer(w, r, err, func() string { return templateURL(r, ok, code) }, func(status int, errs map[string]string) error {
		return s.renderTemplate(w, r, status, dossierTemplateView{Errors: errs})
	})
}

// Kind names how a paper comes about, in the page's language.
func (v dossierTemplateView) Kind(k datchuan.DossierKind) string {
	return v.T(k.LabelVi(), k.LabelEn())
}

// Party names who prepares a paper by default, in the page's language.
func (v dossierTemplateView) Party(p datchuan.DossierParty) string {
	return v.T(p.LabelVi(), p.LabelEn())
}

// ItemTitle is an item's title in the page's language.
func (v dossierTemplateView) ItemTitle(it *datchuan.DossierTemplateItem) string {
	if it.TitleEn == "" {
		return it.Title
	}
	return v.T(it.Title, it.TitleEn)
}

// itemFields is what the shared fields of an item's forms need: the page
// (its language and lists), the form and an ID that sets its fields apart.
type itemFields struct {
	Page dossierTemplateView
	Form templateItemForm
	ID   string
}

// ItemArgs hands the item fields their page, form and ID.
func (v dossierTemplateView) ItemArgs(f templateItemForm, id string) itemFields {
	return itemFields{Page: v, Form: f, ID: id}
}
