package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/internal/browsertest"
)

// TestBrowserReportReturnConfirm is the daily loop of the programme in a
// real Chromium: a commune officer reports a value with evidence, the lead
// department returns it with a reason, the officer sees why and resubmits,
// the department confirms, and the district matrix shows the criterion met.
func TestBrowserReportReturnConfirm(t *testing.T) {
	b := browsertest.Start(t)
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			// Secure cookies, as in production: browsers keep them for
			// http://localhost.
			base := onLocalhost(serve(t, mustServer(t, demoApp(t, cfgFor(t)), Config{})))
			walkReportLoop(t, b.NewPage(t), base)
		})
	}
}

func walkReportLoop(t *testing.T, p *browsertest.Page, base string) {
	const report = "/don-vi/29446/bao-cao/demo-tv-ntm-commune-2021-2025/1.1"
	pdf := filepath.Join(t.TempDir(), "quyet-dinh-phe-duyet.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cell := matrixCell(t, p, base)
	if strings.Contains(cell, "st-met") {
		t.Fatalf("Nhị Trường already meets criterion 1 before the test: %s", cell)
	}

	// The commune officer, on a phone, reports 1.1 with a file.
	p.SetViewport(t, browsertest.PhoneWidth, 740, chromedp.EmulateMobile)
	signInAs(t, p, base, "xa-nhitruong")
	if loc := browsertest.Get(t, p, chromedp.Location()); !strings.HasSuffix(loc, "/don-vi/29446") {
		t.Fatalf("the commune officer lands on %s, want their commune's page", loc)
	}
	noOverflow(t, p, "the commune page")
	submitReport(t, p, base+report, pdf)
	noOverflow(t, p, "the report form")
	p.SetViewport(t, browsertest.WindowWidth, browsertest.WindowHeight)
	signOut(t, p)

	// The construction department (lead of criterion 1) returns it.
	signInAs(t, p, base, "so-xd")
	id := queueItemID(t, p, base)
	p.Run(t,
		chromedp.SetValue(chromedp.ID("reason-"+id), "Thiếu quyết định phê duyệt quy hoạch có chữ ký, đóng dấu"),
		chromedp.Click(chromedp.CSS("#value-"+id+" form.return button")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	signOut(t, p)

	// The officer sees why at the top of the commune page, and resubmits.
	signInAs(t, p, base, "xa-nhitruong")
	box := browsertest.Get(t, p, chromedp.Text(chromedp.CSS(".returned")))
	if !strings.Contains(box, "Thiếu quyết định phê duyệt quy hoạch") {
		t.Fatalf("the returned box does not show the reason: %q", box)
	}
	submitReport(t, p, base+report, pdf)
	signOut(t, p)

	// The department confirms; the matrix turns criterion 1 met.
	signInAs(t, p, base, "so-xd")
	id = queueItemID(t, p, base)
	p.Run(t,
		chromedp.Click(chromedp.CSS("#value-"+id+" button[value=confirm]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	signOut(t, p)
	if cell := matrixCell(t, p, base); !strings.Contains(cell, "st-met") || !strings.Contains(cell, "✓") {
		t.Fatalf("after confirmation Nhị Trường's criterion 1 shows %q, want met (✓)", cell)
	}
	p.AssertNoJSErrors(t)
}

func signInAs(t *testing.T, p *browsertest.Page, base, login string) {
	t.Helper()
	p.Run(t,
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.SetValue(chromedp.ID("login"), login),
		chromedp.SetValue(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("header .who .user")),
	)
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
func submitReport(t *testing.T, p *browsertest.Page, url, file string) {
	t.Helper()
	p.Run(t,
		chromedp.Navigate(url),
		chromedp.Click(chromedp.CSS(`input[name=result][value=dat]`)),
		chromedp.SetValue(chromedp.ID("as_of"), "20/08/2022"),
		chromedp.SetUploadFiles(chromedp.ID("evidence"), []string{file}),
		chromedp.Click(chromedp.CSS("#report-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	if txt := browsertest.Get(t, p, chromedp.Text(chromedp.ID("current"))); !strings.Contains(txt, "quyet-dinh-phe-duyet.pdf") {
		t.Fatalf("the sent value does not list its evidence: %q", txt)
	}
}

// queueItemID opens the review queue and returns the value ID of Nhị
// Trường's 1.1.
func queueItemID(t *testing.T, p *browsertest.Page, base string) string {
	t.Helper()
	p.Run(t, chromedp.Navigate(base+"/xac-nhan"), chromedp.WaitVisible(chromedp.CSS("main h1")))
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
	p.Run(t, chromedp.Navigate(base+"/huyen/848"), chromedp.WaitVisible(chromedp.CSS("table.matrix")))
	cell := browsertest.Get(t, p, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector('table.matrix a[href^="/don-vi/29446"]');
		if (!a) return "no row";
		const td = [...a.closest("tr").querySelectorAll("td.cell")].find(td => td.title.startsWith("1:"));
		return td ? td.className + " " + td.textContent.trim() : "no cell";
	})()`))
	signOut(t, p)
	return cell
}

// noOverflow checks that the page fits the phone's width: tables scroll in
// their own box, the page itself does not.
func noOverflow(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	w := browsertest.Get(t, p, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if w > browsertest.PhoneWidth+1 {
		t.Errorf("%s is %d px wide on a %d px phone", what, w, browsertest.PhoneWidth)
	}
}

// TestBrowserPhonePages opens the pages each role uses most on a 360-px
// phone: none may be wider than the screen (tables scroll in their own
// box) and none may raise a JavaScript error.
func TestBrowserPhonePages(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))

	p := b.NewPage(t)
	p.SetViewport(t, browsertest.PhoneWidth, 740, chromedp.EmulateMobile)
	for login, paths := range map[string][]string{
		"vpdp":           {"/tinh/84", "/huyen/848", "/muc-tieu/1", "/ke-hoach/1", "/xac-nhan", "/viec-cua-toi", "/huong-dan", "/phe-duyet", "/tim?q=cau+ngang", "/nhat-ky"},
		"xa-nhitruong":   {"/don-vi/29446", "/don-vi/29446/nhiem-vu", "/thong-bao"},
		"quantri":        {"/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/2", "/quan-tri/co-quan", "/nhat-ky"},
		"huyen-caungang": {"/huyen/848", "/viec-cua-toi"},
	} {
		signInAs(t, p, base, login)
		for _, path := range paths {
			p.Run(t, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
			noOverflow(t, p, login+" "+path)
		}
		signOut(t, p)
	}
	p.AssertNoJSErrors(t)
}
