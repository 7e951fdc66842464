package web

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
)

// Guidance documents: a lead department publishes guidance for the
// criteria it leads (Plan 45 §III); units see it beside the criterion on
// their page and download it from here. The coordination office may publish
// for any criterion.

// serveFile sends a stored file: opened in the browser when it is a PDF or
// an image, downloaded otherwise, and never run as a page.
func serveFile(w http.ResponseWriter, f *datchuan.File) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; plugin-types application/pdf")
	disp := "attachment"
	if strings.HasPrefix(f.ContentType, "image/") || f.ContentType == "application/pdf" {
		disp = "inline"
	}
	h.Set("Content-Disposition", disp+"; filename*=UTF-8''"+url.PathEscape(f.Name))
	_, _ = w.Write(f.Data)
}

// viewerProvince is the province a province-wide page shows: ?tinh= when
// given, else the province of the viewer's first role.
func (s *Server) viewerProvince(r *http.Request) (*datchuan.Unit, datchuan.UnitPath, error) {
	code := r.URL.Query().Get("tinh")
	if code == "" {
		scopes := viewerOf(r).access.Scopes()
		if len(scopes) == 0 {
			return nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn chưa có vai trò trong tỉnh nào (you have no role in a province)")
		}
		code = scopes[0].Province
	}
	return s.provinceOf(r, code)
}

// agenciesOfProvince returns the agencies attached to the province of code
// (to any version of it), by ID.
func (s *Server) agenciesOfProvince(ctx context.Context, code string) (map[int64]*datchuan.Agency, error) {
	versions, err := s.deps.Units.FindUnits(ctx, datchuan.UnitFilter{Code: code, Level: datchuan.LevelProvince})
	if err != nil {
		return nil, err
	}
	ids := map[int64]bool{}
	for _, v := range versions {
		ids[v.ID] = true
	}
	all, err := s.deps.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{})
	if err != nil {
		return nil, err
	}
	out := map[int64]*datchuan.Agency{}
	for _, a := range all {
		if ids[a.UnitID] {
			out[a.ID] = a
		}
	}
	return out, nil
}

