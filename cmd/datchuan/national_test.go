package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
)

// nationalPassword is the accounts' password in these tests.
const nationalPassword = "mat-khau-tong-hop"

// runNationalCLI runs "datchuan national" on the database of cfg, with the
// clock in 2026, and returns its exit code and output.
func runNationalCLI(t *testing.T, cfg Config, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runNationalAt(t, time.Date(2026, 3, 2, 8, 0, 0, 0, datchuan.Vietnam()), cfg, args...)
}

// runNationalAt is runNationalCLI with the clock at now.
func runNationalAt(t *testing.T, now time.Time, cfg Config, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	vars := map[string]string{"DATABASE_URL": cfg.DatabaseURL}
	var out, errb bytes.Buffer
	e := env{Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &errb, Now: func() time.Time { return now }}
	all := append([]string{"national", "-data", cfg.DataDir, "-password", nationalPassword}, args...)
	code = exitCode(run(context.Background(), all, e), &errb)
	return code, out.String(), errb.String()
}

// summaryCount reads a count of the command's summary: the number before
// the words what.
func summaryCount(t *testing.T, out, what string) string {
	t.Helper()
	m := regexp.MustCompile(`([0-9.]+) ` + regexp.QuoteMeta(what)).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the summary has no count of %q:\n%s", what, out)
	}
	return m[1]
}

func TestNationalLoad(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			cfg := cfgFor(t)
			if cfg.DataDir == "" {
				cfg.DataDir = t.TempDir() // unused by PostgreSQL, kept out of the working directory
			}
			code, out, errs := runNationalCLI(t, cfg, "-provinces", "84", "-history", "3")
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, errs)
			}
			for _, want := range []string{"1 tỉnh", "22 cơ quan", "quantri", "vpdp-84", nationalPassword, "giả lập"} {
				if !strings.Contains(out, want) {
					t.Errorf("the summary lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errs, "Số liệu (values)") || !strings.Contains(errs, "100%") {
				t.Errorf("no progress of the values on stderr:\n%s", errs)
			}
			values := summaryCount(t, out, "số liệu (values)")
			checkNationalDB(t, cfg, values)

			// A second run is refused; -force erases and loads the same data.
			if code, _, errs := runNationalCLI(t, cfg, "-provinces", "84", "-history", "3"); code != 2 || !strings.Contains(errs, "-force") {
				t.Errorf("second run: exit %d, want 2 naming -force:\n%s", code, errs)
			}
			code, again, errs := runNationalCLI(t, cfg, "-provinces", "84", "-history", "3", "-force")
			if code != 0 {
				t.Fatalf("-force: exit %d:\n%s", code, errs)
			}
			if got := summaryCount(t, again, "số liệu (values)"); got != values {
				t.Errorf("-force loaded %s values, the first run %s: the same seed makes the same data", got, values)
			}
		})
	}
}

