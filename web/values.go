package web

import (
	"cmp"
	"context"
	"errors"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/work"
)

// maxEvidenceFiles is how many files one report may attach.
const maxEvidenceFiles = 5

func formFuncs() template.FuncMap {
	return template.FuncMap{
		"measure":   measureShort,
		"threshold": thresholdShort,
	}
}

// thresholdShort shows what an indicator must reach: "≥ 95%", "≤ 3%", "đạt".
func thresholdShort(ind *datchuan.Indicator, th *datchuan.Threshold) string {
	if th == nil || !th.Known {
		return "?"
	}
	unit := ind.Unit
	if unit != "" && unit != "%" {
		unit = " " + unit
	}
	switch ind.Kind {
	case datchuan.KindPassFail:
		return "đạt"
	case datchuan.KindNoneAllowed:
		return "không có"
	case datchuan.KindPercentMax:
		return "≤ " + datchuan.FormatNumber(th.Value) + unit
	}
	return "≥ " + datchuan.FormatNumber(th.Value) + unit
}

// measureShort shows a value as people write it; a ratio also as a percentage.
func measureShort(m datchuan.Measure) string {
	if m.Kind == datchuan.MeasureRatio && m.Denominator > 0 {
		return m.String() + " (" + datchuan.FormatNumber(m.Numerator*100/m.Denominator) + "%)"
	}
	return m.String()
}

// unitByCode finds the unit of a code in force on `on` (the latest version
// when on is zero); the code's length says its level.
func (s *Server) unitByCode(ctx context.Context, code string, on datchuan.Date) (*datchuan.Unit, datchuan.Date, error) {
	return s.rollup.Resolve(ctx, datchuan.LevelOfCode(code), code, on)
}

// indicatorRef is an indicator of a set, with its criterion.
type indicatorRef struct {
	Set       *datchuan.CriteriaSet
	Criterion *datchuan.Criterion
	Indicator *datchuan.Indicator
}

func (s *Server) indicator(setID, code string) (indicatorRef, error) {
	set, err := s.deps.Sets.Set(setID)
	if err != nil {
		return indicatorRef{}, err
	}
	ind, crit := set.Indicator(code)
	if ind == nil {
		return indicatorRef{}, datchuan.Errorf(datchuan.ENOTFOUND, "Bộ tiêu chí %s không có chỉ tiêu %s (no such indicator)", setID, code)
	}
	return indicatorRef{Set: set, Criterion: crit, Indicator: ind}, nil
}

// reportPage is the form that reports one indicator of one unit.
type reportPage struct {
	base
	Unit      *datchuan.Unit
	Ref       indicatorRef
	Threshold *datchuan.Threshold
	Current   *datchuan.Value
	Files     map[string]*datchuan.File // evidence of Current and of the form
	Form      reportInput
	Errors    map[string]string // field → what is wrong
	Saved     bool
	Action    string
	Accept    string
	MaxMB     int64
}

// reportInput is what the officer typed, kept whole when the form is refused.
type reportInput struct {
	Result      string // pass/fail: "dat", "khong-dat"; none-allowed: "none", "some"
	Numerator   string
	Denominator string
	Number      string
	AsOf        string
	Comment     string
	Kept        []string // hashes of files already stored by an earlier, refused submission
}

// Field reports whether the form shows a field for this kind of indicator.
func (p reportPage) Field(name string) bool {
	k := p.Ref.Indicator.Kind
	switch name {
	case "result":
		return k == datchuan.KindPassFail || k == datchuan.KindNoneAllowed
	case "ratio":
		return k == datchuan.KindPercentMin || k == datchuan.KindPercentMax
	case "number":
		return k.Numeric()
	}
	return false
}

// NoneAllowed is true for "there must be none" indicators.
func (p reportPage) NoneAllowed() bool { return p.Ref.Indicator.Kind == datchuan.KindNoneAllowed }

