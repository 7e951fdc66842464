package web

import (
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/web/chart"
)

// The recognition dossier of a target: its readiness, its papers by step,
// each paper's form for whoever prepares it, its files and the papers made
// from the data, the whole as a ZIP; the province's templates; the
// recognition decisions of a district's communes.

func (s *Server) dossierRoutes() {
	s.private("GET /muc-tieu/{id}/ho-so", s.dossierPage)
	s.private("POST /muc-tieu/{id}/ho-so", s.createDossier)
	s.private("POST /muc-tieu/{id}/ho-so/muc/{item}", s.updatePaper)
	s.private("POST /muc-tieu/{id}/ho-so/muc/{item}/tep", s.uploadPaper)
	s.private("GET /muc-tieu/{id}/ho-so/muc/{item}/tep/{version}", s.paperFile)
	s.private("GET /muc-tieu/{id}/ho-so/bang-9-tieu-chi.docx", s.criteriaTableDOCX)
	s.private("GET /muc-tieu/{id}/ho-so/danh-sach-xa.docx", s.communesDOCX)
	s.private("GET /muc-tieu/{id}/ho-so/xac-nhan/{agency}", s.confirmationDOCX)
	s.private("GET /muc-tieu/{id}/ho-so/muc-luc.docx", s.dossierIndexDOCX)
	s.private("GET /muc-tieu/{id}/ho-so.zip", s.dossierZIP)
	s.private("GET /tinh/{code}/mau-ho-so", s.dossierTemplatesPage)
	s.private("GET /tinh/{code}/mau-ho-so/{key}", s.dossierTemplatePage)
	s.private("POST /tinh/{code}/mau-ho-so/{key}", s.addTemplateItem)
	s.private("POST /tinh/{code}/mau-ho-so/{key}/{item}", s.editTemplateItem)
	s.private("POST /tinh/{code}/mau-ho-so/{key}/{item}/xoa", s.removeTemplateItem)
	s.private("GET /huyen/{code}/quyet-dinh-cong-nhan", s.recognitionsPage)
	s.private("POST /huyen/{code}/quyet-dinh-cong-nhan", s.recordRecognition)
	s.private("POST /quyet-dinh-cong-nhan/{id}", s.editRecognition)
	s.private("GET /quyet-dinh-cong-nhan/{id}/tep", s.recognitionFile)
}

// paperForm is a paper's form as typed, with its problems.
type paperForm struct {
	Version                                  int
	State, Notes, PostedOn, Responsible, Due string
	Errors                                   map[string]string
	refused                                  bool
}

type dossierView struct {
	base
	V       *service.DossierView
	Overall chart.Progress
	Steps   []chart.Progress // one bar per step, in step order
	OK      string
	Errors  map[string]string // of the page (making the dossier)
	Forms   map[int64]paperForm
	States  []datchuan.DossierItemState
	Accept  string
	MaxMB   int64
}

// Form is the form of a paper: as refused, else as stored.
func (v dossierView) Form(l service.DossierLine) paperForm {
	if f, ok := v.Forms[l.Row.ID]; ok {
		if f.Version == 0 {
			f.Version = l.Row.Version // after a conflict: start again from the stored paper
		}
		return f
	}
	f := paperForm{Version: l.Row.Version, State: string(l.Row.State), Notes: l.Row.Notes}
	if !l.Row.PostedOn.IsZero() {
		f.PostedOn = l.Row.PostedOn.VN()
	}
	if !l.Row.Due.IsZero() {
		f.Due = l.Row.Due.VN()
	}
	if l.Row.ResponsibleID != 0 {
		f.Responsible = strconv.FormatInt(l.Row.ResponsibleID, 10)
	}
	return f
}

// Refused reports whether the paper's form came back refused: it opens.
func (v dossierView) Refused(l service.DossierLine) bool {
	f, ok := v.Forms[l.Row.ID]
	return ok && f.refused
}

