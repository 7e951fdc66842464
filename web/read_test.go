package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/sqldb"
	"github.com/datchuan/datchuan/status"
)

func TestThresholdAndMeasureText(t *testing.T) {
	pct := &datchuan.Indicator{Kind: datchuan.KindPercentMin, Unit: "%"}
	income := &datchuan.Indicator{Kind: datchuan.KindAmountMin, Unit: "triệu đồng/người/năm"}
	none := &datchuan.Indicator{Kind: datchuan.KindNoneAllowed}
	for _, tc := range []struct {
		ind  *datchuan.Indicator
		m    datchuan.Measure
		th   float64
		want []string // threshold vi, value vi, value en
	}{
		{pct, datchuan.RatioMeasure(19, 20), 95, []string{"≥ 95%", "19/20 (95%)", "19/20 (95%)"}},
		{income, datchuan.NumberMeasure(47.5), 47, []string{"≥ 47 triệu đồng/người/năm", "47,5", "47,5"}},
		{none, datchuan.BoolMeasure(true), 0, []string{"Không có", "không có", "none"}},
		{&datchuan.Indicator{Kind: datchuan.KindPassFail}, datchuan.BoolMeasure(false), 0, []string{"Đạt", "không đạt", "not met"}},
	} {
		thVi, _ := thresholdText(tc.ind, tc.th)
		vi, en := measureText(tc.ind, tc.m)
		if got := []string{thVi, vi, en}; strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s %+v: got %q, want %q", tc.ind.Kind, tc.m, got, tc.want)
		}
	}
}

func TestVietnameseOrder(t *testing.T) {
	names := []string{"Xã Vinh Kim", "Thị trấn Mỹ Long", "Xã Đông Hải", "Xã Dân Thành", "Xã Ấp Tân", "Xã An Hòa"}
	vnSort(names, func(s string) string { return s })
	want := "Thị trấn Mỹ Long|Xã An Hòa|Xã Ấp Tân|Xã Dân Thành|Xã Đông Hải|Xã Vinh Kim"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}

func TestWhenIsVietnamTime(t *testing.T) {
	if got := when(time.Date(2022, 6, 22, 1, 5, 0, 0, time.UTC)); got != "22/06/2022 08:05" {
		t.Errorf("when = %q", got)
	}
	if when(time.Time{}) != "" {
		t.Error("zero time should show nothing")
	}
}

// testSets is the shipped catalogue with the demo's Trà Vinh sets, whose
// thresholds are known, so that statuses other than "no threshold" appear.
func testSets() (*catalog.Catalog, error) {
	sets, err := catalog.Embedded()
	if err != nil {
		return nil, err
	}
	extra, err := catalog.LoadWith(sets, demo.Sets())
	if err != nil {
		return nil, err
	}
	return catalog.Merge(sets, extra)
}