func (s *Server) loadReportPage(r *http.Request) (*reportPage, error) {
	ctx := r.Context()
	u, on, err := s.unitByCode(ctx, r.PathValue("code"), datchuan.Date{})
	if err != nil {
		return nil, err
	}
	if err := s.requireRead(r, u); err != nil {
		return nil, err
	}
	if !s.canReport(r, u) {
		return nil, datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không được báo cáo số liệu cho %s (you may not report for this unit)", u.Name)
	}
	ref, err := s.indicator(r.PathValue("set"), r.PathValue("indicator"))
	if err != nil {
		return nil, err
	}
	p := &reportPage{
		base: s.base(r, ref.Indicator.Code+" · "+u.Name), Unit: u, Ref: ref, Errors: map[string]string{},
		Action: r.URL.Path, Accept: evidence.Accept, MaxMB: s.deps.MaxUpload >> 20,
		Form: reportInput{AsOf: on.VN()},
	}
	if th, ok := ref.Indicator.ThresholdFor(ref.Set.ClassOf(u.Classifiers), on.Year); ok {
		p.Threshold = &th
	}
	cur, err := s.deps.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}, SetID: ref.Set.ID, IndicatorCode: ref.Indicator.Code})
	if err != nil {
		return nil, err
	}
	if len(cur) > 0 {
		p.Current = cur[0]
	}
	return p, s.loadFiles(ctx, p)
}

// loadFiles fetches the names of the evidence the page shows.
func (s *Server) loadFiles(ctx context.Context, p *reportPage) error {
	var hashes []string
	if p.Current != nil {
		hashes = append(hashes, p.Current.Evidence...)
	}
	hashes = append(hashes, p.Form.Kept...)
	files, err := s.deps.Files.FileInfos(ctx, fileHashes(hashes))
	p.Files = files
	return err
}

// fileHashes keeps the evidence entries that name stored files.
func fileHashes(refs []string) []string {
	var out []string
	for _, r := range refs {
		if isHash(r) {
			out = append(out, r)
		}
	}
	return out
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadReportPage(r)
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("ok") == "1"
	s.pages.render(w, http.StatusOK, "report", p)
	return nil
}

// report stores a value with its evidence. A refused form comes back with
// everything typed and each problem next to its field; files that were
// accepted are kept (stored) so they need not be chosen again.
func (s *Server) report(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadReportPage(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return datchuan.Errorf(datchuan.EINVALID, "Không đọc được biểu mẫu; tổng dung lượng tệp có thể quá lớn (unreadable form)")
	}
	in := reportInput{
		Result: r.FormValue("result"), Numerator: strings.TrimSpace(r.FormValue("numerator")),
		Denominator: strings.TrimSpace(r.FormValue("denominator")), Number: strings.TrimSpace(r.FormValue("number")),
		AsOf: strings.TrimSpace(r.FormValue("as_of")), Comment: strings.TrimSpace(r.FormValue("comment")),
	}
	kept, err := s.ownFiles(r, r.Form["kept"])
	if err != nil {
		return err
	}
	in.Kept = kept
	p.Form = in
	v := &datchuan.Value{UnitID: p.Unit.ID, SetID: p.Ref.Set.ID, IndicatorCode: p.Ref.Indicator.Code,
		ReportedBy: viewerOf(r).user.PersonID, Comment: in.Comment}
	if v.Measure, err = p.measure(); err != nil {
		p.Errors["value"] = datchuan.ErrorMessage(err)
	}
	if v.AsOf, err = datchuan.ParseDate(in.AsOf); err != nil {
		p.Errors["as_of"] = p.T("Ngày số liệu cần dạng dd/mm/yyyy", "The as-of date must be dd/mm/yyyy")
	} else if v.AsOf.Compare(s.today()) > 0 {
		p.Errors["as_of"] = p.T("Ngày số liệu không được sau hôm nay", "The as-of date cannot be in the future")
	}
	if len(in.Comment) > 2000 {
		p.Errors["comment"] = p.T("Ghi chú dài quá 2000 ký tự", "The comment is longer than 2000 characters")
	}
	stored, ferr := s.uploadFiles(r, "evidence", maxEvidenceFiles-len(p.Form.Kept))
	p.Form.Kept = append(p.Form.Kept, stored...)
	if ferr != "" {
		p.Errors["evidence"] = ferr
	}
	if len(p.Errors) > 0 {
		if err := s.loadFiles(r.Context(), p); err != nil {
			return err
		}
		s.pages.render(w, http.StatusUnprocessableEntity, "report", p)
		return nil
	}
	v.Evidence = p.Form.Kept
	if err := s.deps.Values.ReportValue(r.Context(), v); err != nil {
		return err
	}
	s.deps.Log.Info("value reported", "user", viewerOf(r).user.Login, "unit", p.Unit.Code, "indicator", v.IndicatorCode, "value", v.ID)
	http.Redirect(w, r, r.URL.Path+"?ok=1", http.StatusSeeOther)
	return nil
}

