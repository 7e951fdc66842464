package web

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The record of one inspection: what it is, its findings (each with a
// small form to correct it and to make it an obstacle or a task), its
// photos, and the forms of those who edit it. A refused form comes back
// with what was typed and its problems beside its fields.

// photoAccept is the accept attribute of the photo input: images only.
const photoAccept = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"

// moveForm is the change of state as typed.
type moveForm struct {
	Done, Summary string
	Errors        map[string]string
}

// findingForm is the new-finding form as typed.
type findingForm struct {
	Unit, Criterion, Result, Note string
	Errors                        map[string]string
}

// findingEditForm is the correction of a finding as typed.
type findingEditForm struct {
	Version      int
	Result, Note string
	Errors       map[string]string
}

// followForm is the form that makes a finding an obstacle or a task.
type followForm struct {
	Title, Detail, Owner, Assignee, Due string
	Errors                              map[string]string
}

// photoForm is the photo form as typed, with the files already received.
type photoForm struct {
	Taken, Caption string
	Kept           []string
	Errors         map[string]string
}

// findingView is a finding with its forms.
type findingView struct {
	service.FindingRow
	EditForm     findingEditForm
	ObstacleForm followForm
	TaskForm     followForm
	People       []service.Member // who may be given its task (a commune's)
	Open         string           // the form to show open: "edit", "obstacle", "task"
}

// Commune reports whether the finding's unit is a commune: only a
// commune's findings may become member tasks.
func (f findingView) Commune() bool { return f.Unit.Level == datchuan.LevelCommune }

type inspectionView struct {
	base
	R        *service.InspectionRecord
	Choices  *service.InspectionChoices
	Edit     inspectionForm
	EditErrs map[string]string
	Move     moveForm
	Add      findingForm
	Rows     []findingView
	Owners   []*datchuan.Agency
	Checked  []critChoice // the criteria checked and their indicators
	Photo    photoForm
	Files    map[string]*datchuan.Attachment // names of the photos received by a refused form
	Accept   string
	MaxMB    int64
	OK       string
	Error    string // a refusal that names no field
}

// StateLabel names a state in the page's language.
func (v inspectionView) StateLabel(st datchuan.InspectionState) string {
	return v.T(st.LabelVi(), st.LabelEn())
}

// ResultLabel names a result in the page's language.
func (v inspectionView) ResultLabel(r datchuan.FindingResult) string {
	return v.T(r.LabelVi(), r.LabelEn())
}

// Results are the results a finding may have.
func (v inspectionView) Results() []datchuan.FindingResult { return datchuan.FindingResults }

// TakenFrom says where a photo's time comes from, in the page's language.
func (v inspectionView) TakenFrom(t datchuan.PhotoTime) string { return v.T(t.LabelVi(), t.LabelEn()) }

// CanMove reports whether the inspection may move to state to.
func (v inspectionView) CanMove(to string) bool {
	return v.R.State.CanMoveTo(datchuan.InspectionState(to))
}

// ResultClass is the status class a result shows in: met, not met, or
// in between.
func (v inspectionView) ResultClass(r datchuan.FindingResult) string {
	switch r {
	case datchuan.FindingMet:
		return "st-met"
	case datchuan.FindingNotMet:
		return "st-not_met"
	}
	return "st-reported"
}

// ResultMark is the symbol beside a result, read in grayscale print.
func (v inspectionView) ResultMark(r datchuan.FindingResult) string {
	switch r {
	case datchuan.FindingMet:
		return "✓"
	case datchuan.FindingNotMet:
		return "✗"
	}
	return "…"
}

// CheckedCriteria names the criteria checked.
func (v inspectionView) CheckedCriteria() []string {
	var out []string
	for _, code := range v.R.Criteria {
		if v.R.Set != nil {
			if c := v.R.Set.Criterion(code); c != nil {
				out = append(out, c.Code+". "+v.T(c.NameVi, cmp.Or(c.NameEn, c.NameVi)))
				continue
			}
		}
		out = append(out, code)
	}
	return out
}

// UnitChoices are the units the edit form offers.
func (v inspectionView) UnitChoices() unitsView {
	return unitsView{V: v, Errors: v.EditErrs, Form: v.Edit, Groups: v.Choices.Units}
}

// refusedForm names a form a refused POST comes back to, with its errors.
type refusedForm func(v *inspectionView, errs map[string]string)

func (s *Server) inspectionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInspection(w, r, http.StatusOK, nil, nil)
}

