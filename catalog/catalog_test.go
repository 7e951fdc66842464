package catalog_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/google/go-cmp/cmp"
)

// MustEmbedded returns the shipped catalogue or stops the test.
func MustEmbedded(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	c, err := catalog.Embedded()
	if err != nil {
		tb.Fatalf("Embedded: %v", err)
	}
	return c
}

func MustSet(tb testing.TB, c *catalog.Catalog, id string) *datchuan.CriteriaSet {
	tb.Helper()
	s, err := c.Set(id)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestEmbeddedSets(t *testing.T) {
	type summary struct {
		ID          string
		File        string
		Level       datchuan.Level
		Tier        datchuan.Tier
		Period      [2]int
		Classifier  datchuan.ClassifierKind
		Classes     int
		Groups      int
		Criteria    int
		Indicators  int
		Known       int
		Unknown     int
		Draft       bool
		DerivedFrom string
		Legal       string
		Conditions  int
		Revocation  string
	}
	var got []summary
	for _, s := range MustEmbedded(t).Sets() {
		sum := summary{
			ID: s.ID, File: s.File, Level: s.Level, Tier: s.Tier, Period: [2]int{s.PeriodFrom, s.PeriodTo},
			Classifier: s.Classifier, Classes: len(s.Classes), Groups: len(s.Groups), Criteria: len(s.Criteria),
			Indicators: s.IndicatorCount(), Draft: s.Draft, DerivedFrom: s.DerivedFrom,
			Legal: strings.TrimSpace(s.Legal.Number + " " + s.Legal.Date.VN() + " " + s.Legal.Part), Conditions: len(s.Conditions),
		}
		if r := s.Revocation; r != nil {
			sum.Revocation = fmt.Sprintf("%v/%v/%v", r.AnyPercent, r.KeyPercent, r.CommunesPercent)
		}
		for _, c := range s.Criteria {
			for _, ind := range c.Indicators {
				for _, th := range ind.Thresholds {
					if th.Known {
						sum.Known++
					} else {
						sum.Unknown++
					}
				}
			}
		}
		got = append(got, sum)
	}
	want := []summary{
		{ID: "vn-civilised-urban", File: "catalog/sets/vn-civilised-urban.yaml", Level: "commune", Tier: "civilised_urban", Period: [2]int{2021, 2025},
			Classifier: "region", Classes: 7, Criteria: 1, Indicators: 1, Known: 1, Draft: true},
		{ID: "vn-ntm-commune-2021-2025", File: "catalog/sets/vn-ntm-commune-2021-2025.yaml", Level: "commune", Tier: "commune_ntm", Period: [2]int{2021, 2025},
			Classifier: "region", Classes: 7, Groups: 5, Criteria: 19, Indicators: 56, Known: 34, Unknown: 32, Draft: true,
			Legal: "318/QĐ-TTg 08/03/2022 Phụ lục I", Revocation: "50/30/0"},
		{ID: "vn-ntm-commune-2026-2030", File: "catalog/sets/vn-ntm-commune-2026-2030.yaml", Level: "commune", Tier: "commune_ntm", Period: [2]int{2026, 2030},
			Classifier: "commune_group", Classes: 3, Criteria: 10, Indicators: 10, Unknown: 10, Draft: true,
			Legal: "51/2025/QĐ-TTg 29/12/2025 Phụ lục I"},
		{ID: "vn-ntm-commune-advanced-2021-2025", File: "catalog/sets/vn-ntm-commune-advanced-2021-2025.yaml", Level: "commune", Tier: "commune_ntm_advanced", Period: [2]int{2021, 2025},
			Classifier: "region", Classes: 7, Groups: 5, Criteria: 19, Indicators: 56, Unknown: 56, Draft: true, DerivedFrom: "vn-ntm-commune-2021-2025",
			Legal: "318/QĐ-TTg 08/03/2022 Phụ lục II", Revocation: "50/30/0"},
		{ID: "vn-ntm-district-2021-2025", File: "catalog/sets/vn-ntm-district-2021-2025.yaml", Level: "district", Tier: "district_ntm", Period: [2]int{2021, 2025},
			Classifier: "region", Classes: 7, Criteria: 9, Indicators: 27, Known: 17, Unknown: 10, Draft: true,
			Legal: "320/QĐ-TTg 08/03/2022", Conditions: 5, Revocation: "50/30/30"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("embedded sets (-want +got):\n%s", diff)
	}
}

func TestCommuneSet(t *testing.T) {
	s := MustSet(t, MustEmbedded(t), "vn-ntm-commune-2021-2025")

	var keys []string
	for _, c := range s.Criteria {
		if c.RevocationKey {
			keys = append(keys, c.Code)
		}
		if c.Group == "" || c.LeadHint == "" || len(c.Indicators) == 0 {
			t.Errorf("criterion %s: group %q, lead hint %q, %d indicators", c.Code, c.Group, c.LeadHint, len(c.Indicators))
		}
	}
	if diff := cmp.Diff([]string{"10", "17", "19"}, keys); diff != "" {
		t.Errorf("revocation key criteria (-want +got):\n%s", diff)
	}
	if ind, c := s.Indicator("12.x"); ind != nil {
		t.Errorf("the draft's code 12.x must be renamed, found in criterion %s", c.Code)
	}
	if ind, c := s.Indicator("12.3"); ind == nil || c.Code != "12" {
		t.Errorf("12.3 missing or misplaced")
	}
	if s.Override == nil || s.Override.Use != "TDMNPB" || s.Override.Flag != "extremely_difficult" || !s.Override.Verified {
		t.Errorf("override rule: %+v", s.Override)
	}
	// The extremely difficult commune of the Mekong Delta uses TDMNPB.
	if got := s.ClassOf(datchuan.Classifiers{Region: "DBSCL", ExtremelyDifficult: true}); got != "TDMNPB" {
		t.Errorf("ClassOf extremely difficult = %q", got)
	}

	tests := []struct {
		code   string
		class  string
		year   int
		known  bool
		value  float64
		source string
	}{
		{"1.1", "DBSCL", 2022, true, 0, "độ tin cậy: trung bình (chưa kiểm chứng)"},
		{"1.1", "TDMNPB", 2024, true, 0, "độ tin cậy: trung bình"},
		{"9.1", "DNB", 2023, true, 0, "độ tin cậy: trung bình"},
		{"2.1", "DBSCL", 2022, true, 100, "S1; độ tin cậy: trung bình (chưa kiểm chứng)"},
		{"2.1", "DBSH", 2022, false, 0, "ngưỡng các vùng khác"},
		{"2.2", "DBSCL", 2022, false, 0, "không rõ (chưa có giá trị)"},
		{"10", "DBSCL", 2023, false, 0, "không rõ"},
		{"10", "DBSCL", 2021, false, 0, "không rõ"},
		{"17.8", "DBSCL", 2025, true, 100, "S14"},
		{"6.2", "DBSCL", 2025, true, 0, "S16a"},
		{"7", "DBSCL", 2025, true, 0, "S11"},
		{"12.3", "DBSCL", 2025, false, 0, "thấp"},
	}
	for _, tt := range tests {
		ind, _ := s.Indicator(tt.code)
		if ind == nil {
			t.Errorf("indicator %s missing", tt.code)
			continue
		}
		th, ok := ind.ThresholdFor(tt.class, tt.year)
		if !ok || th.Known != tt.known || th.Value != tt.value || !strings.Contains(th.Source, tt.source) || th.Verified {
			t.Errorf("%s %s %d: threshold %+v (ok %v); want known %v value %v source containing %q, unverified",
				tt.code, tt.class, tt.year, th, ok, tt.known, tt.value, tt.source)
		}
	}
	income, _ := s.Indicator("10")
	if income.Kind != datchuan.KindAmountMin || income.Unit != "triệu đồng/người/năm" {
		t.Errorf("income indicator: %+v", income)
	}
	green, _ := s.Indicator("17.4")
	if green.Kind != datchuan.KindPerPersonMin || green.Unit != "m²/người" {
		t.Errorf("green space indicator: %+v", green)
	}
}

// Every threshold of every shipped set has a source, none claims to be
// verified (the official appendices were not available), and the shipped
// region classes are the regions of the unit data.
func TestEmbeddedProvenance(t *testing.T) {
	regions, err := catalog.Regions()
	if err != nil {
		t.Fatal(err)
	}
	var regionCodes []string
	for _, r := range regions {
		regionCodes = append(regionCodes, r.Code)
	}
	for _, s := range MustEmbedded(t).Sets() {
		for _, c := range s.Criteria {
			for _, ind := range c.Indicators {
				if len(ind.Thresholds) == 0 {
					t.Errorf("%s %s: no thresholds", s.ID, ind.Code)
				}
				for _, th := range ind.Thresholds {
					if th.Source == "" || th.Verified {
						t.Errorf("%s %s: threshold %+v", s.ID, ind.Code, th)
					}
				}
			}
		}
		if s.Classifier == datchuan.ByRegion {
			var codes []string
			for _, c := range s.Classes {
				codes = append(codes, c.Code)
			}
			if diff := cmp.Diff(regionCodes, codes); diff != "" {
				t.Errorf("%s classes differ from Regions() (-regions +classes):\n%s", s.ID, diff)
			}
		}
	}
}

func TestDistrictSet(t *testing.T) {
	s := MustSet(t, MustEmbedded(t), "vn-ntm-district-2021-2025")
	type cond struct {
		Code     string
		Kind     datchuan.ConditionKind
		Tier     datchuan.Tier
		Min      float64
		Verified bool
	}
	var got []cond
	for _, c := range s.Conditions {
		got = append(got, cond{c.Code, c.Kind, c.Tier, c.MinPercent, c.Verified})
	}
	want := []cond{
		{"C1", datchuan.CondShareOfCommunes, datchuan.TierCommuneNTM, 100, false},
		{"C2", datchuan.CondShareOfCommunes, datchuan.TierCommuneAdvanced, 10, false},
		{"C3", datchuan.CondShareOfTowns, datchuan.TierCivilisedUrban, 100, false},
		{"C4", datchuan.CondAllCriteria, "", 0, true},
		{"C5", datchuan.CondBoolean, "", 0, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}
	var keys []string
	for _, c := range s.Criteria {
		if c.RevocationKey {
			keys = append(keys, c.Code)
		}
	}
	if diff := cmp.Diff([]string{"6", "7", "8", "9"}, keys); diff != "" {
		t.Errorf("revocation key criteria (-want +got):\n%s", diff)
	}
	// Every condition tier is the tier of a shipped set.
	tiers := map[datchuan.Tier]bool{}
	for _, set := range MustEmbedded(t).Sets() {
		tiers[set.Tier] = true
	}
	for _, c := range s.Conditions {
		if c.Tier != "" && !tiers[c.Tier] {
			t.Errorf("condition %s needs tier %s, which no shipped set has", c.Code, c.Tier)
		}
	}
}

func TestDerivedAdvancedSet(t *testing.T) {
	c := MustEmbedded(t)
	base := MustSet(t, c, "vn-ntm-commune-2021-2025")
	adv := MustSet(t, c, "vn-ntm-commune-advanced-2021-2025")
	if adv.DerivedFrom != base.ID || adv.Legal.Part != "Phụ lục II" {
		t.Fatalf("derived_from %q, part %q", adv.DerivedFrom, adv.Legal.Part)
	}
	// The structure is the base's; the thresholds are all unknown.
	type shape struct{ Criterion, Indicator, Name string }
	shapes := func(s *datchuan.CriteriaSet) (out []shape) {
		for _, c := range s.Criteria {
			for _, ind := range c.Indicators {
				out = append(out, shape{c.Code, ind.Code, ind.NameVi})
			}
		}
		return out
	}
	if diff := cmp.Diff(shapes(base), shapes(adv)); diff != "" {
		t.Errorf("advanced set structure (-base +advanced):\n%s", diff)
	}
	for _, cr := range adv.Criteria {
		for _, ind := range cr.Indicators {
			if len(ind.Thresholds) != 1 || ind.Thresholds[0].Known || !strings.Contains(ind.Thresholds[0].Source, "PL II") {
				t.Errorf("advanced %s thresholds: %+v", ind.Code, ind.Thresholds)
			}
		}
	}
	if diff := cmp.Diff(base.Classes, adv.Classes); diff != "" || adv.Override == nil {
		t.Errorf("classifier not inherited: %s", diff)
	}
	// Materialising copies: the base is untouched, and the sets share no slices.
	if th := base.Criteria[0].Indicators[0].Thresholds[0]; !th.Known {
		t.Errorf("base threshold changed: %+v", th)
	}
	adv.Criteria[0].Indicators[0].NameVi = "changed"
	if base.Criteria[0].Indicators[0].NameVi == "changed" {
		t.Error("derived set shares indicators with its base")
	}
}

func TestSetNotFound(t *testing.T) {
	_, err := MustEmbedded(t).Set("vn-ntm-commune-2016-2020")
	if code := datchuan.ErrorCode(err); code != datchuan.ENOTFOUND {
		t.Fatalf("code %q, err %v", code, err)
	}
}

// Each fixture under testdata/bad holds one refusal reason; the load must
// name its file and line and say why.
func TestLoadRefusals(t *testing.T) {
	tests := []struct {
		path   string // a file (LoadFile) or a directory (LoadDir)
		file   string
		line   int
		reason string
	}{
		{"bad/syntax.yaml", "testdata/bad/syntax.yaml", 13, "lỗi cú pháp YAML"},
		{"bad/unknown-key.yaml", "testdata/bad/unknown-key.yaml", 9, `khóa không hợp lệ "threshold_region"`},
		{"bad/unknown-nested-key.yaml", "testdata/bad/unknown-nested-key.yaml", 26, `chỉ tiêu 1.2 (indicator): khóa không hợp lệ "treshold"`},
		{"dup-id", "b.yaml", 2, `mã bộ tiêu chí "test-dup" đã dùng ở a.yaml:2`},
		{"bad/duplicate-criterion.yaml", "testdata/bad/duplicate-criterion.yaml", 29, `mã tiêu chí "1" lặp lại`},
		{"bad/duplicate-indicator.yaml", "testdata/bad/duplicate-indicator.yaml", 32, `mã chỉ tiêu "1.2" lặp lại trong bộ test-set, đã có ở dòng 23`},
		{"bad/unknown-kind.yaml", "testdata/bad/unknown-kind.yaml", 25, `loại chỉ tiêu không rõ "percentage"`},
		{"bad/unknown-evidence.yaml", "testdata/bad/unknown-evidence.yaml", 26, `chỉ tiêu 1.2 (indicator): giá trị evidence không rõ "requried"`},
		{"bad/unknown-class.yaml", "testdata/bad/unknown-class.yaml", 27, `vùng/nhóm "DBSCLL" không có trong classes`},
		{"bad/year-outside-period.yaml", "testdata/bad/year-outside-period.yaml", 27, "năm 2026 ngoài giai đoạn 2021–2025"},
		{"bad/missing-value.yaml", "testdata/bad/missing-value.yaml", 27, "ngưỡng thiếu value"},
		{"bad/numeric-not-number.yaml", "testdata/bad/numeric-not-number.yaml", 27, "cần ngưỡng là một số"},
		{"bad/pass-fail-number.yaml", "testdata/bad/pass-fail-number.yaml", 22, `có ngưỡng "Đạt" hoặc unknown, không phải "1"`},
		{"bad/percent-out-of-range.yaml", "testdata/bad/percent-out-of-range.yaml", 27, "phải trong khoảng 0–100, có 120"},
		{"bad/duplicate-threshold.yaml", "testdata/bad/duplicate-threshold.yaml", 29, "lặp lại (đã có ở dòng 28)"},
		{"bad/no-thresholds.yaml", "testdata/bad/no-thresholds.yaml", 18, "chỉ tiêu 1.1: không có ngưỡng nào"},
		{"bad/unknown-base.yaml", "testdata/bad/unknown-base.yaml", 7, `không có bộ tiêu chí "vn-ntm-commune-2019-2020"`},
		{"bad/self-cycle.yaml", "testdata/bad/self-cycle.yaml", 7, "vòng lặp: test-self → test-self"},
		{"cycle", "b.yaml", 7, "vòng lặp: test-a → test-b → test-a"},
		{"bad/override-unknown-indicator.yaml", "testdata/bad/override-unknown-indicator.yaml", 10, `không có chỉ tiêu "17.12"`},
		{"bad/derived-with-criteria.yaml", "testdata/bad/derived-with-criteria.yaml", 8, "không viết lại criteria"},
		{"bad/unknown-condition-kind.yaml", "testdata/bad/unknown-condition-kind.yaml", 15, `loại điều kiện không rõ "share_of_villages"`},
		{"bad/unknown-condition-tier.yaml", "testdata/bad/unknown-condition-tier.yaml", 15, `điều kiện C1 (condition): tầng chuẩn không rõ "commune_ntm_gold"`},
		{"bad/unknown-tier.yaml", "testdata/bad/unknown-tier.yaml", 7, `tầng chuẩn không rõ "commune_gold"`},
		{"bad/unknown-group.yaml", "testdata/bad/unknown-group.yaml", 18, `nhóm "II" không có trong groups`},
		{"bad/bad-date.yaml", "testdata/bad/bad-date.yaml", 4, `Ngày 31/02/2022 không có thật: tháng 2/2022 chỉ có 28 ngày`},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			seen[tt.path] = true
			path := filepath.Join("testdata", tt.path)
			var err error
			if filepath.Ext(path) == ".yaml" {
				var s *datchuan.CriteriaSet
				s, err = catalog.LoadFile(path)
				if s != nil {
					t.Errorf("a set was returned with the error")
				}
			} else {
				var c *catalog.Catalog
				c, err = catalog.LoadDir(path)
				if c != nil {
					t.Errorf("a catalogue was returned with the error")
				}
			}
			var le *catalog.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("want a *LoadError, got %v", err)
			}
			if len(le.Problems) != 1 {
				t.Errorf("want exactly one problem, got:\n%v", err)
			}
			p := le.Problems[0]
			if p.File != tt.file || p.Line != tt.line || !strings.Contains(p.Message, tt.reason) {
				t.Errorf("got %s\nwant %s:%d: …%s…", p, tt.file, tt.line, tt.reason)
			}
			if want := fmt.Sprintf("%s:%d: ", tt.file, tt.line); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
			if datchuan.ErrorCode(err) != datchuan.EINVALID {
				t.Errorf("ErrorCode = %q, want invalid", datchuan.ErrorCode(err))
			}
		})
	}
	// Every fixture is in the table.
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, f := range files {
		rel, _ := filepath.Rel("testdata", f)
		if !seen[filepath.ToSlash(rel)] && filepath.Base(f) != "many-problems.yaml" {
			t.Errorf("fixture %s is not tested", f)
		}
	}
}

