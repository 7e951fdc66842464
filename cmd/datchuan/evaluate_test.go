package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
)

const nationalCommune = "vn-ntm-commune-2021-2025"

// evaluate runs "datchuan evaluate" with args and then the values file
// holding body.
func evaluate(t *testing.T, body string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	values := writeFile(t, "values.csv", body)
	return runCLI(t, nil, append(append([]string{"evaluate"}, args...), values)...)
}

// A quote out of place used to panic ("out of range index passed to
// FieldPos"): now it is a problem of its line, exit 2.
func TestEvaluateUnreadableCSV(t *testing.T) {
	for name, body := range map[string]string{
		"unclosed quote":             "\"1.1,dat\n",
		"quote inside a field":       "1.1,đạt\n2.1,9\"5\n",
		"quote after a good record":  "1.1,đạt\n\"2.1\"x,95\n",
		"unclosed quote at the end":  "1.1,đạt\n17.8,\"100%",
		"garbage after a valid file": "indicator_code,value\n1.1,đạt\n\"",
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errs := evaluate(t, body, "--set", nationalCommune, "--region", "DBSCL")
			if code != 2 || !strings.Contains(errs, "values.csv:") || !strings.Contains(errs, "ngoặc kép") {
				t.Errorf("exit %d, want 2 naming the line and the quote:\n%s", code, errs)
			}
		})
	}
}

// A line that repeats an indicator and has a wrong value of its own says
// what is wrong with its value, not only that it repeats an earlier line.
func TestEvaluateReportsOwnErrorBeforeDuplicate(t *testing.T) {
	code, _, errs := evaluate(t, "1.1,nhiều\n1.1,xyz\n", "--set", nationalCommune, "--region", "DBSCL")
	if code != 2 {
		t.Fatalf("exit %d, want 2:\n%s", code, errs)
	}
	for _, want := range []string{`values.csv:1: chỉ tiêu 1.1: "nhiều"`, `values.csv:2: chỉ tiêu 1.1: "xyz"`, "values.csv:2: chỉ tiêu 1.1 đã có ở dòng 1"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

// A ratio for a must-be-none indicator (9.1 nhà tạm) was accepted and shown
// as "no data": it is refused, as the server refuses such a report.
func TestEvaluateRefusesWrongShape(t *testing.T) {
	code, out, errs := evaluate(t, "9.1,1/2\n", "--set", nationalCommune, "--region", "DBSCL")
	if code != 2 || !strings.Contains(errs, `values.csv:1: chỉ tiêu 9.1, giá trị "1/2"`) || !strings.Contains(errs, "tỷ lệ") {
		t.Errorf("exit %d, want 2 naming line, indicator and value:\n%s%s", code, errs, out)
	}
	if code, _, errs := evaluate(t, "9.1,0\n", "--set", nationalCommune, "--region", "DBSCL"); code != 0 {
		t.Errorf("a count of 0 temporary houses: exit %d\n%s", code, errs)
	}
}

// Past 200 problems the list stops: a wrong file is wrong throughout.
func TestEvaluateListsAtMost200Problems(t *testing.T) {
	body := strings.Repeat("99.9,đạt\n", 5000)
	code, _, errs := evaluate(t, body, "--set", nationalCommune, "--region", "DBSCL")
	if code != 2 || strings.Count(errs, "unknown indicator") != 200 || !strings.Contains(errs, "và còn lỗi khác không hiển thị") {
		t.Errorf("exit %d, %d problems listed, want 200 and the 'more' line", code, strings.Count(errs, "unknown indicator"))
	}
}

// A district set used to be evaluated on the district's own criteria only,
// and say ĐẠT CHUẨN with exit 0 of a district none of whose conditions
// (its communes, its towns) were checked. Without member values it is
// refused, saying why.
func TestEvaluateDistrictNeedsMembers(t *testing.T) {
	set := mustSet(t, "vn-ntm-district-2021-2025")
	plain := strings.Join(metValues(set, ""), "\n")
	unitOnly := "unit,type,tier,indicator_code,value\n" + strings.Join(metValues(set, "848,,,"), "\n") + "\n29446,Xã\n"
	for name, body := range map[string]string{"no unit column": plain, "members without values": unitOnly} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := evaluate(t, body, "--set", set.ID, "--region", "DBSCL", "--year", "2022")
			if code != 2 || strings.Contains(out, "ĐẠT CHUẨN") {
				t.Fatalf("exit %d, want 2 and no verdict:\n%s%s", code, out, errs)
			}
			for _, want := range []string{"bộ cấp huyện", "C1", "unit,type,tier,indicator_code,value"} {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
		})
	}
}