// sortedAgencies lists agencies by code, for forms.
func sortedAgencies(m map[int64]*datchuan.Agency, keep func(*datchuan.Agency) bool) []*datchuan.Agency {
	var out []*datchuan.Agency
	for _, a := range m {
		if keep == nil || keep(a) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// agencyProvince returns the code of the province an agency belongs to.
func (s *Server) agencyProvince(ctx context.Context, agencyID int64) (string, error) {
	a, err := s.deps.Agencies.Agency(ctx, agencyID)
	if err != nil {
		return "", err
	}
	u, err := s.deps.Units.Unit(ctx, a.UnitID)
	if err != nil {
		return "", err
	}
	if u.Level == datchuan.LevelProvince {
		return u.Code, nil
	}
	p, err := datchuan.PathOf(ctx, s.deps.Units, u)
	return p.Province, err
}

// provinceCommuneSet is the commune NTM set a province works on this year:
// the one its standing leads name, else the one in force.
func (s *Server) provinceCommuneSet(ctx context.Context, prov *datchuan.Unit) (*datchuan.CriteriaSet, error) {
	year := s.today().Year
	leads, err := s.deps.Agencies.Leads(ctx, prov.ID, "")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, l := range leads {
		if seen[l.SetID] {
			continue
		}
		seen[l.SetID] = true
		set, err := s.deps.Sets.Set(l.SetID)
		if err != nil {
			continue
		}
		if set.Tier == datchuan.TierCommuneNTM && set.Level == datchuan.LevelCommune && year >= set.PeriodFrom && year <= set.PeriodTo {
			return set, nil
		}
	}
	return s.communeSet(nil, year), nil
}

// critChoice is a criterion, or one of its indicators, offered by a form.
type critChoice struct {
	Code      string
	Label     string
	Indicator bool
}

// critChoices lists the criteria of set, each followed by its indicators
// when withIndicators; keep (when not nil) says which to offer.
func critChoices(b base, set *datchuan.CriteriaSet, withIndicators bool, keep func(crit, ind string) bool) []critChoice {
	if set == nil {
		return nil
	}
	var out []critChoice
	for _, c := range set.Criteria {
		if keep == nil || keep(c.Code, "") {
			out = append(out, critChoice{Code: c.Code, Label: c.Code + ". " + b.T(c.NameVi, cmp.Or(c.NameEn, c.NameVi))})
		}
		if !withIndicators {
			continue
		}
		for _, ind := range c.Indicators {
			if keep == nil || keep(c.Code, ind.Code) {
				out = append(out, critChoice{Code: ind.Code, Label: ind.Code + " " + b.T(ind.NameVi, cmp.Or(ind.NameEn, ind.NameVi)), Indicator: true})
			}
		}
	}
	return out
}

// parseLink reads a criterion ("17") or an indicator ("17.2") of set.
func parseLink(set *datchuan.CriteriaSet, code string) (crit, ind string, ok bool) {
	if set == nil || code == "" {
		return "", "", false
	}
	if c := set.Criterion(code); c != nil {
		return c.Code, "", true
	}
	if i, c := set.Indicator(code); i != nil {
		return c.Code, i.Code, true
	}
	return "", "", false
}

// linkLabel names a criterion or indicator of a set for people: "17. Môi
// trường …" or "17.2 Tỷ lệ …"; the codes alone when the set is unknown.
func (s *Server) linkLabel(b base, setID, crit, ind string) string {
	if crit == "" {
		return ""
	}
	set, err := s.deps.Sets.Set(setID)
	if err != nil {
		if ind != "" {
			return ind
		}
		return crit
	}
	if ind != "" {
		if i, _ := set.Indicator(ind); i != nil {
			return i.Code + " " + b.T(i.NameVi, cmp.Or(i.NameEn, i.NameVi))
		}
		return ind
	}
	if c := set.Criterion(crit); c != nil {
		return c.Code + ". " + b.T(c.NameVi, cmp.Or(c.NameEn, c.NameVi))
	}
	return crit
}

// leadOf returns the standing lead agency of a criterion, or of one of its
// indicators (its own lead beats the criterion's), 0 when there is none.
func leadOf(leads []*datchuan.Lead, setID, crit, ind string) int64 {
	var byCrit, byInd int64
	for _, l := range leads {
		if l.Supporting || l.SetID != setID || l.CriterionCode != crit {
			continue
		}
		switch {
		case l.IndicatorCode == "" && byCrit == 0:
			byCrit = l.AgencyID
		case ind != "" && l.IndicatorCode == ind && byInd == 0:
			byInd = l.AgencyID
		}
	}
	if byInd != 0 {
		return byInd
	}
	return byCrit
}

// keptFiles reads the "kept" hashes of a refused form: files the viewer
// uploaded with an earlier try, so they need not be chosen again. Only the
// viewer's own uploads are kept.
func (s *Server) keptFiles(r *http.Request) ([]string, map[string]*datchuan.File, error) {
	hashes := fileHashes(r.Form["kept"])
	if len(hashes) == 0 {
		return nil, map[string]*datchuan.File{}, nil
	}
	infos, err := s.deps.Files.FileInfos(r.Context(), hashes)
	if err != nil {
		return nil, nil, err
	}
	me := viewerOf(r).user.ID
	var out []string
	for _, h := range hashes {
		if f := infos[h]; f != nil && f.UploadedBy == me {
			out = append(out, h)
		}
	}
	return out, infos, nil
}

// formFiles gathers the files of a form that may come back refused: those
// kept from an earlier try and those uploaded now (at most max in all),
// with their metadata for the page, and a problem naming refused files.
func (s *Server) formFiles(r *http.Request, field string, max int) (files []string, infos map[string]*datchuan.File, problem string, err error) {
	kept, infos, err := s.keptFiles(r)
	if err != nil {
		return nil, nil, "", err
	}
	stored, problem := s.uploadFiles(r, field, max-len(kept))
	if len(stored) > 0 {
		more, err := s.deps.Files.FileInfos(r.Context(), stored)
		if err != nil {
			return nil, nil, "", err
		}
		maps.Copy(infos, more)
	}
	return append(kept, stored...), infos, problem, nil
}

// uploadFiles stores the files of a form field; it returns the hashes
// stored and, for refused files, a message naming them (the others are
// still stored).
func (s *Server) uploadFiles(r *http.Request, field string, max int) ([]string, string) {
	if r.MultipartForm == nil {
		return nil, ""
	}
	var files []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename != "" || fh.Size > 0 {
			files = append(files, fh)
		}
	}
	if len(files) > max {
		return nil, "Quá số tệp cho phép; hãy chọn ít tệp hơn (too many files)"
	}
	var hashes, problems []string
	for _, fh := range files {
		h, err := s.storeUpload(r.Context(), fh, viewerOf(r).user.ID)
		if err != nil {
			problems = append(problems, datchuan.ErrorMessage(err))
			continue
		}
		hashes = append(hashes, h)
	}
	return hashes, strings.Join(problems, " ")
}

// parseForm reads a form, multipart or not.
func parseForm(r *http.Request) error {
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return datchuan.Errorf(datchuan.EINVALID, "Không đọc được biểu mẫu; tổng dung lượng tệp có thể quá lớn (unreadable form)")
	}
	return nil
}

