package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/service"
)

// The roles of the demo, and nobody signed in.
const (
	anon     = "(anonymous)"
	admin    = "quantri"
	coord    = "vpdp"
	leader   = "lanhdao"
	deptTNMT = "so-tnmt" // leads criterion 17, not criterion 1
	deptXD   = "so-xd"   // leads criterion 1
	district = "huyen-caungang"
	commune  = "xa-nhitruong"
)

var allRoles = []string{anon, admin, coord, leader, deptTNMT, deptXD, district, commune, national}

// session is one role's client, with its CSRF token.
type session struct {
	c    *http.Client
	csrf string
}

func newSession(t *testing.T, base, login string) *session {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &session{c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	if login == anon {
		return s
	}
	resp, err := s.c.PostForm(base+"/dang-nhap", url.Values{"login": {login}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %s", login, resp.Status)
	}
	var me struct {
		CSRF string `json:"csrf_token"`
	}
	s.getJSON(t, base+"/api/me", &me)
	s.csrf = me.CSRF
	return s
}

func (s *session) getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := s.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", u, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// queuedValue returns the ID of the value of an indicator of a unit that
// waits in the session's review queue, failing the test when none does.
func queuedValue(t *testing.T, s *session, base, unit, ind string) int64 {
	t.Helper()
	var queue struct {
		Items []struct {
			Value struct {
				ID            int64  `json:"id"`
				IndicatorCode string `json:"indicator_code"`
			} `json:"value"`
		} `json:"items"`
	}
	s.getJSON(t, base+"/api/queue?unit="+unit, &queue)
	for _, it := range queue.Items {
		if it.Value.IndicatorCode == ind {
			return it.Value.ID
		}
	}
	t.Fatalf("%s of %s is not in the queue", ind, unit)
	return 0
}

// do sends a request of the route: a form or JSON body for POSTs, with the
// session's CSRF token.
func (s *session) do(t *testing.T, method, u, contentType string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if s.csrf != "" && method == http.MethodPost {
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	resp, err := s.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// routeCase is one route with what every role must get from it.
type routeCase struct {
	pattern string // the route as the server registers it
	method  string
	path    string
	form    url.Values // POST body (form); nil with json
	json    string     // POST body (JSON)
	// allowed roles get ok; other signed-in roles 403; anonymous callers
	// are sent to sign in (303) on pages and get 401 from POSTs and /api/.
	allowed []string
	ok      int
	// want, when set, overrides per role.
	want map[string]int
}

// TestRoutesByRole walks every route of the server with every role and
// checks who gets in: the one place that proves the access rules hold
// end to end. A route added without a case here fails the test.
func TestRoutesByRole(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			a := demoApp(t, cfgFor(t))
			if n, err := a.svc.OpenWeeklyRounds(context.Background()); err != nil || n != 1 {
				t.Fatalf("open this week's round: %d, %v", n, err)
			}
			addNationalAccount(t, a)
			srv := mustServer(t, a, Config{InsecureCookies: true})
			base := serve(t, srv)
			sessions := map[string]*session{}
			for _, r := range allRoles {
				sessions[r] = newSession(t, base, r)
			}
			cases := routeCases(t, base, sessions, newDeletables(t, a))
			covered := map[string]bool{}
			for _, c := range cases {
				covered[c.pattern] = true
			}
			for _, p := range srv.Routes() {
				if !covered[p] {
					t.Errorf("route %q has no case in TestRoutesByRole", p)
				}
			}
			logged := changeLog(t, a)
			for _, c := range cases {
				for _, role := range allRoles {
					want := expected(c, role)
					var body []byte
					ctype := ""
					switch {
					case c.form != nil:
						body, ctype = []byte(c.form.Encode()), "application/x-www-form-urlencoded"
					case c.json != "":
						body, ctype = []byte(c.json), "application/json"
					}
					before := len(changeLog(t, a))
					got, text := sessions[role].do(t, c.method, base+c.path, ctype, body)
					if got != want {
						t.Errorf("%s %s as %s: status %d, want %d\n%.300s", c.method, c.path, role, got, want, text)
					}
					wrote := len(changeLog(t, a)) > before
					if changes(c, got) && !wrote {
						t.Errorf("%s %s as %s changed something (%d) and logged nothing", c.method, c.path, role, got)
					}
					switch {
					case c.pattern == "POST /dang-nhap":
						// A wrong password is logged; a throttled try checks none.
						if wrote != (got == http.StatusUnauthorized) {
							t.Errorf("sign-in as %s answered %d and logged: %v", role, got, wrote)
						}
					case got >= 400 && wrote:
						t.Errorf("%s %s as %s was refused (%d) but logged a change", c.method, c.path, role, got)
					}
				}
			}
			// Every entry there was before the walk is still there, unchanged:
			// no route edits or deletes the log.
			now := changeLog(t, a)
			for id, entry := range logged {
				if now[id] != entry {
					t.Errorf("change-log entry %d was edited or deleted by the walk:\nbefore %s\nafter  %s", id, entry, now[id])
				}
			}
		})
	}
}

// changes reports whether a route answered that it changed something: a
// POST that succeeded, except those that change no programme data (signing
// in and out, a language already chosen, notices marked read).
func changes(c routeCase, status int) bool {
	switch c.pattern {
	case "POST /dang-nhap", "POST /dang-xuat", "POST /ngon-ngu", "POST /thong-bao/da-doc":
		return false
	}
	return c.method == http.MethodPost && (status == http.StatusSeeOther || status == http.StatusCreated || status == http.StatusOK)
}

// changeLog returns every entry of the app's change log, as JSON by ID.
func changeLog(t *testing.T, a *app) map[int64]string {
	t.Helper()
	chs, err := a.stores.Changes.Changes(context.Background(), datchuan.ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[int64]string, len(chs))
	for _, c := range chs {
		b, _ := json.Marshal(c)
		out[c.ID] = string(b)
	}
	return out
}

// demoStart is the demo's clock: the summer of Plan 45.
func demoStart(t *testing.T) time.Time {
	t.Helper()
	start, err := time.ParseInLocation("02/01/2006 15:04", demoClock, datchuan.Vietnam())
	if err != nil {
		t.Fatal(err)
	}
	return start
}

func expected(c routeCase, role string) int {
	if w, ok := c.want[role]; ok {
		return w
	}
	for _, r := range c.allowed {
		if r == role {
			return c.ok
		}
	}
	if role == anon {
		if c.method == http.MethodGet && !strings.HasPrefix(c.path, "/api/") {
			return http.StatusSeeOther
		}
		return http.StatusUnauthorized
	}
	return http.StatusForbidden
}

// routeCases builds the cases over the demo: commune 29446 (Nhị Trường) of
// district 848 (Cầu Ngang), a value it reports with a file, and its lead.
func routeCases(t *testing.T, base string, ss map[string]*session, del deletables) []routeCase {
	const set = "demo-tv-ntm-commune-2021-2025"
	report := "/don-vi/29446/bao-cao/" + set + "/1.1"
	valueID, hash := reportWithFile(t, base, ss[commune], report)
	var d struct {
		District struct {
			Target struct{ ID int64 } `json:"target"`
		} `json:"district"`
	}
	ss[coord].getJSON(t, base+"/api/districts/848/status", &d)
	target := fmt.Sprint(d.District.Target.ID)
	if target == "0" {
		t.Fatal("district 848 has no target in the demo")
	}
	wk := newWorkFixtures(t, base, ss)
	_, roundPage, _ := ss[coord].get(t, base+"/dot-bao-cao/1")
	m := regexp.MustCompile(`/dot-bao-cao/1/co-quan/(\d+)">Sở Xây dựng<`).FindStringSubmatch(roundPage)
	if m == nil {
		t.Fatalf("the round's page lacks Sở Xây dựng's report:\n%.2000s", roundPage)
	}
	xdReport := "/dot-bao-cao/1/co-quan/" + m[1]

	signedIn := []string{admin, coord, leader, deptTNMT, deptXD, district, commune}
	signedIn = append(signedIn, national)
	province := []string{coord, leader, deptTNMT, deptXD}
	province = append(province, national) // reads every province as its leaders read theirs
	dist848 := append([]string{district}, province...)
	com29446 := append([]string{commune}, dist848...)
	reporters := []string{coord, district, commune}
	reviewers := []string{coord, deptXD}
	inProvince := []string{coord, leader, deptTNMT, deptXD, district, commune}
	inProvince = append(inProvince, national)
	noProvince := map[string]int{national: http.StatusForbidden} // a page of "my province": the country has none
	planners := []string{coord}
	bogus := url.Values{"decision": {"maybe"}}
	user := "/quan-tri/nguoi-dung/1"
	all := func(st int) map[string]int {
		m := map[string]int{}
		for _, r := range allRoles {
			m[r] = st
		}
		return m
	}
	// The same wrong sign-in from every role, all from one address: after
	// five failures that login waits 32 s there before its next try.
	wrongLogin := all(http.StatusUnauthorized)
	for _, r := range allRoles[5:] {
		wrongLogin[r] = http.StatusTooManyRequests
	}
	loginWant := all(http.StatusOK)
	for _, r := range signedIn {
		loginWant[r] = http.StatusSeeOther // already signed in: sent on
	}
	df := newDossierFixtures(t, base, ss[coord], target)
	dossier, tpl := "/muc-tieu/"+target+"/ho-so", "/tinh/84/mau-ho-so/district-ntm-2021-2025"
	return []routeCase{
		{pattern: "GET /healthz", method: "GET", path: "/healthz", want: all(http.StatusOK)},
		{pattern: "GET /static/", method: "GET", path: "/static/app.css", want: all(http.StatusOK)},
		{pattern: "GET /favicon.ico", method: "GET", path: "/favicon.ico", want: all(http.StatusOK)},
		{pattern: "GET /dang-nhap", method: "GET", path: "/dang-nhap", want: loginWant},
		{pattern: "POST /dang-nhap", method: "POST", path: "/dang-nhap", form: url.Values{"login": {"nobody"}, "password": {"wrong-password"}}, want: wrongLogin},
		{pattern: "POST /ngon-ngu", method: "POST", path: "/ngon-ngu", form: url.Values{"lang": {"vi"}}, want: all(http.StatusSeeOther)},
		{pattern: "GET /{$}", method: "GET", path: "/", allowed: signedIn, ok: http.StatusFound},
		{pattern: "GET /tinh/{code}", method: "GET", path: "/tinh/84", allowed: province, ok: 200},
		{pattern: "GET /huyen/{code}", method: "GET", path: "/huyen/848", allowed: dist848, ok: 200},
		{pattern: "GET /huyen/{code}", method: "GET", path: "/huyen/850", allowed: province, ok: 200},
		{pattern: "GET /don-vi/{code}", method: "GET", path: "/don-vi/29446", allowed: com29446, ok: 200},
		{pattern: "GET /don-vi/{code}", method: "GET", path: "/don-vi/29440", allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}", method: "GET", path: "/muc-tieu/" + target, allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/viec-con-lai.xlsx", method: "GET", path: "/muc-tieu/" + target + "/viec-con-lai.xlsx", allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/viec-con-lai.csv", method: "GET", path: "/muc-tieu/" + target + "/viec-con-lai.csv", allowed: dist848, ok: 200},
		{pattern: "GET /huyen/{code}/ma-tran.xlsx", method: "GET", path: "/huyen/848/ma-tran.xlsx", allowed: dist848, ok: 200},
		{pattern: "GET /huyen/{code}/ma-tran.csv", method: "GET", path: "/huyen/848/ma-tran.csv?on=15/08/2022", allowed: dist848, ok: 200},
		{pattern: "GET /huyen/{code}/ma-tran.csv", method: "GET", path: "/huyen/850/ma-tran.csv", allowed: province, ok: 200},
		{pattern: "GET /don-vi/{code}/chi-tiet.xlsx", method: "GET", path: "/don-vi/29446/chi-tiet.xlsx", allowed: com29446, ok: 200},
		{pattern: "GET /don-vi/{code}/chi-tiet.csv", method: "GET", path: "/don-vi/29440/chi-tiet.csv", allowed: dist848, ok: 200},
		{pattern: "GET /xac-nhan.xlsx", method: "GET", path: "/xac-nhan.xlsx", allowed: []string{coord, deptTNMT, deptXD}, ok: 200},
		{pattern: "GET /xac-nhan.csv", method: "GET", path: "/xac-nhan.csv?don-vi=29446", allowed: []string{coord, deptTNMT, deptXD}, ok: 200},
		{pattern: "GET /dot-bao-cao/{id}/tien-do.xlsx", method: "GET", path: "/dot-bao-cao/1/tien-do.xlsx", allowed: inProvince, ok: 200},
		{pattern: "GET /dot-bao-cao/{id}/tien-do.csv", method: "GET", path: "/dot-bao-cao/1/tien-do.csv", allowed: inProvince, ok: 200},
		{pattern: "GET /tim", method: "GET", path: "/tim?q=cau+ngang", allowed: signedIn, ok: 200},
		{pattern: "GET /don-vi/{code}/bao-cao/{set}/{indicator}", method: "GET", path: report, allowed: reporters, ok: 200},
		{pattern: "POST /don-vi/{code}/bao-cao/{set}/{indicator}", method: "POST", path: report, form: url.Values{"as_of": {"bad"}}, allowed: reporters, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /viec-cua-toi", method: "GET", path: "/viec-cua-toi", allowed: signedIn, ok: 200},
		{pattern: "GET /xac-nhan", method: "GET", path: "/xac-nhan", allowed: []string{coord, deptTNMT, deptXD}, ok: 200},
		{pattern: "POST /gia-tri/{id}/xac-nhan", method: "POST", path: "/gia-tri/" + valueID + "/xac-nhan", form: bogus, allowed: reviewers, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /tep/{file}", method: "GET", path: "/tep/" + hash, allowed: com29446, ok: 200},
		{pattern: "GET /quan-tri", method: "GET", path: "/quan-tri", allowed: []string{admin}, ok: 200},
		{pattern: "GET /quan-tri/nguoi-dung", method: "GET", path: "/quan-tri/nguoi-dung", allowed: []string{admin}, ok: 200},
		{pattern: "POST /quan-tri/nguoi-dung", method: "POST", path: "/quan-tri/nguoi-dung", form: url.Values{"login": {""}}, allowed: []string{admin}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /quan-tri/nguoi-dung/{id}", method: "GET", path: user, allowed: []string{admin}, ok: 200},
		{pattern: "POST /quan-tri/nguoi-dung/{id}", method: "POST", path: user, form: url.Values{"name": {"Quản trị hệ thống (minh họa)"}, "version": {"1"}}, allowed: []string{admin}, ok: http.StatusSeeOther},
		{pattern: "POST /quan-tri/nguoi-dung/{id}/vai-tro", method: "POST", path: user + "/vai-tro", form: url.Values{"kind": {"nonsense"}}, allowed: []string{admin}, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /quan-tri/nguoi-dung/{id}/vai-tro/{role}/xoa", method: "POST", path: "/quan-tri/nguoi-dung/" + del.user + "/vai-tro/" + del.role + "/xoa", allowed: []string{admin}, ok: http.StatusSeeOther},
		{pattern: "POST /quan-tri/nguoi-dung/{id}/mat-khau", method: "POST", path: user + "/mat-khau", form: url.Values{"password": {"short"}}, allowed: []string{admin}, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /quan-tri/nguoi-dung/{id}/dang-nhap-sai/xoa", method: "POST", path: user + "/dang-nhap-sai/xoa", allowed: []string{admin}, ok: http.StatusSeeOther},
		{pattern: "GET /quan-tri/co-quan", method: "GET", path: "/quan-tri/co-quan", allowed: []string{admin}, ok: 200},
		{pattern: "POST /quan-tri/co-quan", method: "POST", path: "/quan-tri/co-quan", form: url.Values{"code": {""}}, allowed: []string{admin}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /quan-tri/bo-tieu-chi", method: "GET", path: "/quan-tri/bo-tieu-chi", allowed: []string{admin}, ok: 200},
		{pattern: "GET /api/me", method: "GET", path: "/api/me", allowed: signedIn, ok: 200},
		{pattern: "GET /api/units", method: "GET", path: "/api/units?q=nhi+truong", allowed: signedIn, ok: 200},
		{pattern: "GET /api/units/{code}", method: "GET", path: "/api/units/29446", allowed: append([]string{admin}, com29446...), ok: 200},
		{pattern: "GET /api/units/{code}/status", method: "GET", path: "/api/units/29446/status", allowed: com29446, ok: 200},
		{pattern: "GET /api/units/{code}/values", method: "GET", path: "/api/units/29446/values?history=1", allowed: com29446, ok: 200},
		{pattern: "GET /api/units/{code}/territory", method: "GET", path: "/api/units/848/territory?level=district&on=22/06/2022", allowed: dist848, ok: 200},
		{pattern: "GET /api/districts/{code}/status", method: "GET", path: "/api/districts/848/status", allowed: dist848, ok: 200},
		{pattern: "GET /api/provinces/{code}/status", method: "GET", path: "/api/provinces/84/status", allowed: province, ok: 200},
		{pattern: "GET /api/targets/{id}/blockers", method: "GET", path: "/api/targets/" + target + "/blockers", allowed: dist848, ok: 200},
		{pattern: "GET /api/sets", method: "GET", path: "/api/sets", allowed: signedIn, ok: 200},
		{pattern: "GET /api/sets/{id}", method: "GET", path: "/api/sets/" + set, allowed: signedIn, ok: 200},
		{pattern: "GET /api/agencies", method: "GET", path: "/api/agencies", allowed: signedIn, ok: 200},
		{pattern: "POST /api/values", method: "POST", path: "/api/values", json: `{"unit":"29446","set_id":"` + set + `","indicator":"1.1","value":"maybe","as_of":"31/08/2022"}`, allowed: reporters, ok: http.StatusBadRequest},
		{pattern: "POST /api/files", method: "POST", path: "/api/files", json: `{}`, allowed: reporters, ok: http.StatusBadRequest},
		{pattern: "GET /api/queue", method: "GET", path: "/api/queue", allowed: []string{coord, deptTNMT, deptXD}, ok: 200},
		{pattern: "POST /api/values/{id}/review", method: "POST", path: "/api/values/" + valueID + "/review", json: `{"decision":"maybe"}`, allowed: reviewers, ok: http.StatusBadRequest},
		{pattern: "GET /thong-bao", method: "GET", path: "/thong-bao", allowed: signedIn, ok: 200},
		{pattern: "POST /thong-bao/da-doc", method: "POST", path: "/thong-bao/da-doc", form: url.Values{}, allowed: signedIn, ok: http.StatusSeeOther},
		{pattern: "GET /tinh/{code}/ke-hoach", method: "GET", path: "/tinh/84/ke-hoach", allowed: inProvince, ok: 200},
		{pattern: "POST /tinh/{code}/ke-hoach", method: "POST", path: "/tinh/84/ke-hoach", form: url.Values{"number": {""}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /ke-hoach/{id}", method: "GET", path: "/ke-hoach/1", allowed: inProvince, ok: 200},
		{pattern: "POST /ke-hoach/{id}/phan-cong", method: "POST", path: "/ke-hoach/1/phan-cong", form: url.Values{"criterion": {""}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /ke-hoach/{id}/phan-cong.xlsx", method: "GET", path: "/ke-hoach/1/phan-cong.xlsx", allowed: inProvince, ok: 200},
		{pattern: "POST /ke-hoach/{id}/phan-cong.xlsx", method: "POST", path: "/ke-hoach/1/phan-cong.xlsx", form: url.Values{}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /ke-hoach/{id}/tep", method: "POST", path: "/ke-hoach/1/tep", form: url.Values{}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /ke-hoach/{id}/tep/{file}", method: "GET", path: "/ke-hoach/1/tep/" + hash, allowed: inProvince, ok: http.StatusNotFound},
		{pattern: "GET /phan-cong/{id}", method: "GET", path: "/phan-cong/1", allowed: planners, ok: 200},
		{pattern: "POST /phan-cong/{id}", method: "POST", path: "/phan-cong/1", form: url.Values{"deadline": {"later"}, "version": {"1"}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		// Sở XD leads assignment 1 and may mark it too; after the office's
		// change, version 1 is stale for it: a conflict, not a refusal.
		{pattern: "POST /phan-cong/{id}/xong", method: "POST", path: "/phan-cong/1/xong", form: url.Values{"done": {"0"}, "version": {"1"}}, allowed: planners, ok: http.StatusSeeOther,
			want: map[string]int{deptXD: http.StatusConflict}},
		// The delete really deletes: after the coordination office, the row is gone for everyone.
		{pattern: "POST /phan-cong/{id}/xoa", method: "POST", path: "/phan-cong/" + del.assignment + "/xoa", form: url.Values{"version": {del.version}},
			want: goneAfter(coord, map[string]int{anon: http.StatusUnauthorized, admin: http.StatusForbidden, coord: http.StatusSeeOther})},
		{pattern: "GET /don-vi/{code}/nhiem-vu", method: "GET", path: "/don-vi/29446/nhiem-vu", allowed: com29446, ok: 200},
		{pattern: "POST /don-vi/{code}/nhiem-vu", method: "POST", path: "/don-vi/29446/nhiem-vu", form: url.Values{"title": {""}}, allowed: reporters, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /nhiem-vu/{id}", method: "POST", path: "/nhiem-vu/" + wk.task, form: url.Values{"status": {"bogus"}, "version": {"1"}}, allowed: reporters, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /nhiem-vu/{id}/tep/{file}", method: "GET", path: "/nhiem-vu/" + wk.task + "/tep/" + wk.taskFile, allowed: com29446, ok: 200},
		{pattern: "GET /huong-dan", method: "GET", path: "/huong-dan", allowed: inProvince, ok: 200, want: noProvince},
		{pattern: "GET /huong-dan", method: "GET", path: "/huong-dan?tinh=84", allowed: inProvince, ok: 200},
		{pattern: "POST /huong-dan", method: "POST", path: "/huong-dan", form: url.Values{"criterion": {"1"}}, allowed: []string{coord, deptXD}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /huong-dan/{id}/tep", method: "GET", path: "/huong-dan/" + wk.guidance + "/tep", allowed: inProvince, ok: 200},
		{pattern: "GET /phe-duyet", method: "GET", path: "/phe-duyet", allowed: inProvince, ok: 200, want: noProvince},
		{pattern: "GET /phe-duyet", method: "GET", path: "/phe-duyet?tinh=84", allowed: inProvince, ok: 200},
		{pattern: "POST /phe-duyet", method: "POST", path: "/phe-duyet", form: url.Values{"title": {""}}, allowed: []string{coord, deptTNMT, deptXD}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /phe-duyet/{id}", method: "GET", path: "/phe-duyet/" + wk.approval, allowed: inProvince, ok: 200},
		{pattern: "POST /phe-duyet/{id}/trinh", method: "POST", path: "/phe-duyet/" + wk.approval + "/trinh", form: url.Values{"from": {"approved"}}, allowed: []string{coord, deptXD}, ok: http.StatusConflict},
		{pattern: "POST /phe-duyet/{id}/duyet", method: "POST", path: "/phe-duyet/" + wk.approval + "/duyet", form: url.Values{"decision_number": {""}, "version": {"2"}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /phe-duyet/{id}/ban-ky", method: "POST", path: "/phe-duyet/" + wk.approval + "/ban-ky", form: url.Values{"version": {"0"}}, allowed: planners, ok: http.StatusConflict},
		{pattern: "POST /phe-duyet/{id}/tra-lai", method: "POST", path: "/phe-duyet/" + wk.approval + "/tra-lai", form: url.Values{"reason": {""}, "version": {"2"}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /ke-hoach/{id}/bao-cao-tuan", method: "GET", path: "/ke-hoach/1/bao-cao-tuan", allowed: inProvince, ok: 200},
		{pattern: "POST /ke-hoach/{id}/bao-cao-tuan", method: "POST", path: "/ke-hoach/1/bao-cao-tuan", form: url.Values{"title": {""}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /ke-hoach/{id}/lich-bao-cao", method: "POST", path: "/ke-hoach/1/lich-bao-cao", form: url.Values{"weekday": {"9"}, "hour": {"16"}, "version": {"1"}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /tinh/{code}/vuong-mac", method: "GET", path: "/tinh/84/vuong-mac", allowed: inProvince, ok: 200},
		{pattern: "POST /tinh/{code}/vuong-mac", method: "POST", path: "/tinh/84/vuong-mac", form: url.Values{"unit": {"29446"}, "title": {""}},
			allowed: []string{coord, deptTNMT, deptXD, district, commune}, ok: http.StatusUnprocessableEntity},
		// The value is reported, not returned: nothing to raise, for who may raise.
		{pattern: "POST /gia-tri/{id}/vuong-mac", method: "POST", path: "/gia-tri/" + valueID + "/vuong-mac",
			allowed: []string{coord, deptTNMT, deptXD, district, commune}, ok: http.StatusBadRequest},
		// No such obstacle: nothing to move, for anyone.
		{pattern: "POST /tinh/{code}/vuong-mac/{id}", method: "POST", path: "/tinh/84/vuong-mac/999999", form: url.Values{"to": {"resolved"}},
			want: map[string]int{anon: http.StatusUnauthorized, admin: http.StatusNotFound, coord: http.StatusNotFound, leader: http.StatusNotFound,
				deptTNMT: http.StatusNotFound, deptXD: http.StatusNotFound, district: http.StatusNotFound, commune: http.StatusNotFound,
				national: http.StatusNotFound}},
		{pattern: "GET /dot-bao-cao/{id}", method: "GET", path: "/dot-bao-cao/1", allowed: inProvince, ok: 200},
		{pattern: "POST /dot-bao-cao/{id}/dong", method: "POST", path: "/dot-bao-cao/1/dong", form: url.Values{"version": {"99"}}, allowed: planners, ok: http.StatusConflict},
		// A report is read by its writers, the office and the leaders.
		{pattern: "GET /dot-bao-cao/{id}/co-quan/{agency}", method: "GET", path: xdReport, allowed: []string{coord, leader, deptXD, national}, ok: 200},
		{pattern: "POST /dot-bao-cao/{id}/co-quan/{agency}", method: "POST", path: xdReport, form: url.Values{"version": {"99"}}, allowed: []string{deptXD}, ok: http.StatusConflict},
		// Nothing sent yet: nothing to return.
		{pattern: "POST /dot-bao-cao/{id}/co-quan/{agency}/tra-lai", method: "POST", path: xdReport + "/tra-lai", form: url.Values{"reason": {""}}, allowed: planners, ok: http.StatusConflict},
		// Nothing sent yet: no difficulty to raise.
		{pattern: "POST /dot-bao-cao/{id}/co-quan/{agency}/vuong-mac", method: "POST", path: xdReport + "/vuong-mac", form: url.Values{"item": {"0"}},
			allowed: []string{coord, deptXD}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /dot-bao-cao/{id}/tong-hop", method: "GET", path: "/dot-bao-cao/1/tong-hop", allowed: []string{coord, leader, national}, ok: 200},
		{pattern: "GET /dot-bao-cao/{id}/tong-hop.docx", method: "GET", path: "/dot-bao-cao/1/tong-hop.docx", allowed: []string{coord, leader, national}, ok: 200},
		{pattern: "GET /dot-bao-cao/{id}/tong-hop.xlsx", method: "GET", path: "/dot-bao-cao/1/tong-hop.xlsx", allowed: []string{coord, leader, national}, ok: 200},
		{pattern: "GET /nhat-ky", method: "GET", path: "/nhat-ky", allowed: []string{admin, coord}, ok: 200},
		{pattern: "GET /nhat-ky.csv", method: "GET", path: "/nhat-ky.csv?don-vi=848", allowed: []string{admin, coord}, ok: 200},
		{pattern: "GET /phe-duyet/{id}/tep/{file}", method: "GET", path: "/phe-duyet/" + wk.approval + "/tep/" + wk.approvalFile, allowed: inProvince, ok: 200},
		// Site inspections of the demo: 1, done by the office in Nhị Trường and
		// Hiệp Mỹ Đông (its finding 1 an obstacle already); 2, planned in Duyên Hải.
		{pattern: "GET /tinh/{code}/kiem-tra", method: "GET", path: "/tinh/84/kiem-tra", allowed: inProvince, ok: 200},
		{pattern: "POST /tinh/{code}/kiem-tra", method: "POST", path: "/tinh/84/kiem-tra", form: url.Values{"title": {""}},
			allowed: []string{coord, deptTNMT, deptXD}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /kiem-tra/{id}", method: "GET", path: "/kiem-tra/1", allowed: com29446, ok: 200},
		{pattern: "GET /kiem-tra/{id}", method: "GET", path: "/kiem-tra/2", allowed: province, ok: 200},
		{pattern: "POST /kiem-tra/{id}", method: "POST", path: "/kiem-tra/2", form: url.Values{"version": {"99"}}, allowed: planners, ok: http.StatusConflict},
		{pattern: "POST /kiem-tra/{id}/trang-thai", method: "POST", path: "/kiem-tra/2/trang-thai", form: url.Values{"version": {"99"}, "to": {"done"}},
			allowed: planners, ok: http.StatusConflict},
		{pattern: "POST /kiem-tra/{id}/ket-qua", method: "POST", path: "/kiem-tra/1/ket-qua", form: url.Values{"unit": {""}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /kiem-tra/{id}/ket-qua/{finding}", method: "POST", path: "/kiem-tra/1/ket-qua/2", form: url.Values{"version": {"99"}, "result": {"met"}},
			allowed: planners, ok: http.StatusConflict},
		// Finding 1 is an obstacle already: not twice.
		{pattern: "POST /kiem-tra/{id}/ket-qua/{finding}/vuong-mac", method: "POST", path: "/kiem-tra/1/ket-qua/1/vuong-mac", form: url.Values{"version": {"1"}},
			allowed: planners, ok: http.StatusConflict},
		{pattern: "POST /kiem-tra/{id}/ket-qua/{finding}/nhiem-vu", method: "POST", path: "/kiem-tra/1/ket-qua/3/nhiem-vu", form: url.Values{"version": {"1"}, "title": {""}},
			allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /kiem-tra/{id}/anh", method: "POST", path: "/kiem-tra/1/anh", form: url.Values{}, allowed: planners, ok: http.StatusUnprocessableEntity},
		// The value's file is no photo of the inspection.
		{pattern: "GET /kiem-tra/{id}/anh/{file}", method: "GET", path: "/kiem-tra/1/anh/" + hash, allowed: com29446, ok: http.StatusNotFound},
		{pattern: "GET /kiem-tra/{id}/bien-ban.docx", method: "GET", path: "/kiem-tra/1/bien-ban.docx", allowed: com29446, ok: 200},
		// The recognition dossier: the district's readers read; the
		// coordination office keeps the templates, the dossier and the
		// decisions; the district works its own papers. Edits name a stale
		// version (409) or leave out what is required (422): nothing changes.
		{pattern: "GET /muc-tieu/{id}/ho-so", method: "GET", path: dossier, allowed: dist848, ok: 200},
		{pattern: "POST /muc-tieu/{id}/ho-so", method: "POST", path: dossier, form: url.Values{}, allowed: planners, ok: http.StatusConflict}, // the demo made it
		{pattern: "POST /muc-tieu/{id}/ho-so/muc/{item}", method: "POST", path: dossier + "/muc/" + df.request, form: url.Values{"version": {"99"}, "state": {"ready"}},
			allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "POST /muc-tieu/{id}/ho-so/muc/{item}/tep", method: "POST", path: dossier + "/muc/" + df.request + "/tep", form: url.Values{},
			allowed: []string{coord, district}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /muc-tieu/{id}/ho-so/muc/{item}/tep/{version}", method: "GET", path: dossier + "/muc/" + df.report + "/tep/1", allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/ho-so/bang-9-tieu-chi.docx", method: "GET", path: dossier + "/bang-9-tieu-chi.docx", allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/ho-so/danh-sach-xa.docx", method: "GET", path: dossier + "/danh-sach-xa.docx", allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/ho-so/xac-nhan/{agency}", method: "GET", path: dossier + "/xac-nhan/" + df.agency, allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/ho-so/muc-luc.docx", method: "GET", path: dossier + "/muc-luc.docx", allowed: dist848, ok: 200},
		{pattern: "GET /muc-tieu/{id}/ho-so.zip", method: "GET", path: dossier + ".zip", allowed: dist848, ok: 200},
		{pattern: "GET /tinh/{code}/mau-ho-so", method: "GET", path: "/tinh/84/mau-ho-so", allowed: inProvince, ok: 200},
		{pattern: "GET /tinh/{code}/mau-ho-so/{key}", method: "GET", path: tpl, allowed: inProvince, ok: 200},
		{pattern: "POST /tinh/{code}/mau-ho-so/{key}", method: "POST", path: tpl, form: url.Values{"code": {""}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /tinh/{code}/mau-ho-so/{key}/{item}", method: "POST", path: tpl + "/H04", form: url.Values{"version": {"99"}}, allowed: planners, ok: http.StatusConflict},
		{pattern: "POST /tinh/{code}/mau-ho-so/{key}/{item}/xoa", method: "POST", path: tpl + "/H09/xoa", form: url.Values{"version": {"99"}}, allowed: planners, ok: http.StatusConflict},
		{pattern: "GET /huyen/{code}/quyet-dinh-cong-nhan", method: "GET", path: "/huyen/848/quyet-dinh-cong-nhan", allowed: dist848, ok: 200},
		{pattern: "POST /huyen/{code}/quyet-dinh-cong-nhan", method: "POST", path: "/huyen/848/quyet-dinh-cong-nhan", form: url.Values{"number": {""}},
			allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /quyet-dinh-cong-nhan/{id}", method: "POST", path: "/quyet-dinh-cong-nhan/" + df.decision, form: url.Values{"version": {"99"}},
			allowed: planners, ok: http.StatusConflict},
		// The demo's decisions have no scanned file: nothing to serve.
		{pattern: "GET /quyet-dinh-cong-nhan/{id}/tep", method: "GET", path: "/quyet-dinh-cong-nhan/" + df.decision + "/tep", allowed: dist848, ok: http.StatusNotFound},
		// The weekly meetings of the demo: Cầu Ngang's held on 26/08 (1, at
		// version 2) and planned on 02/09 (2), the province's (3). Cầu
		// Ngang's committee and the office run them, the province's
		// officers read them; version 99 is stale for whoever runs them.
		{pattern: "GET /huyen/{code}/hop", method: "GET", path: "/huyen/848/hop", allowed: dist848, ok: 200},
		{pattern: "POST /huyen/{code}/hop", method: "POST", path: "/huyen/848/hop", form: url.Values{"date": {"bad"}}, allowed: []string{coord, district}, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /huyen/{code}/hop/lich", method: "POST", path: "/huyen/848/hop/lich", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "GET /tinh/{code}/hop", method: "GET", path: "/tinh/84/hop", allowed: province, ok: 200},
		{pattern: "POST /tinh/{code}/hop", method: "POST", path: "/tinh/84/hop", form: url.Values{"date": {"bad"}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /tinh/{code}/hop/lich", method: "POST", path: "/tinh/84/hop/lich", form: url.Values{"version": {"99"}}, allowed: planners, ok: http.StatusConflict},
		{pattern: "GET /hop/{id}", method: "GET", path: "/hop/2", allowed: dist848, ok: 200},
		{pattern: "POST /hop/{id}", method: "POST", path: "/hop/2", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "POST /hop/{id}/thanh-phan", method: "POST", path: "/hop/2/thanh-phan", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "POST /hop/{id}/ket-luan", method: "POST", path: "/hop/2/ket-luan", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "POST /hop/{id}/da-hop", method: "POST", path: "/hop/2/da-hop", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "POST /hop/{id}/huy", method: "POST", path: "/hop/2/huy", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		{pattern: "POST /hop/{id}/quyet-dinh/{n}/nhiem-vu", method: "POST", path: "/hop/1/quyet-dinh/0/nhiem-vu", form: url.Values{"version": {"99"}}, allowed: []string{coord, district}, ok: http.StatusConflict},
		// Assignments are the office's: at the meeting's version, with no commune chosen.
		{pattern: "POST /hop/{id}/quyet-dinh/{n}/phan-cong", method: "POST", path: "/hop/1/quyet-dinh/0/phan-cong", form: url.Values{"version": {"2"}}, allowed: planners, ok: http.StatusUnprocessableEntity},
		{pattern: "POST /hop/{id}/vuong-mac", method: "POST", path: "/hop/2/vuong-mac", form: url.Values{"unit": {"29446"}, "title": {""}}, allowed: []string{coord, district}, ok: http.StatusUnprocessableEntity},
		{pattern: "GET /hop/{id}/bien-ban.docx", method: "GET", path: "/hop/1/bien-ban.docx", allowed: dist848, ok: 200},
		{pattern: "GET /hop/{id}/thong-bao-ket-luan.docx", method: "GET", path: "/hop/1/thong-bao-ket-luan.docx", allowed: dist848, ok: 200},
		// The national page: the central coordination office's alone; it
		// opens any province, Trà Vinh's neighbour Bến Tre too.
		{pattern: "GET /toan-quoc", method: "GET", path: "/toan-quoc", allowed: []string{national}, ok: 200},
		{pattern: "GET /toan-quoc", method: "GET", path: "/toan-quoc?on=30/06/2022&xep=ten", allowed: []string{national}, ok: 200},
		{pattern: "GET /api/national/status", method: "GET", path: "/api/national/status", allowed: []string{national}, ok: 200},
		{pattern: "GET /tinh/{code}", method: "GET", path: "/tinh/83", allowed: []string{national}, ok: 200},
		{pattern: "GET /api/provinces/{code}/status", method: "GET", path: "/api/provinces/83/status", allowed: []string{national}, ok: 200},
		// Last: signing out ends each session.
		{pattern: "POST /dang-xuat", method: "POST", path: "/dang-xuat", allowed: signedIn, ok: http.StatusSeeOther},
	}
}

var hrefValue = regexp.MustCompile(`/tep/([0-9a-f]{64})`)

// reportWithFile reports đạt for the indicator through the form, with a PDF,
// and returns the new value's ID and the attachment's ID.
func reportWithFile(t *testing.T, base string, s *session, path string) (id, hash string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("result", "dat")
	_ = mw.WriteField("as_of", "20/08/2022")
	_ = mw.WriteField("replace_confirmed", "1") // the demo's 1.1 is confirmed
	fw, _ := mw.CreateFormFile("evidence", "quyet-dinh.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	mw.Close()
	if st, body := s.do(t, "POST", base+path, mw.FormDataContentType(), buf.Bytes()); st != http.StatusSeeOther {
		t.Fatalf("report with a file: %d\n%.500s", st, body)
	}
	var vals struct {
		Values []struct {
			ID            int64    `json:"id"`
			IndicatorCode string   `json:"indicator_code"`
			Evidence      []string `json:"evidence"`
		} `json:"values"`
	}
	s.getJSON(t, base+"/api/units/29446/values", &vals)
	for _, v := range vals.Values {
		if v.IndicatorCode == "1.1" && len(v.Evidence) == 1 && hrefValue.MatchString("/tep/"+v.Evidence[0]) {
			return fmt.Sprint(v.ID), v.Evidence[0]
		}
	}
	ids := []string{}
	for _, v := range vals.Values {
		ids = append(ids, v.IndicatorCode)
	}
	sort.Strings(ids)
	t.Fatalf("the report of 1.1 with a file is not among the values: %v", ids)
	return "", ""
}

// deletables are rows the route walk really deletes: an assignment of
// Plan 45 (at its version) and a role of an account made for the walk.
type deletables struct {
	assignment, version string
	user, role          string
}

func newDeletables(t *testing.T, a *app) deletables {
	t.Helper()
	ctx := context.Background()
	c := a.svc.System("test")
	if _, err := a.svc.Assign(ctx, c, 1, service.AssignInput{Criterion: "3", Units: []string{"29446"},
		Lead: agencyID(t, a, "84-SCT"), Deadline: "30/09/2022"}); err != nil {
		t.Fatal(err)
	}
	as, err := a.stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: 1, CriterionCode: "3"})
	if err != nil || len(as) == 0 {
		t.Fatalf("the assignment to delete: %v", err)
	}
	u, err := a.svc.CreateAccount(ctx, c, service.AccountInput{Login: "tam-thoi", Name: "Tài khoản tạm", Password: "mat-khau-dai-2022"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.svc.ParseRole(ctx, c, u.ID, service.RoleInput{Kind: "leader", Unit: "84"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.svc.AddRole(ctx, c, r); err != nil {
		t.Fatal(err)
	}
	last := as[len(as)-1]
	return deletables{assignment: fmt.Sprint(last.ID), version: fmt.Sprint(last.Version), user: fmt.Sprint(u.ID), role: fmt.Sprint(r.ID)}
}

// goneAfter is what every role gets from deleting a row that the role by
// deletes: the roles walked after it find nothing (404).
func goneAfter(by string, want map[string]int) map[string]int {
	after := false
	for _, r := range allRoles {
		if after {
			want[r] = http.StatusNotFound
		}
		after = after || r == by
	}
	return want
}
