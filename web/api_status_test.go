package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
)

// TestStatusSummary: a district's status in JSON is a summary by default —
// each commune's criteria with their status, no indicator, no threshold —
// a tenth of the whole evaluation or less, which ?detail=indicators still
// gives; both say the same of every criterion. Pages and JSON go gzipped
// to a client that takes it; a Word file goes as it is.
func TestStatusSummary(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Coord)
	brief, full := c.Get("/api/districts/848/status"), c.Get("/api/districts/848/status?detail=indicators")
	if brief.Status != http.StatusOK || full.Status != http.StatusOK {
		t.Fatalf("status: %d, detail: %d", brief.Status, full.Status)
	}
	if strings.Contains(brief.Body, `"indicators"`) || strings.Contains(brief.Body, `"threshold"`) || !strings.Contains(full.Body, `"indicators"`) {
		t.Error("the summary carries indicators, or the detail lacks them")
	}
	if len(brief.Body)*10 > len(full.Body) {
		t.Errorf("the summary is %d bytes against %d with every indicator; want a tenth or less", len(brief.Body), len(full.Body))
	}
	type crit struct {
		Code, Status string
		Met, Total   int
	}
	type district struct {
		District struct {
			Communes []struct {
				Unit    struct{ Code string }
				Results map[string]struct{ Criteria []crit }
			}
		}
	}
	var a, b district
	if err := json.Unmarshal([]byte(brief.Body), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(full.Body), &b); err != nil {
		t.Fatal(err)
	}
	if len(a.District.Communes) != 15 || len(a.District.Communes) != len(b.District.Communes) {
		t.Fatalf("communes: %d in the summary, %d in the detail", len(a.District.Communes), len(b.District.Communes))
	}
	for i, cm := range a.District.Communes {
		for tier, r := range cm.Results {
			want := b.District.Communes[i].Results[tier].Criteria
			if len(r.Criteria) == 0 || len(r.Criteria) != len(want) {
				t.Fatalf("%s %s: %d criteria, detail %d", cm.Unit.Code, tier, len(r.Criteria), len(want))
			}
			for j := range r.Criteria {
				if r.Criteria[j] != want[j] {
					t.Errorf("%s %s: %+v in the summary, %+v in the detail", cm.Unit.Code, tier, r.Criteria[j], want[j])
				}
			}
		}
	}
	if bad := c.Get("/api/districts/848/status?detail=all"); bad.Status != http.StatusBadRequest {
		t.Errorf("?detail=all: %d, want 400", bad.Status)
	}
	if prov := c.Get("/api/provinces/84/status"); prov.Status != http.StatusOK || strings.Contains(prov.Body, `"indicators"`) {
		t.Errorf("the province's summary: %d, with indicators %v", prov.Status, strings.Contains(prov.Body, `"indicators"`))
	}

	for _, path := range []string{"/api/districts/848/status", "/huyen/848"} {
		if r := c.Get(path); !r.Gzipped || r.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s went uncompressed (gzip %v, Vary %q)", path, r.Gzipped, r.Header.Get("Vary"))
		}
	}
	if r := c.Get("/kiem-tra/1/bien-ban.docx"); r.Status != http.StatusOK || r.Gzipped {
		t.Errorf("the inspection report: %d, gzipped %v; want it as it is", r.Status, r.Gzipped)
	}
}
