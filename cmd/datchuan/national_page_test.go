package main

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// nationalJSON is the answer of /api/national/status.
type nationalJSON struct {
	Synthetic bool `json:"synthetic"`
	National  struct {
		On        string        `json:"on"`
		Provinces []provinceRow `json:"provinces"`
		Total     provinceRow   `json:"total"`
	} `json:"national"`
}

// provinceRow is a province's figures, as the API and a direct rollup
// give them.
type provinceRow struct {
	Code         string `json:"code"`
	Units        int    `json:"units"`
	Communes     int    `json:"communes"`
	CommunesMet  int    `json:"communes_met"`
	Districts    int    `json:"districts"`
	DistrictsMet int    `json:"districts_met"`
	Unmet        []struct {
		Code  string `json:"code"`
		Count int    `json:"count"`
	} `json:"unmet"`
}

// figures is a row as compared: the counts, and the three criteria most
// often unmet as "code:count".
func (p provinceRow) figures() string {
	var top []string
	for _, u := range p.Unmet {
		top = append(top, u.Code+":"+strconv.Itoa(u.Count))
	}
	return strings.Join([]string{strconv.Itoa(p.Units), strconv.Itoa(p.Communes), strconv.Itoa(p.CommunesMet),
		strconv.Itoa(p.Districts), strconv.Itoa(p.DistrictsMet), strings.Join(top, " ")}, " / ")
}

// TestNationalPage loads two provinces of the national data and reads the
// national page as the central coordination office: each province's
// figures are those of the rollup of its districts, today and on a day
// past; a value confirmed shows at the very next request; the page links
// each province to its own page, which opens read-only.
func TestNationalPage(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			cfg := cfgFor(t)
			if cfg.DataDir == "" {
				cfg.DataDir = t.TempDir()
			}
			if code, _, errs := runNationalCLI(t, cfg, "-provinces", "83,84", "-history", "3"); code != 0 {
				t.Fatalf("load: exit %d:\n%s", code, errs)
			}
			ctx := context.Background()
			e := env{Getenv: func(string) string { return "" }, Stdout: io.Discard, Stderr: io.Discard}
			a, err := openApp(ctx, cfg, e, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			base := serve(t, mustServer(t, a, Config{InsecureCookies: true}))
			c := signInNational(t, base, nationalViewer)
			today := datchuan.Today(a.now)

			now := nationalFigures(t, c, base, "")
			if len(now.National.Provinces) != 63 || !now.Synthetic {
				t.Fatalf("%d provinces (synthetic %v), want the 63 of the 2024 list, marked synthetic", len(now.National.Provinces), now.Synthetic)
			}
			checkAgainstRollup(t, a, now, today)
			got := byCode(now)
			if got["84"].CommunesMet == 0 || got["84"].Districts == 0 || len(got["84"].Unmet) != 3 {
				t.Errorf("Trà Vinh shows %s: want communes met, target districts and three criteria unmet", got["84"].figures())
			}
			if f := got["01"]; f.Units == 0 || f.Communes != 0 || f.Districts != 0 {
				t.Errorf("Hà Nội, not loaded, shows %s: want its units and nothing measured", f.figures())
			}

			// A day past: the values as known then, fewer met.
			past := nationalFigures(t, c, base, "?on=31/08/2024")
			checkAgainstRollup(t, a, past, datchuan.NewDate(2024, 8, 31))
			if p := byCode(past)["84"]; p.CommunesMet >= got["84"].CommunesMet {
				t.Errorf("Trà Vinh on 31/08/2024: %d communes met, today %d: the past shows today's values", p.CommunesMet, got["84"].CommunesMet)
			}

			// The last value a commune waits for, confirmed: the next view
			// counts one more commune meeting the standard.
			confirmWaiting(t, a, today)
			next := nationalFigures(t, c, base, "")
			checkAgainstRollup(t, a, next, today)
			if after := byCode(next)["84"]; after.CommunesMet != got["84"].CommunesMet+1 {
				t.Errorf("after the confirmation Trà Vinh shows %s, before %s: want one more commune met", after.figures(), got["84"].figures())
			}

			checkNationalHTML(t, c, base)
			checkAfterReform(t, a, c, base)
		})
	}
}