// TestPageTemplates executes the read pages with results of the real
// status engine, without a database: a template error shows here rather
// than as a 500 on a phone.
func TestPageTemplates(t *testing.T) {
	p, err := parsePages(slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	sets, err := testSets()
	if err != nil {
		t.Fatal(err)
	}
	commune, _ := sets.Set(demo.CommuneSet)
	urban, _ := sets.Set(demo.UrbanSet)
	district, _ := sets.Set(demo.DistrictSet)

	xa := &datchuan.Unit{ID: 2, Code: "29452", Name: "Xã Hiệp Mỹ Đông", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848", Classifiers: datchuan.Classifiers{Region: "DBSCL"}}
	tt := &datchuan.Unit{ID: 3, Code: "29416", Name: "Thị trấn Cầu Ngang", Type: "Thị trấn", Level: datchuan.LevelCommune, ParentCode: "848"}
	huyen := &datchuan.Unit{ID: 1, Code: "848", Name: "Huyện Cầu Ngang", Type: "Huyện", Level: datchuan.LevelDistrict, ParentCode: "84"}
	// One confirmed value that meets, one returned.
	ind := commune.Criteria[0].Indicators[0]
	th, _ := ind.ThresholdFor("DBSCL", 2022)
	met := &datchuan.Value{ID: 10, UnitID: 2, SetID: commune.ID, IndicatorCode: ind.Code, AsOf: datchuan.NewDate(2022, 6, 1),
		Measure: passing(ind.Kind, th.Value), State: datchuan.StateConfirmed, ReportedAt: time.Date(2022, 6, 1, 2, 0, 0, 0, time.UTC),
		Evidence: []string{strings.Repeat("ab", 32), "Báo cáo số 12/BC-UBND"}}
	ind2 := commune.Criteria[1].Indicators[0]
	returned := &datchuan.Value{ID: 11, UnitID: 2, SetID: commune.ID, IndicatorCode: ind2.Code, AsOf: datchuan.NewDate(2022, 6, 1),
		Measure: datchuan.BoolMeasure(true), State: datchuan.StateReturned, ReturnReason: "Thiếu biên bản", ReviewedBy: 7}
	xaNTM := status.EvaluateUnit(commune, xa.ID, xa.Classifiers, 2022, []*datchuan.Value{met, returned})
	ttUrban := status.EvaluateUnit(urban, tt.ID, tt.Classifiers, 2022, nil)
	members := []status.Member{
		{Unit: xa, Results: map[datchuan.Tier]status.UnitResult{datchuan.TierCommuneNTM: xaNTM}},
		{Unit: tt, Results: map[datchuan.Tier]status.UnitResult{datchuan.TierCivilisedUrban: ttUrban}},
	}
	dr := status.EvaluateDistrict(district, huyen, 2022, nil, members)
	ds := &rollup.DistrictStatus{Unit: huyen, On: demo.CaseDate, Target: &datchuan.Target{ID: 5, Year: 2022},
		Set: &rollup.SetRef{ID: district.ID, Name: district.NameVi}, Result: &dr, Blockers: dr.Blockers()}
	for _, m := range members {
		ds.Communes = append(ds.Communes, rollup.CommuneRow{Unit: m.Unit, Results: m.Results})
	}

	render := func(name string, data any) string {
		t.Helper()
		var buf bytes.Buffer
		if err := p.tmpl[name].ExecuteTemplate(&buf, "layout", data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return buf.String()
	}
	contains := func(page, html string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s page lacks %q", page, w)
			}
		}
	}

	for _, lang := range []string{"vi", "en"} {
		b := base{Title: "t", Lang: lang}
		dp := districtPage{base: b, D: ds, CommuneSet: commune, Own: criterionRows(district, &dr.Unit)}
		dp.Columns, dp.Rows = matrix(commune, ds.Communes)
		dp.Conditions = conditionRows(district, dr.Conditions)
		html := render("district", dp)
		contains("district", html, "Xã Hiệp Mỹ Đông", `href="/don-vi/29452"`, "✓", "/muc-tieu/5", "/api/districts/848/status",
			`title="`+b.T(commune.Criteria[0].NameVi, commune.Criteria[0].NameEn)+`"`, "st-met", "/19")
		if lang == "vi" {
			contains("district", html, "Đô thị văn minh: ✗ chưa đạt", "Chờ xác nhận")
		} else {
			contains("district", html, "Civilised urban area: ✗ not met", "Awaiting confirmation")
		}
		if i := strings.Index(html, "Thị trấn Cầu Ngang"); i < 0 || i > strings.Index(html, "Xã Hiệp Mỹ Đông") {
			t.Errorf("thị trấn should come first in Vietnamese order")
		}

		up := unitPage{base: b, Unit: xa, On: demo.CaseDate, CanReport: true, Parent: huyen,
			Returned: []returnedValue{{Value: returned, NameVi: ind2.NameVi, NameEn: ind2.NameEn, Reviewer: "Võ Thị Mai", ReportURL: "/don-vi/29452/bao-cao/x/y"}},
			Sets:     []unitSet{{Set: commune, Year: 2022, Result: &xaNTM, Criteria: criterionRows(commune, &xaNTM), BlockersURL: "/muc-tieu/6"}}}
		ir := &up.Sets[0].Criteria[0].Indicators[0]
		ir.Evidence = evidenceOf(met, map[string]string{strings.Repeat("ab", 32): "bien-ban.pdf"})
		ir.ReportURL = "/don-vi/29452/bao-cao/" + commune.ID + "/" + ind.Code
		ir.History = []historyRow{{Value: returned, ValueVi: "đạt", ValueEn: "met"}}
		html = render("unit", up)
		contains("unit", html, `class="returned"`, "Thiếu biên bản", "Võ Thị Mai", `href="/tep/`+strings.Repeat("ab", 32)+`"`, "bien-ban.pdf",
			"Báo cáo số 12/BC-UBND", "<details>", `href="/huyen/848"`, "/muc-tieu/6", ir.ReportURL, "01/06/2022 09:00")
		if lang == "vi" {
			contains("unit", html, "Lịch sử", "Báo cáo lại", "nhập từ dữ liệu")
		}

		bp := blockersPage{base: b, B: &targetBlockers{Target: &datchuan.Target{ID: 5, Year: 2022}, Unit: huyen, SetName: district.NameVi, Count: 2, Evaluated: true},
			Groups: []blockerGroup{{Unit: xa, Rows: []blockerRow{{Unit: xa, CriterionCode: "2", IndicatorCode: ind2.Code, IndicatorVi: ind2.NameVi,
				Status: status.Reported, Value: returned, State: datchuan.StateReturned, Lead: &agencyRef{ShortName: "Sở GTVT", Name: "Sở Giao thông vận tải"},
				Supporting: []agencyRef{{ShortName: "Sở XD"}, {ShortName: "Sở CT"}}}}}}}
		html = render("blockers", bp)
		contains("blockers", html, "Sở GTVT", "Sở XD</abbr>, <abbr", "Xã Hiệp Mỹ Đông", "/api/targets/5/blockers")
		if lang == "vi" {
			contains("blockers", html, "Còn 2 chỉ tiêu chưa đạt hoặc chưa xác nhận")
		}

		sp := searchPage{base: b, Q: "cau ngang", Searched: true, More: true,
			Results: []searchResult{{Unit: huyen, URL: "/huyen/848", Parent: &datchuan.Unit{Name: "Tỉnh Trà Vinh"}}}}
		contains("search", render("search", sp), `value="cau ngang"`, "Huyện Cầu Ngang", "Tỉnh Trà Vinh", `href="/huyen/848"`)

		pp := provincePage{base: b, P: &rollup.ProvinceStatus{Unit: &datchuan.Unit{Code: "84", Name: "Tỉnh Trà Vinh"}, On: demo.CaseDate, Districts: []*rollup.DistrictStatus{ds}}}
		contains("province", render("province", pp), `href="/huyen/848?on=22%2f06%2f2022"`, "0/1", "/muc-tieu/5")
		contains("home", render("home", homePage{base: b}), map[string]string{"vi": "liên hệ quản trị", "en": "contact the administrator"}[lang])
	}
}

// passing returns a measure that meets threshold th of kind.
func passing(kind datchuan.IndicatorKind, th float64) datchuan.Measure {
	switch kind {
	case datchuan.KindPassFail, datchuan.KindNoneAllowed:
		return datchuan.BoolMeasure(true)
	case datchuan.KindPercentMax:
		return datchuan.NumberMeasure(0)
	}
	return datchuan.NumberMeasure(th + 1)
}

// demoServer is a server on an SQLite database holding the 2022 units, a
// made-up reorganisation on 01/07/2025 (Thị trấn Cầu Ngang goes into a
// new Xã Cầu Ngang of Tỉnh Vĩnh Long, under the same code, and every other
// unit closes), and the Trà Vinh demo.
type demoServer struct {
	s     *Server
	users map[string]*datchuan.User
	ids   map[string]int64 // target IDs by unit code
}

// TestReadOnDemo runs the read pages and their API against the demo.
func TestReadOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the national unit list; skipped with -short")
	}
	d, err := newDemoServer(t)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("pages", func(t *testing.T) { testReadPages(t, d) })
	t.Run("api", func(t *testing.T) { testReadAPI(t, d) })
	t.Run("leads", func(t *testing.T) { testLeads(t, d) })
}

