package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/demo"
)

func TestSecurityHeadersAndCookies(t *testing.T) {
	base := demoServer(t, false)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(base+"/dang-nhap", url.Values{"login": {"vpdp"}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	set := h.Values("Set-Cookie")
	if resp.StatusCode != http.StatusSeeOther || len(set) == 0 {
		t.Fatalf("sign-in: %s, cookies %q", resp.Status, set)
	}
	for _, attr := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set[0], attr) {
			t.Errorf("session cookie %q lacks %s", set[0], attr)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", h.Get("X-Content-Type-Options"))
	}
}

func TestSessionLifecycle(t *testing.T) {
	base := demoServer(t, true)
	s := newSession(t, base, "vpdp")
	u, _ := url.Parse(base)
	first := s.c.Jar.Cookies(u)[0].Value

	// Signing in again gives a new session; the old one ends.
	again := newSession(t, base, "vpdp")
	if second := again.c.Jar.Cookies(u)[0].Value; second == first {
		t.Error("signing in again kept the same session token")
	}
	if st, _ := s.do(t, "GET", base+"/api/me", "", nil); st != http.StatusOK {
		t.Errorf("a parallel session (another browser) was ended: %d", st)
	}
	// Signing out ends the session: its cookie no longer works.
	old := &http.Cookie{Name: "datchuan_session", Value: again.c.Jar.Cookies(u)[0].Value}
	if st, _ := again.do(t, "POST", base+"/dang-xuat", "", nil); st != http.StatusSeeOther {
		t.Fatalf("sign out: %d", st)
	}
	req, _ := http.NewRequest("GET", base+"/api/me", nil)
	req.AddCookie(old)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the signed-out session still works: %s", resp.Status)
	}
}

func TestCSRFAndCrossOrigin(t *testing.T) {
	base := demoServer(t, true)
	s := newSession(t, base, "vpdp")
	token := s.csrf
	s.csrf = "wrong"
	if st, _ := s.do(t, "POST", base+"/ngon-ngu", "application/x-www-form-urlencoded", []byte("lang=en")); st != http.StatusForbidden {
		t.Errorf("POST with a wrong CSRF token: %d, want 403", st)
	}
	s.csrf = ""
	if st, _ := s.do(t, "POST", base+"/ngon-ngu", "application/x-www-form-urlencoded", []byte("lang=en")); st != http.StatusForbidden {
		t.Errorf("POST without a CSRF token: %d, want 403", st)
	}
	req, _ := http.NewRequest("POST", base+"/ngon-ngu", strings.NewReader("lang=en&csrf="+token))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := s.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST with a valid token: %s, want 403", resp.Status)
	}
	s.csrf = token
	if st, _ := s.do(t, "POST", base+"/ngon-ngu", "application/x-www-form-urlencoded", []byte("lang=en")); st != http.StatusSeeOther {
		t.Errorf("POST with the right token: %d, want 303", st)
	}
}

// A guesser cannot lock a person out: five wrong passwords from one
// address make that address wait (even with the right password), and the
// person signs in from their own; an office behind one address gets
// failures of many logins counted apart.
func TestGuesserCannotLockOut(t *testing.T) {
	cfg := sqliteConfig(t)
	base := serve(t, mustServer(t, demoApp(t, cfg), Config{TrustProxy: true, InsecureCookies: true}))
	from := func(addr, login, password string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/dang-nhap", strings.NewReader(url.Values{"login": {login}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", addr)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After"), string(body)
	}
	for i, login := range []string{"vpdp", "VPDP", " vpdp", "Vpdp ", "vpdp"} {
		if st, _, _ := from("203.0.113.7", login, "doan-mo"); st != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, st)
		}
	}
	st, retry, body := from("203.0.113.7", "vpdp", demo.Password)
	if st != http.StatusTooManyRequests || retry != "32" || !strings.Contains(body, "32 giây") {
		t.Errorf("the guesser's address after five failures (case and spaces are one login): %d, Retry-After %q", st, retry)
	}
	if st, _, _ := from("198.51.100.2", "vpdp", demo.Password); st != http.StatusSeeOther {
		t.Errorf("the person, from their own address: %d, want 303", st)
	}
	// Another login from the guesser's address is not slowed down.
	if st, _, _ := from("203.0.113.7", "so-xd", demo.Password); st != http.StatusSeeOther {
		t.Errorf("another login from the same address: %d, want 303", st)
	}
}