// Abs is |n|, for "n days ago".
func (dossierView) Abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderDossier(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderDossier(w http.ResponseWriter, r *http.Request, status int, errs map[string]string, forms map[int64]paperForm) error {
	id, err := idParam(r, "id", "mục tiêu")
	if err != nil {
		return err
	}
	v, err := s.svc.Dossier(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	b := s.pageBase(r, "Hồ sơ đề nghị công nhận: "+v.Unit.Name, "Recognition dossier: "+v.Unit.Name)
	page := dossierView{base: b, V: v, OK: r.URL.Query().Get("ok"), Errors: errs, Forms: forms,
		States: datchuan.DossierItemStates, Accept: evidence.Accept, MaxMB: s.svc.MaxUpload() >> 20}
	page.Overall = readinessBar(b.T("Giấy tờ bắt buộc đã xong", "Required papers ready"), v.Overall)
	for _, st := range v.Steps {
		page.Steps = append(page.Steps, readinessBar(b.T(st.Step.NameVi, st.Step.NameEn), st.Readiness))
	}
	s.pages.render(w, status, "dossier", page)
	return nil
}

// readinessBar draws a readiness as a progress bar.
func readinessBar(label string, rd datchuan.Readiness) chart.Progress {
	return chart.Progress{Label: label, Value: rd.Ready, Total: rd.Required, Tone: toneOf(rd.Ready, rd.Required)}
}

// createDossier makes the target's dossier from the province's template.
func (s *Server) createDossier(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "mục tiêu")
	if err != nil {
		return err
	}
	_, err = s.svc.CreateDossier(r.Context(), viewerOf(r).caller, id)
	return answer(w, r, err, func() string { return "/muc-tieu/" + strconv.FormatInt(id, 10) + "/ho-so?ok=created" },
		func(status int, errs map[string]string) error { return s.renderDossier(w, r, status, errs, nil) })
}

// paperIDs reads the target and the paper of the path.
func paperIDs(r *http.Request) (target, item int64, err error) {
	if target, err = idParam(r, "id", "mục tiêu"); err != nil {
		return 0, 0, err
	}
	item, err = idParam(r, "item", "giấy tờ")
	return target, item, err
}

// paperURL is a paper's place on its dossier's page.
func paperURL(target, item int64, ok string) string {
	return "/muc-tieu/" + strconv.FormatInt(target, 10) + "/ho-so?ok=" + ok + "#p-" + strconv.FormatInt(item, 10)
}

// updatePaper saves a paper's form, as of the version it showed.
func (s *Server) updatePaper(w http.ResponseWriter, r *http.Request) error {
	target, item, err := paperIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := paperForm{Version: formVersion(r), State: formValue(r, "state"), Notes: r.FormValue("notes"), PostedOn: formValue(r, "posted_on"),
		Responsible: formValue(r, "responsible"), Due: formValue(r, "due")}
	_, err = s.svc.UpdateDossierItem(r.Context(), viewerOf(r).caller, target, item, service.DossierItemEdit{Version: f.Version,
		State: f.State, Notes: f.Notes, PostedOn: f.PostedOn, Responsible: f.Responsible, Due: f.Due})
	return answer(w, r, err, func() string { return paperURL(target, item, "saved") }, func(status int, errs map[string]string) error {
		f.Errors, f.refused = errs, true
		if status == http.StatusConflict {
			f.Version = 0
		}
		return s.renderDossier(w, r, status, nil, map[int64]paperForm{item: f})
	})
}

// uploadPaper adds a new version of a paper's file. Whether the caller
// may is asked before the upload is stored.
func (s *Server) uploadPaper(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	target, item, err := paperIDs(r)
	if err != nil {
		return err
	}
	p, err := s.svc.DossierPaper(ctx, c, target, item)
	if err != nil {
		return err
	}
	if err := p.CheckWork(c); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ups := uploads(r, "file")
	if len(ups) != 1 {
		err = datchuan.Errorf(datchuan.EINVALID, "Chọn một tệp để tải lên (choose one file)")
	} else {
		var a *datchuan.Attachment
		if a, err = s.svc.StoreUpload(ctx, c, ups[0]); err == nil {
			_, err = s.svc.AddDossierFile(ctx, c, target, item, a.ID)
		}
	}
	return answer(w, r, err, func() string { return paperURL(target, item, "uploaded") }, func(status int, errs map[string]string) error {
		if msg, ok := errs[""]; ok {
			errs = map[string]string{datchuan.FieldFile: msg}
		}
		return s.renderDossier(w, r, status, nil, map[int64]paperForm{item: {Errors: errs, refused: true}})
	})
}

// paperFile serves a version of a paper's file to whoever reads the
// target.
func (s *Server) paperFile(w http.ResponseWriter, r *http.Request) error {
	target, item, err := paperIDs(r)
	if err != nil {
		return err
	}
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có phiên bản này (no such version)")
	}
	f, err := s.svc.DossierFile(r.Context(), viewerOf(r).caller, target, item, v)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}

// StateLabel names a paper's state in the page's language.
// ApprovalLabel is where an approval item serving a paper stands, with
// the symbol the approvals pages use.
func (v dossierView) ApprovalLabel(a *datchuan.Approval) string {
	l := approvalLooks[a.State]
	return l.mark + " " + v.T(l.vi, l.en)
}

func (v dossierView) StateLabel(st datchuan.DossierItemState) string {
	return v.T(st.LabelVi(), st.LabelEn())
}

// StateClass is the colour of a paper's state.
func (dossierView) StateClass(st datchuan.DossierItemState) string {
	switch st {
	case datchuan.DossierReady, datchuan.DossierSubmitted:
		return "st-met"
	case datchuan.DossierDrafting:
		return "st-reported"
	}
	return "st-no_data"
}

// ItemTitle is a paper's title in the page's language.
func (v dossierView) ItemTitle(it *datchuan.DossierTemplateItem) string {
	if it.TitleEn == "" {
		return it.Title
	}
	return v.T(it.Title, it.TitleEn)
}

// Party names who prepares a paper by default, in the page's language.
func (v dossierView) Party(p datchuan.DossierParty) string { return v.T(p.LabelVi(), p.LabelEn()) }

// Kind names how a paper comes about, in the page's language.
func (v dossierView) Kind(k datchuan.DossierKind) string { return v.T(k.LabelVi(), k.LabelEn()) }

// Posting reports whether a paper is a public posting.
func (dossierView) Posting(it *datchuan.DossierTemplateItem) bool {
	return it.Kind == datchuan.DossierPosting
}

// Uploads reports whether people upload a paper's files.
func (dossierView) Uploads(it *datchuan.DossierTemplateItem) bool { return !it.Kind.Generated() }

// Older lists a paper's earlier file versions, the latest first.
func (dossierView) Older(it *datchuan.DossierItem) []datchuan.DossierFile {
	var out []datchuan.DossierFile
	for i := len(it.Files) - 2; i >= 0; i-- {
		out = append(out, it.Files[i])
	}
	return out
}
