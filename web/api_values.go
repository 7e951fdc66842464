package web

import (
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// apiReport reports a value: {"unit": "29416", "set_id": ..., "indicator":
// "17.1", "value": "19/20", "as_of": "dd/mm/yyyy", "evidence": [attachment ID...],
// "comment": ..., "replace_confirmed": true, "keep_evidence": true}. The
// value is written as an officer would type it; the service answers it
// exactly as it answers the report form, problems by field under
// error.fields. A report that would replace a confirmed value is refused
// (400, error.fields.replace_confirmed naming the value and the day it was
// confirmed) unless replace_confirmed is true; keep_evidence carries the
// confirmed value's evidence over.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Unit      string   `json:"unit"`
		SetID     string   `json:"set_id"`
		Indicator string   `json:"indicator"`
		Value     string   `json:"value"`
		AsOf      string   `json:"as_of"`
		Evidence  []string `json:"evidence"`
		Comment   string   `json:"comment"`
		Replace   bool     `json:"replace_confirmed"`
		Keep      bool     `json:"keep_evidence"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	v, err := s.svc.ReportValue(r.Context(), viewerOf(r).caller, service.ValueInput{Unit: in.Unit, SetID: in.SetID,
		Indicator: in.Indicator, Value: in.Value, AsOf: in.AsOf, Comment: in.Comment, Evidence: in.Evidence,
		ReplaceConfirmed: in.Replace, KeepEvidence: in.Keep})
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusCreated, v)
	return nil
}

// apiUpload stores one evidence file (multipart field "file") as the
// caller's own attachment and returns it: its ID (which a report cites),
// and the name, type, size and time of this upload, whoever else may have
// uploaded the same bytes.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) error {
	c := viewerOf(r).caller
	if err := c.CheckUpload(); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if r.MultipartForm == nil {
		return datchuan.Errorf(datchuan.EINVALID, "Cần một tệp trong trường \"file\" (multipart field file required)")
	}
	ups := uploads(r, "file")
	if len(ups) != 1 {
		return datchuan.Errorf(datchuan.EINVALID, "Cần đúng một tệp trong trường \"file\" (exactly one file)")
	}
	f, err := s.svc.StoreUpload(r.Context(), c, ups[0])
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusCreated, f)
	return nil
}

// apiQueueItem is a value waiting for the viewer's decision, for programs.
type apiQueueItem struct {
	Unit      *datchuan.Unit      `json:"unit"`
	Criterion string              `json:"criterion"`
	Indicator string              `json:"indicator_name"`
	Value     *datchuan.Value     `json:"value"`
	Threshold *datchuan.Threshold `json:"threshold,omitempty"`
	Reporter  string              `json:"reporter"`
}

// apiQueue lists the values waiting for the viewer's decision, oldest
// first.
func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if err := v.caller.CheckReviews(); err != nil {
		return err
	}
	items, err := s.reviewQueue(r.Context(), v, r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	out := make([]apiQueueItem, 0, len(items))
	for _, it := range items {
		out = append(out, apiQueueItem{it.Unit, it.Ref.Criterion.Code, it.Ref.Indicator.NameVi, it.Value, it.Threshold, it.Reporter})
	}
	return writeJSON(w, map[string]any{"count": len(out), "items": out})
}

// apiReview confirms or returns a value: {"decision": "confirmed" |
// "returned", "reason": "..."}, and answers with the value as decided.
// 409 when someone else decided first or the value was resubmitted.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "số liệu")
	if err != nil {
		return err
	}
	var in struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	c := viewerOf(r).caller
	if _, _, err := s.svc.ReviewValue(r.Context(), c, id, in.Decision, in.Reason); err != nil {
		return err
	}
	val, _, err := s.svc.ValueByID(r.Context(), c, id)
	if err != nil {
		return err
	}
	return writeJSON(w, val)
}