// measure reads the value fields of the form for the indicator's kind.
func (p *reportPage) measure() (datchuan.Measure, error) {
	kind := p.Ref.Indicator.Kind
	in := p.Form
	switch {
	case kind == datchuan.KindPassFail:
		switch in.Result {
		case "dat":
			return datchuan.BoolMeasure(true), nil
		case "khong-dat":
			return datchuan.BoolMeasure(false), nil
		}
	case kind == datchuan.KindNoneAllowed:
		switch in.Result {
		case "none":
			return datchuan.BoolMeasure(true), nil
		case "some":
			return datchuan.BoolMeasure(false), nil
		}
	case p.Field("ratio") && (in.Numerator != "" || in.Denominator != ""):
		if in.Numerator == "" || in.Denominator == "" {
			return datchuan.Measure{}, datchuan.Errorf(datchuan.EINVALID, "%s", p.T("Cần cả tử số và mẫu số", "Both numerator and denominator are needed"))
		}
		return datchuan.ParseMeasure(kind, in.Numerator+"/"+in.Denominator)
	case in.Number != "":
		return datchuan.ParseMeasure(kind, in.Number)
	}
	return datchuan.Measure{}, datchuan.Errorf(datchuan.EINVALID, "%s", p.T("Chưa nhập giá trị", "No value entered"))
}

// ownFiles keeps, of the hashes a form or a client cites, the files the
// viewer may cite: those they uploaded and those they can already read
// (cited by a value of a unit they read). Citing a hash must never be a way
// to read someone else's file.
func (s *Server) ownFiles(r *http.Request, refs []string) ([]string, error) {
	hashes := fileHashes(refs)
	if len(hashes) == 0 {
		return nil, nil
	}
	infos, err := s.deps.Files.FileInfos(r.Context(), hashes)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range hashes {
		f := infos[h]
		if f == nil || slices.Contains(out, h) {
			continue
		}
		if f.UploadedBy == viewerOf(r).user.ID || s.requireFileAccess(r, h) == nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// storeUpload checks one uploaded file (size, then type by content) and
// stores it, content-addressed; it returns the file's hash.
func (s *Server) storeUpload(ctx context.Context, fh *multipart.FileHeader, userID int64) (string, error) {
	if err := evidence.CheckSize(fh.Filename, fh.Size, s.deps.MaxUpload); err != nil {
		return "", err
	}
	f, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.deps.MaxUpload+1))
	if err != nil {
		return "", err
	}
	if err := evidence.CheckSize(fh.Filename, int64(len(data)), s.deps.MaxUpload); err != nil {
		return "", err
	}
	kind, err := evidence.DetectNamed(fh.Filename, data)
	if err != nil {
		return "", err
	}
	file := &datchuan.File{Name: cleanName(fh.Filename, kind.Ext), ContentType: kind.ContentType, Data: data, UploadedBy: userID}
	if err := s.deps.Files.PutFile(ctx, file); err != nil {
		return "", err
	}
	return file.Hash, nil
}

// cleanName keeps the base name a browser sent, with the extension the
// content has.
func cleanName(name, ext string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "minh-chung"
	}
	if !strings.EqualFold(ext, nameExt(name)) {
		name += ext
	}
	return truncate(name, 200)
}

func nameExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// queueItem is a value waiting for the viewer's decision.
type queueItem struct {
	work.ScopedValue
	Ref       indicatorRef
	Threshold *datchuan.Threshold
	Reporter  string
	Reason    string // what was typed when a return was refused
	Problem   string // why the decision was refused
}

type queuePage struct {
	base
	Items []*queueItem
	Files map[string]*datchuan.File
	Done  string // "confirmed" or "returned" after a decision
	Unit  string // filter: a unit code
}

// reviewQueue lists the reported values the viewer may confirm or return,
// oldest first: the longest-waiting value is the first to handle.
func (s *Server) reviewQueue(ctx context.Context, v *viewer, unitCode string) ([]*queueItem, error) {
	w, err := s.workOf(ctx, v)
	if err != nil {
		return nil, err
	}
	var out []*queueItem
	for _, sv := range w.ToReview {
		if unitCode != "" && sv.Unit.Code != unitCode {
			continue
		}
		ref, err := s.indicator(sv.Value.SetID, sv.Value.IndicatorCode)
		if err != nil {
			return nil, err
		}
		it := &queueItem{ScopedValue: sv, Ref: ref, Reporter: s.personName(ctx, sv.Value.ReportedBy)}
		if th, ok := ref.Indicator.ThresholdFor(ref.Set.ClassOf(sv.Unit.Classifiers), sv.Value.AsOf.Year); ok {
			it.Threshold = &th
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value.ReportedAt.Before(out[j].Value.ReportedAt) })
	return out, nil
}

// personName names a reporter or reviewer; 0 is the data import.
func (s *Server) personName(ctx context.Context, id int64) string {
	if id == 0 {
		return "—"
	}
	p, err := s.deps.Agencies.Person(ctx, id)
	if err != nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	return p.Name
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderQueue(w, r, http.StatusOK, nil)
}

// renderQueue shows the queue; failed, when set, is the item whose decision
// was refused, shown with its reason kept and the problem beside it.
func (s *Server) renderQueue(w http.ResponseWriter, r *http.Request, status int, failed *queueItem) error {
	v := viewerOf(r)
	if !v.access.Reviews() {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không có chỉ tiêu nào cần xác nhận (you confirm no indicators)")
	}
	unit := r.URL.Query().Get("don-vi")
	items, err := s.reviewQueue(r.Context(), v, unit)
	if err != nil {
		return err
	}
	p := queuePage{base: s.base(r, "Chờ xác nhận"), Items: items, Done: r.URL.Query().Get("ok"), Unit: unit}
	if failed != nil {
		found := false
		for _, it := range items {
			if it.Value.ID == failed.Value.ID {
				it.Reason, it.Problem, found = failed.Reason, failed.Problem, true
			}
		}
		if !found { // decided by someone else meanwhile: show why at the top
			p.Items = append([]*queueItem{failed}, p.Items...)
		}
	}
	var hashes []string
	for _, it := range p.Items {
		hashes = append(hashes, fileHashes(it.Value.Evidence)...)
	}
	if p.Files, err = s.deps.Files.FileInfos(r.Context(), hashes); err != nil {
		return err
	}
	s.pages.render(w, status, "queue", p)
	return nil
}

// valueByID loads one report with its own review state, and its unit.
func (s *Server) valueByID(ctx context.Context, id int64) (*datchuan.Value, *datchuan.Unit, error) {
	vals, err := s.deps.Values.Values(ctx, datchuan.ValueFilter{IDs: []int64{id}, History: true})
	if err != nil {
		return nil, nil, err
	}
	if len(vals) == 0 {
		return nil, nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có số liệu số %d (no such value)", id)
	}
	u, err := s.deps.Units.Unit(ctx, vals[0].UnitID)
	if err != nil {
		return nil, nil, err
	}
	return vals[0], u, nil
}

