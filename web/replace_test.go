package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// currentValue is the commune's current value of an indicator.
func currentValue(t *testing.T, c *webtest.Client, ind string) *datchuan.Value {
	t.Helper()
	var vals struct {
		Values []*datchuan.Value `json:"values"`
	}
	c.JSON("/api/units/"+commune+"/values", &vals)
	for _, v := range vals.Values {
		if v.IndicatorCode == ind && v.SetID == demo.CommuneSet {
			return v
		}
	}
	t.Fatalf("no current value of %s", ind)
	return nil
}

// A confirmed value is never replaced without a word: the report form
// says the value is confirmed and asks; a report sent without the tick
// comes back (422) with what was typed and the confirmed value and its
// date named beside the tick; a report that replaces it needs evidence
// (new files, or the earlier ones kept with one tick). The JSON API asks
// the same through "replace_confirmed" (400 without it).
func TestReplacingConfirmedValue(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	old := currentValue(t, c, percentInd)
	if old.State != datchuan.StateConfirmed || len(old.Evidence) == 0 {
		t.Fatalf("the demo's %s is %s with %d evidence; the test needs a confirmed value with evidence", percentInd, old.State, len(old.Evidence))
	}
	question := datchuan.ReplaceQuestion(old).Vi

	form := c.Get(reportPath(percentInd))
	if !form.Has(`name="replace_confirmed"`) || !form.Has(`name="keep_evidence"`) {
		t.Fatal("the report form does not ask before replacing the confirmed value")
	}

	count := w.CountChanges()
	typed := url.Values{"number": {"90"}, "as_of": {"01/09/2022"}, "comment": {"đo lại"}}
	resp := c.PostMultipart(reportPath(percentInd), typed)
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(`id="err-replace_confirmed"`) || !resp.Has(html.EscapeString(question)) {
		t.Fatalf("a report over a confirmed value without the tick: %d, want 422 asking %q\n%.1500s", resp.Status, question, resp.Body)
	}
	for _, want := range []string{old.Measure.String(), old.AsOf.VN(), `value="90"`, "đo lại", `id="err-evidence"`} {
		if !resp.Has(want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if w.CountChanges() != count || currentValue(t, c, percentInd).ID != old.ID {
		t.Fatal("a report refused for the question replaced the confirmed value")
	}

	// The tick without evidence: still refused, for the evidence only.
	typed.Set("replace_confirmed", "1")
	resp = c.PostMultipart(reportPath(percentInd), typed)
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(`id="err-evidence"`) || resp.Has(`id="err-replace_confirmed"`) || !resp.Has(`name="replace_confirmed" value="1" checked`) {
		t.Fatalf("the tick without evidence: %d, want 422 for the evidence, the tick kept\n%.1500s", resp.Status, resp.Body)
	}

	// The tick and the earlier evidence kept: the report goes through.
	typed.Set("keep_evidence", "1")
	resp = c.PostMultipart(reportPath(percentInd), typed)
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("the tick with the earlier evidence: %d\n%.1500s", resp.Status, resp.Body)
	}
	now := currentValue(t, c, percentInd)
	if now.ID == old.ID || now.State != datchuan.StateReported || !slices.Equal(now.Evidence, old.Evidence) || now.Measure.String() != "90" {
		t.Errorf("after replacing: %+v, want 90 waiting, with the earlier evidence", now)
	}

	// The API: another confirmed value, the same question.
	other := currentValue(t, c, passFailInd)
	if other.State != datchuan.StateConfirmed {
		t.Fatalf("the demo's %s is %s", passFailInd, other.State)
	}
	body := map[string]any{"unit": commune, "set_id": demo.CommuneSet, "indicator": passFailInd, "value": "không đạt", "as_of": "01/09/2022"}
	api := c.PostJSON("/api/values", body)
	e := decodeAPIError(t, api)
	if api.Status != http.StatusBadRequest || e.Error.Fields[datchuan.FieldReplace] != datchuan.ReplaceQuestion(other).Vi || e.Error.Fields[datchuan.FieldEvidence] == "" {
		t.Fatalf("the API over a confirmed value: %d %+v, want 400 asking replace_confirmed and evidence", api.Status, e.Error)
	}
	body["replace_confirmed"], body["keep_evidence"] = true, true
	api = c.PostJSON("/api/values", body)
	var v datchuan.Value
	if api.Status != http.StatusCreated || json.Unmarshal([]byte(api.Body), &v) != nil || !slices.Equal(v.Evidence, other.Evidence) {
		t.Errorf("the API with replace_confirmed and keep_evidence: %d\n%.500s", api.Status, api.Body)
	}
	if !strings.Contains(datchuan.ReplaceQuestion(other).En, "confirmed on") {
		t.Error("the question has no English")
	}
}
