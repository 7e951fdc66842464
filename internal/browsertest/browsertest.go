// Package browsertest drives a real headless Chromium from Go tests, for the
// end-to-end tests of the web UI. It starts the browser, opens pages, and
// records what a person would not see but a test must: JavaScript
// exceptions, console errors, resources that failed to load and content the
// page's Content-Security-Policy blocked.
//
// Without a browser the tests skip, so that `go test ./...` passes on any
// machine; CI sets DATCHUAN_REQUIRE_BROWSER=1 so that a missing browser
// fails instead. Environment:
//
//	DATCHUAN_CHROMIUM            the browser to run (a path or a name on PATH);
//	                             default: chromium, chromium-browser or
//	                             google-chrome, the first found on PATH
//	DATCHUAN_REQUIRE_BROWSER=1   fail, not skip, when there is no browser
//	DATCHUAN_BROWSER_ARTIFACTS   directory that keeps the screenshots of
//	                             failed steps (default: the test's temporary
//	                             directory, removed after the test)
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const (
	// DefaultTimeout bounds each step of a page: one Page.Run, one Get, or
	// one chromedp.Run on a context from Page.Ctx.
	DefaultTimeout = 30 * time.Second

	// The window of a desktop browser at the smallest common laptop size.
	WindowWidth  = 1280
	WindowHeight = 900

	// PhoneWidth is the CSS width of the small Android phones many commune
	// officers use; pages must work at it.
	PhoneWidth = 360

	// startTimeout bounds the start of the browser and the opening of a tab;
	// a cold start on a loaded CI runner takes a few seconds.
	startTimeout = 60 * time.Second
)

// Browser is a running headless Chromium, closed when the test that started
// it ends.
type Browser struct {
	// Timeout is the step timeout of the pages NewPage opens from now on.
	Timeout time.Duration

	ctx context.Context // the browser's first chromedp context
}

// Start starts a headless Chromium for the test and closes it on cleanup. It
// skips the test when no browser is found, or fails it when
// DATCHUAN_REQUIRE_BROWSER=1.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := findBrowser(t)

	var out lockedBuffer
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		// CI containers run as root, where Chromium's sandbox cannot start,
		// and have no GPU and a small /dev/shm.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		// Nothing the tests did not ask for: no first-run page, no update
		// or telemetry traffic, no extensions (Debian's wrapper loads some).
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-extensions", true),
		// A fresh profile per test, so no cookie or cache leaks between
		// tests; t.TempDir removes it after the browser has closed.
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(WindowWidth, WindowHeight),
		chromedp.CombinedOutput(&out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)

	// The first Run ties the browser's life to its context, so it must get
	// ctx itself, not a context with a deadline; a timer bounds it instead.
	timer := time.AfterFunc(startTimeout, cancelAlloc)
	err := chromedp.Do(ctx)
	if !timer.Stop() {
		err = fmt.Errorf("no answer within %s (%v)", startTimeout, err)
	}
	if err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", path, err, out.String())
	}
	t.Cleanup(func() {
		// A graceful close lets Chromium flush and exit on its own; the
		// cancels after it kill what is left.
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: closing the browser: %v", err)
		}
		cancelBrowser()
		cancelAlloc()
	})
	return &Browser{Timeout: DefaultTimeout, ctx: ctx}
}

// findBrowser returns the browser to run, or ends the test (skip or fail)
// when there is none.
func findBrowser(t testing.TB) string {
	t.Helper()
	if name := os.Getenv("DATCHUAN_CHROMIUM"); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			// Asked for by name: a wrong setting is an error, never a skip.
			t.Fatalf("browsertest: DATCHUAN_CHROMIUM=%s: %v", name, err)
		}
		return path
	}
	candidates := []string{"chromium", "chromium-browser", "google-chrome"}
	for _, name := range candidates {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := fmt.Sprintf("browsertest: no browser: none of %s is on PATH and DATCHUAN_CHROMIUM is not set "+
		"(on Debian: apt-get install chromium)", strings.Join(candidates, ", "))
	if os.Getenv("DATCHUAN_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + "; DATCHUAN_REQUIRE_BROWSER=1 makes this an error")
	}
	t.Skip(msg)
	return ""
}