// formValue is a trimmed field of a form read by parseForm.
func formValue(r *http.Request, name string) string { return strings.TrimSpace(r.FormValue(name)) }

// ---- The guidance page ----

type guidanceForm struct {
	Number, Date, Title, Criterion, Agency string
	Kept                                   []string
}

type guidanceRow struct {
	*datchuan.Guidance
	Agency   *datchuan.Agency
	Link     string
	FileInfo *datchuan.File // Guidance.File, with its name
}

type guidancePage struct {
	base
	Province   *datchuan.Unit
	Set        *datchuan.CriteriaSet
	Rows       []guidanceRow
	CanPublish bool
	AnyAgency  bool // the coordination office chooses the publishing agency
	Agencies   []*datchuan.Agency
	Choices    []critChoice
	Form       guidanceForm
	Files      map[string]*datchuan.File // kept uploads
	Errors     map[string]string
	Done       bool
	Accept     string
	MaxMB      int64
}

// publisher is what the viewer may publish in a province: anything (the
// coordination office) or the criteria their departments lead.
type publisher struct {
	any      bool
	mine     map[int64]bool // the viewer's departments in the province
	leads    []*datchuan.Lead
	agencies map[int64]*datchuan.Agency
}

// can reports whether the viewer publishes anything at all: the
// coordination office, or an officer of a department that leads a criterion.
func (pb *publisher) can() bool {
	if pb.any {
		return true
	}
	for _, l := range pb.leads {
		if !l.Supporting && pb.mine[l.AgencyID] {
			return true
		}
	}
	return false
}

// lead returns the agency that publishes for the criterion or indicator by
// default (its standing lead), and whether the viewer may publish for it.
func (pb *publisher) lead(setID, crit, ind string) (int64, bool) {
	id := leadOf(pb.leads, setID, crit, ind)
	return id, pb.any || (id != 0 && pb.mine[id])
}

func (s *Server) publisherOf(r *http.Request, prov *datchuan.Unit, path datchuan.UnitPath) (*publisher, error) {
	v := viewerOf(r)
	ags, err := s.agenciesOfProvince(r.Context(), prov.Code)
	if err != nil {
		return nil, err
	}
	pb := &publisher{any: v.access.CanPlan(path), mine: map[int64]bool{}, agencies: ags}
	for _, id := range v.access.Agencies() {
		if ags[id] != nil {
			pb.mine[id] = true
		}
	}
	if pb.any || len(pb.mine) > 0 {
		if pb.leads, err = s.deps.Agencies.Leads(r.Context(), prov.ID, ""); err != nil {
			return nil, err
		}
	}
	return pb, nil
}

func (s *Server) guidancePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderGuidance(w, r, http.StatusOK, guidanceForm{}, nil, nil)
}

func (s *Server) renderGuidance(w http.ResponseWriter, r *http.Request, status int, f guidanceForm, files map[string]*datchuan.File, errs map[string]string) error {
	ctx := r.Context()
	prov, path, err := s.viewerProvince(r)
	if err != nil {
		return err
	}
	pb, err := s.publisherOf(r, prov, path)
	if err != nil {
		return err
	}
	set, err := s.provinceCommuneSet(ctx, prov)
	if err != nil {
		return err
	}
	p := guidancePage{base: s.pageBase(r, "Văn bản hướng dẫn", "Guidance documents"), Province: prov, Set: set,
		CanPublish: pb.can(), AnyAgency: pb.any, Form: f, Files: files, Errors: errs,
		Done: r.URL.Query().Get("ok") == "1", Accept: evidence.Accept, MaxMB: s.deps.MaxUpload >> 20}
	if p.Rows, err = s.guidanceRows(ctx, p.base, pb.agencies); err != nil {
		return err
	}
	if p.CanPublish && set != nil {
		p.Choices = critChoices(p.base, set, true, func(crit, ind string) bool {
			_, ok := pb.lead(set.ID, crit, ind)
			return ok
		})
		if pb.any {
			p.Agencies = sortedAgencies(pb.agencies, nil)
		}
	}
	s.pages.render(w, status, "guidance", p)
	return nil
}