func newDemoServer(t *testing.T) (*demoServer, error) {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2022, 9, 1, 9, 0, 0, 0, datchuan.Vietnam()) }
	db, err := sqldb.Open(ctx, sqldb.Config{DataDir: t.TempDir(), Now: now})
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { db.Close() })
	snaps, err := catalog.Snapshots()
	if err != nil {
		return nil, err
	}
	units := sqldb.NewUnitService(db)
	if _, err := units.ApplyUnitSnapshot(ctx, snaps[0]); err != nil {
		return nil, err
	}
	later := datchuan.UnitSnapshot{Name: "test-2025", EffectiveFrom: datchuan.NewDate(2025, 7, 1),
		Units: []datchuan.UnitRecord{
			{Code: "86", Name: "Tỉnh Vĩnh Long", Type: "Tỉnh", Level: datchuan.LevelProvince},
			{Code: "29416", Name: "Xã Cầu Ngang", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "86"},
		},
		Links: []datchuan.LinkRecord{{OldCode: "29416", OldLevel: datchuan.LevelCommune, NewCode: "29416", NewLevel: datchuan.LevelCommune, Kind: datchuan.LinkPartial}},
	}
	if _, err := units.ApplyUnitSnapshot(ctx, later); err != nil {
		return nil, err
	}
	sets, err := testSets()
	if err != nil {
		return nil, err
	}
	deps := Deps{
		Units: units, Targets: sqldb.NewTargetService(db), Values: sqldb.NewValueService(db),
		Agencies: sqldb.NewAgencyService(db), Sets: sets, Users: sqldb.NewUserService(db),
		Sessions: sqldb.NewSessionService(db), Throttle: sqldb.NewLoginThrottle(db), Files: sqldb.NewFileService(db),
		Ping: db.Ping, Demo: true, Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if _, err := demo.Seed(ctx, demo.Stores{Units: units, Agencies: deps.Agencies, Targets: deps.Targets, Values: deps.Values, Sets: sets}); err != nil {
		return nil, err
	}
	s, err := New(deps)
	if err != nil {
		return nil, err
	}
	ds := &demoServer{s: s, users: map[string]*datchuan.User{}, ids: map[string]int64{}}
	on := datchuan.NewDate(2022, 6, 22)
	find := func(level datchuan.Level, code string) (*datchuan.Unit, error) {
		us, err := units.FindUnits(ctx, datchuan.UnitFilter{Level: level, Code: code, On: on})
		if err != nil {
			return nil, err
		}
		if len(us) != 1 {
			return nil, fmt.Errorf("%d units %s on %s", len(us), code, on)
		}
		return us[0], nil
	}
	for _, acc := range []struct {
		login string
		kind  datchuan.RoleKind
		level datchuan.Level
		code  string
	}{
		{"tinh", datchuan.RoleCoordination, datchuan.LevelProvince, "84"},
		{"huyen", datchuan.RoleDistrict, datchuan.LevelDistrict, "848"},
		{"xa", datchuan.RoleCommune, datchuan.LevelCommune, "29452"},
		{"lanhdao", datchuan.RoleLeader, datchuan.LevelProvince, "84"},
		{"admin", datchuan.RoleAdmin, "", ""},
	} {
		u := &datchuan.User{Login: acc.login, Name: acc.login}
		if err := deps.Users.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		role := &datchuan.Role{UserID: u.ID, Kind: acc.kind}
		if acc.code != "" {
			unit, err := find(acc.level, acc.code)
			if err != nil {
				return nil, err
			}
			role.UnitID = unit.ID
		}
		if err := deps.Users.AddRole(ctx, role); err != nil {
			return nil, err
		}
		if ds.users[acc.login], err = deps.Users.User(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	// A second report of one indicator, so that the first one is history.
	hmd, err := find(datchuan.LevelCommune, "29452")
	if err != nil {
		return nil, err
	}
	commune, err := sets.Set(demo.CommuneSet)
	if err != nil {
		return nil, err
	}
	first := commune.Criteria[0].Indicators[0]
	th, _ := first.ThresholdFor("DBSCL", 2022)
	if err := deps.Values.ReportValue(ctx, &datchuan.Value{UnitID: hmd.ID, SetID: commune.ID, IndicatorCode: first.Code,
		AsOf: datchuan.NewDate(2022, 8, 30), Measure: passing(first.Kind, th.Value), Comment: "Báo cáo bổ sung"}); err != nil {
		return nil, err
	}
	for _, code := range []string{"848", "850", "29452"} {
		level := datchuan.LevelDistrict
		if len(code) == 5 {
			level = datchuan.LevelCommune
		}
		u, err := find(level, code)
		if err != nil {
			return nil, err
		}
		ts, err := deps.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{u.ID}})
		if err != nil {
			return nil, err
		}
		if len(ts) == 0 {
			return nil, fmt.Errorf("no target for %s", code)
		}
		ds.ids[code] = ts[0].ID
	}
	return ds, nil
}

