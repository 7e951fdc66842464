package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/internal/smtptest"
	"github.com/datchuan/datchuan/mail"
	"github.com/datchuan/datchuan/remind"
)

// testClock is the injectable clock of a test: it stands still until moved.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(s string) {
	t, err := time.ParseInLocation("02/01/2006 15:04", s, datchuan.Vietnam())
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// openOn opens the demo (seeding it the first time) on the clock.
func openOn(t *testing.T, cfg Config, clock *testClock) *app {
	t.Helper()
	cfg.Demo = true
	e := quietEnv()
	e.Now = clock.Now
	a, err := openApp(context.Background(), cfg, e, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// job is one app instance's reminder job, mailing through the test server.
func job(t *testing.T, a *app, srv *smtptest.Server, name string) *remind.Job {
	t.Helper()
	j, err := a.reminders(Config{SMTPEnabled: true, RemindHour: 7, BaseURL: "http://ntm.example",
		SMTP: mail.Config{Host: srv.Host, Port: srv.Port, Security: mail.StartTLS, From: "datchuan <nhac-viec@datchuan.invalid>", RootCAs: srv.CertPool()}})
	if err != nil {
		t.Fatal(err)
	}
	j.Instance = name
	return j
}

var overdueRow = regexp.MustCompile(`<tr[^>]* class="overdue">\s*<td>30/09/2022`)

// TestAssignmentReminders is issue 4's promise, end to end: assigning
// criterion 17 for every commune of Cầu Ngang to the environment department
// with agriculture supporting, due 30/09/2022, shows in both departments'
// "my work"; moving the clock past the deadline makes it overdue and puts it
// in the next digest, sent once a day whatever restarts.
func TestAssignmentReminders(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			clock := &testClock{}
			clock.Set("01/09/2022 08:00")
			a := openOn(t, cfgFor(t), clock)
			smtp := smtptest.Start(t, smtptest.Options{TLS: true})
			j := job(t, a, smtp, "instance-1")
			base := serve(t, mustServer(t, a, Config{InsecureCookies: true}))

			coord := newSession(t, base, "vpdp")
			form := url.Values{"criterion": {"17"}, "district": {"848"}, "lead": {agencyID(t, a, "84-STNMT")},
				"supports": {agencyID(t, a, "84-SNNPTNT")}, "deadline": {"30/09/2022"}, "outputs": {"guidance", "evaluation"}}
			if st, body := coord.do(t, "POST", base+"/ke-hoach/1/phan-cong", "application/x-www-form-urlencoded", []byte(form.Encode())); st != http.StatusSeeOther {
				t.Fatalf("bulk assignment: %d\n%.600s", st, body)
			}
			for login, role := range map[string]string{"so-tnmt": "Chủ trì", "so-nnptnt": "Phối hợp"} {
				_, page := newSession(t, base, login).do(t, "GET", base+"/viec-cua-toi", "", nil)
				if n := strings.Count(page, "17. "); n < 13 {
					t.Errorf("%s's work lists criterion 17 %d times, want the 13 xã of Cầu Ngang", login, n)
				}
				if !strings.Contains(page, "<td>"+role+"</td>") || overdueRow.MatchString(page) {
					t.Errorf("%s's work: role %s missing, or overdue before the deadline", login, role)
				}
			}

			// The first digest goes out on 01/09, before the deadline: due
			// soon is not yet (30/09 is more than 7 days away).
			if err := j.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			before := len(smtp.Messages())

			// Past the deadline: overdue in the page and in the next digest.
			clock.Set("01/10/2022 06:30")
			if err := j.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := len(smtp.Messages()); n != before {
				t.Errorf("a digest went out before the configured hour 07:00: %d → %d", before, n)
			}
			_, page := newSession(t, base, "so-tnmt").do(t, "GET", base+"/viec-cua-toi", "", nil)
			if !overdueRow.MatchString(page) {
				t.Error("after 30/09/2022 the environment department's criterion 17 is not overdue")
			}
			clock.Set("01/10/2022 07:05")
			if err := j.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			digest := digestFor(t, smtp.Messages()[before:], "so-tnmt@datchuan.invalid")
			for _, want := range []string{"QUÁ HẠN", "Hạn 30/09/2022", "tiêu chí 17 (chủ trì)", "Xã Hiệp Mỹ Tây", "http://ntm.example/viec-cua-toi"} {
				if !strings.Contains(digest.Text, want) {
					t.Errorf("the digest lacks %q:\n%s", want, digest.Text)
				}
			}
			// Nhị Trường's criterion 17 is confirmed met: done by its result, not overdue.
			if strings.Contains(digest.Text, "Xã Nhị Trường, tiêu chí 17") {
				t.Errorf("the digest lists work already met:\n%s", digest.Text)
			}
			if !strings.Contains(digest.Subject, "quá hạn") {
				t.Errorf("digest subject %q", digest.Subject)
			}
			if sup := digestFor(t, smtp.Messages()[before:], "so-nnptnt@datchuan.invalid"); !strings.Contains(sup.Text, "tiêu chí 17 (phối hợp)") {
				t.Errorf("the supporting department's digest lacks criterion 17:\n%s", sup.Text)
			}

			// Never the same digest twice: again later, after a restart,
			// or from another instance.
			sent := len(smtp.Messages())
			clock.Set("01/10/2022 15:00")
			if err := j.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := job(t, a, smtp, "instance-2").Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := len(smtp.Messages()); n != sent {
				t.Errorf("%d more mails on the same day", n-sent)
			}
		})
	}
}

