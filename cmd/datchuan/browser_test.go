package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/internal/browsertest"
)

// TestBrowserReportReturnConfirm is the daily loop of the programme in a
// real Chromium, on a phone and on a desktop: a commune officer reports a
// value with evidence, the lead department returns it with a reason, the
// officer sees why and resubmits, the department confirms, and the district
// matrix shows the criterion met. Every page on the way passes axe-core's
// WCAG 2.1 AA rules.
func TestBrowserReportReturnConfirm(t *testing.T) {
	b := browsertest.Start(t)
	for name, cfgFor := range engines(t) {
		for _, width := range []int{browsertest.PhoneWidth, browsertest.WindowWidth} {
			// The engine is a matter of storage, the width of layout: on
			// PostgreSQL the walk runs once, on the phone.
			if name != "sqlite" && width != browsertest.PhoneWidth {
				continue
			}
			t.Run(fmt.Sprintf("%s/%dpx", name, width), func(t *testing.T) {
				// Secure cookies, as in production: browsers keep them for
				// http://localhost.
				base := onLocalhost(serve(t, mustServer(t, demoApp(t, cfgFor(t)), Config{})))
				p := b.NewPage(t)
				setWidth(t, p, width)
				walkReportLoop(t, p, base, width)
			})
		}
	}
}

// setWidth lays pages out width CSS pixels wide: as on a phone, honouring
// the page's viewport, up to PhoneWidth; as on a desktop above it.
func setWidth(t *testing.T, p *browsertest.Page, width int) {
	t.Helper()
	if width <= browsertest.PhoneWidth {
		p.SetViewport(t, width, 740, chromedp.EmulateMobile)
		return
	}
	p.SetViewport(t, width, browsertest.WindowHeight)
}

// visit opens a page of the app and checks it against WCAG 2.1 AA: the
// browser tests open their pages with it, so every page they see is checked.
func visit(t *testing.T, p *browsertest.Page, url string) {
	t.Helper()
	p.Visit(t, url, "main h1")
}

// checkHere checks the page a form led to against WCAG 2.1 AA.
func checkHere(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	p.AssertAccessible(t, what)
}