// get serves path to the signed-in user login in lang, past the sign-in
// machinery (tested on its own), and returns the status and body.
func (d *demoServer) get(t *testing.T, login, lang, path string) (int, string) {
	t.Helper()
	ctx := context.Background()
	u := d.users[login]
	acc, err := datchuan.LoadAccess(ctx, u, d.s.deps.Units, d.s.deps.Agencies)
	if err != nil {
		t.Fatal(err)
	}
	v := &viewer{user: u, access: acc, lang: lang, paths: map[int64]datchuan.UnitPath{}}
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r = r.WithContext(context.WithValue(r.Context(), viewerKey{}, v))
	w := httptest.NewRecorder()
	d.s.mux.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func testReadPages(t *testing.T, d *demoServer) {
	target := strconv.FormatInt(d.ids["848"], 10)
	for _, tc := range []struct {
		login, path string
		code        int
		want, not   []string
	}{
		{"huyen", "/huyen/848", 200, []string{"Huyện Cầu Ngang", "Xã Hiệp Mỹ Đông", "Thị trấn Cầu Ngang", "Đô thị văn minh:", "/muc-tieu/" + target, `class="cell st-`}, nil},
		{"huyen", "/huyen/850", 403, nil, nil},
		{"xa", "/huyen/848", 403, nil, nil},
		{"tinh", "/huyen/850?on=22/06/2022", 200, []string{"Huyện Duyên Hải", `href="/tinh/84?on=22/06/2022"`}, nil},
		{"xa", "/don-vi/29452", 200, []string{"Xã Hiệp Mỹ Đông", "/don-vi/29452/bao-cao/", "Lịch sử", "Số liệu trình diễn", "Báo cáo bổ sung", `class="returned"`, "Báo cáo lại"}, []string{`href="/huyen/848`}},
		{"huyen", "/don-vi/29452?on=22/06/2022", 200, []string{`href="/huyen/848?on=22/06/2022"`}, nil},
		{"huyen", "/don-vi/848", 200, []string{"Huyện Cầu Ngang", "/don-vi/848/bao-cao/"}, nil},
		{"tinh", "/don-vi/29452", 200, []string{"Xã Hiệp Mỹ Đông", "/bao-cao/"}, nil},
		{"lanhdao", "/don-vi/29452", 200, []string{"Xã Hiệp Mỹ Đông", "Lịch sử"}, []string{"/bao-cao/", `class="returned"`}},
		{"xa", "/don-vi/29455", 403, nil, nil},
		{"huyen", "/muc-tieu/" + target, 200, []string{"Còn ", "chỉ tiêu chưa đạt hoặc chưa xác nhận", "Sở "}, nil},
		{"xa", "/muc-tieu/" + target, 403, nil, nil},
		{"huyen", "/tim?q=cau+ngang", 200, []string{"Huyện Cầu Ngang", "Thị trấn Cầu Ngang", "/don-vi/29416?on=01/09/2022"}, []string{"Xã Cầu Ngang", "Tỉnh Vĩnh Long", "không còn tồn tại"}},
		{"huyen", "/don-vi/29416?on=01/09/2022", 200, []string{"Thị trấn Cầu Ngang", "Đô thị văn minh"}, nil},
		{"xa", "/tim?q=cau+ngang", 200, []string{"Không tìm thấy"}, []string{"Huyện Cầu Ngang"}},
		{"tinh", "/tinh/84", 200, []string{`href="/huyen/848?on=`, "Huyện Cầu Ngang"}, nil},
		{"xa", "/tinh/84", 403, nil, nil},
	} {
		code, body := d.get(t, tc.login, "vi", tc.path)
		if code != tc.code {
			t.Errorf("%s %s: status %d, want %d", tc.login, tc.path, code, tc.code)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s: page lacks %q", tc.login, tc.path, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(body, n) {
				t.Errorf("%s %s: page shows %q", tc.login, tc.path, n)
			}
		}
	}
	// English pages read whole in English.
	_, body := d.get(t, "huyen", "en", "/huyen/848")
	for _, w := range []string{"District criteria", "Communes and towns by criterion", "Civilised urban area:"} {
		if !strings.Contains(body, w) {
			t.Errorf("English district page lacks %q", w)
		}
	}
}