// renderInspection shows the record; fill, when a form was refused, puts
// back what it typed and its problems.
func (s *Server) renderInspection(w http.ResponseWriter, r *http.Request, status int, fill refusedForm, errs map[string]string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	rec, err := s.svc.InspectionRecordFor(ctx, c, id)
	if err != nil {
		return err
	}
	v := &inspectionView{base: s.pageBase(r, "Kiểm tra thực tế: "+rec.Title, "Site inspection: "+rec.Title), R: rec,
		Edit: storedForm(rec), Accept: photoAccept, MaxMB: s.svc.MaxUpload() >> 20, OK: r.URL.Query().Get("ok"),
		Move: moveForm{Done: rec.Planned.VN(), Summary: rec.Summary}, Files: map[string]*datchuan.Attachment{}}
	if s.today().Before(rec.Planned) {
		v.Move.Done = s.today().VN() // done earlier than planned: a guess to correct
	}
	if rec.Edits {
		if err := s.editChoices(r, v); err != nil {
			return err
		}
	} else {
		for _, row := range rec.Findings {
			v.Rows = append(v.Rows, findingView{FindingRow: row})
		}
	}
	if fill != nil {
		v.Error = errs[""]
		fill(v, errs)
	}
	if len(v.Photo.Kept) > 0 {
		if v.Files, err = s.svc.Attachments(ctx, v.Photo.Kept); err != nil {
			return err
		}
	}
	s.pages.render(w, status, "inspection", v)
	return nil
}

// storedForm is the edit form of an inspection as stored.
func storedForm(rec *service.InspectionRecord) inspectionForm {
	f := inspectionForm{Version: rec.Version, Title: rec.Title, Planned: rec.Planned.VN(), Agency: strconv.FormatInt(rec.AgencyID, 10),
		Team: rec.Team, Summary: rec.Summary, SetID: rec.SetID, Criteria: rec.Criteria}
	if !rec.Done.IsZero() {
		f.Done = rec.Done.VN()
	}
	for _, u := range rec.Units {
		f.Units = append(f.Units, u.Code)
	}
	return f
}

// editChoices fills what the forms of an editor offer: agencies, units,
// owners of obstacles, the criteria checked, each finding's forms.
func (s *Server) editChoices(r *http.Request, v *inspectionView) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	var err error
	if v.Choices, err = s.svc.InspectionChoicesFor(ctx, c, v.R.Province); err != nil {
		return err
	}
	owners, err := s.svc.Owners(ctx, c, v.R.Province)
	if err != nil {
		return err
	}
	v.Owners = service.SortedAgencies(owners, nil)
	v.Checked = critChoices(v.base, v.R.Set, true, func(crit, _ string) bool { return v.R.Checks(crit) })
	people := map[int64][]service.Member{}
	for _, row := range v.R.Findings {
		fv := findingView{FindingRow: row, EditForm: findingEditForm{Version: row.Version, Result: string(row.Result), Note: row.Note},
			ObstacleForm: followForm{Title: followTitle(row)}, TaskForm: followForm{Title: followTitle(row)}}
		if fv.Commune() && !row.FollowedUp() && row.Result.NeedsFollowUp() {
			if _, ok := people[row.UnitID]; !ok {
				_, path, err := c.Tree.Place(ctx, row.UnitID)
				if err != nil {
					return err
				}
				if people[row.UnitID], err = s.svc.TaskPeople(ctx, c, path); err != nil {
					return err
				}
			}
			fv.People = people[row.UnitID]
		}
		v.Rows = append(v.Rows, fv)
	}
	return nil
}