// Page is one browser tab, closed when the test that opened it ends.
type Page struct {
	// Timeout bounds each step; it starts as the Browser's Timeout.
	Timeout time.Duration

	ctx context.Context // the tab's chromedp context, without a deadline

	mu       sync.Mutex
	problems []string
	requests map[network.RequestID]string // URL of each request in flight
	cancels  []context.CancelFunc         // of the contexts Ctx handed out
}

// NewPage opens a tab and starts recording its errors.
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	p := &Page{Timeout: b.Timeout, requests: make(map[network.RequestID]string)}
	// WithListener, unlike chromedp.Listen, sees the events from the
	// tab's very first message, so nothing is missed before the first Run.
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(p.record))
	timer := time.AfterFunc(startTimeout, cancel)
	err := chromedp.Do(ctx) // opens the tab; see Start for why no deadline
	if !timer.Stop() {
		err = fmt.Errorf("no answer within %s (%v)", startTimeout, err)
	}
	if err != nil {
		cancel()
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	p.ctx = ctx
	t.Cleanup(func() {
		p.mu.Lock()
		for _, c := range p.cancels {
			c()
		}
		p.mu.Unlock()
		cancel()
	})
	return p
}

// record runs on the goroutine that reads the tab's messages, for every
// event: it must be quick and must not call back into the browser.
func (p *Page) record(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		p.problems = append(p.problems, describeException(ev.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		// A failed console.assert is an error too.
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.problems = append(p.problems, "console."+string(ev.Type)+": "+describeArgs(ev.Args))
		}
	case *log.EventEntryAdded:
		// The browser's own messages. Only the security ones count: they
		// say the Content-Security-Policy blocked something (an inline
		// script or handler, a style), which the page then silently lacks.
		if e := ev.Entry; e != nil && e.Level == log.EntryLevelError && e.Source == log.EntrySourceSecurity {
			p.problems = append(p.problems, "blocked: "+e.Text)
		}
	case *network.EventRequestWillBeSent:
		// loadingFailed carries only the request's ID.
		if ev.Request != nil {
			p.requests[ev.RequestID] = ev.Request.URL
		}
	case *network.EventLoadingFinished:
		delete(p.requests, ev.RequestID)
	case *network.EventLoadingFailed:
		url := p.requests[ev.RequestID]
		delete(p.requests, ev.RequestID)
		// Canceled loads are the page's own doing (navigating away, an
		// aborted fetch), not failures.
		if ev.Canceled {
			return
		}
		msg := fmt.Sprintf("failed to load %s: %s", url, ev.ErrorText)
		if ev.BlockedReason != "" {
			msg += " (blocked: " + string(ev.BlockedReason) + ")"
		}
		p.problems = append(p.problems, msg)
	}
}

func describeException(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "exception"
	}
	msg := d.Text // "Uncaught", or the message for some errors
	if o := d.Exception; o != nil {
		desc := o.Description // "Error: message\n    at stack…"
		if desc == "" {
			desc = describeArgs([]*runtime.RemoteObject{o}) // throw "text"
		}
		desc, _, _ = strings.Cut(desc, "\n")
		msg += " " + desc
	}
	where := d.URL
	if where == "" && d.StackTrace != nil && len(d.StackTrace.CallFrames) > 0 {
		where = d.StackTrace.CallFrames[0].URL
	}
	// The protocol counts lines and columns from 0, editors from 1.
	return fmt.Sprintf("exception: %s (%s:%d:%d)", msg, where, d.LineNumber+1, d.ColumnNumber+1)
}

func describeArgs(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		if a == nil {
			continue
		}
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && len(a.Value) > 0:
			if err := json.Unmarshal(a.Value, &s); err != nil {
				s = string(a.Value)
			}
		case a.Description != "":
			s = a.Description
		case len(a.Value) > 0:
			s = string(a.Value)
		case a.UnserializableValue != "":
			s = string(a.UnserializableValue)
		default:
			s = string(a.Type)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// Ctx returns a context for chromedp.Run on this tab that ends after
// p.Timeout. Take a new one for each step: the timeout starts at the call.
func (p *Page) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	p.mu.Lock()
	p.cancels = append(p.cancels, cancel)
	p.mu.Unlock()
	return ctx
}