// decide confirms or returns a value for the viewer, after checking that
// the viewer leads its indicator there. The storage refuses a decision on
// a value that was superseded or already decided (ECONFLICT).
func (s *Server) decide(r *http.Request, id int64, decision, reason string) (*datchuan.Value, error) {
	ctx := r.Context()
	val, u, err := s.valueByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.requireRead(r, u); err != nil {
		return nil, err
	}
	ref, err := s.indicator(val.SetID, val.IndicatorCode)
	if err != nil {
		return nil, err
	}
	if !s.canReview(r, u, val.SetID, ref.Criterion.Code, val.IndicatorCode) {
		return nil, datchuan.Errorf(datchuan.EFORBIDDEN, "Sở, ngành của bạn không phụ trách chỉ tiêu %s (your department does not lead this indicator)", val.IndicatorCode)
	}
	me := viewerOf(r).user.PersonID
	if me != 0 && val.ReportedBy == me {
		return val, datchuan.Errorf(datchuan.EFORBIDDEN, "Không tự xác nhận số liệu do chính mình báo cáo; một cán bộ khác của cơ quan phụ trách sẽ xác nhận (you cannot review your own report)")
	}
	rev := &datchuan.Review{ValueID: id, Reason: strings.TrimSpace(reason), By: me}
	switch decision {
	case "confirm", string(datchuan.StateConfirmed):
		rev.Decision = datchuan.StateConfirmed
	case "return", string(datchuan.StateReturned):
		rev.Decision = datchuan.StateReturned
		if rev.Reason == "" {
			return val, datchuan.Errorf(datchuan.EINVALID, "Cần ghi lý do trả lại để đơn vị biết phải sửa gì (a reason is required to return a value)")
		}
	default:
		return val, datchuan.Errorf(datchuan.EINVALID, "Quyết định %q không hợp lệ (invalid decision)", decision)
	}
	if err := s.deps.Values.ReviewValue(ctx, rev); err != nil {
		if datchuan.ErrorCode(err) == datchuan.ECONFLICT {
			return val, datchuan.Errorf(datchuan.ECONFLICT, "Số liệu này vừa được báo cáo lại hoặc đã được người khác xử lý; không có gì bị ghi đè. Hãy xem lại danh sách. (This value was resubmitted or already decided by someone else; nothing was overwritten.)")
		}
		return val, err
	}
	s.deps.Log.Info("value reviewed", "user", viewerOf(r).user.Login, "value", id, "decision", rev.Decision)
	if rev.Decision == datchuan.StateReturned {
		s.noticeReturned(ctx, val, u, rev.Reason)
	}
	return val, nil
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có số liệu này (no such value)")
	}
	decision, reason := r.PostFormValue("decision"), r.PostFormValue("reason")
	val, err := s.decide(r, id, decision, reason)
	code := datchuan.ErrorCode(err)
	if err != nil && val != nil && (code == datchuan.EINVALID || code == datchuan.ECONFLICT) {
		u, uerr := s.deps.Units.Unit(r.Context(), val.UnitID)
		ref, rerr := s.indicator(val.SetID, val.IndicatorCode)
		if uerr != nil || rerr != nil {
			return err
		}
		failed := &queueItem{ScopedValue: work.ScopedValue{Unit: u, Value: val}, Ref: ref, Reason: reason, Problem: datchuan.ErrorMessage(err)}
		return s.renderQueue(w, r, statusOf[code], failed)
	}
	if err != nil {
		return err
	}
	done := "returned"
	if decision == "confirm" || decision == string(datchuan.StateConfirmed) {
		done = "confirmed"
	}
	back := "/xac-nhan?ok=" + done
	if unit := r.PostFormValue("don-vi"); unit != "" {
		back += "&don-vi=" + url.QueryEscape(unit)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// myWorkPage is the officer's list: what their agencies must do and by
// when, their member tasks, what came back to be corrected, what waits for
// their decision, what they sent and is still waiting.
type myWorkPage struct {
	base
	W           *work.Work
	Assignments []assignmentRow
	Tasks       []taskRow
	Returned    []*queueItem
	Waiting     []*queueItem
	Files       map[string]*datchuan.File
}

// assignmentRow is an assignment as a page shows it.
type assignmentRow struct {
	work.AssignmentItem
	Criterion    string // "17. Môi trường và an toàn thực phẩm"
	LeadName     string // agency short names
	SupportNames string
}

type taskRow struct {
	*datchuan.Task
	Unit    *datchuan.Unit
	Overdue bool
	Soon    bool
}

func (s *Server) myWorkPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := viewerOf(r)
	wk, err := s.workOf(ctx, v)
	if err != nil {
		return err
	}
	p := myWorkPage{base: s.base(r, "Việc của tôi"), W: wk}
	if p.Assignments, err = s.assignmentRows(ctx, wk.Assignments); err != nil {
		return err
	}
	for _, t := range wk.Tasks {
		u, err := s.deps.Units.Unit(ctx, t.UnitID)
		if err != nil {
			return err
		}
		p.Tasks = append(p.Tasks, taskRow{Task: t, Unit: u, Overdue: work.TaskOverdue(t, wk.Today), Soon: work.TaskDueSoon(t, wk.Today)})
	}
	var hashes []string
	for _, list := range []struct {
		from []work.ScopedValue
		to   *[]*queueItem
	}{{wk.Returned, &p.Returned}, {wk.Waiting, &p.Waiting}} {
		for _, sv := range list.from {
			ref, err := s.indicator(sv.Value.SetID, sv.Value.IndicatorCode)
			if err != nil {
				return err
			}
			*list.to = append(*list.to, &queueItem{ScopedValue: sv, Ref: ref, Reporter: s.personName(ctx, sv.Value.ReviewedBy)})
			hashes = append(hashes, fileHashes(sv.Value.Evidence)...)
		}
	}
	if p.Files, err = s.deps.Files.FileInfos(ctx, hashes); err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "mywork", p)
	return nil
}

