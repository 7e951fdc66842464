package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// The commune of the demo's commune account, and an indicator of it in
// percent (17.2, led by the Department of Natural Resources and
// Environment) and one of đạt/không đạt (1.1, led by the Department of
// Construction).
const (
	commune     = demo.DemoCommune
	percentInd  = "17.2"
	passFailInd = "1.1"
)

func reportPath(ind string) string {
	return "/don-vi/" + commune + "/bao-cao/" + demo.CommuneSet + "/" + ind
}

// apiError is the error body of the JSON API.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func decodeAPIError(t *testing.T, resp webtest.Response) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal([]byte(resp.Body), &e); err != nil {
		t.Fatalf("not a JSON error: %v\n%.300s", err, resp.Body)
	}
	return e
}

// reportAPI reports a value through POST /api/values. The demo commune's
// values are confirmed: the report says it replaces one, and keeps the
// earlier evidence when it brings none (see TestReplacingConfirmedValue).
func reportAPI(c *webtest.Client, ind, value, comment string, evidence ...string) webtest.Response {
	body := map[string]any{"unit": commune, "set_id": demo.CommuneSet, "indicator": ind, "value": value,
		"as_of": "01/09/2022", "comment": comment, "replace_confirmed": true}
	if evidence != nil {
		body["evidence"] = evidence
	} else {
		body["keep_evidence"] = true
	}
	return c.PostJSON("/api/values", body)
}

// reportedID reads the ID of the value a 201 answer carries.
func reportedID(t *testing.T, resp webtest.Response) int64 {
	t.Helper()
	if resp.Status != http.StatusCreated {
		t.Fatalf("report: %d, want 201\n%.500s", resp.Status, resp.Body)
	}
	var v datchuan.Value
	if err := json.Unmarshal([]byte(resp.Body), &v); err != nil || v.ID == 0 {
		t.Fatalf("report answer %v: %.300s", err, resp.Body)
	}
	return v.ID
}

// The same bad input through the report form and through POST /api/values
// gets the same message for the same field, and nothing is stored.
func TestReportFormAndAPIAgree(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	long := strings.Repeat("ệ", datchuan.MaxText+1)
	for _, tc := range []struct {
		name  string
		form  url.Values
		value string // the same value as the API takes it
		field string
	}{
		{"comment of 2001 letters", url.Values{"number": {"95"}, "comment": {long}}, "95", datchuan.FieldComment},
		{"percentage above 100", url.Values{"number": {"150"}}, "150", datchuan.FieldValue},
		{"numerator above denominator", url.Values{"numerator": {"21"}, "denominator": {"20"}}, "21/20", datchuan.FieldValue},
		{"no value", url.Values{}, "", datchuan.FieldValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.CountChanges()
			api := reportAPI(c, percentInd, tc.value, tc.form.Get("comment"))
			if api.Status != http.StatusBadRequest {
				t.Fatalf("API: %d, want 400\n%.500s", api.Status, api.Body)
			}
			e := decodeAPIError(t, api)
			want := e.Error.Fields[tc.field]
			if e.Error.Code != datchuan.EINVALID || want == "" {
				t.Fatalf("API error %+v has no problem for %q", e.Error, tc.field)
			}
			tc.form.Set("as_of", "01/09/2022")
			page := c.PostMultipart(reportPath(percentInd), tc.form)
			if page.Status != http.StatusUnprocessableEntity {
				t.Fatalf("form: %d, want 422\n%.500s", page.Status, page.Body)
			}
			if !page.Has(html.EscapeString(want)) {
				t.Errorf("the form does not show the API's message for %s: %q", tc.field, want)
			}
			for _, f := range []string{"comment", "number", "numerator", "denominator"} {
				if v := tc.form.Get(f); v != "" && !page.Has(v) {
					t.Errorf("the refused form lost the %s typed (%.20s…)", f, v)
				}
			}
			if n := w.CountChanges(); n != before {
				t.Errorf("a refused report wrote %d change-log entries", n-before)
			}
		})
	}

	// 2000 Vietnamese letters are 2000 characters (6000 bytes): accepted
	// by both.
	ok := strings.Repeat("ệ", datchuan.MaxText)
	id := reportedID(t, reportAPI(c, percentInd, "95", ok))
	resp := c.PostMultipart(reportPath(percentInd), url.Values{"number": {"96"}, "as_of": {"01/09/2022"}, "comment": {ok}})
	if resp.Status != http.StatusSeeOther || resp.Location() != reportPath(percentInd)+"?ok=1" {
		t.Fatalf("form with a 2000-letter comment: %d %s\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: id})
	if len(chs) != 1 || chs[0].Action != datchuan.ActValueReport {
		t.Errorf("change log of value %d = %v, want one %s", id, chs, datchuan.ActValueReport)
	}
	var vals struct {
		Values []*datchuan.Value `json:"values"`
	}
	c.JSON("/api/units/"+commune+"/values", &vals)
	found := false
	for _, v := range vals.Values {
		if v.IndicatorCode == percentInd {
			found = true
			if v.Measure.String() != "96" || v.Comment != ok {
				t.Errorf("current %s = %s, comment of %d letters; want the form's 96", percentInd, v.Measure, len([]rune(v.Comment)))
			}
			if got := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: v.ID}); len(got) != 1 {
				t.Errorf("the form's report has %d change-log entries, want 1", len(got))
			}
		}
	}
	if !found {
		t.Errorf("no current value of %s after two reports", percentInd)
	}
}

