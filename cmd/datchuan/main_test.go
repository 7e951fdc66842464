package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/datchuan/datchuan/demo"
)

// runCLI runs the program with args and returns its exit code and output.
func runCLI(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &errb,
		Now: func() time.Time { return time.Date(2022, 7, 1, 8, 0, 0, 0, time.UTC) }}
	err := run(context.Background(), args, e)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEvaluateTable(t *testing.T) {
	values := writeFile(t, "values.csv", "indicator_code,value\n1.1,đạt\n1.2,Đạt\n2.1,19/20\n9.1,không\n17.8,100%\n")
	code, out, errs := runCLI(t, nil, "evaluate", "--set", "vn-ntm-commune-2021-2025", "--region", "DBSCL", "--year", "2022", values)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Tiêu chí 1. Quy hoạch", "ĐẠT (2/2)", // both planning indicators met
		"19/20 (95%)", "≥ 100%", "KHÔNG ĐẠT", // 2.1 needs 100%: 95% fails
		"không có", // 9.1 must be none: "không" meets it
		"THIẾU NGƯỠNG",
		"Tổng: 1/19 tiêu chí đạt", "CHƯA ĐẠT CHUẨN",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEvaluateJSON(t *testing.T) {
	values := writeFile(t, "values.csv", "1.1,đạt\n2.1,95,5\n")
	code, out, errs := runCLI(t, nil, "evaluate", "--set", "vn-ntm-commune-2021-2025", "--region", "DBSCL", "--format", "json", values)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ev struct {
		Set struct {
			ID    string `json:"id"`
			Draft bool   `json:"draft"`
		} `json:"set"`
		Class    string `json:"class"`
		Year     int    `json:"year"`
		Criteria []struct {
			Code       string `json:"code"`
			Status     string `json:"status"`
			Indicators []struct {
				Code      string  `json:"code"`
				Value     *string `json:"value"`
				Status    string  `json:"status"`
				Threshold *struct {
					Value    *float64 `json:"value"`
					Verified bool     `json:"verified"`
				} `json:"threshold"`
			} `json:"indicators"`
		} `json:"criteria"`
		Totals struct {
			CriteriaMet   int  `json:"criteria_met"`
			CriteriaTotal int  `json:"criteria_total"`
			Meets         bool `json:"meets"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// The clock says 2022: the default year is this year within the period.
	if ev.Set.ID != "vn-ntm-commune-2021-2025" || !ev.Set.Draft || ev.Class != "DBSCL" || ev.Year != 2022 {
		t.Errorf("header = %+v class %s year %d", ev.Set, ev.Class, ev.Year)
	}
	if ev.Totals.CriteriaTotal != 19 || ev.Totals.CriteriaMet != 0 || ev.Totals.Meets {
		t.Errorf("totals = %+v, want 0/19 not meeting", ev.Totals)
	}
	ind := ev.Criteria[1].Indicators[0]
	if ind.Code != "2.1" || ind.Value == nil || *ind.Value != "95,5%" || ind.Status != "not_met" ||
		ind.Threshold == nil || ind.Threshold.Value == nil || *ind.Threshold.Value != 100 {
		t.Errorf("2.1 = %+v, want 95,5%% not met against 100", ind)
	}
	if ev.Criteria[1].Indicators[1].Value != nil || ev.Criteria[1].Indicators[1].Status != "threshold_missing" {
		t.Errorf("2.2 = %+v, want no value and a missing threshold", ev.Criteria[1].Indicators[1])
	}
}

func TestEvaluateRegionOverride(t *testing.T) {
	set := writeFile(t, "s.yaml", `id: test-set
name_vi: "Bộ thử"
legal_basis: {number: "1/QĐ-TEST", date: 01/01/2022, issuer: "Thử", verified: false}
period: {from: 2021, to: 2025}
level: commune
tier: commune_ntm
draft: true
classifier:
  kind: region
  classes:
    - {code: TDMNPB, name_vi: "Trung du miền núi phía Bắc"}
    - {code: DBSCL, name_vi: "Đồng bằng sông Cửu Long"}
  override: {flag: extremely_difficult, use: TDMNPB, text_vi: "xã đặc biệt khó khăn", source: "thử", verified: false}
groups: [{code: I, name_vi: "Nhóm"}]
criteria:
  - code: "10"
    group: I
    name_vi: "Thu nhập"
    indicators:
      - code: "10"
        name_vi: "Thu nhập bình quân"
        kind: amount_min
        unit: "triệu đồng/người/năm"
        thresholds:
          - {class: DBSCL, year: 2022, value: 47, source: "thử", verified: false}
          - {class: TDMNPB, year: 2022, value: 36, source: "thử", verified: false}
`)
	values := writeFile(t, "v.csv", "10,40\n")
	args := []string{"evaluate", "--set-file", set, "--region", "DBSCL", "--year", "2022"}
	if code, out, errs := runCLI(t, nil, append(args, values)...); code != 0 || !strings.Contains(out, "Tổng: 0/1") {
		t.Fatalf("Mekong commune with 40 against 47: exit %d, %s%s", code, out, errs)
	}
	code, out, errs := runCLI(t, nil, append(args, "--extremely-difficult", values)...)
	if code != 0 || !strings.Contains(out, "Tổng: 1/1") || !strings.Contains(out, "≥ 36") {
		t.Fatalf("extremely difficult commune uses the TDMNPB threshold 36: exit %d\n%s%s", code, out, errs)
	}
}

func TestEvaluateRefusesBadInput(t *testing.T) {
	good := writeFile(t, "good.csv", "1.1,đạt\n")
	badSet := writeFile(t, "bad.yaml", "id: x\nname_vi: [unclosed\n")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown indicator and bad value", []string{"--set", "vn-ntm-commune-2021-2025", "--region", "DBSCL",
			writeFile(t, "v.csv", "indicator_code,value\n1.1,đạt\n99.9,đạt\n2.1,nhiều\n")},
			[]string{"v.csv:3:", `"99.9"`, "v.csv:4:", "nhiều"}},
		{"pass/fail given a number", []string{"--set", "vn-ntm-commune-2021-2025", "--region", "DBSCL",
			writeFile(t, "n.csv", "1.1,95\n")}, []string{"n.csv:1:", "đạt hoặc không đạt"}},
		{"unknown region", []string{"--set", "vn-ntm-commune-2021-2025", "--region", "MEKONG", good}, []string{`"MEKONG"`, "DBSCL"}},
		{"no region", []string{"--set", "vn-ntm-commune-2021-2025", good}, []string{"--region"}},
		{"unknown set", []string{"--set", "no-such-set", "--region", "DBSCL", good}, []string{`"no-such-set"`}},
		{"broken set file", []string{"--set-file", badSet, "--region", "DBSCL", good}, []string{"bad.yaml:"}},
		{"both set and file", []string{"--set", "a", "--set-file", badSet, "--region", "DBSCL", good}, []string{"--set-file"}},
		{"missing values file", []string{"--set", "vn-ntm-commune-2021-2025", "--region", "DBSCL", "/nonexistent.csv"}, []string{"/nonexistent.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(t, nil, append([]string{"evaluate"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit code %d, want 2; stderr:\n%s", code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

func TestCatalogCheck(t *testing.T) {
	code, out, errs := runCLI(t, nil, "catalog", "check")
	if code != 0 || !strings.Contains(out, "vn-ntm-commune-2021-2025") || !strings.Contains(out, "demo-tv-ntm-district-2021-2025") {
		t.Fatalf("shipped sets: exit %d\n%s%s", code, out, errs)
	}
	dir := t.TempDir()
	bad := "id: dup-test\nname_vi: \"Thử\"\nlegal_basis: {number: \"1/QĐ\", verified: false}\nperiod: {from: 2021, to: 2025}\n" +
		"level: commune\ntier: commune_ntm\ndraft: true\nclassifier: {kind: region, classes: [{code: DBSCL, name_vi: \"ĐBSCL\"}]}\n" +
		"groups: [{code: I, name_vi: \"Nhóm\"}]\ncriteria:\n  - code: \"1\"\n    group: I\n    name_vi: \"A\"\n    indicators:\n" +
		"      - {code: \"1.1\", name_vi: \"a\", kind: pass_fail, thresholds: [{value: Đạt, source: s, verified: false}]}\n" +
		"      - {code: \"1.1\", name_vi: \"b\", kind: sometimes, thresholds: [{class: ATLANTIS, value: 5, source: s, verified: false}]}\n"
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, nil, "catalog", "check", dir)
	if code != 2 {
		t.Fatalf("bad set accepted: exit %d", code)
	}
	for _, w := range []string{"bad.yaml:16:", "sometimes", "ATLANTIS", "lặp lại"} {
		if !strings.Contains(errs, w) {
			t.Errorf("refusal lacks %q:\n%s", w, errs)
		}
	}
}

// engines lists the databases the end-to-end tests run on: SQLite always,
// PostgreSQL in a fresh database of its own when DATCHUAN_TEST_POSTGRES is set.
func engines(t *testing.T) map[string]func(t *testing.T) Config {
	out := map[string]func(t *testing.T) Config{
		"sqlite": func(t *testing.T) Config { return Config{DataDir: t.TempDir()} },
	}
	base := os.Getenv("DATCHUAN_TEST_POSTGRES")
	out["postgres"] = func(t *testing.T) Config {
		if base == "" {
			t.Skip("DATCHUAN_TEST_POSTGRES is not set")
		}
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Close() })
		name := fmt.Sprintf("datchuan_cmd_%d", rand.Uint64())
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		return Config{DatabaseURL: u.String()}
	}
	return out
}

func TestDemoEndToEnd(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			cfg := cfgFor(t)
			cfg.Demo = true
			e := env{Getenv: func(string) string { return "" }, Stdout: io.Discard, Stderr: io.Discard}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			ctx := context.Background()
			a, err := openApp(ctx, cfg, e, log)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			ts := httptest.NewServer(mustServer(t, a, Config{InsecureCookies: true}))
			defer ts.Close()
			checkDemo(t, ts.URL, a.db.Engine())

			// Opening the same database again neither re-imports nor re-seeds.
			a.Close()
			again, err := openApp(ctx, Config{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Demo: true}, e, log)
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			ts2 := httptest.NewServer(mustServer(t, again, Config{InsecureCookies: true}))
			defer ts2.Close()
			var d districtJSON
			getJSON(t, signIn(t, ts2.URL, "vpdp"), ts2.URL+"/api/districts/848/status", &d)
			if n := len(d.District.Communes); n != 15 {
				t.Errorf("after reopening, Cầu Ngang has %d communes, want 15", n)
			}
		})
	}
}

// signIn returns a client signed in as a demo account.
func signIn(t *testing.T, base, login string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/dang-nhap", url.Values{"login": {login}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/dang-nhap" {
		t.Fatalf("sign in as %s: %s, ended at %s", login, resp.Status, resp.Request.URL)
	}
	return c
}

type districtJSON struct {
	Demo     bool `json:"demo"`
	District struct {
		Unit   struct{ Name string } `json:"unit"`
		Result *struct {
			Meets      bool `json:"meets"`
			Conditions []struct {
				Code   string `json:"code"`
				Status string `json:"status"`
				Met    int    `json:"met"`
				Total  int    `json:"total"`
			} `json:"conditions"`
		} `json:"result"`
		Communes []struct {
			Unit    struct{ Code, Name string } `json:"unit"`
			Results map[string]struct {
				Met   int  `json:"met"`
				Total int  `json:"total"`
				Meets bool `json:"meets"`
			} `json:"results"`
		} `json:"communes"`
		Blockers []struct {
			UnitID        int64  `json:"unit_id"`
			IndicatorCode string `json:"indicator_code"`
			Status        string `json:"status"`
		} `json:"blockers"`
	} `json:"district"`
}

func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
}

func checkDemo(t *testing.T, base, engine string) {
	vpdp, admin := signIn(t, base, "vpdp"), signIn(t, base, "quantri")
	var health struct{ Status, Engine string }
	getJSON(t, vpdp, base+"/healthz", &health)
	if health.Status != "ok" || health.Engine != engine {
		t.Errorf("healthz = %+v", health)
	}

	var d districtJSON
	getJSON(t, vpdp, base+"/api/districts/848/status", &d)
	if !d.Demo || d.District.Unit.Name != "Huyện Cầu Ngang" || d.District.Result == nil {
		t.Fatalf("Cầu Ngang status: demo=%v name=%q result=%v", d.Demo, d.District.Unit.Name, d.District.Result)
	}
	if len(d.District.Communes) != 15 {
		t.Errorf("Cầu Ngang has %d communes, want 15 (2 thị trấn + 13 xã)", len(d.District.Communes))
	}
	full, partial := 0, 0
	for _, c := range d.District.Communes {
		if r, ok := c.Results["commune_ntm"]; ok {
			switch {
			case r.Meets && r.Met == 19:
				full++
			case r.Met <= 18 && r.Met >= 14:
				partial++
			default:
				t.Errorf("%s %s: %d/%d", c.Unit.Code, c.Unit.Name, r.Met, r.Total)
			}
		}
	}
	if full == 0 || partial == 0 || full+partial != 13 {
		t.Errorf("demo mix: %d communes at 19/19, %d between 14 and 18 of 19; want some of each, 13 in all", full, partial)
	}
	if d.District.Result.Meets || len(d.District.Blockers) == 0 {
		t.Errorf("Cầu Ngang meets=%v with %d blockers; the demo district still has work to do", d.District.Result.Meets, len(d.District.Blockers))
	}

	// On the day of the plan most values were not reported yet.
	var early districtJSON
	getJSON(t, vpdp, base+"/api/districts/848/status?on=22/06/2022", &early)
	metEarly, metLater := 0, 0
	for i, c := range early.District.Communes {
		metEarly += c.Results["commune_ntm"].Met
		metLater += d.District.Communes[i].Results["commune_ntm"].Met
	}
	if metEarly >= metLater {
		t.Errorf("criteria met on 22/06/2022 = %d, later = %d; status as of a past date should differ", metEarly, metLater)
	}

	var units struct {
		Count int `json:"count"`
		Units []struct {
			Code string `json:"code"`
		} `json:"units"`
	}
	getJSON(t, admin, base+"/api/units?parent=84&on=22/06/2022", &units)
	if units.Count != 9 {
		t.Errorf("Trà Vinh had %d district-level units on 22/06/2022, want 9", units.Count)
	}
	communes := 0
	for _, u := range units.Units {
		var sub struct{ Count int }
		getJSON(t, admin, base+"/api/units?parent="+u.Code+"&on=22/06/2022&level=commune", &sub)
		communes += sub.Count
	}
	if communes != 106 {
		t.Errorf("Trà Vinh had %d commune-level units on 22/06/2022, want 106", communes)
	}
	getJSON(t, admin, base+"/api/units?code=84&level=province&on=01/07/2025", &units)
	if units.Count != 0 {
		t.Errorf("Tỉnh Trà Vinh still in force on 01/07/2025: %+v", units)
	}
	getJSON(t, admin, base+"/api/units?parent=86&on=01/07/2025&level=commune", &units)
	if units.Count != 124 {
		t.Errorf("the new Tỉnh Vĩnh Long has %d communes on 01/07/2025, want 124", units.Count)
	}

	// Trà Vinh's territory on 01/07/2025: the new communes formed from its
	// 106 communes (two of which had merged on 01/01/2025 and are not in the
	// 2025 mapping), all in the new Tỉnh Vĩnh Long.
	var terr struct {
		Count int `json:"count"`
		Units []struct {
			Code       string `json:"code"`
			Name       string `json:"name"`
			ParentCode string `json:"parent_code"`
		} `json:"units"`
	}
	getJSON(t, vpdp, base+"/api/units/84/territory?level=province&on=01/07/2025", &terr)
	names := map[string]bool{}
	for _, u := range terr.Units {
		names[u.Name] = true
		if u.ParentCode != "86" {
			t.Errorf("%s %s is in province %s, want 86", u.Code, u.Name, u.ParentCode)
		}
	}
	if terr.Count != 41 || !names["Xã Ngũ Lạc"] || !names["Xã Cầu Ngang"] || !names["Phường Trà Vinh"] {
		t.Errorf("Trà Vinh's territory on 01/07/2025: %d units %v, want the 41 new communes", terr.Count, names)
	}
	getJSON(t, vpdp, base+"/api/units/848/territory?level=district&on=22/06/2022", &terr)
	if terr.Count != 15 {
		t.Errorf("Cầu Ngang's territory on 22/06/2022: %d units, want its 15 communes", terr.Count)
	}

	var th struct {
		Versions []struct {
			Name     string `json:"name"`
			WentInto []struct {
				Kind string `json:"kind"`
				Unit struct {
					Code       string `json:"code"`
					Name       string `json:"name"`
					ParentCode string `json:"parent_code"`
				} `json:"unit"`
			} `json:"went_into"`
		} `json:"versions"`
	}
	getJSON(t, admin, base+"/api/units/29458", &th)
	if len(th.Versions) != 1 || th.Versions[0].Name != "Xã Thạnh Hòa Sơn" || len(th.Versions[0].WentInto) != 1 ||
		th.Versions[0].WentInto[0].Unit.Name != "Xã Ngũ Lạc" || th.Versions[0].WentInto[0].Unit.ParentCode != "86" {
		t.Errorf("Thạnh Hòa Sơn should lead to Xã Ngũ Lạc (86) after the merger: %+v", th)
	}

	resp, err := vpdp.Get(base + "/tinh/84?on=22/06/2022")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, w := range []string{"DỮ LIỆU TRÌNH DIỄN", "Huyện Cầu Ngang", "Xã Hiệp Mỹ Đông", "Huyện Duyên Hải", "22/06/2022"} {
		if !strings.Contains(string(page), w) {
			t.Errorf("province page lacks %q", w)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}

	resp, err = vpdp.Get(base + "/api/districts/999/status")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown district: %s, want 404", resp.Status)
	}
}
