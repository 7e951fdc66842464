package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// apiMe tells a client who is signed in and what they may do.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	return writeJSON(w, map[string]any{
		"user": v.user, "kinds": v.access.Kinds(), "scopes": v.access.Scopes(),
		"reports": v.access.Reports(), "reviews": v.access.Reviews(), "admin": v.access.Admin(),
		"csrf_token": v.session.CSRF,
	})
}

// readJSON decodes a request body of at most 1 MB, refusing unknown fields
// so that a misspelt field is an error, not a silent default.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Nội dung JSON không hợp lệ: %v (invalid JSON body)", err)
	}
	return nil
}

// apiReport reports a value: {"unit": "29416", "set_id": ..., "indicator":
// "17.1", "value": "19/20", "as_of": "dd/mm/yyyy", "evidence": [hash...],
// "comment": ...}. The value is written as an officer would type it.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Unit      string   `json:"unit"`
		SetID     string   `json:"set_id"`
		Indicator string   `json:"indicator"`
		Value     string   `json:"value"`
		AsOf      string   `json:"as_of"`
		Evidence  []string `json:"evidence"`
		Comment   string   `json:"comment"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	u, _, err := s.unitByCode(ctx, in.Unit, datchuan.Date{})
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	if !s.canReport(r, u) {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không được báo cáo số liệu cho %s (you may not report for this unit)", u.Name)
	}
	ref, err := s.indicator(in.SetID, in.Indicator)
	if err != nil {
		return err
	}
	m, err := datchuan.ParseMeasure(ref.Indicator.Kind, in.Value)
	if err != nil {
		return err
	}
	asOf, err := datchuan.ParseDate(in.AsOf)
	if err != nil {
		return err
	}
	if asOf.Compare(s.today()) > 0 {
		return datchuan.Errorf(datchuan.EINVALID, "Ngày số liệu không được sau hôm nay (as-of date in the future)")
	}
	own, err := s.ownFiles(r, in.Evidence)
	if err != nil {
		return err
	}
	if len(own) != len(in.Evidence) {
		return datchuan.Errorf(datchuan.EINVALID, "Minh chứng phải là mã của tệp bạn đã tải lên (POST /api/files) hoặc đã xem được (evidence must be files you uploaded or can read)")
	}
	v := &datchuan.Value{UnitID: u.ID, SetID: ref.Set.ID, IndicatorCode: ref.Indicator.Code, AsOf: asOf, Measure: m,
		ReportedBy: viewerOf(r).user.PersonID, Evidence: in.Evidence, Comment: strings.TrimSpace(in.Comment)}
	if err := s.deps.Values.ReportValue(ctx, v); err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusCreated, v)
	return nil
}

// apiUpload stores one evidence file (multipart field "file") and returns
// its hash, to cite in a report.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) error {
	if !viewerOf(r).access.Reports() {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không báo cáo số liệu nên không tải tệp lên (you report nothing)")
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Cần một tệp trong trường \"file\" (multipart field file required)")
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 {
		return datchuan.Errorf(datchuan.EINVALID, "Cần đúng một tệp trong trường \"file\" (exactly one file)")
	}
	h, err := s.storeUpload(r.Context(), fhs[0], viewerOf(r).user.ID)
	if err != nil {
		return err
	}
	infos, err := s.deps.Files.FileInfos(r.Context(), []string{h})
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusCreated, infos[h])
	return nil
}

// apiQueue lists the values waiting for the viewer's decision.
func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request) error {
	if !viewerOf(r).access.Reviews() {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn không có chỉ tiêu nào cần xác nhận (you confirm no indicators)")
	}
	items, err := s.reviewQueue(r.Context(), viewerOf(r), r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	type item struct {
		Unit      *datchuan.Unit      `json:"unit"`
		Criterion string              `json:"criterion"`
		Indicator string              `json:"indicator_name"`
		Value     *datchuan.Value     `json:"value"`
		Threshold *datchuan.Threshold `json:"threshold,omitempty"`
		Reporter  string              `json:"reporter"`
	}
	out := make([]item, 0, len(items))
	for _, it := range items {
		out = append(out, item{it.Unit, it.Ref.Criterion.Code, it.Ref.Indicator.NameVi, it.Value, it.Threshold, it.Reporter})
	}
	return writeJSON(w, map[string]any{"count": len(out), "items": out})
}

// apiReview confirms or returns a value: {"decision": "confirmed" |
// "returned", "reason": "..."}. 409 when someone else decided first or the
// value was resubmitted.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có số liệu này (no such value)")
	}
	var in struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.decide(r, id, in.Decision, in.Reason); err != nil {
		return err
	}
	val, _, err := s.valueByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, val)
}