// A district with its communes and towns, on the demo's Trà Vinh sets
// (all of whose thresholds are known): it meets the standard only with its
// own criteria and every condition; a town without values, or a debt
// (C5), or a third of its communes at risk of revocation each show.
func TestEvaluateDistrictWithMembers(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, demo.Sets()); err != nil {
		t.Fatal(err)
	}
	cat, err := loadSets(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	pick := func(id string) *datchuan.CriteriaSet {
		s, err := cat.Set(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	district, ntm, advanced, urban := pick(demo.DistrictSet), pick(demo.CommuneSet), pick(demo.AdvancedSet), pick(demo.UrbanSet)
	rows := func(failing string, townValues bool, c5 string) string {
		lines := []string{"unit,type,tier,indicator_code,value"}
		lines = append(lines, metValues(district, "848,,,")...)
		lines = append(lines, "848,,,C5,"+c5)
		for _, x := range []string{"29446", "29447", "29448"} {
			vals := metValues(ntm, x+",Xã,commune_ntm,")
			if x == failing {
				vals = failedValues(ntm, x+",Xã,commune_ntm,")
			}
			lines = append(lines, vals...)
		}
		lines = append(lines, metValues(advanced, "29446,xa,commune_ntm_advanced,")...) // 1 of 3 ≥ 10%
		if townValues {
			lines = append(lines, metValues(urban, "29400,Thị trấn,civilised_urban,")...)
		} else {
			lines = append(lines, "29400,Thị trấn")
		}
		return strings.Join(lines, "\n") + "\n"
	}
	args := []string{"--set", district.ID, "--sets", dir, "--region", "DBSCL", "--year", "2022"}

	code, out, errs := evaluate(t, rows("", true, "đạt"), args...)
	if code != 0 || !strings.Contains(out, "5/5 điều kiện của huyện đạt — ĐẠT CHUẨN") || !strings.Contains(out, "Đơn vị: 848") {
		t.Fatalf("a district meeting everything: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"C1", "3/3 (100%)", "29400", "civilised_urban", "không có nguy cơ"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	for name, tt := range map[string]struct {
		body    string
		notMet  []string
		atRisk  bool
		because string
	}{
		"a town without values":        {rows("", false, "đạt"), []string{"C3"}, false, ""},
		"an outstanding debt":          {rows("", true, "không đạt"), []string{"C5"}, false, ""},
		"a commune failing everything": {rows("29448", true, "đạt"), []string{"C1"}, true, "1/3 xã có nguy cơ"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := evaluate(t, tt.body, append(args, "--format", "json")...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errs)
			}
			var ev struct {
				Unit       string `json:"unit"`
				Conditions []struct {
					Code string `json:"code"`
					Met  bool   `json:"met"`
				} `json:"conditions"`
				Members []struct {
					Unit    string `json:"unit"`
					Results []struct {
						Tier string `json:"tier"`
					} `json:"results"`
				} `json:"members"`
				Revocation struct {
					AtRisk bool   `json:"at_risk"`
					Reason string `json:"reason"`
				} `json:"revocation"`
				Totals struct {
					CriteriaMet int  `json:"criteria_met"`
					Meets       bool `json:"meets"`
				} `json:"totals"`
			}
			if err := json.Unmarshal([]byte(out), &ev); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			var notMet []string
			for _, c := range ev.Conditions {
				if !c.Met {
					notMet = append(notMet, c.Code)
				}
			}
			if fmt.Sprint(notMet) != fmt.Sprint(tt.notMet) || ev.Totals.Meets || ev.Totals.CriteriaMet != 9 || ev.Unit != "848" {
				t.Errorf("conditions not met %v, want %v; totals %+v, unit %q", notMet, tt.notMet, ev.Totals, ev.Unit)
			}
			if ev.Revocation.AtRisk != tt.atRisk || !strings.Contains(ev.Revocation.Reason, tt.because) {
				t.Errorf("revocation = %+v, want at risk %v because %q", ev.Revocation, tt.atRisk, tt.because)
			}
			if len(ev.Members) != 4 || len(ev.Members[0].Results) != 2 || ev.Members[3].Results[0].Tier != "civilised_urban" {
				t.Errorf("members = %+v, want 3 xã on 2 tiers and a thị trấn", ev.Members)
			}
		})
	}
}

// The rows naming units: each mistake is refused with its line.
func TestEvaluateRefusesBadUnitRows(t *testing.T) {
	const hdr = "unit,type,tier,indicator_code,value\n"
	district := []string{"--set", "vn-ntm-district-2021-2025", "--region", "DBSCL", "--year", "2022"}
	commune := []string{"--set", nationalCommune, "--region", "DBSCL"}
	tests := []struct {
		name string
		args []string
		body string
		want string
	}{
		{"wrong header", district, "unit,indicator_code,value\n848,1.1,đạt\n", "values.csv:1: dòng tiêu đề phải là"},
		{"no unit code", district, hdr + ",,,1.1,đạt\n", "values.csv:2: thiếu mã đơn vị"},
		{"a second district", district, hdr + "848,,,1.1,đạt\n850,,,1.2,đạt\n", "values.csv:3: tệp đánh giá một đơn vị, 848 (dòng 2)"},
		{"tier without type", district, hdr + "29446,,commune_ntm,1.1,đạt\n", "values.csv:2: cột tier"},
		{"unknown type", district, hdr + "29446,Phường,commune_ntm,1.1,đạt\n", `values.csv:2: loại đơn vị "Phường"`},
		{"tier of another type", district, hdr + "29446,Xã,civilised_urban,1.1,đạt\n", `values.csv:2: tier "civilised_urban" không dùng cho Xã`},
		{"no tier", district, hdr + "29446,Xã,,1.1,đạt\n", `values.csv:2: tier ""`},
		{"two types", district, hdr + "29446,Xã,commune_ntm,1.1,đạt\n29446,Thị trấn,civilised_urban,1.1,đạt\n", "values.csv:3: đơn vị 29446 đã ghi là Xã ở dòng 2"},
		{"member indicator unknown", district, hdr + "29446,Xã,commune_ntm,C5,đạt\n", `values.csv:2: chỉ tiêu "C5" không có trong bộ vn-ntm-commune-2021-2025`},
		{"member duplicate", district, hdr + "29446,Xã,commune_ntm,1.1,đạt\n29446,Xã,commune_ntm,1.1,đạt\n", "values.csv:3: chỉ tiêu 1.1 đã có ở dòng 2"},
		{"member of a commune set", commune, hdr + "29446,,,1.1,đạt\n29447,Xã,commune_ntm,1.1,đạt\n", "values.csv:3: bộ vn-ntm-commune-2021-2025 đánh giá một xã"},
		{"member wrong shape", district, hdr + "29446,Xã,commune_ntm,9.1,1/2\n", `values.csv:2: chỉ tiêu 9.1, giá trị "1/2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := evaluate(t, tt.body, tt.args...)
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, want 2 with %q:\n%s", code, tt.want, errs)
			}
		})
	}
	// The same two units are fine when the second is a member of the first.
	if code, _, errs := evaluate(t, hdr+"29446,,,1.1,đạt\n", commune...); code != 0 {
		t.Errorf("a commune set with its unit named: exit %d\n%s", code, errs)
	}
}

func mustSet(t *testing.T, id string) *datchuan.CriteriaSet {
	t.Helper()
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	set, err := cat.Set(id)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// metValues is a row, after prefix, for every indicator of set with a
// value that meets any threshold it may have.
func metValues(set *datchuan.CriteriaSet, prefix string) []string {
	return valueRows(set, prefix, map[datchuan.IndicatorKind]string{
		datchuan.KindPassFail: "đạt", datchuan.KindNoneAllowed: "không", datchuan.KindPercentMin: "100%",
		datchuan.KindPercentMax: "0", datchuan.KindAmountMin: "1000000", datchuan.KindPerPersonMin: "1000000",
	})
}

// failedValues is metValues with values that meet no threshold.
func failedValues(set *datchuan.CriteriaSet, prefix string) []string {
	return valueRows(set, prefix, map[datchuan.IndicatorKind]string{
		datchuan.KindPassFail: "không đạt", datchuan.KindNoneAllowed: "có", datchuan.KindPercentMin: "0",
		datchuan.KindPercentMax: "100%", datchuan.KindAmountMin: "0", datchuan.KindPerPersonMin: "0",
	})
}

func valueRows(set *datchuan.CriteriaSet, prefix string, byKind map[datchuan.IndicatorKind]string) []string {
	var out []string
	for _, c := range set.Criteria {
		for _, ind := range c.Indicators {
			out = append(out, prefix+ind.Code+","+byKind[ind.Kind])
		}
	}
	return out
}

// The documented example file reads as documented.
func TestEvaluateDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "evaluate.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "```csv\nunit,type,tier,indicator_code,value\n848,")
	example, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("docs/evaluate.md lacks the example values file")
	}
	body := "unit,type,tier,indicator_code,value\n848," + example
	code, out, errs := evaluate(t, body, "--set", "vn-ntm-district-2021-2025", "--region", "DBSCL", "--year", "2022")
	if code != 0 || !strings.Contains(out, "CHƯA ĐẠT CHUẨN") || !strings.Contains(out, "29448") {
		t.Errorf("the documented example: exit %d\n%s%s", code, out, errs)
	}
}