const report11 = "/don-vi/29446/bao-cao/demo-tv-ntm-commune-2021-2025/1.1"

// postReport sends the report form with the fields and one file.
func postReport(t *testing.T, s *session, base string, fields map[string]string, fileName string, file []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	// The demo's 1.1 of Nhị Trường is confirmed: the report says it
	// replaces it.
	_ = mw.WriteField("replace_confirmed", "1")
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("evidence", fileName)
		_, _ = fw.Write(file)
	}
	mw.Close()
	return s.do(t, "POST", base+report11, mw.FormDataContentType(), buf.Bytes())
}

func countValues(t *testing.T, s *session, base string) int {
	t.Helper()
	var vals struct {
		Values []struct{ ID int64 } `json:"values"`
	}
	s.getJSON(t, base+"/api/units/29446/values?history=1", &vals)
	return len(vals.Values)
}

func TestRefusedReportKeepsInput(t *testing.T) {
	base := demoServer(t, true)
	s := newSession(t, base, "xa-nhitruong")
	before := countValues(t, s, base)
	fields := map[string]string{"result": "dat", "as_of": "31/02/2022", "comment": "Quyết định số 12/QĐ-UBND, giữ nguyên khi bị từ chối"}
	st, body := postReport(t, s, base, fields, "bien-ban.pdf", []byte("MZ\x90\x00 this is a program, not a PDF"))
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("bad date and a fake PDF: %d, want 422", st)
	}
	for _, want := range []string{
		"Quyết định số 12/QĐ-UBND, giữ nguyên khi bị từ chối", // the comment is kept
		`value="dat" checked`,               // the choice is kept
		`value="31/02/2022"`,                // the wrong date is shown to correct
		`id="err-as_of"`,                    // the problem is next to its field
		"bien-ban.pdf không được chấp nhận", // the file is named
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if after := countValues(t, s, base); after != before {
		t.Errorf("a refused form stored a value: %d → %d", before, after)
	}
	// Too big for the configured limit (1 MB here): refused with both sizes.
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 1<<20+10)...)
	st, body = postReport(t, s, base, map[string]string{"result": "dat", "as_of": "20/08/2022"}, "lon.pdf", big)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "lon.pdf") || !strings.Contains(body, "MB") {
		t.Errorf("a file over the limit: %d", st)
	}
}

func TestTwoReviewersAtOnce(t *testing.T) {
	base := demoServer(t, true)
	officer := newSession(t, base, "xa-nhitruong")
	if st, body := postReport(t, officer, base, map[string]string{"result": "dat", "as_of": "20/08/2022"}, "qd.pdf", []byte("%PDF-1.4\n%%EOF\n")); st != http.StatusSeeOther {
		t.Fatalf("report: %d\n%.400s", st, body)
	}
	var queue struct {
		Items []struct {
			Unit  struct{ Code string } `json:"unit"`
			Value struct {
				ID            int64  `json:"id"`
				IndicatorCode string `json:"indicator_code"`
			} `json:"value"`
		} `json:"items"`
	}
	dept, coord := newSession(t, base, "so-xd"), newSession(t, base, "vpdp")
	dept.getJSON(t, base+"/api/queue?unit=29446", &queue)
	var id int64
	for _, it := range queue.Items {
		if it.Value.IndicatorCode == "1.1" {
			id = it.Value.ID
		}
	}
	if id == 0 {
		t.Fatal("the report is not in the department's queue")
	}
	// Both opened the queue; the department confirms first.
	path := fmt.Sprintf("%s/gia-tri/%d/xac-nhan", base, id)
	if st, _ := dept.do(t, "POST", path, "application/x-www-form-urlencoded", []byte("decision=confirm")); st != http.StatusSeeOther {
		t.Fatalf("confirm: %d", st)
	}
	st, body := coord.do(t, "POST", path, "application/x-www-form-urlencoded", []byte("decision=return&reason=Thiếu+biên+bản"))
	if st != http.StatusConflict || !strings.Contains(body, "không có gì bị ghi đè") {
		t.Errorf("the second decision: %d, want 409 with a clear message", st)
	}
	st, body = coord.do(t, "POST", fmt.Sprintf("%s/api/values/%d/review", base, id), "application/json", []byte(`{"decision":"returned","reason":"x"}`))
	if st != http.StatusConflict {
		t.Errorf("the API's second decision: %d, want 409\n%s", st, body)
	}
	// Nothing was overwritten: the value stays confirmed.
	var vals struct {
		Values []struct {
			ID    int64  `json:"id"`
			State string `json:"state"`
		} `json:"values"`
	}
	coord.getJSON(t, base+"/api/units/29446/values", &vals)
	for _, v := range vals.Values {
		if v.ID == id && v.State != "confirmed" {
			t.Errorf("after the refused second decision the value is %s, want confirmed", v.State)
		}
	}
}