// Run runs the actions in order within p.Timeout. On failure it ends the
// test with the page's URL, a screenshot and the errors recorded so far.
func (p *Page) Run(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.Ctx(), actions...); err != nil {
		p.fail(t, err)
	}
}

// Get runs one action that returns a value (chromedp.Text, Evaluate, …) and
// returns it, failing the test as Page.Run does.
func Get[T any](t testing.TB, p *Page, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(p.Ctx(), action)
	if err != nil {
		p.fail(t, err)
	}
	return v
}

// SetViewport makes the page's viewport w×h CSS pixels, for instance
// PhoneWidth wide. Add chromedp.EmulateMobile to opts to have the page laid
// out as on a phone, honouring its <meta name=viewport>.
func (p *Page) SetViewport(t testing.TB, w, h int, opts ...chromedp.EmulateViewportOption) {
	t.Helper()
	p.Run(t, chromedp.EmulateViewport(int64(w), int64(h), opts...))
}

// WithoutScripts stops the page's own scripts from running, from the next
// page it opens on, as in a browser with JavaScript off: to check that a
// page works without them. The test's own steps (Evaluate, Violations)
// still run.
func (p *Page) WithoutScripts(t testing.TB) {
	t.Helper()
	p.Run(t, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// JSErrors returns what went wrong in the page so far: JavaScript
// exceptions, console errors, failed loads and CSP blocks, in order.
// Events reach the test asynchronously; AssertNoJSErrors waits for those the
// browser already sent.
func (p *Page) JSErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.problems)
}

// AssertNoJSErrors marks the test failed, listing them, when the page has
// recorded errors. Call it after the steps whose scripts should have run.
func (p *Page) AssertNoJSErrors(t testing.TB) {
	t.Helper()
	// A round trip to the tab: the events the browser sent before its
	// answer have been recorded when it returns.
	_, _ = chromedp.Run(p.Ctx(), chromedp.Evaluate[bool]("true"))
	if errs := p.JSErrors(); len(errs) > 0 {
		t.Errorf("browsertest: %s: %d error(s) in the page:\n  %s", p.location(), len(errs), strings.Join(errs, "\n  "))
	}
}

// fail ends the test after a failed step, with what helps to see why.
func (p *Page) fail(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("step not done within %s (Page.Timeout): %w", p.Timeout, err)
	}
	msg := fmt.Sprintf("browsertest: %s: %v\nscreenshot: %s", p.location(), err, p.screenshot(t))
	if errs := p.JSErrors(); len(errs) > 0 {
		msg += "\nerrors in the page:\n  " + strings.Join(errs, "\n  ")
	}
	t.Fatal(msg)
}

// location returns the tab's URL, or a note why it is unknown. It uses a
// fresh short deadline: the step's own may have expired.
func (p *Page) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return fmt.Sprintf("(URL unknown: %v)", err)
	}
	return url
}

// screenshot saves a full-page PNG and returns its path, or a note why
// there is none.
func (p *Page) screenshot(t testing.TB) string {
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return fmt.Sprintf("(none: %v)", err)
	}
	dir, keep := os.Getenv("DATCHUAN_BROWSER_ARTIFACTS"), true
	if dir == "" {
		dir, keep = t.TempDir(), false
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Sprintf("(none: %v)", err)
	}
	name := fileSafe(t.Name()) + "-" + time.Now().Format("20060102-150405.000") + ".png"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Sprintf("(none: %v)", err)
	}
	if !keep {
		path += " (removed after the test; set DATCHUAN_BROWSER_ARTIFACTS to keep it)"
	}
	return path
}

// fileSafe turns a test name (with slashes for subtests, and any text a
// table test puts there) into a file name.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
}

// lockedBuffer collects the browser's output, written from the allocator's
// goroutine, for the message of a failed start.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 {
		return len(p), nil // enough to see why it failed
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