// A report with a file: the file is the unit's evidence, which whoever
// reads the unit may open.
func TestReportWithEvidence(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	resp := c.PostMultipart(reportPath(passFailInd), url.Values{"result": {"dat"}, "as_of": {"31/08/2022"}, "comment": {"Đã kiểm tra"}, "replace_confirmed": {"1"}},
		webtest.File{Field: "evidence", Name: "bien-ban.pdf", Data: webtest.PDF})
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("report with a file: %d\n%.500s", resp.Status, resp.Body)
	}
	page := c.Get(reportPath(passFailInd) + "?ok=1")
	if !page.Has("bien-ban.pdf") || !page.Has("Đã gửi số liệu") {
		t.Errorf("the report page does not show the value sent with its file")
	}
	var vals struct {
		Values []*datchuan.Value `json:"values"`
	}
	w.As(webtest.District).JSON("/api/units/"+commune+"/values", &vals)
	var got *datchuan.Value
	for _, v := range vals.Values {
		if v.IndicatorCode == passFailInd {
			got = v
		}
	}
	if got == nil || len(got.Evidence) != 1 || got.Measure.String() != "đạt" {
		t.Fatalf("the district sees %+v, want 1.1 đạt with one file", got)
	}
	if f := w.As(webtest.District).Get("/tep/" + got.Evidence[0]); f.Status != http.StatusOK || f.Body != string(webtest.PDF) {
		t.Errorf("the district opens the evidence: %d", f.Status)
	}
	if chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: got.ID}); len(chs) != 1 {
		t.Errorf("%d change-log entries for the report, want 1", len(chs))
	}

	// A file of a type that is no evidence is refused beside the field,
	// with the rest of the form kept.
	bad := c.PostMultipart(reportPath(passFailInd), url.Values{"result": {"khong-dat"}, "as_of": {"31/08/2022"}, "comment": {"lần hai"}},
		webtest.File{Field: "evidence", Name: "virus.exe", Data: []byte("MZ\x90\x00 not evidence")})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has(`id="err-evidence"`) || !bad.Has("lần hai") || !bad.Has(`value="khong-dat" checked`) {
		t.Errorf("a refused file: %d, want 422 with the problem beside the evidence and the form kept\n%.800s", bad.Status, bad.Body)
	}

	// Someone who may not report for the commune gets no form.
	if r := w.As(webtest.DeptXD).Get(reportPath(passFailInd)); r.Status != http.StatusForbidden {
		t.Errorf("a department opens the report form: %d, want 403", r.Status)
	}
	if r := reportAPI(w.As(webtest.DeptXD), passFailInd, "đạt", ""); r.Status != http.StatusForbidden {
		t.Errorf("a department reports through the API: %d, want 403", r.Status)
	}
}

// A file uploaded through the API is cited by a report.
func TestAPIUploadThenReport(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	up := c.PostMultipart("/api/files", nil, webtest.File{Field: "file", Name: "anh.pdf", Data: webtest.PDF})
	if up.Status != http.StatusCreated {
		t.Fatalf("upload: %d\n%.300s", up.Status, up.Body)
	}
	var f datchuan.Attachment
	if err := json.Unmarshal([]byte(up.Body), &f); err != nil || !datchuan.IsAttachmentID(f.ID) || f.Name != "anh.pdf" {
		t.Fatalf("upload answer %v: %.300s", err, up.Body)
	}
	id := reportedID(t, reportAPI(c, passFailInd, "đạt", "", f.ID))
	if chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: id}); len(chs) != 1 {
		t.Errorf("%d change-log entries, want 1", len(chs))
	}
	// Citing a file one neither uploaded nor reads is refused.
	e := decodeAPIError(t, reportAPI(w.As(webtest.Coord), passFailInd, "đạt", "", strings.Repeat("ab", 32)))
	if e.Error.Fields[datchuan.FieldEvidence] == "" {
		t.Errorf("citing an unknown file: %+v, want a problem for evidence", e.Error)
	}
	// Who reports nothing uploads nothing.
	if r := w.As(webtest.Leader).PostMultipart("/api/files", nil, webtest.File{Field: "file", Name: "a.pdf", Data: webtest.PDF}); r.Status != http.StatusForbidden {
		t.Errorf("the leader uploads: %d, want 403", r.Status)
	}
}

// The report form writes its fields as the one line an officer would type
// to the API: each stores the value that line means.
func TestReportFormComposesTheValue(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	for _, tc := range []struct {
		ind  string
		kind datchuan.IndicatorKind
		form url.Values
		want string // as typed to the API
	}{
		{passFailInd, datchuan.KindPassFail, url.Values{"result": {"khong-dat"}}, "không đạt"},
		{"9.1", datchuan.KindNoneAllowed, url.Values{"result": {"none"}}, "đạt"},
		{"9.1", datchuan.KindNoneAllowed, url.Values{"result": {"some"}}, "không đạt"},
		{percentInd, datchuan.KindPercentMin, url.Values{"numerator": {"19"}, "denominator": {"20"}}, "19/20"},
		{percentInd, datchuan.KindPercentMin, url.Values{"number": {"95,5"}}, "95,5"},
	} {
		tc.form.Set("as_of", "01/09/2022")
		tc.form.Set("replace_confirmed", "1") // the demo's values are confirmed
		tc.form.Set("keep_evidence", "1")
		if r := c.PostMultipart(reportPath(tc.ind), tc.form); r.Status != http.StatusSeeOther {
			t.Fatalf("%s %v: %d\n%.500s", tc.ind, tc.form, r.Status, r.Body)
		}
		want, err := datchuan.ParseMeasure(tc.kind, tc.want)
		if err != nil {
			t.Fatal(err)
		}
		var vals struct {
			Values []*datchuan.Value `json:"values"`
		}
		c.JSON("/api/units/"+commune+"/values", &vals)
		for _, v := range vals.Values {
			if v.IndicatorCode == tc.ind && v.Measure != want {
				t.Errorf("%s from %v stored %s, want %s", tc.ind, tc.form, v.Measure, want)
			}
		}
	}
}