// guidanceRows lists the guidance of a province's agencies, newest first.
func (s *Server) guidanceRows(ctx context.Context, b base, ags map[int64]*datchuan.Agency) ([]guidanceRow, error) {
	docs, err := s.deps.Guidance.Guidance(ctx, "", "")
	if err != nil {
		return nil, err
	}
	var rows []guidanceRow
	var hashes []string
	for _, g := range docs {
		if ags[g.AgencyID] == nil {
			continue
		}
		rows = append(rows, guidanceRow{Guidance: g, Agency: ags[g.AgencyID], Link: s.linkLabel(b, g.SetID, g.CriterionCode, g.IndicatorCode)})
		if g.File != "" {
			hashes = append(hashes, g.File)
		}
	}
	infos, err := s.deps.Files.FileInfos(ctx, hashes)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].FileInfo = infos[rows[i].File]
	}
	return rows, nil
}

// publishGuidance stores a guidance document with its file. A department
// publishes only for what it leads (403 otherwise); a refused form comes
// back whole, with the file already received kept.
func (s *Server) publishGuidance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	prov, path, err := s.viewerProvince(r)
	if err != nil {
		return err
	}
	pb, err := s.publisherOf(r, prov, path)
	if err != nil {
		return err
	}
	if !pb.can() {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ sở, ngành chủ trì tiêu chí hoặc Văn phòng Điều phối ban hành hướng dẫn (only the lead department or the coordination office publishes guidance)")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := guidanceForm{Number: formValue(r, "number"), Date: formValue(r, "date"), Title: formValue(r, "title"),
		Criterion: formValue(r, "criterion"), Agency: formValue(r, "agency")}
	errs := map[string]string{}
	set, err := s.provinceCommuneSet(ctx, prov)
	if err != nil {
		return err
	}
	g := &datchuan.Guidance{Number: f.Number, Title: f.Title, CreatedBy: viewerOf(r).user.ID}
	if crit, ind, ok := parseLink(set, f.Criterion); ok {
		lead, allowed := pb.lead(set.ID, crit, ind)
		if !allowed {
			return datchuan.Errorf(datchuan.EFORBIDDEN, "Sở, ngành của bạn không chủ trì tiêu chí %s nên không ban hành hướng dẫn cho tiêu chí này (your department does not lead this criterion)", f.Criterion)
		}
		g.SetID, g.CriterionCode, g.IndicatorCode, g.AgencyID = set.ID, crit, ind, lead
	} else {
		errs["criterion"] = "Chọn tiêu chí hoặc chỉ tiêu (choose a criterion or indicator)"
	}
	if pb.any && f.Agency != "" {
		id, err := strconv.ParseInt(f.Agency, 10, 64)
		if err != nil || pb.agencies[id] == nil {
			errs["agency"] = "Chọn cơ quan ban hành trong tỉnh (choose an agency of the province)"
		} else {
			g.AgencyID = id
		}
	}
	if g.AgencyID == 0 && errs["criterion"] == "" && errs["agency"] == "" {
		errs["agency"] = "Tiêu chí này chưa có sở chủ trì: chọn cơ quan ban hành (no lead department: choose the agency)"
	}
	if f.Number == "" {
		errs["number"] = "Cần số, ký hiệu văn bản, ví dụ 1234/HD-SXD (number required)"
	}
	if f.Title == "" {
		errs["title"] = "Cần trích yếu (title required)"
	}
	if g.Date, err = datchuan.ParseDate(f.Date); err != nil {
		errs["date"] = "Ngày cần dạng dd/mm/yyyy (date must be dd/mm/yyyy)"
	} else if s.today().Before(g.Date) {
		errs["date"] = "Ngày ban hành không được sau hôm nay (the date cannot be in the future)"
	}
	kept, infos, err := s.keptFiles(r)
	if err != nil {
		return err
	}
	stored, problem := s.uploadFiles(r, "file", 1)
	f.Kept = append(kept, stored...)
	if len(f.Kept) > 1 {
		f.Kept = f.Kept[len(f.Kept)-1:] // a new file replaces the one kept
	}
	switch {
	case problem != "":
		errs["file"] = problem
	case len(f.Kept) == 0:
		errs["file"] = "Cần tệp văn bản hướng dẫn (PDF, Word…) (the document file is required)"
	}
	if len(errs) > 0 {
		if len(stored) > 0 {
			more, err := s.deps.Files.FileInfos(ctx, stored)
			if err != nil {
				return err
			}
			for h, fi := range more {
				infos[h] = fi
			}
		}
		return s.renderGuidance(w, r, http.StatusUnprocessableEntity, f, infos, errs)
	}
	g.File = f.Kept[0]
	if err := s.deps.Guidance.PublishGuidance(ctx, g); err != nil {
		return err
	}
	s.deps.Log.Info("guidance published", "user", viewerOf(r).user.Login, "number", g.Number, "criterion", g.CriterionCode, "indicator", g.IndicatorCode)
	http.Redirect(w, r, "/huong-dan?tinh="+url.QueryEscape(prov.Code)+"&ok=1", http.StatusSeeOther)
	return nil
}