// followTitle is the title an obstacle or task made of a finding starts
// with: the first line of its note, else its criterion and result.
func followTitle(row service.FindingRow) string {
	if line, _, _ := strings.Cut(row.Note, "\n"); strings.TrimSpace(line) != "" {
		return strings.TrimSpace(line)
	}
	return row.Label + ": " + strings.ToLower(row.Result.LabelVi())
}

// row finds the view of finding id, to put a refused form back on it.
func (v *inspectionView) row(id int64) *findingView {
	for i := range v.Rows {
		if v.Rows[i].ID == id {
			return &v.Rows[i]
		}
	}
	return nil
}

func (s *Server) editInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := readInspectionForm(r, formValue(r, "set"))
	_, err = s.svc.EditInspection(r.Context(), viewerOf(r).caller, id, f.input())
	return answer(w, r, err, func() string { return inspectionURL(id) + "?ok=saved" }, func(status int, errs map[string]string) error {
		return s.renderInspection(w, r, status, func(v *inspectionView, errs map[string]string) {
			if status == http.StatusConflict {
				f.Version = v.R.Version // shown beside the stored one: saving again is a choice
			}
			v.Edit, v.EditErrs = f, errs
		}, errs)
	})
}

func (s *Server) moveInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	m := moveForm{Done: formValue(r, "done"), Summary: r.FormValue("summary")}
	_, err = s.svc.MoveInspection(r.Context(), viewerOf(r).caller, id, service.InspectionMove{Version: formVersion(r),
		To: datchuan.InspectionState(formValue(r, "to")), Done: m.Done, Summary: m.Summary})
	return answer(w, r, err, func() string { return inspectionURL(id) + "?ok=moved" }, func(status int, errs map[string]string) error {
		return s.renderInspection(w, r, status, func(v *inspectionView, errs map[string]string) {
			m.Errors = errs
			v.Move = m
		}, errs)
	})
}

func (s *Server) addFinding(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := findingForm{Unit: formValue(r, "unit"), Criterion: formValue(r, "criterion"), Result: formValue(r, "result"), Note: r.FormValue("note")}
	fd, err := s.svc.AddFinding(r.Context(), viewerOf(r).caller, id, service.FindingInput{Unit: f.Unit, Criterion: f.Criterion, Result: f.Result, Note: f.Note})
	return answer(w, r, err, func() string { return inspectionURL(id) + "?ok=finding#f-" + strconv.FormatInt(fd.ID, 10) },
		func(status int, errs map[string]string) error {
			return s.renderInspection(w, r, status, func(v *inspectionView, errs map[string]string) {
				f.Errors = errs
				v.Add = f
			}, errs)
		})
}

// findingParams reads the inspection and finding of a finding's route.
func findingParams(r *http.Request) (id, finding int64, err error) {
	if id, err = idParam(r, "id", "đợt kiểm tra"); err != nil {
		return 0, 0, err
	}
	if finding, err = idParam(r, "finding", "kết quả kiểm tra"); err != nil {
		return 0, 0, err
	}
	return id, finding, parseForm(r)
}

func (s *Server) editFinding(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := findingParams(r)
	if err != nil {
		return err
	}
	e := findingEditForm{Version: formVersion(r), Result: formValue(r, "result"), Note: r.FormValue("note")}
	_, err = s.svc.EditFinding(r.Context(), viewerOf(r).caller, id, fid, service.FindingEdit{Version: e.Version, Result: e.Result, Note: e.Note})
	return s.answerFinding(w, r, err, id, fid, "edited", func(fv *findingView, errs map[string]string) {
		e.Errors = errs
		if e.Version != fv.Version {
			e.Version = fv.Version // a stale correction comes back on the finding as it is now
		}
		fv.EditForm, fv.Open = e, "edit"
	})
}