func testReadAPI(t *testing.T, d *demoServer) {
	decode := func(login, path string, want int) map[string]json.RawMessage {
		t.Helper()
		code, body := d.get(t, login, "vi", path)
		if code != want {
			t.Fatalf("%s %s: status %d, want %d: %s", login, path, code, want, body)
		}
		var out map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("%s %s: %v", login, path, err)
		}
		return out
	}
	count := func(m map[string]json.RawMessage) int {
		n, _ := strconv.Atoi(string(m["count"]))
		return n
	}
	for _, tc := range []struct {
		login, path string
		code        int
	}{
		{"xa", "/api/districts/848/status", 403},
		{"huyen", "/api/districts/848/status", 200},
		{"huyen", "/api/provinces/84/status", 403},
		{"tinh", "/api/provinces/84/status", 200},
		{"xa", "/api/units/29455/status", 403},
		{"xa", "/api/units/29452/status", 200},
		{"xa", "/api/units/848/territory?level=district", 403},
		{"huyen", "/api/units/848/territory?level=district", 200},
		{"xa", "/api/units/29452/values", 200},
		{"xa", "/api/units/29455/values", 403},
		{"xa", "/api/targets/" + strconv.FormatInt(d.ids["848"], 10) + "/blockers", 403},
		{"xa", "/api/units/848", 403},
		{"admin", "/api/units/848", 200},
		{"xa", "/api/sets", 200},
	} {
		decode(tc.login, tc.path, tc.code)
	}
	if n := count(decode("huyen", "/api/units?level=district&on=22/06/2022", 200)); n != 1 {
		t.Errorf("a district member lists %d districts, want its own only", n)
	}
	if n := count(decode("admin", "/api/units?level=district&on=22/06/2022&limit=2000", 200)); n < 700 {
		t.Errorf("an administrator lists %d districts, want all", n)
	}
	start := time.Now()
	if n := count(decode("huyen", "/api/units?limit=20000", 200)); n != 16 {
		t.Errorf("a district member lists %d units, want its district and 15 communes", n)
	}
	t.Logf("listing every unit for a district member: %v", time.Since(start))
	vals := decode("xa", "/api/units/29452/values?history=1", 200)
	if count(vals) == 0 || string(vals["history"]) != "true" {
		t.Errorf("values of the commune: count %d, history %s", count(vals), vals["history"])
	}
	out := decode("huyen", "/api/targets/"+strconv.FormatInt(d.ids["848"], 10)+"/blockers?on="+url.QueryEscape("22/06/2022"), 200)
	var b targetBlockers
	if err := json.Unmarshal(out["blockers"], &b); err != nil {
		t.Fatal(err)
	}
	if b.Count == 0 || b.Count != len(b.Blockers) || b.Meets {
		t.Fatalf("Cầu Ngang on 22/06/2022: %d blockers (%d listed), meets %v", b.Count, len(b.Blockers), b.Meets)
	}
	if !b.Evaluated {
		t.Error("the district target was not evaluated")
	}
	progress := 0
	for _, row := range b.Blockers {
		if row.Progress != "" {
			progress++
		}
	}
	if progress == 0 {
		t.Error("no share condition shows its progress")
	}
	if b.Blockers[0].Unit.Code != "848" {
		t.Errorf("the district's own blockers come first, got %s", b.Blockers[0].Unit.Code)
	}
	leads := 0
	for _, row := range b.Blockers {
		if row.Lead != nil {
			leads++
		}
	}
	if leads == 0 {
		t.Error("no blocker names its lead department")
	}
}