// guidanceFile serves the document of a guidance to anyone working in its
// agency's province.
func (s *Server) guidanceFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	notFound := datchuan.Errorf(datchuan.ENOTFOUND, "Không có văn bản hướng dẫn này (no such guidance)")
	if err != nil {
		return notFound
	}
	docs, err := s.deps.Guidance.Guidance(ctx, "", "")
	if err != nil {
		return err
	}
	var g *datchuan.Guidance
	for _, d := range docs {
		if d.ID == id {
			g = d
		}
	}
	if g == nil || g.File == "" {
		return notFound
	}
	code, err := s.agencyProvince(ctx, g.AgencyID)
	if err != nil {
		return err
	}
	if !viewerOf(r).access.InProvince(code) {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không có quyền xem văn bản này (no access to this document)")
	}
	f, err := s.deps.Files.File(ctx, g.File)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}

// guidanceLink is a guidance document as the unit page lists it.
type guidanceLink struct {
	ID            int64
	Number        string
	Date          datchuan.Date
	Title         string
	IndicatorCode string
	Agency        string
}

// unitGuidance returns the guidance that agencies of ags published for a
// set (and the sets it derives from), by criterion code.
func (s *Server) unitGuidance(ctx context.Context, set *datchuan.CriteriaSet, ags map[int64]*datchuan.Agency) (map[string][]guidanceLink, error) {
	out := map[string][]guidanceLink{}
	if s.deps.Guidance == nil {
		return out, nil
	}
	seen := map[string]bool{}
	for id := set.ID; id != "" && !seen[id]; {
		seen[id] = true
		docs, err := s.deps.Guidance.Guidance(ctx, id, "")
		if err != nil {
			return nil, err
		}
		for _, g := range docs {
			a := ags[g.AgencyID]
			if a == nil || g.File == "" {
				continue
			}
			out[g.CriterionCode] = append(out[g.CriterionCode], guidanceLink{ID: g.ID, Number: g.Number, Date: g.Date,
				Title: g.Title, IndicatorCode: g.IndicatorCode, Agency: cmp.Or(a.ShortName, a.Name)})
		}
		parent, err := s.deps.Sets.Set(id)
		if err != nil {
			break
		}
		id = parent.DerivedFrom
	}
	return out, nil
}

// addGuidance puts beside each criterion of a unit's sets the guidance
// that the agencies of its province published for it.
func (s *Server) addGuidance(ctx context.Context, v *viewer, u *datchuan.Unit, sets []unitSet) error {
	if s.deps.Guidance == nil || len(sets) == 0 {
		return nil
	}
	p, err := s.pathOf(ctx, v, u)
	if err != nil {
		return err
	}
	ags, err := s.agenciesOfProvince(ctx, p.Province)
	if err != nil {
		return err
	}
	for i := range sets {
		docs, err := s.unitGuidance(ctx, sets[i].Set, ags)
		if err != nil {
			return err
		}
		for j := range sets[i].Criteria {
			sets[i].Criteria[j].Guidance = docs[sets[i].Criteria[j].Code]
		}
	}
	return nil
}
