package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `catalog check` honours an indicator's `evidence` key and refuses a
// misspelt value of it with its file and line.
func TestCatalogCheckEvidence(t *testing.T) {
	set := func(evidence string) string {
		return "id: evidence-test\nname_vi: \"Thử\"\nlegal_basis: {number: \"1/QĐ\", verified: false}\nperiod: {from: 2021, to: 2025}\n" +
			"level: commune\ntier: commune_ntm\ndraft: true\nclassifier: {kind: region, classes: [{code: DBSCL, name_vi: \"ĐBSCL\"}]}\n" +
			"criteria:\n  - code: \"1\"\n    name_vi: \"A\"\n    indicators:\n" +
			"      - code: \"1.1\"\n        name_vi: \"a\"\n        kind: pass_fail\n        evidence: " + evidence + "\n" +
			"        thresholds: [{value: Đạt, source: s, verified: false}]\n"
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "evidence.yaml")
	if err := os.WriteFile(file, []byte(set("required")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, nil, "catalog", "check", dir); code != 0 || !strings.Contains(out, "evidence-test") {
		t.Fatalf("evidence: required refused: exit %d\n%s%s", code, out, errs)
	}
	if err := os.WriteFile(file, []byte(set("requried")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, nil, "catalog", "check", dir)
	if code != 2 || !strings.Contains(errs, `evidence.yaml:16:`) || !strings.Contains(errs, `"requried"`) {
		t.Errorf("a misspelt evidence value: exit %d, want 2 naming evidence.yaml:16\n%s", code, errs)
	}
}