func agencyID(t *testing.T, a *app, code string) string {
	t.Helper()
	ags, err := a.stores.Agencies.FindAgencies(context.Background(), datchuan.AgencyFilter{Code: code})
	if err != nil || len(ags) != 1 {
		t.Fatalf("agency %s: %v", code, err)
	}
	return strconv.FormatInt(ags[0].ID, 10)
}

func digestFor(t *testing.T, msgs []smtptest.Received, to string) smtptest.Received {
	t.Helper()
	for _, m := range msgs {
		for _, rc := range m.To {
			if strings.Contains(rc, to) && strings.Contains(m.Subject, "Nhắc việc") {
				return m
			}
		}
	}
	var got []string
	for _, m := range msgs {
		got = append(got, strings.Join(m.To, ",")+": "+m.Subject)
	}
	t.Fatalf("no digest to %s among %d mails: %v", to, len(msgs), got)
	return smtptest.Received{}
}

// TestDigestOnceAcrossInstances runs two app instances over one PostgreSQL
// database, each with its own reminder job, ticking at the same moment:
// every person gets exactly one digest.
func TestDigestOnceAcrossInstances(t *testing.T) {
	cfgFor, ok := engines(t)["postgres"]
	if !ok {
		t.Skip("needs PostgreSQL")
	}
	cfg := cfgFor(t)
	clock := &testClock{}
	clock.Set("01/10/2022 07:30")
	first := openOn(t, cfg, clock)
	second := openOn(t, Config{DatabaseURL: cfg.DatabaseURL}, clock)
	smtp := smtptest.Start(t, smtptest.Options{TLS: true})
	jobs := []*remind.Job{job(t, first, smtp, "app-1"), job(t, second, smtp, "app-2")}
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = j.Tick(context.Background())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for _, m := range smtp.Messages() {
		for _, rc := range m.To {
			seen[rc]++
		}
	}
	if len(seen) == 0 {
		t.Fatal("no digest was sent")
	}
	for rc, n := range seen {
		if n != 1 {
			t.Errorf("%s got %d digests, want 1", rc, n)
		}
	}
}

// TestReturnedValueNotice: a value returned with a reason tells its reporter
// at once, in the app and by mail.
func TestReturnedValueNotice(t *testing.T) {
	cfg := sqliteConfig(t)
	clock := &testClock{}
	clock.Set("01/09/2022 08:00")
	a := openOn(t, cfg, clock)
	smtp := smtptest.Start(t, smtptest.Options{TLS: true})
	j := job(t, a, smtp, "instance-1")
	base := serve(t, mustServer(t, a, Config{InsecureCookies: true}))

	officer := newSession(t, base, "xa-nhitruong")
	if st, body := postReport(t, officer, base, map[string]string{"result": "dat", "as_of": "20/08/2022"}, "qd.pdf", []byte("%PDF-1.4\n%%EOF\n")); st != http.StatusSeeOther {
		t.Fatalf("report: %d\n%.300s", st, body)
	}
	dept := newSession(t, base, "so-xd")
	id := strconv.FormatInt(queuedValue(t, dept, base, "29446", "1.1"), 10)
	reason := "Thiếu quyết định phê duyệt có chữ ký"
	if st, _ := dept.do(t, "POST", base+"/gia-tri/"+id+"/xac-nhan", "application/x-www-form-urlencoded",
		[]byte(url.Values{"decision": {"return"}, "reason": {reason}}.Encode())); st != http.StatusSeeOther {
		t.Fatalf("return: %d", st)
	}
	// In the app: a notice with the reason, counted in the navigation.
	_, page := officer.do(t, "GET", base+"/viec-cua-toi", "", nil)
	if !strings.Contains(page, `id="notice-count">1<`) {
		t.Error("the navigation does not count the unread notice")
	}
	_, page = officer.do(t, "GET", base+"/thong-bao", "", nil)
	if !strings.Contains(page, reason) {
		t.Error("the reporter's notices lack the reason")
	}
	if st, _ := officer.do(t, "POST", base+"/thong-bao/da-doc", "application/x-www-form-urlencoded", nil); st != http.StatusSeeOther {
		t.Errorf("mark read: %d", st)
	}
	if _, page = officer.do(t, "GET", base+"/viec-cua-toi", "", nil); strings.Contains(page, `id="notice-count"`) {
		t.Error("the notice is still counted after marking it read")
	}
	// By mail, through the outbox, before any digest hour matters.
	if _, err := j.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Wait(t, 1, 5*time.Second)
	m := msgs[0]
	if !strings.Contains(strings.Join(m.To, ","), "xa-nhitruong@datchuan.invalid") || !strings.Contains(m.Subject, "bị trả lại") ||
		!strings.Contains(m.Text, reason) || !strings.Contains(m.Text, "/don-vi/29446/bao-cao/") {
		t.Errorf("the notice mail: to %v, subject %q\n%s", m.To, m.Subject, m.Text)
	}
	if _, err := j.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d mails after a second flush, want 1", n)
	}
}
