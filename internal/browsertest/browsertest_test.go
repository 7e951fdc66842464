package browsertest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The pages carry the same kind of policy as the application's (scripts only
// from files of the site), so the harness is checked under the rules the
// real pages live by.
const csp = "default-src 'self'"

func page(script, body string) string {
	src := ""
	if script != "" {
		src = `<script src="` + script + `" defer></script>`
	}
	return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Kiểm tra</title>` + src + `</head><body><h1>Nông thôn mới</h1>` + body + `</body></html>`
}

func testServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	html := func(path, doc string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, doc)
		})
	}
	js := func(path, code string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			fmt.Fprint(w, code)
		})
	}
	html("/clean", page("/clean.js", ""))
	js("/clean.js", `document.body.dataset.ran = "yes";`)
	html("/throws", page("/throws.js", ""))
	js("/throws.js", `document.body.dataset.ran = "yes";
throw new Error("deliberate failure for the test");`)
	html("/console", page("/console.js", ""))
	js("/console.js", `document.body.dataset.ran = "yes";
console.log("not an error");
console.warn("not an error either");
console.error("Không tải được dữ liệu", 42);`)
	html("/inline", page("", `<script>document.body.dataset.ran = "inline";</script>`))
	html("/broken-image", page("/clean.js", `<img src="/broken.png" alt="">`))
	mux.HandleFunc("/broken.png", func(w http.ResponseWriter, r *http.Request) {
		// Drop the connection without an answer: a load that fails in the
		// network, not an HTTP error status.
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestJSErrors(t *testing.T) {
	b := Start(t)
	srv := testServer(t)
	for _, tc := range []struct {
		path     string
		ran      bool     // the page's script file sets data-ran
		want     []string // parts of the one error expected; nil for none
		notWants []string
	}{
		{path: "/clean", ran: true},
		{path: "/throws", ran: true, want: []string{"exception:", "Error: deliberate failure for the test", "/throws.js:2:"}},
		{path: "/console", ran: true, want: []string{"console.error: Không tải được dữ liệu 42"}, notWants: []string{"not an error"}},
		{path: "/inline", want: []string{"blocked:", "inline script", "Content Security Policy"}},
		{path: "/broken-image", ran: true, want: []string{"failed to load " + srv.URL + "/broken.png: net::ERR_EMPTY_RESPONSE"}},
	} {
		t.Run(strings.TrimPrefix(tc.path, "/"), func(t *testing.T) {
			p := b.NewPage(t)
			p.Run(t, chromedp.Navigate(srv.URL+tc.path))
			if tc.ran {
				p.Run(t, chromedp.WaitReady(`body[data-ran="yes"]`))
			} else if ran := Get(t, p, chromedp.Evaluate[bool](`"ran" in document.body.dataset`)); ran {
				t.Error("the inline script ran in spite of the policy")
			}
			// The same round trip AssertNoJSErrors makes, so that the
			// events sent before it are in.
			Get(t, p, chromedp.Evaluate[bool]("true"))
			errs := p.JSErrors()
			if tc.want == nil {
				if len(errs) != 0 {
					t.Errorf("clean page: JSErrors() = %q, want none", errs)
				}
				p.AssertNoJSErrors(t)
				return
			}
			if len(errs) != 1 {
				t.Fatalf("JSErrors() = %q, want exactly one error containing %q", errs, tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs[0], w) {
					t.Errorf("error %q does not contain %q", errs[0], w)
				}
			}
			for _, nw := range tc.notWants {
				if strings.Contains(errs[0], nw) {
					t.Errorf("error %q contains %q", errs[0], nw)
				}
			}
		})
	}
}

// TestWithoutScripts: a page opened after WithoutScripts runs none of its
// scripts, while the test's own steps still run.
func TestWithoutScripts(t *testing.T) {
	b := Start(t)
	srv := testServer(t)
	p := b.NewPage(t)
	p.WithoutScripts(t)
	p.Run(t, chromedp.Navigate(srv.URL+"/clean"), chromedp.WaitReady("h1"))
	if ran := Get(t, p, chromedp.Evaluate[bool](`"ran" in document.body.dataset`)); ran {
		t.Error("the page's script ran")
	}
}

// TestErrorsStayWithTheirPage checks that one tab's errors are not another's,
// and that AssertNoJSErrors reports them.
func TestErrorsStayWithTheirPage(t *testing.T) {
	b := Start(t)
	srv := testServer(t)
	bad, good := b.NewPage(t), b.NewPage(t)
	bad.Run(t, chromedp.Navigate(srv.URL+"/throws"), chromedp.WaitReady(`body[data-ran="yes"]`))
	good.Run(t, chromedp.Navigate(srv.URL+"/clean"), chromedp.WaitReady(`body[data-ran="yes"]`))
	good.AssertNoJSErrors(t)

	rec := &recorder{TB: t}
	rec.do(func() { bad.AssertNoJSErrors(rec) })
	if !rec.failed || !strings.Contains(rec.msg, "deliberate failure") || !strings.Contains(rec.msg, srv.URL+"/throws") {
		t.Errorf("AssertNoJSErrors on the failing page: failed=%v, message %q; want the error and the URL", rec.failed, rec.msg)
	}
	if errs := good.JSErrors(); len(errs) != 0 {
		t.Errorf("clean page got the other tab's errors: %q", errs)
	}
}

func TestViewport(t *testing.T) {
	b := Start(t)
	srv := testServer(t)
	p := b.NewPage(t)
	p.Run(t, chromedp.Navigate(srv.URL+"/clean"))
	width := func() int { return Get(t, p, chromedp.Evaluate[int]("window.innerWidth")) }
	if w := width(); w != WindowWidth {
		t.Errorf("desktop innerWidth = %d, want %d", w, WindowWidth)
	}
	p.SetViewport(t, PhoneWidth, 640, chromedp.EmulateMobile)
	if w := width(); w != PhoneWidth {
		t.Errorf("phone innerWidth = %d, want %d", w, PhoneWidth)
	}
	p.AssertNoJSErrors(t)
}

// TestRunFailure checks what a failed step reports: the URL, a screenshot
// that exists, and the errors of the page.
func TestRunFailure(t *testing.T) {
	b := Start(t)
	srv := testServer(t)
	dir := t.TempDir()
	t.Setenv("DATCHUAN_BROWSER_ARTIFACTS", dir)
	p := b.NewPage(t)
	p.Run(t, chromedp.Navigate(srv.URL+"/throws"), chromedp.WaitReady(`body[data-ran="yes"]`))

	p.Timeout = 2 * time.Second
	rec := &recorder{TB: t}
	start := time.Now()
	rec.do(func() { p.Run(rec, chromedp.WaitVisible("#khong-co")) })
	if !rec.failed || !rec.fatal {
		t.Fatalf("Run of a step that cannot succeed did not end the test (failed=%v fatal=%v)", rec.failed, rec.fatal)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the step took %s with a 2s timeout", d)
	}
	for _, want := range []string{srv.URL + "/throws", "deadline exceeded", "screenshot: " + dir, "deliberate failure"} {
		if !strings.Contains(rec.msg, want) {
			t.Errorf("failure message lacks %q:\n%s", want, rec.msg)
		}
	}
	files, err := os.ReadDir(dir)
	if err != nil || len(files) != 1 {
		t.Fatalf("artifacts directory holds %v (%v), want one screenshot", files, err)
	}
	png, err := os.ReadFile(dir + "/" + files[0].Name())
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || !strings.HasPrefix(files[0].Name(), "TestRunFailure-") {
		t.Errorf("screenshot %s is not a PNG named after the test (%v)", files[0].Name(), err)
	}
}

// TestNoBrowser checks the rule for a machine without Chromium: skip, unless
// DATCHUAN_REQUIRE_BROWSER=1; and a wrong DATCHUAN_CHROMIUM always fails.
func TestNoBrowser(t *testing.T) {
	for _, tc := range []struct {
		name              string
		chromium, require string
		wantSkip          bool
	}{
		{"skips", "", "", true},
		{"required", "", "1", false},
		{"wrong setting", "/nonexistent/chromium", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PATH", t.TempDir())
			t.Setenv("DATCHUAN_CHROMIUM", tc.chromium)
			t.Setenv("DATCHUAN_REQUIRE_BROWSER", tc.require)
			rec := &recorder{TB: t}
			rec.do(func() { Start(rec) })
			switch {
			case tc.wantSkip && (!rec.skipped || rec.failed):
				t.Errorf("skipped=%v failed=%v, want a skip: %s", rec.skipped, rec.failed, rec.msg)
			case !tc.wantSkip && (!rec.failed || !rec.fatal):
				t.Errorf("skipped=%v failed=%v, want a fatal failure: %s", rec.skipped, rec.failed, rec.msg)
			}
			if !strings.Contains(rec.msg, "browsertest:") {
				t.Errorf("message %q does not say where it comes from", rec.msg)
			}
		})
	}
}

// recorder stands in for a testing.TB to observe how the harness ends a
// test, without ending the real one. Fatal and Skip stop the goroutine as
// the real ones do, so do runs the code on a goroutine of its own.
type recorder struct {
	testing.TB
	msg                    string
	failed, fatal, skipped bool
}

func (r *recorder) do(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, a...)
}
func (r *recorder) Fatal(a ...any) {
	r.failed, r.fatal = true, true
	r.msg += fmt.Sprint(a...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, a ...any) { r.Fatal(fmt.Sprintf(format, a...)) }
func (r *recorder) Skip(a ...any)                  { r.skipped = true; r.msg += fmt.Sprint(a...); runtime.Goexit() }
func (r *recorder) Skipf(format string, a ...any)  { r.Skip(fmt.Sprintf(format, a...)) }

// TestViolations: axe-core finds a contrast failure and an unlabelled
// file input under the same kind of policy as the application's, and
// nothing on a page that has neither.
func TestViolations(t *testing.T) {
	b := Start(t)
	mux := http.NewServeMux()
	serve := func(path, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page("", body))
		})
	}
	serve("/good", `<main><p>Đạt chuẩn</p><label>Tệp <input type="file"></label></main>`)
	// White on near white, as the app's link buttons once were; the style
	// comes from a file, as the policy allows no inline style.
	serve("/bad", `<link rel="stylesheet" href="/bad.css"><main><p class="pale">đánh dấu xong</p><input type="file"></main>`)
	mux.HandleFunc("/bad.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, ".pale { color: #fff; background: #fafafa }")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	p := b.NewPage(t)
	p.Run(t, chromedp.Navigate(srv.URL+"/good"))
	if vs := p.Violations(t); len(vs) != 0 {
		t.Errorf("a page without faults: %q", vs)
	}
	p.Run(t, chromedp.Navigate(srv.URL+"/bad"))
	vs := strings.Join(p.Violations(t), "\n")
	for _, rule := range []string{"color-contrast", "label"} {
		if !strings.Contains(vs, rule) {
			t.Errorf("the violations lack %q:\n%s", rule, vs)
		}
	}

	// Visit checks every page it opens, and names the page and its width.
	p.Visit(t, srv.URL+"/good", "h1")
	rec := &recorder{TB: t}
	rec.do(func() { p.Visit(rec, srv.URL+"/bad", "h1") })
	if want := "/bad at 1280 px: 2 WCAG 2.1 AA violation(s)"; !rec.failed || rec.fatal || !strings.Contains(rec.msg, want) {
		t.Errorf("Visit of a faulty page: failed=%v fatal=%v, want a failure saying %q:\n%s", rec.failed, rec.fatal, want, rec.msg)
	}
}