func walkReportLoop(t *testing.T, p *browsertest.Page, base string, width int) {
	const report = "/don-vi/29446/bao-cao/demo-tv-ntm-commune-2021-2025/1.1"
	pdf := filepath.Join(t.TempDir(), "quyet-dinh-phe-duyet.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cell := matrixCell(t, p, base)
	if strings.Contains(cell, "st-met") {
		t.Fatalf("Nhị Trường already meets criterion 1 before the test: %s", cell)
	}

	// The commune officer reports 1.1 with a file.
	signInAs(t, p, base, "xa-nhitruong")
	if loc := browsertest.Get(t, p, chromedp.Location()); !strings.HasSuffix(loc, "/don-vi/29446") {
		t.Fatalf("the commune officer lands on %s, want their commune's page", loc)
	}
	noOverflow(t, p, width, "the commune page")
	submitReport(t, p, base+report, pdf, true) // 1.1 is confirmed not met: the form asks first
	noOverflow(t, p, width, "the report form")
	signOut(t, p)

	// The construction department (lead of criterion 1) returns it.
	signInAs(t, p, base, "so-xd")
	id := queueItemID(t, p, base)
	p.Run(t,
		chromedp.SetValue(chromedp.ID("reason-"+id), "Thiếu quyết định phê duyệt quy hoạch có chữ ký, đóng dấu"),
		chromedp.Click(chromedp.CSS("#value-"+id+" form.return button")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	checkHere(t, p, "the queue after a return")
	signOut(t, p)
	// The matrix says it is the commune's turn, not "waiting for confirmation".
	if cell := matrixCell(t, p, base); !strings.Contains(cell, "st-returned") || !strings.Contains(cell, "↩") {
		t.Fatalf("after the return Nhị Trường's criterion 1 shows %q, want returned (↩)", cell)
	}

	// The officer sees why at the top of the commune page, and resubmits.
	signInAs(t, p, base, "xa-nhitruong")
	box := browsertest.Get(t, p, chromedp.Text(chromedp.CSS(".returned")))
	if !strings.Contains(box, "Thiếu quyết định phê duyệt quy hoạch") {
		t.Fatalf("the returned box does not show the reason: %q", box)
	}
	submitReport(t, p, base+report, pdf, false)
	signOut(t, p)

	// The department confirms; the matrix turns criterion 1 met.
	signInAs(t, p, base, "so-xd")
	id = queueItemID(t, p, base)
	p.Run(t,
		chromedp.Click(chromedp.CSS("#value-"+id+" button[value=confirm]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	checkHere(t, p, "the queue after a confirmation")
	signOut(t, p)
	if cell := matrixCell(t, p, base); !strings.Contains(cell, "st-met") || !strings.Contains(cell, "✓") {
		t.Fatalf("after confirmation Nhị Trường's criterion 1 shows %q, want met (✓)", cell)
	}
	p.AssertNoJSErrors(t)
}

func signInAs(t *testing.T, p *browsertest.Page, base, login string) {
	t.Helper()
	visit(t, p, base+"/dang-nhap")
	p.Run(t,
		chromedp.SetValue(chromedp.ID("login"), login),
		chromedp.SetValue(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("header .who .user")),
	)
	checkHere(t, p, login+"'s first page")
}

func signOut(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.Run(t,
		chromedp.Click(chromedp.CSS("header .who button")),
		chromedp.WaitVisible(chromedp.ID("login-form")),
	)
}

// submitReport fills the report form of a pass/fail indicator: met, as of
// 20/08/2022, with one file.
// submitReport reports 1.1 met with a file; replace says the form asks
// first, the current value being confirmed, and the officer agrees.
func submitReport(t *testing.T, p *browsertest.Page, url, file string, replace bool) {
	t.Helper()
	visit(t, p, url)
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS(`input[name=result][value=dat]`)),
		chromedp.SetValue(chromedp.ID("as_of"), "20/08/2022"),
		chromedp.SetUploadFiles(chromedp.ID("evidence"), []string{file}),
	}
	if replace {
		steps = append(steps, chromedp.Click(chromedp.CSS(`#replace input[name=replace_confirmed]`)))
	}
	p.Run(t, append(steps,
		chromedp.Click(chromedp.CSS("#report-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)...)
	checkHere(t, p, "the report form after sending")
	if txt := browsertest.Get(t, p, chromedp.Text(chromedp.ID("current"))); !strings.Contains(txt, "quyet-dinh-phe-duyet.pdf") {
		t.Fatalf("the sent value does not list its evidence: %q", txt)
	}
}

// queueItemID opens the review queue and returns the value ID of Nhị
// Trường's 1.1.
func queueItemID(t *testing.T, p *browsertest.Page, base string) string {
	t.Helper()
	visit(t, p, base+"/xac-nhan")
	id := browsertest.Get(t, p, chromedp.Evaluate[string](`(() => {
		const h = [...document.querySelectorAll("article.queue-item h2")].find(h => h.textContent.includes("Nhị Trường — 1.1"));
		return h ? h.closest("article").id.replace("value-", "") : "";
	})()`))
	if id == "" {
		t.Fatal("Nhị Trường's 1.1 is not in the department's queue")
	}
	return id
}

// matrixCell returns the class and text of Nhị Trường's criterion 1 in the
// Cầu Ngang matrix, as the district member sees it.
func matrixCell(t *testing.T, p *browsertest.Page, base string) string {
	t.Helper()
	signInAs(t, p, base, "huyen-caungang")
	visit(t, p, base+"/huyen/848")
	cell := browsertest.Get(t, p, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector('table.matrix a[href^="/don-vi/29446"]');
		if (!a) return "no row";
		const td = [...a.closest("tr").querySelectorAll("td.cell")].find(td => td.title.startsWith("1:"));
		return td ? td.className + " " + td.textContent.trim() : "no cell";
	})()`))
	signOut(t, p)
	return cell
}

// noOverflow checks that the page fits a window width px wide (a phone's,
// say): tables scroll in their own box, the page itself does not. The
// width is the one set, not the window's own: on an emulated phone a page
// that overflows widens the layout viewport to its own width, so the
// window would always seem to fit it.
func noOverflow(t *testing.T, p *browsertest.Page, width int, what string) {
	t.Helper()
	w := browsertest.Get(t, p, chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if w[0] > width+1 || w[1] > width+1 {
		t.Errorf("%s is %d px wide (a %d px layout viewport) in a %d px window", what, w[0], w[1], width)
	}
}

// TestBrowserPages opens the pages each role uses, on a 360-px phone and on
// a desktop: every one passes axe-core's WCAG 2.1 AA rules, none is wider
// than the screen (tables scroll in their own box) and none raises a
// JavaScript error.
func TestBrowserPages(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))
	pages := []struct {
		login string
		paths []string
	}{
		{"vpdp", []string{"/tinh/84", "/huyen/848", "/muc-tieu/1", "/tinh/84/ke-hoach", "/ke-hoach/1", "/xac-nhan", "/viec-cua-toi",
			"/huong-dan", "/phe-duyet", "/tim?q=cau+ngang", "/nhat-ky", "/thong-bao"}},
		{"xa-nhitruong", []string{"/don-vi/29446", "/don-vi/29446/nhiem-vu", "/thong-bao", "/viec-cua-toi",
			"/don-vi/29446/bao-cao/demo-tv-ntm-commune-2021-2025/1.1"}},
		{"so-xd", []string{"/xac-nhan", "/viec-cua-toi", "/huong-dan", "/phe-duyet"}},
		{"quantri", []string{"/quan-tri", "/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/2", "/quan-tri/co-quan", "/quan-tri/bo-tieu-chi", "/nhat-ky"}},
		{"huyen-caungang", []string{"/huyen/848", "/viec-cua-toi"}},
		{"lanhdao", []string{"/tinh/84", "/viec-cua-toi"}},
		{"vpdp", []string{"/tinh/84/kiem-tra", "/kiem-tra/1", "/kiem-tra/2"}},
		{"xa-nhitruong", []string{"/tinh/84/kiem-tra", "/kiem-tra/1"}},
	}
	for _, width := range []int{browsertest.PhoneWidth, browsertest.WindowWidth} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			p := b.NewPage(t)
			setWidth(t, p, width)
			for _, role := range pages {
				signInAs(t, p, base, role.login)
				for _, path := range role.paths {
					visit(t, p, base+path)
					noOverflow(t, p, width, role.login+" "+path)
				}
				signOut(t, p)
			}
			p.AssertNoJSErrors(t)
		})
	}
}

// TestBrowserMenu: on a phone the menu is one button, not a third of the
// first screen, and opens into a list; on a desktop it is a plain bar. Both
// work with JavaScript off.
func TestBrowserMenu(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))
	const myWork = `nav.main a[href="/viec-cua-toi"]`
	shown := func(p *browsertest.Page, sel string) bool {
		return browsertest.Get(t, p, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
			const el = document.querySelector(%q);
			return !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
		})()`, sel)))
	}
	for _, scripts := range []bool{true, false} {
		t.Run(fmt.Sprintf("scripts %v", scripts), func(t *testing.T) {
			p := b.NewPage(t)
			setWidth(t, p, browsertest.PhoneWidth)
			signInAs(t, p, base, "vpdp")
			// axe-core needs the page's timers: without scripts the pages
			// are only opened, and checked in the run with them.
			open, check := visit, checkHere
			if !scripts {
				p.WithoutScripts(t)
				open = func(t *testing.T, p *browsertest.Page, url string) {
					t.Helper()
					p.Run(t, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main h1")))
				}
				check = func(*testing.T, *browsertest.Page, string) {}
			}
			open(t, p, base+"/tinh/84")
			// The whole header was about 300 of the first 780 px before the
			// menu folded.
			if h := browsertest.Get(t, p, chromedp.Evaluate[float64](`document.querySelector("header.top").getBoundingClientRect().height`)); h > 110 {
				t.Errorf("the header is %.0f px high on a phone, want at most 110", h)
			}
			if shown(p, myWork) {
				t.Error("the menu's links show on a phone before the menu is opened")
			}
			p.Run(t, chromedp.Click(chromedp.CSS("details.menu > summary")), chromedp.WaitVisible(chromedp.CSS(myWork)))
			check(t, p, "the open menu on a phone")
			p.Run(t, chromedp.Click(chromedp.CSS(myWork)), chromedp.WaitVisible(chromedp.CSS("#count-overdue")))

			setWidth(t, p, browsertest.WindowWidth)
			open(t, p, base+"/tinh/84")
			if !shown(p, myWork) || shown(p, "details.menu > summary") {
				t.Errorf("on a desktop the menu is not a plain bar: link shown %v, button shown %v", shown(p, myWork), shown(p, "details.menu > summary"))
			}
			p.Run(t, chromedp.Click(chromedp.CSS(myWork)), chromedp.WaitVisible(chromedp.CSS("#count-overdue")))
			signOut(t, p)
		})
	}
}

// TestBrowserCommuneFolds: on a phone the commune page lists the criteria
// left to do first, open, and folds the met ones; a link to a criterion,
// from the district matrix too, opens its fold.
func TestBrowserCommuneFolds(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))
	p := b.NewPage(t)
	setWidth(t, p, browsertest.PhoneWidth)
	signInAs(t, p, base, "xa-nhitruong")
	visit(t, p, base+"/don-vi/29446")
	// It was 8,669 px long with every criterion open.
	if h := browsertest.Get(t, p, chromedp.Evaluate[int](`document.documentElement.scrollHeight`)); h > 4300 {
		t.Errorf("the commune page is %d px long on a phone, want at most 4300", h)
	}
	type fold struct {
		ID   string
		Open bool
		Met  bool
	}
	folds := browsertest.Get(t, p, chromedp.Evaluate[[]fold](`[...document.querySelectorAll("details.crit")].map(d =>
		({ID: d.id, Open: d.open, Met: !!d.querySelector("summary > .st-met")}))`))
	if len(folds) == 0 || folds[0].Met {
		t.Fatalf("the first criterion is met, or there is none: %+v", folds)
	}
	seenMet := false
	for _, f := range folds {
		if f.Open == f.Met {
			t.Errorf("criterion %s: open %v, met %v; want the met ones folded, the others open", f.ID, f.Open, f.Met)
		}
		if seenMet && !f.Met {
			t.Errorf("criterion %s, not met, comes after a met one", f.ID)
		}
		seenMet = seenMet || f.Met
	}
	opened := func(id string) {
		t.Helper()
		// Where its top is, in the window (scrolled to it, it is at 0 give
		// or take a fraction of a pixel), and whether it is open.
		got := browsertest.Get(t, p, chromedp.Evaluate[[2]float64](fmt.Sprintf(`(() => {
			const d = document.getElementById(%q);
			return d ? [d.getBoundingClientRect().top / window.innerHeight, d.open ? 1 : 0] : [-1, 0];
		})()`, id)))
		if got[0] <= -0.01 || got[0] >= 1 || got[1] != 1 {
			t.Errorf("%s is not open in view: top at %.2f of the window, open %v", id, got[0], got[1] == 1)
		}
	}
	visit(t, p, base+"/don-vi/29446#c-17")
	opened("c-17")
	signOut(t, p)

	// The district matrix: each cell opens that criterion of its commune.
	signInAs(t, p, base, "huyen-caungang")
	visit(t, p, base+"/huyen/848")
	p.Run(t, chromedp.Click(chromedp.CSS(`table.matrix td.cell a[href="/don-vi/29446#c-19"]`)), chromedp.WaitVisible(chromedp.CSS("#c-19[open] table")))
	if loc := browsertest.Get(t, p, chromedp.Location()); !strings.HasSuffix(loc, "/don-vi/29446#c-19") {
		t.Fatalf("the cell led to %s", loc)
	}
	checkHere(t, p, "a criterion opened from the matrix")
	opened("c-19")
	p.AssertNoJSErrors(t)
}

// TestBrowserPlainLabels: what confused new users now says what it means —
// names, not codes, on the sign-in page; the "unverified" badge and "NC"
// explained; "no threshold" no longer read into "none allowed"; the
// returned count and the assignments line only for whom they concern.
func TestBrowserPlainLabels(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))
	p := b.NewPage(t)
	text := func(js string) string { return browsertest.Get(t, p, chromedp.Evaluate[string](js)) }

	visit(t, p, base+"/dang-nhap")
	accounts := text(`document.querySelector(".demo-accounts table").innerText`)
	for _, want := range []string{"Văn phòng Điều phối — Tỉnh Trà Vinh", "— Sở Xây dựng", "— Huyện Cầu Ngang", "— Xã Nhị Trường"} {
		if !strings.Contains(accounts, want) {
			t.Errorf("the demo accounts lack %q:\n%s", want, accounts)
		}
	}
	if strings.Contains(accounts, "— 84") {
		t.Errorf("the demo accounts show bare codes:\n%s", accounts)
	}

	// The coordination office reports for the province, but what a
	// commune reported and got back is not its to correct.
	signInAs(t, p, base, "vpdp")
	visit(t, p, base+"/viec-cua-toi")
	if nav := text(`document.querySelector('nav.main a[href="/viec-cua-toi"]').textContent`); strings.Contains(nav, "↩") {
		t.Errorf("the coordination office's menu counts values returned to communes: %q", nav)
	}
	if n := text(`document.getElementById("count-returned").textContent`); n != "0" {
		t.Errorf("the coordination office has %s returned values to correct, want 0", n)
	}
	signOut(t, p)

	signInAs(t, p, base, "xa-nhitruong")
	visit(t, p, base+"/viec-cua-toi")
	if strings.Contains(text(`document.querySelector("main").innerText`), "Cơ quan của bạn") {
		t.Error("a commune officer is told their agency has no assignment")
	}
	visit(t, p, base+"/don-vi/29446#c-9")
	badge := text(`document.querySelector("#c-9 .badge.unverified").title`)
	legend := text(`document.getElementById("unverified-legend").innerText`)
	if !strings.Contains(badge, "chưa được đối chiếu với văn bản chính thức") || !strings.Contains(legend, "chỉ để tham khảo") {
		t.Errorf("the unverified badge is not explained: title %q, legend %q", badge, legend)
	}
	if th := text(`[...document.querySelectorAll("#c-9 tr")].find(r => r.innerText.includes("9.1")).querySelector('td[data-label="Ngưỡng"]').innerText`); !strings.HasPrefix(th, "Không còn") {
		t.Errorf("the threshold of 9.1 (no temporary houses) reads %q, want \"Không còn …\"", th)
	}
	// A placeholder reads as a hint, not as a value typed in.
	visit(t, p, base+"/don-vi/29446/nhiem-vu")
	if style := text(`(() => { const s = getComputedStyle(document.getElementById("due"), "::placeholder"); return s.fontStyle + " " + s.color; })()`); style != "italic rgb(107, 107, 107)" {
		t.Errorf("the due date's placeholder is %q, want italic rgb(107, 107, 107)", style)
	}
	signOut(t, p)

	signInAs(t, p, base, "huyen-caungang")
	visit(t, p, base+"/huyen/848")
	if nc := text(`[...document.querySelectorAll("table.matrix thead abbr")].find(a => a.textContent === "NC")?.title ?? ""`); !strings.Contains(nc, "nâng cao") {
		t.Errorf("NC is not explained: %q", nc)
	}
	if key := text(`document.getElementById("matrix-key")?.innerText ?? ""`); !strings.Contains(key, "NC: số tiêu chí xã nông thôn mới nâng cao đạt") {
		t.Errorf("the matrix has no key for NC: %q", key)
	}
	p.AssertNoJSErrors(t)
}