// testLeads checks that a lead named for an indicator beats the lead of
// its criterion, with its own supporting agencies.
func testLeads(t *testing.T, d *demoServer) {
	ctx := context.Background()
	prov, _, err := d.s.rollup.Resolve(ctx, datchuan.LevelProvince, "84", demo.CaseDate)
	if err != nil {
		t.Fatal(err)
	}
	lb := &leadBook{s: d.s, ctx: ctx, provinceID: prov.ID, bySet: map[string][]*datchuan.Lead{}, agencies: map[int64]*datchuan.Agency{}}
	short := func(refs []agencyRef) string {
		var s []string
		for _, r := range refs {
			s = append(s, r.Code)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct{ crit, ind, lead, sup string }{
		{"17", "17.8", "84-SYT", "84-SCT,84-SNNPTNT"},
		{"17", "17.2", "84-STNMT", "84-SNNPTNT,84-SYT,84-SCT,84-SXD"},
		{"17", "17.1", "84-SNNPTNT", ""},
		{"10", "10.1", "84-CTK", "84-SKHDT"},
	} {
		lead, sup, err := lb.of(demo.CommuneSet, tc.crit, tc.ind)
		if err != nil {
			t.Fatal(err)
		}
		if lead == nil || lead.Code != tc.lead {
			t.Errorf("%s: lead %+v, want %s", tc.ind, lead, tc.lead)
		}
		// Supporting agencies are compared as sets: storage order is not promised.
		if got := sortedCSV(short(sup)); got != sortedCSV(tc.sup) {
			t.Errorf("%s: supporting %s, want %s", tc.ind, got, tc.sup)
		}
	}
}

func sortedCSV(s string) string {
	if s == "" {
		return ""
	}
	parts := strings.Split(s, ",")
	vnSort(parts, func(s string) string { return s })
	return strings.Join(parts, ",")
}