func TestLoadCollectsAllProblems(t *testing.T) {
	_, err := catalog.LoadFile("testdata/bad/many-problems.yaml")
	var le *catalog.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError, got %v", err)
	}
	var got []string
	for _, p := range le.Problems {
		got = append(got, fmt.Sprintf("%d:%d", p.Line, p.Column))
	}
	if diff := cmp.Diff([]string{"7:1", "25:9", "27:21"}, got); diff != "" {
		t.Errorf("problem places (-want +got):\n%s\n%v", diff, err)
	}
}

func TestLoadProblemLimit(t *testing.T) {
	src, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(src)
	for i := range 70 {
		fmt.Fprintf(&b, "extra_%02d: x\n", i)
	}
	_, err = catalog.Load(fstest.MapFS{"many.yaml": {Data: []byte(b.String())}})
	var le *catalog.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError, got %v", err)
	}
	if n := len(le.Problems); n != 51 || !strings.Contains(le.Problems[50].Message, "còn 20 lỗi khác") {
		t.Errorf("%d problems, last %q", n, le.Problems[n-1])
	}
}

func TestLoadGood(t *testing.T) {
	c, err := catalog.Load(fstest.MapFS{
		"good.yaml":  {Data: mustRead(t, "testdata/good.yaml")},
		"README.txt": {Data: []byte("not a set")},
		"sub/x.yaml": {Data: []byte("broken: [")},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := MustSet(t, c, "test-set")
	want := datchuan.Indicator{
		Code: "1.2", NameVi: "Chỉ tiêu tỷ lệ", Kind: datchuan.KindPercentMin, Unit: "%", EvidenceRequired: true,
		Thresholds: []datchuan.Threshold{
			{Class: "DBSCL", Year: 2024, Value: 90, Known: true, Provenance: datchuan.Provenance{Source: "thử"}},
			{Provenance: datchuan.Provenance{Source: "thử"}},
		},
	}
	ind, _ := s.Indicator("1.2")
	if diff := cmp.Diff(&want, ind); diff != "" {
		t.Errorf("indicator 1.2 (-want +got):\n%s", diff)
	}
	if optional, _ := s.Indicator("1.1"); optional.EvidenceRequired {
		t.Error("indicator 1.1 (evidence: optional) requires evidence")
	}
	if s.File != "good.yaml" || s.Legal.Date != datchuan.NewDate(2022, 1, 1) {
		t.Errorf("file %q, date %v", s.File, s.Legal.Date)
	}
}

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// An operator's directory holds a provincial set derived from a shipped one;
// it merges with the shipped catalogue.
func TestOperatorDirectory(t *testing.T) {
	extra, err := catalog.LoadDir("testdata/operator")
	if err != nil {
		t.Fatal(err)
	}
	s := MustSet(t, extra, "example-tv-district-2021-2025")
	if s.DerivedFrom != "vn-ntm-district-2021-2025" || s.File != "tv-district-example.yaml" || len(s.Conditions) != 5 || s.Revocation == nil {
		t.Errorf("derived set: from %q file %q, %d conditions, revocation %v", s.DerivedFrom, s.File, len(s.Conditions), s.Revocation)
	}
	if ind, _ := s.Indicator("2.3"); ind != nil {
		t.Error("2.3 was removed")
	}
	if ind, c := s.Indicator("2.4"); ind == nil || c.Code != "2" || ind.NumeratorLabel != "Số km đạt" {
		t.Errorf("2.4 added: %+v", ind)
	}
	ind, _ := s.Indicator("2.2")
	for _, tt := range []struct {
		year  int
		value float64
	}{{2022, 80}, {2023, 90}} {
		if th, ok := ind.ThresholdFor("DBSCL", tt.year); !ok || !th.Known || th.Value != tt.value {
			t.Errorf("2.2 DBSCL %d: %+v", tt.year, th)
		}
	}
	if _, ok := ind.ThresholdFor("DBSH", 2023); ok {
		t.Error("2.2: the override replaces all the base's thresholds")
	}

	all, err := catalog.Merge(MustEmbedded(t), extra)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(all.Sets()); n != 6 {
		t.Errorf("merged: %d sets", n)
	}
	ids := make([]string, 0)
	for _, s := range all.Sets() {
		ids = append(ids, s.ID)
	}
	if !sortedStrings(ids) {
		t.Errorf("Sets() not sorted: %v", ids)
	}

	// The same id twice is refused.
	_, err = catalog.Merge(MustEmbedded(t), MustEmbedded(t))
	var le *catalog.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 5 || !strings.Contains(le.Problems[0].Message, "đã có trong catalog/sets/") {
		t.Errorf("merging twice: %v", err)
	}
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

func TestLoadDirMissing(t *testing.T) {
	_, err := catalog.LoadDir(filepath.Join(t.TempDir(), "none"))
	if datchuan.ErrorCode(err) != datchuan.EINVALID {
		t.Errorf("err %v", err)
	}
}

// A set file written by an operator from a copy of a shipped one, under a
// new id, loads as it is: the shipped files are themselves valid input.
func TestShippedFilesLoadAlone(t *testing.T) {
	files, _ := filepath.Glob("sets/*.yaml")
	if len(files) != 5 {
		t.Fatalf("%d shipped files", len(files))
	}
	for _, f := range files {
		s, err := catalog.LoadFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if s.File != f {
			t.Errorf("File %q, want %q", s.File, f)
		}
	}
}

func BenchmarkEmbedded(b *testing.B) {
	for b.Loop() {
		if _, err := catalog.Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// A set built elsewhere (Of) can be a base: deriving a copy of every shipped
// set from it without overrides gives the same criteria.
func TestLoadWithOf(t *testing.T) {
	for _, s := range MustEmbedded(t).Sets() {
		t.Run(s.ID, func(t *testing.T) {
			base := catalog.Of(s)
			src := fmt.Sprintf("id: copy\nname_vi: Bản sao\nlegal_basis: {number: \"x\"}\ntier: %s\ndraft: true\nderived_from: %s\n", s.Tier, s.ID)
			c, err := catalog.LoadWith(base, fstest.MapFS{"copy.yaml": {Data: []byte(src)}})
			if err != nil {
				t.Fatal(err)
			}
			cp := MustSet(t, c, "copy")
			if diff := cmp.Diff(s.Criteria, cp.Criteria); diff != "" {
				t.Errorf("criteria (-base +copy):\n%s", diff)
			}
			if diff := cmp.Diff(s.Classes, cp.Classes); diff != "" || cp.PeriodFrom != s.PeriodFrom || cp.Level != s.Level {
				t.Errorf("classes, period or level not inherited: %s", diff)
			}
			if len(c.Sets()) != 1 {
				t.Errorf("LoadWith returned %d sets, want the new one only", len(c.Sets()))
			}
		})
	}
	// Without the base, the same file is refused.
	_, err := catalog.LoadWith(catalog.Of(), fstest.MapFS{"copy.yaml": {Data: []byte("id: copy\nname_vi: x\nlegal_basis: {number: x}\ntier: commune_ntm\ndraft: true\nderived_from: vn-ntm-commune-2021-2025\n")}})
	if err == nil || !strings.Contains(err.Error(), "copy.yaml:6: derived_from: không có bộ tiêu chí") {
		t.Errorf("got %v", err)
	}
}

// The first example of docs/criteria-sets.md is a valid file.
func TestDocExample(t *testing.T) {
	doc := string(mustRead(t, "../docs/criteria-sets.md"))
	start := strings.Index(doc, "```yaml\n")
	end := strings.Index(doc[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no yaml example in docs/criteria-sets.md")
	}
	c, err := catalog.Load(fstest.MapFS{"example.yaml": {Data: []byte(doc[start+8 : start+8+end])}})
	if err != nil {
		t.Fatal(err)
	}
	if s := MustSet(t, c, "vn-example-commune-2021-2025"); s.IndicatorCount() != 1 {
		t.Errorf("%d indicators", s.IndicatorCount())
	}
}