// nationalFigures reads /api/national/status with the query q.
func nationalFigures(t *testing.T, c *http.Client, base, q string) nationalJSON {
	t.Helper()
	var n nationalJSON
	getJSON(t, c, base+"/api/national/status"+q, &n)
	return n
}

func byCode(n nationalJSON) map[string]provinceRow {
	out := map[string]provinceRow{}
	for _, p := range n.National.Provinces {
		out[p.Code] = p
	}
	return out
}

// checkAgainstRollup measures the two loaded provinces district by
// district with the rollup over the database (no read model, no memo) and
// compares, and checks the country's totals add up.
func checkAgainstRollup(t *testing.T, a *app, n nationalJSON, on datchuan.Date) {
	t.Helper()
	got := byCode(n)
	for _, code := range []string{"83", "84"} {
		if want := directFigures(t, a, code, on); got[code].figures() != want.figures() {
			t.Errorf("province %s on %s: the page shows %s, the rollup %s", code, on.VN(), got[code].figures(), want.figures())
		}
	}
	var sum provinceRow
	for _, p := range n.National.Provinces {
		sum.Units += p.Units
		sum.Communes += p.Communes
		sum.CommunesMet += p.CommunesMet
		sum.Districts += p.Districts
		sum.DistrictsMet += p.DistrictsMet
	}
	tot := n.National.Total
	if sum.Units != tot.Units || sum.Communes != tot.Communes || sum.CommunesMet != tot.CommunesMet || sum.Districts != tot.Districts || sum.DistrictsMet != tot.DistrictsMet {
		t.Errorf("the totals %s are not the sum of the provinces %s", tot.figures(), sum.figures())
	}
}

// directFigures is what the rollup says of province code on `on`.
func directFigures(t *testing.T, a *app, code string, on datchuan.Date) provinceRow {
	t.Helper()
	ctx := context.Background()
	tree := datchuan.NewUnitTree(a.stores.Units, a.now)
	ru := &rollup.Service{Tree: tree, Targets: a.stores.Targets, Values: a.stores.Values, Sets: a.sets}
	p, _, err := tree.Resolve(ctx, datchuan.LevelProvince, code, on)
	if err != nil {
		t.Fatal(err)
	}
	kids, err := tree.Children(ctx, p, on)
	if err != nil {
		t.Fatal(err)
	}
	out := provinceRow{Code: code}
	unmet := map[string]int{}
	for _, k := range kids {
		ds, err := ru.District(ctx, k.Code, on)
		if err != nil {
			t.Fatal(err)
		}
		if ds.Target != nil && ds.Result != nil {
			out.Districts++
			if ds.Result.Meets {
				out.DistrictsMet++
			}
		}
		for _, row := range ds.Communes {
			out.Units++
			r, ok := row.Results[datchuan.TierCommuneNTM]
			if !ok {
				continue
			}
			out.Communes++
			if r.Meets {
				out.CommunesMet++
			}
			for _, cr := range r.Criteria {
				if cr.Status != status.Met {
					unmet[cr.Code]++
				}
			}
		}
	}
	codes := make([]string, 0, len(unmet))
	for c := range unmet {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(x, y string) int {
		xi, _ := strconv.Atoi(x)
		yi, _ := strconv.Atoi(y)
		return cmp.Or(cmp.Compare(unmet[y], unmet[x]), cmp.Compare(xi, yi))
	})
	for _, c := range codes[:min(3, len(codes))] {
		out.Unmet = append(out.Unmet, struct {
			Code  string `json:"code"`
			Count int    `json:"count"`
		}{c, unmet[c]})
	}
	return out
}