// TestBrowserDashboard: the province dashboard and a department's weekly
// report form, on a 360-px phone and on a desktop, with this week's round
// open as the scheduler opens it. The dashboard answers "where do we
// stand" on the first screen of a phone (the first target district's bars
// in view), its trend charts are drawn and no wider than their card, no
// page is wider than the screen, and every page passes axe-core.
func TestBrowserDashboard(t *testing.T) {
	b := browsertest.Start(t)
	a := demoApp(t, sqliteConfig(t))
	ctx := context.Background()
	if n, err := a.svc.OpenWeeklyRounds(ctx); err != nil || n != 1 {
		t.Fatalf("the scheduler opened %d rounds: %v; want this week's", n, err)
	}
	report := weeklyReportPath(t, a, "84-SXD")
	base := onLocalhost(serve(t, mustServer(t, a, Config{})))
	for _, width := range []int{browsertest.PhoneWidth, browsertest.WindowWidth} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			p := b.NewPage(t)
			setWidth(t, p, width)
			signInAs(t, p, base, "lanhdao")
			visit(t, p, base+"/tinh/84")
			noOverflow(t, p, width, "the province dashboard")
			type box struct{ Width, Bottom, Card, Window float64 }
			trends := browsertest.Get(t, p, chromedp.Evaluate[[]box](`[...document.querySelectorAll(".dcard svg.chart-trend")].filter(s => s.checkVisibility()).map(s => {
				const r = s.getBoundingClientRect();
				return {Width: r.width, Bottom: r.bottom, Card: s.closest(".dcard").getBoundingClientRect().width, Window: window.innerWidth};
			})`))
			if len(trends) != 2 {
				t.Fatalf("%d trend charts shown, want one for each of Cầu Ngang and Duyên Hải", len(trends))
			}
			for _, tr := range trends {
				if tr.Width < 200 || tr.Width > tr.Card || tr.Width > 36*16 {
					t.Errorf("a trend chart is %.0f px wide in a %.0f px card, want 200 px to the card's width and at most 36rem", tr.Width, tr.Card)
				}
			}
			first := browsertest.Get(t, p, chromedp.Evaluate[[2]float64](`(() => {
				const bars = document.querySelectorAll(".dcard")[0].querySelectorAll(".bars svg");
				return [bars[bars.length - 1].getBoundingClientRect().bottom + window.scrollY, window.innerHeight];
			})()`))
			if width == browsertest.PhoneWidth && first[0] > first[1] {
				t.Errorf("the first district's bars end %.0f px down a %.0f px high phone screen", first[0], first[1])
			}
			signOut(t, p)

			// Sở Xây dựng writes its report of the week: a draft, then sent.
			signInAs(t, p, base, "so-xd")
			visit(t, p, base+report)
			noOverflow(t, p, width, "the weekly report form")
			p.Run(t,
				chromedp.SetValue(chromedp.ID("summary"), "Đã hướng dẫn các xã rà soát quy hoạch"),
				chromedp.Click(chromedp.CSS(`#report-form button[value=draft]`)),
				chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
			)
			checkHere(t, p, "the weekly report after saving a draft")
			noOverflow(t, p, width, "the weekly report after saving a draft")
			signOut(t, p)
			p.AssertNoJSErrors(t)
		})
	}
}

// weeklyReportPath is the page of the agency's report in the open round.
func weeklyReportPath(t *testing.T, a *app, agency string) string {
	t.Helper()
	ctx := context.Background()
	st := a.svc.Stores()
	rounds, err := st.Rounds.Rounds(ctx, datchuan.RoundFilter{Open: true})
	if err != nil || len(rounds) != 1 {
		t.Fatalf("open rounds: %d, %v; want 1", len(rounds), err)
	}
	ags, err := st.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Code: agency})
	if err != nil || len(ags) != 1 {
		t.Fatalf("agency %s: %v %v", agency, ags, err)
	}
	return fmt.Sprintf("/dot-bao-cao/%d/co-quan/%d", rounds[0].ID, ags[0].ID)
}