// checkNationalDB opens the loaded database as the server does and checks
// what it holds and what its pages show.
func checkNationalDB(t *testing.T, cfg Config, values string) {
	t.Helper()
	ctx := context.Background()
	e := env{Getenv: func(string) string { return "" }, Stdout: io.Discard, Stderr: io.Discard}
	a, err := openApp(ctx, cfg, e, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !a.national || a.demo {
		t.Fatalf("national %v, demo %v: the database is not marked as national synthetic data", a.national, a.demo)
	}
	// The clock goes on from the load, made at the start of 2025: pages
	// show the units of 2024 with the values of 2024.
	if now := a.now(); now.Before(nationalClock(2024)) || now.After(nationalClock(2024).Add(time.Hour)) {
		t.Errorf("the app's clock reads %v, want just after %v", now, nationalClock(2024))
	}
	province, _, err := a.svc.Tree().Resolve(ctx, datchuan.LevelProvince, "84", datchuan.NewDate(2024, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	provs, err := bench.NationalUnits(ctx, a.stores.Units, datchuan.NewDate(2024, 12, 31), []string{"84"})
	if err != nil {
		t.Fatal(err)
	}
	p := provs[0]
	targets, err := a.stores.Targets.FindTargets(ctx, datchuan.TargetFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(p.Districts) + len(p.Communes) + len(p.Towns); len(targets) != want || want < 100 {
		t.Errorf("%d targets, want one per district, xã and thị trấn of Trà Vinh: %d", len(targets), want)
	}
	all, err := a.stores.Values.Values(ctx, datchuan.ValueFilter{History: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := thousands(int64(len(all))); got != values {
		t.Errorf("%s values stored, the summary says %s", got, values)
	}
	// Every criterion of the three sets has one lead department.
	leads, err := a.stores.Agencies.Leads(ctx, province.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	led := map[string]int{}
	for _, l := range leads {
		if !l.Supporting {
			led[l.SetID+" "+l.CriterionCode]++
		}
	}
	sets, err := bench.LoadNationalSets(a.sets)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*datchuan.CriteriaSet{sets.Commune, sets.District, sets.Urban} {
		for _, c := range s.Criteria {
			if led[s.ID+" "+c.Code] != 1 {
				t.Errorf("%s criterion %s has %d lead departments, want 1", s.ID, c.Code, led[s.ID+" "+c.Code])
			}
		}
	}
	checkNationalPages(t, a)
}

// checkNationalPages serves the app and reads its pages as the province's
// coordination office.
func checkNationalPages(t *testing.T, a *app) {
	t.Helper()
	base := serve(t, mustServer(t, a, Config{InsecureCookies: true}))
	const banner = "DỮ LIỆU TỔNG HỢP TOÀN QUỐC"
	resp, err := http.Get(base + "/dang-nhap")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), banner) || strings.Contains(string(body), "DỮ LIỆU TRÌNH DIỄN") {
		t.Errorf("the sign-in page does not say the data is synthetic (and only that)")
	}
	c := signInNational(t, base, "vpdp-84")
	for _, path := range []string{"/", "/tinh/84", "/huyen/848"} {
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), banner) || !strings.Contains(string(body), "giả lập") {
			t.Errorf("GET %s: %s, the synthetic banner shown: %v", path, resp.Status, strings.Contains(string(body), banner))
		}
		if path == "/huyen/848" && !strings.Contains(string(body), "Cầu Ngang") {
			t.Errorf("the district page does not name Huyện Cầu Ngang")
		}
	}
	// The thresholds the values aim at are those the app judges them by:
	// most of the district's xã meet the commune set.
	var d districtJSON
	getJSON(t, c, base+"/api/districts/848/status", &d)
	meets := 0
	for _, cm := range d.District.Communes {
		if cm.Results[string(datchuan.TierCommuneNTM)].Meets {
			meets++
		}
	}
	if len(d.District.Communes) == 0 || meets*2 < len(d.District.Communes) {
		t.Errorf("%d of the %d communes of Cầu Ngang meet the commune set, want most", meets, len(d.District.Communes))
	}
}

func signInNational(t *testing.T, base, login string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/dang-nhap", url.Values{"login": {login}, "password": {nationalPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/dang-nhap" {
		t.Fatalf("sign in as %s: %s, ended at %s", login, resp.Status, resp.Request.URL)
	}
	return c
}

func TestNationalRefusesBadFlags(t *testing.T) {
	cfg := Config{DataDir: t.TempDir()}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-year", "2019"}, "2021–2025"},
		{[]string{"-history", "61"}, "0–60"},
		{[]string{"-provinces", "99"}, "Không có tỉnh mã \"99\""},
	} {
		code, _, errs := runNationalCLI(t, cfg, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("national %v: exit %d, want a refusal saying %q:\n%s", tc.args, code, tc.want, errs)
		}
	}
	// Values are never dated after today: a year not over is refused.
	code, _, errs := runNationalAt(t, time.Date(2024, 11, 20, 8, 0, 0, 0, datchuan.Vietnam()), cfg, "-year", "2024")
	if code != 2 || !strings.Contains(errs, "chưa kết thúc") {
		t.Errorf("-year 2024 on 20/11/2024: exit %d, want a refusal:\n%s", code, errs)
	}
}

// TestProgressLines: away from a terminal, a progress writes a line when
// it starts and at each tenth of the way, not at every step.
func TestProgressLines(t *testing.T) {
	var out bytes.Buffer
	at := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	p := newProgress(&out, "Số liệu", "số liệu", 1000, func() time.Time { at = at.Add(10 * time.Millisecond); return at })
	for i := 1; i <= 1000; i++ {
		p.Set(float64(i), i*3)
	}
	p.Finish()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 11 {
		t.Errorf("%d lines, want one at the start and one per tenth:\n%s", len(lines), out.String())
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "100%") || !strings.Contains(last, "3.000 số liệu") {
		t.Errorf("last line %q, want 100%% and 3.000 values", last)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1025264: "1.025.264", -4500: "-4.500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
