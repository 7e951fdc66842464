package catalog

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/datchuan/datchuan"
)

// TestShippedDossierTemplate: the district NTM template loads, covers a
// 2022 district target, and marks every item unverified, as the official
// list of papers was not found.
func TestShippedDossierTemplate(t *testing.T) {
	ts, err := DossierTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].Key != "district-ntm-2021-2025" {
		t.Fatalf("shipped templates: %d", len(ts))
	}
	tpl := ts[0]
	if !tpl.Covers(&datchuan.CriteriaSet{Tier: datchuan.TierDistrictNTM}, 2022) || tpl.Covers(&datchuan.CriteriaSet{Tier: datchuan.TierCommuneNTM}, 2022) {
		t.Errorf("the template covers the wrong targets")
	}
	if got := tpl.Unverified(); got != len(tpl.Active()) || got == 0 {
		t.Errorf("unverified items: %d of %d", got, len(tpl.Active()))
	}
	kinds := map[datchuan.DossierKind]int{}
	for _, it := range tpl.Active() {
		kinds[it.Kind]++
		if it.Kind == datchuan.DossierPosting && it.PostingDays != 15 {
			t.Errorf("posting %s runs %d days, want the demo's 15", it.Code, it.PostingDays)
		}
	}
	for _, k := range []datchuan.DossierKind{datchuan.DossierCriteriaTable, datchuan.DossierCommunes, datchuan.DossierConfirmations, datchuan.DossierPosting} {
		if kinds[k] == 0 {
			t.Errorf("no item of kind %s", k)
		}
	}
	if steps := tpl.Steps; len(steps) != 3 || steps[0].Code != "district" || steps[2].Code != "centre" {
		t.Errorf("steps: %+v", steps)
	}
}

// TestBadDossierTemplate: an unknown key, a posting without days and a
// duplicate code are refused, naming the file.
func TestBadDossierTemplate(t *testing.T) {
	base := `key: x
name_vi: "Mẫu"
tier: district_ntm
period: {from: 2021, to: 2025}
basis: {document: "18/2022/QĐ-TTg"}
steps: [{code: district, name_vi: "Cấp huyện"}]
items:
  - {code: H1, step: district, title: "Tờ trình", kind: paper, party: district_peoples_committee, provenance: {document: "18/2022/QĐ-TTg"}}
`
	for name, tc := range map[string]struct{ src, want string }{
		"unknown key":  {base + "colour: blue\n", "colour"},
		"posting days": {strings.Replace(base, "kind: paper", "kind: posting", 1), "Số ngày niêm yết"},
		"duplicate":    {base + `  - {code: H1, step: district, title: "Lại", kind: paper, party: central, provenance: {document: "x"}}` + "\n", "trùng"},
		"unknown step": {strings.Replace(base, "step: district, title", "step: ward, title", 1), "bước"},
	} {
		_, err := LoadDossierTemplates(fstest.MapFS{"t/bad.yaml": {Data: []byte(tc.src)}}, "t", "t/")
		if err == nil || !strings.Contains(err.Error(), "t/bad.yaml") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a problem of t/bad.yaml with %q", name, err, tc.want)
		}
	}
	if _, err := LoadDossierTemplates(fstest.MapFS{"t/ok.yaml": {Data: []byte(base)}}, "t", "t/"); err != nil {
		t.Errorf("the good file: %v", err)
	}
}