// confirmWaiting confirms, as the program, a value of a commune of Trà
// Vinh that waits for its department and would meet its threshold, the
// only indicator the commune lacks to meet the standard.
func confirmWaiting(t *testing.T, a *app, today datchuan.Date) {
	t.Helper()
	ctx := context.Background()
	tree := datchuan.NewUnitTree(a.stores.Units, a.now)
	ru := &rollup.Service{Tree: tree, Targets: a.stores.Targets, Values: a.stores.Values, Sets: a.sets}
	p, _, err := tree.Resolve(ctx, datchuan.LevelProvince, "84", today)
	if err != nil {
		t.Fatal(err)
	}
	kids, err := tree.Children(ctx, p, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kids {
		ds, err := ru.District(ctx, k.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range ds.Communes {
			var missing []status.IndicatorResult
			for _, cr := range row.Results[datchuan.TierCommuneNTM].Criteria {
				for _, ir := range cr.Indicators {
					if ir.Status != status.Met {
						missing = append(missing, ir)
					}
				}
			}
			if len(missing) != 1 || missing[0].Status != status.Reported || !missing[0].WouldMeet {
				continue
			}
			if _, _, err := a.svc.ReviewValue(ctx, a.svc.System("test"), missing[0].Value.ID, "confirmed", ""); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("no commune of Trà Vinh lacks only a value waiting for its department that would meet its threshold")
}

// checkNationalHTML reads the page: every province linked to its own page,
// the order by name, the menu's link; Trà Vinh's pages open read-only.
func checkNationalHTML(t *testing.T, c *http.Client, base string) {
	t.Helper()
	page := getBody(t, c, base+"/toan-quoc")
	for _, want := range []string{`href="/tinh/84"`, `href="/tinh/83"`, `href="/tinh/01"`, `<a href="/toan-quoc">Toàn quốc</a>`, "Tỉnh Trà Vinh", "chart-progress"} {
		if !strings.Contains(page, want) {
			t.Errorf("the national page lacks %s", want)
		}
	}
	// By code Hà Nội (01) comes first, by name An Giang (89).
	if first := strings.Index(page, `href="/tinh/`); first < 0 || !strings.HasPrefix(page[first:], `href="/tinh/01"`) {
		t.Errorf("by code, the first province is not 01")
	}
	named := getBody(t, c, base+"/toan-quoc?xep=ten")
	if first := strings.Index(named, `href="/tinh/`); first < 0 || !strings.HasPrefix(named[first:], `href="/tinh/89"`) {
		t.Errorf("by name, the first province is not An Giang (89)")
	}
	if past := getBody(t, c, base+"/toan-quoc?on=31/08/2024"); !strings.Contains(past, `href="/tinh/84?on=31/08/2024"`) {
		t.Errorf("a day past: the province links do not keep the day")
	}
	for _, path := range []string{"/tinh/84", "/huyen/848", "/tinh/83"} {
		if body := getBody(t, c, base+path); strings.Contains(body, "/bao-cao/") {
			t.Errorf("%s offers the national office a report form", path)
		}
	}
}

// checkAfterReform reads the page on a day after 01/07/2025: the 34
// provinces of the 2025 list, their communes directly under them, and
// among those one given a target measured on it (no value yet: nothing
// met, every criterion unmet).
func checkAfterReform(t *testing.T, a *app, c *http.Client, base string) {
	t.Helper()
	ctx := context.Background()
	on := datchuan.NewDate(2025, 8, 1)
	xa, _, err := a.svc.Tree().Resolve(ctx, datchuan.LevelCommune, "28807", on) // Xã Giao Long, Vĩnh Long
	if err != nil {
		t.Fatal(err)
	}
	sets, err := bench.LoadNationalSets(a.sets)
	if err != nil {
		t.Fatal(err)
	}
	err = a.db.Atomically(ctx, func(s datchuan.Stores) error {
		tg := &datchuan.Target{UnitID: xa.ID, SetID: sets.Commune.ID, Year: 2025}
		if err := s.Targets.CreateTarget(ctx, tg); err != nil {
			return err
		}
		return s.Changes.Record(ctx, datchuan.NewChange(datchuan.SystemActor("test"), "target.create", "target", tg.ID, "Mục tiêu của Xã Giao Long", nil, tg))
	})
	if err != nil {
		t.Fatal(err)
	}
	n := nationalFigures(t, c, base, "?on=01/08/2025")
	if len(n.National.Provinces) != 34 {
		t.Errorf("%d provinces on 01/08/2025, want the 34 of the 2025 list", len(n.National.Provinces))
	}
	got := byCode(n)["86"]
	if want := "124 / 1 / 0 / 0 / 0 / 1:1 2:1 3:1"; got.figures() != want {
		t.Errorf("Vĩnh Long on 01/08/2025 shows %s, want %s", got.figures(), want)
	}
}

func getBody(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%.500s", url, resp.Status, body)
	}
	return string(body)
}
