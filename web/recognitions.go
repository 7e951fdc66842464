package web

import (
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/service"
)

// The decisions recognising a district's communes: listed for whoever
// reads the district, recorded and corrected by the coordination office.

// recognitionForm is a decision's form as typed, with its problems.
type recognitionForm struct {
	Version                                       int
	Unit, Title, Year, Number, Date, Issuer, Note string
	Errors                                        map[string]string
}

type recognitionsView struct {
	base
	V      *service.RecognitionsView
	Titles []datchuan.RecognitionTitle
	New    recognitionForm
	Forms  map[int64]recognitionForm // refused edits, by decision
	OK     string
	Accept string
	MaxMB  int64
}

// Form is a decision's form: as refused, else as stored.
func (v recognitionsView) Form(d *datchuan.RecognitionDecision, unit *datchuan.Unit) recognitionForm {
	if f, ok := v.Forms[d.ID]; ok {
		if f.Version == 0 {
			f.Version = d.Version
		}
		return f
	}
	f := recognitionForm{Version: d.Version, Unit: unit.Code, Title: string(d.Title), Number: d.Number, Date: d.Date.VN(), Issuer: d.Issuer, Note: d.Note}
	if d.Year != 0 {
		f.Year = strconv.Itoa(d.Year)
	}
	return f
}

// Refused reports whether a decision's form came back refused: it opens.
func (v recognitionsView) Refused(id int64) bool { _, ok := v.Forms[id]; return ok }

func (s *Server) recognitionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecognitions(w, r, http.StatusOK, recognitionsView{New: recognitionForm{Title: string(datchuan.RecognisedNTM),
		Unit: r.URL.Query().Get("don-vi")}})
}

func (s *Server) renderRecognitions(w http.ResponseWriter, r *http.Request, status int, v recognitionsView) error {
	rv, err := s.svc.Recognitions(r.Context(), viewerOf(r).caller, r.PathValue("code"))
	if err != nil {
		return err
	}
	v.base = s.pageBase(r, "Quyết định công nhận xã: "+rv.District.Name, "Recognition decisions: "+rv.District.Name)
	v.V, v.Titles, v.OK, v.Accept, v.MaxMB = rv, datchuan.RecognitionTitles, r.URL.Query().Get("ok"), evidence.Accept, s.svc.MaxUpload()>>20
	s.pages.render(w, status, "recognitions", v)
	return nil
}

// readRecognitionForm reads a decision's form from the request.
func readRecognitionForm(r *http.Request) recognitionForm {
	return recognitionForm{Version: formVersion(r), Unit: formValue(r, "unit"), Title: formValue(r, "title"), Year: formValue(r, "year"),
		Number: formValue(r, "number"), Date: formValue(r, "date"), Issuer: formValue(r, "issuer"), Note: r.FormValue("note")}
}

// decisionFile stores the scanned decision sent with a form, if any: its
// attachment and, when it was refused, why.
func (s *Server) decisionFile(r *http.Request) (string, datchuan.Text, error) {
	ids, problem, err := s.svc.StoreUploads(r.Context(), viewerOf(r).caller, uploads(r, "file"), 1)
	if err != nil || len(ids) == 0 {
		return "", problem, err
	}
	return ids[0], problem, nil
}

// recordRecognition records a decision. Whether the caller may is asked
// before the scanned decision is stored.
func (s *Server) recordRecognition(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	code := r.PathValue("code")
	rv, err := s.svc.Recognitions(ctx, c, code)
	if err != nil {
		return err
	}
	if err := c.CheckKeepDossiers(rv.Province.Code); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := readRecognitionForm(r)
	file, problem, err := s.decisionFile(r)
	if err != nil {
		return err
	}
	d, err := s.svc.RecordRecognition(ctx, c, code, service.RecognitionInput{Unit: f.Unit, Title: f.Title, Year: f.Year, Number: f.Number,
		Date: f.Date, Issuer: f.Issuer, Note: f.Note, File: file, Refused: problem})
	return answer(w, r, err, func() string {
		return "/huyen/" + code + "/quyet-dinh-cong-nhan?ok=recorded#d-" + strconv.FormatInt(d.ID, 10)
	},
		func(status int, errs map[string]string) error {
			f.Errors = errs
			return s.renderRecognitions(w, r, status, recognitionsView{New: f})
		})
}

// editRecognition corrects a decision, as of the version its form showed;
// a file sent with it takes the place of the old one.
func (s *Server) editRecognition(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	id, err := idParam(r, "id", "quyết định công nhận")
	if err != nil {
		return err
	}
	_, district, err := s.svc.RecognitionFor(ctx, c, id)
	if err != nil {
		return err
	}
	_, path, err := c.Tree.Place(ctx, district.ID)
	if err != nil {
		return err
	}
	if err := c.CheckKeepDossiers(path.Province); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := readRecognitionForm(r)
	file, problem, err := s.decisionFile(r)
	if err != nil {
		return err
	}
	_, err = s.svc.EditRecognition(ctx, c, id, service.RecognitionInput{Version: f.Version, Unit: f.Unit, Title: f.Title, Year: f.Year,
		Number: f.Number, Date: f.Date, Issuer: f.Issuer, Note: f.Note, File: file, Refused: problem})
	back := "/huyen/" + district.Code + "/quyet-dinh-cong-nhan"
	return answer(w, r, err, func() string { return back + "?ok=saved#d-" + strconv.FormatInt(id, 10) }, func(status int, errs map[string]string) error {
		f.Errors = errs
		if status == http.StatusConflict {
			f.Version = 0
		}
		r.SetPathValue("code", district.Code)
		return s.renderRecognitions(w, r, status, recognitionsView{Forms: map[int64]recognitionForm{id: f}})
	})
}

// recognitionFile serves a decision's scan to whoever reads its commune.
func (s *Server) recognitionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "quyết định công nhận")
	if err != nil {
		return err
	}
	f, err := s.svc.RecognitionFile(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}

// decisionFields is what the shared fields of a decision's forms need:
// the page, the form and an ID that sets its fields apart.
type decisionFields struct {
	Page recognitionsView
	Form recognitionForm
	ID   string
}

// Args hands the decision fields their page, form and ID.
func (v recognitionsView) Args(f recognitionForm, id string) decisionFields {
	return decisionFields{Page: v, Form: f, ID: id}
}
