package web

import (
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/service"
)

// reportView is the form that reports one indicator of one unit.
type reportView struct {
	base
	Unit      *datchuan.Unit
	Ref       service.IndicatorRef
	Threshold *datchuan.Threshold
	Current   *datchuan.Value
	Files     map[string]*datchuan.Attachment // evidence of Current and of the form
	Form      reportInput
	Errors    map[string]string // field → what is wrong ("" for the whole form)
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
	Kept        []string // attachments stored by an earlier, refused try
	Replace     bool     // "replace the confirmed value" ticked
	KeepOld     bool     // "keep the earlier evidence" ticked
}

// Field reports whether the form shows a field for this kind of indicator.
func (p reportView) Field(name string) bool {
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

// Replacing reports whether a report here takes the place of a confirmed
// value: the form says so, and asks the reporter to confirm (the rule is
// datchuan.Value.Validate's).
func (p reportView) Replacing() bool {
	return p.Current != nil && p.Current.State == datchuan.StateConfirmed
}

// EvidenceNeeded reports whether the report must carry evidence: its set
// requires it for every report, or it replaces a confirmed value.
func (p reportView) EvidenceNeeded() bool { return p.Ref.Indicator.EvidenceRequired || p.Replacing() }

// NoneAllowed is true for "there must be none" indicators.
func (p reportView) NoneAllowed() bool { return p.Ref.Indicator.Kind == datchuan.KindNoneAllowed }

// valueText writes the value fields of the form as an officer would type
// the value in one line ("đạt", "19/20", "95,5"), so that the form and the
// JSON API hand the service the same text and get the same answer.
func (in reportInput) valueText() string {
	switch in.Result {
	case "dat", "none": // "there is none" meets a none-allowed indicator
		return "đạt"
	case "khong-dat", "some":
		return "không đạt"
	}
	if in.Numerator != "" || in.Denominator != "" {
		return in.Numerator + "/" + in.Denominator
	}
	return in.Number
}

// loadReport resolves the unit and indicator of the request for a viewer
// who may report for it, and fills the page around the form.
func (s *Server) loadReport(r *http.Request) (*reportView, error) {
	ctx := r.Context()
	u, on, ref, err := s.svc.ReportTarget(ctx, viewerOf(r).caller, r.PathValue("code"), r.PathValue("set"), r.PathValue("indicator"))
	if err != nil {
		return nil, err
	}
	p := &reportView{
		base: s.baseFor(r, ref.Indicator.Code+" · "+u.Name), Unit: u, Ref: ref, Errors: map[string]string{},
		Action: r.URL.Path, Accept: evidence.Accept, MaxMB: s.svc.MaxUpload() >> 20,
		Form: reportInput{AsOf: on.VN()},
	}
	if th, ok := ref.Indicator.ThresholdFor(ref.Set.ClassOf(u.Classifiers), on.Year); ok {
		p.Threshold = &th
	}
	cur, err := s.stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}, SetID: ref.Set.ID, IndicatorCode: ref.Indicator.Code})
	if err != nil {
		return nil, err
	}
	if len(cur) > 0 {
		p.Current = cur[0]
	}
	return p, nil
}

// reportFiles fetches the names of the evidence the page shows.
func (s *Server) reportFiles(r *http.Request, p *reportView) error {
	var refs []string
	if p.Current != nil {
		refs = append(refs, p.Current.Evidence...)
	}
	refs = append(refs, p.Form.Kept...)
	var err error
	p.Files, err = s.svc.Attachments(r.Context(), refs)
	return err
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadReport(r)
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("ok") == "1"
	if err := s.reportFiles(r, p); err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "report", p)
	return nil
}

// report stores a value with its evidence. A refused form comes back with
// everything typed and each problem beside its field; the files accepted
// are kept (stored) so they need not be chosen again.
func (s *Server) report(w http.ResponseWriter, r *http.Request) error {
	// loadReport asks whether the viewer may report here before any
	// upload is stored.
	p, err := s.loadReport(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p.Form = reportInput{Result: formValue(r, "result"), Numerator: formValue(r, "numerator"),
		Denominator: formValue(r, "denominator"), Number: formValue(r, "number"),
		AsOf: formValue(r, "as_of"), Comment: formValue(r, "comment"),
		Replace: formValue(r, "replace_confirmed") != "", KeepOld: formValue(r, "keep_evidence") != ""}
	files, _, problem, err := s.formFiles(r, "evidence", datchuan.MaxEvidenceFiles)
	if err != nil {
		return err
	}
	p.Form.Kept = files
	// A refused file is one more problem: the value is not stored without
	// a file its officer meant to attach, and every problem shows at once.
	_, err = s.svc.ReportValue(r.Context(), viewerOf(r).caller, service.ValueInput{
		Unit: p.Unit.Code, SetID: p.Ref.Set.ID, Indicator: p.Ref.Indicator.Code, Value: p.Form.valueText(),
		AsOf: p.Form.AsOf, Comment: p.Form.Comment, Evidence: files, Refused: problem,
		ReplaceConfirmed: p.Form.Replace, KeepEvidence: p.Form.KeepOld})
	if err == nil {
		http.Redirect(w, r, r.URL.Path+"?ok=1", http.StatusSeeOther)
		return nil
	}
	errs, status, ok := refusal(viewerOf(r).lang, err)
	if !ok {
		return err
	}
	p.Errors = errs
	if err := s.reportFiles(r, p); err != nil {
		return err
	}
	s.pages.render(w, status, "report", p)
	return nil
}