// TestNoBorrowedPowers: citing another's attachment does not give access to the
// file; nobody confirms their own report; a coordination office cannot
// assign work in another province.
func TestNoBorrowedPowers(t *testing.T) {
	base := demoServer(t, true)
	district, commune, coord := newSession(t, base, "huyen-caungang"), newSession(t, base, "xa-nhitruong"), newSession(t, base, "vpdp")

	// A file uploaded by the district, cited by nobody.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "rieng.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4\n% riêng của huyện\n%%EOF\n"))
	mw.Close()
	st, resp := district.do(t, "POST", base+"/api/files", mw.FormDataContentType(), body.Bytes())
	if st != http.StatusCreated {
		t.Fatalf("upload: %d %s", st, resp)
	}
	hash := resp[strings.Index(resp, `"id":"`)+6:][:64]
	if st, _ := commune.do(t, "GET", base+"/tep/"+hash, "", nil); st != http.StatusForbidden {
		t.Fatalf("the commune reads another's uncited file: %d", st)
	}
	st, _ = postReport(t, commune, base, map[string]string{"result": "dat", "as_of": "20/08/2022", "kept": hash, "keep_evidence": "1"}, "", nil)
	if st != http.StatusSeeOther {
		t.Fatalf("report: %d", st)
	}
	if st, _ := commune.do(t, "GET", base+"/tep/"+hash, "", nil); st != http.StatusForbidden {
		t.Errorf("citing a hash in a form gave access to the file: %d", st)
	}
	js := `{"unit":"29446","set_id":"demo-tv-ntm-commune-2021-2025","indicator":"1.2","value":"đạt","as_of":"20/08/2022","evidence":["` + hash + `"]}`
	if st, _ := commune.do(t, "POST", base+"/api/values", "application/json", []byte(js)); st != http.StatusBadRequest {
		t.Errorf("citing a foreign hash through the API: %d, want 400", st)
	}

	// The coordination office reports, and may not confirm that report.
	js = `{"unit":"29446","set_id":"demo-tv-ntm-commune-2021-2025","indicator":"1.2","value":"đạt","as_of":"20/08/2022","replace_confirmed":true,"keep_evidence":true}`
	st, resp = coord.do(t, "POST", base+"/api/values", "application/json", []byte(js))
	if st != http.StatusCreated {
		t.Fatalf("coordination reports: %d %s", st, resp)
	}
	id := strings.TrimSpace(strings.Split(strings.Split(resp, `"id":`)[1], ",")[0])
	if st, _ := coord.do(t, "POST", base+"/api/values/"+id+"/review", "application/json", []byte(`{"decision":"confirmed"}`)); st != http.StatusForbidden {
		t.Errorf("confirming one's own report: %d, want 403", st)
	}
	if _, q := coord.do(t, "GET", base+"/api/queue?unit=29446", "", nil); strings.Contains(q, `"id":`+id+",") {
		t.Error("one's own report is in one's review queue")
	}

	// Hà Nội's communes are not Trà Vinh's to assign.
	form := url.Values{"criterion": {"17"}, "units": {"00001", "00004"}, "lead": {"1"}, "deadline": {"30/09/2022"}}
	if st, _ := coord.do(t, "POST", base+"/ke-hoach/1/phan-cong", "application/x-www-form-urlencoded", []byte(form.Encode())); st != http.StatusUnprocessableEntity {
		t.Errorf("assigning communes of another province: %d, want 422", st)
	}
}