func (s *Server) findingToObstacle(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := findingParams(r)
	if err != nil {
		return err
	}
	f := followForm{Title: formValue(r, "title"), Detail: r.FormValue("detail"), Owner: formValue(r, "owner"), Due: formValue(r, "due")}
	_, err = s.svc.FindingToObstacle(r.Context(), viewerOf(r).caller, id, fid, service.FollowUpInput{Version: formVersion(r),
		Title: f.Title, Detail: f.Detail, Owner: f.Owner, Due: f.Due})
	return s.answerFinding(w, r, err, id, fid, "obstacle", func(fv *findingView, errs map[string]string) {
		f.Errors = errs
		fv.ObstacleForm, fv.Open = f, "obstacle"
	})
}

func (s *Server) findingToTask(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := findingParams(r)
	if err != nil {
		return err
	}
	f := followForm{Title: formValue(r, "title"), Detail: r.FormValue("detail"), Assignee: formValue(r, "assignee"), Due: formValue(r, "due")}
	_, err = s.svc.FindingToTask(r.Context(), viewerOf(r).caller, id, fid, service.FollowUpInput{Version: formVersion(r),
		Title: f.Title, Detail: f.Detail, Assignee: f.Assignee, Due: f.Due})
	return s.answerFinding(w, r, err, id, fid, "task", func(fv *findingView, errs map[string]string) {
		f.Errors = errs
		fv.TaskForm, fv.Open = f, "task"
	})
}

// answerFinding ends a POST of a finding's form: back to its row once
// done, the page with the form as typed when refused.
func (s *Server) answerFinding(w http.ResponseWriter, r *http.Request, err error, id, fid int64, ok string, put func(*findingView, map[string]string)) error {
	anchor := "#f-" + strconv.FormatInt(fid, 10)
	return answer(w, r, err, func() string { return inspectionURL(id) + "?ok=" + ok + anchor }, func(status int, errs map[string]string) error {
		return s.renderInspection(w, r, status, func(v *inspectionView, errs map[string]string) {
			if fv := v.row(fid); fv != nil {
				put(fv, errs)
			}
		}, errs)
	})
}

// addPhotos stores the photos of the form and adds them to the
// inspection. A refused form comes back with the photos received kept.
func (s *Server) addPhotos(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	// Asked before any upload is stored.
	rec, err := s.svc.InspectionRecordFor(ctx, c, id)
	if err != nil {
		return err
	}
	if err := c.CheckInspect(rec.Province.Code, rec.AgencyID); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := photoForm{Taken: formValue(r, "taken"), Caption: formValue(r, "caption")}
	files, infos, problem, err := s.formFiles(r, "photos", min(datchuan.MaxPhotosAtOnce, datchuan.MaxInspectionPhotos-len(rec.Photos)))
	if err != nil {
		return err
	}
	for _, id := range files {
		// What is no image is refused below, and not offered again.
		if a := infos[id]; a != nil && strings.HasPrefix(a.ContentType, "image/") {
			f.Kept = append(f.Kept, id)
		}
	}
	_, err = s.svc.AddPhotos(ctx, c, id, service.PhotoInput{Files: files, Taken: f.Taken, Caption: f.Caption, Refused: problem})
	return answer(w, r, err, func() string { return inspectionURL(id) + "?ok=photos#photos" }, func(status int, errs map[string]string) error {
		return s.renderInspection(w, r, status, func(v *inspectionView, errs map[string]string) {
			f.Errors = errs
			v.Photo = f
		}, errs)
	})
}

// inspectionPhoto serves a photo of an inspection to whoever reads it.
func (s *Server) inspectionPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	f, err := s.svc.InspectionPhoto(r.Context(), viewerOf(r).caller, id, r.PathValue("file"))
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}