// assignmentRows names the criterion and the agencies of each assignment.
func (s *Server) assignmentRows(ctx context.Context, items []work.AssignmentItem) ([]assignmentRow, error) {
	names := map[int64]string{}
	name := func(id int64) (string, error) {
		if n, ok := names[id]; ok {
			return n, nil
		}
		a, err := s.deps.Agencies.Agency(ctx, id)
		if err != nil {
			return "", err
		}
		names[id] = cmp.Or(a.ShortName, a.Name)
		return names[id], nil
	}
	out := make([]assignmentRow, 0, len(items))
	for _, it := range items {
		row := assignmentRow{AssignmentItem: it, Criterion: it.CriterionCode}
		if set, err := s.deps.Sets.Set(it.SetID); err == nil {
			if c := set.Criterion(it.CriterionCode); c != nil {
				row.Criterion = c.Code + ". " + c.NameVi
			}
		}
		var err error
		if row.LeadName, err = name(it.LeadID); err != nil {
			return nil, err
		}
		var sup []string
		for _, id := range it.SupportIDs {
			n, err := name(id)
			if err != nil {
				return nil, err
			}
			sup = append(sup, n)
		}
		row.SupportNames = strings.Join(sup, ", ")
		out = append(out, row)
	}
	return out, nil
}

// file serves an evidence file to whoever may read a unit that cites it,
// and to its uploader.
func (s *Server) file(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	hash := r.PathValue("hash")
	if !isHash(hash) {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có tệp này (no such file)")
	}
	f, err := s.deps.Files.File(ctx, hash)
	if err != nil {
		return err
	}
	if f.UploadedBy != viewerOf(r).user.ID {
		if err := s.requireFileAccess(r, hash); err != nil {
			return err
		}
	}
	serveFile(w, f)
	return nil
}

func (s *Server) requireFileAccess(r *http.Request, hash string) error {
	ids, err := s.deps.Files.FileUnits(r.Context(), hash)
	if err != nil {
		return err
	}
	for _, id := range ids {
		u, err := s.deps.Units.Unit(r.Context(), id)
		if err != nil {
			return err
		}
		if s.requireRead(r, u) == nil {
			return nil
		}
	}
	return datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không có quyền xem tệp này (no access to this file)")
}
