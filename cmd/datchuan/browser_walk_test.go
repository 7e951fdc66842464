package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/datchuan/datchuan/internal/browsertest"
)

// TestBrowserInspectionToMeeting walks, on a 360-px phone, what the plan's
// points 3 and 4 ask of the coordination office and a district: a finding
// of the site inspection of Nhị Trường and Hiệp Mỹ Đông becomes an
// obstacle with one form, the finding then links to it in the register,
// and Cầu Ngang's committee finds it on the agenda of its next weekly
// meeting. Every page fits the phone, passes axe-core, and the same pages
// fit a desktop.
func TestBrowserInspectionToMeeting(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))
	const title = "Tuyến đường trục ấp Sâm Bua xuống cấp, cần vốn sửa chữa"
	p := b.NewPage(t)
	setWidth(t, p, browsertest.PhoneWidth)

	signInAs(t, p, base, "vpdp")
	visit(t, p, base+"/kiem-tra/1")
	noOverflow(t, p, browsertest.PhoneWidth, "the inspection record")
	// The first finding not followed up yet: open its obstacle form.
	row := browsertest.Get(t, p, chromedp.Evaluate[string](`(() => {
		const f = [...document.querySelectorAll("tr[id^=f-]")].find(tr => tr.querySelector("form[action$='/vuong-mac']"));
		if (!f) return "";
		f.querySelector("form[action$='/vuong-mac']").closest("details").open = true;
		return f.id;
	})()`))
	if row == "" {
		t.Fatal("no finding of the demo inspection can be raised as an obstacle")
	}
	form := "#" + row + " form[action$='/vuong-mac']"
	owner := browsertest.Get(t, p, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const o = [...document.querySelectorAll(%q)].find(o => o.textContent.includes("Cầu Ngang"));
		return o ? o.value : "";
	})()`, form+" select[name=owner] option")))
	if owner == "" {
		t.Fatal("Cầu Ngang's committee is not offered as the obstacle's owner")
	}
	checkHere(t, p, "the inspection record with a follow-up form open")
	noOverflow(t, p, browsertest.PhoneWidth, "the inspection record with a follow-up form open")
	p.Run(t,
		chromedp.SetValue(chromedp.CSS(form+" input[name=title]"), title),
		chromedp.SetValue(chromedp.CSS(form+" select[name=owner]"), owner),
		chromedp.SetValue(chromedp.CSS(form+" input[name=due]"), "30/09/2022"),
		chromedp.Click(chromedp.CSS(form+" button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#"+row+" a.followed")),
	)
	followed := browsertest.Get(t, p, chromedp.Text(chromedp.CSS("#"+row+" td.follow")))
	if !strings.Contains(followed, title) || !strings.Contains(followed, "30/09/2022") {
		t.Errorf("the finding does not say what it became: %q", followed)
	}
	noOverflow(t, p, browsertest.PhoneWidth, "the inspection record after the follow-up")
	p.Run(t, chromedp.Click(chromedp.CSS("#"+row+" a.followed")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if reg := browsertest.Get(t, p, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(reg, title) {
		t.Errorf("the register does not hold the obstacle raised from the inspection")
	}
	checkHere(t, p, "the register after the follow-up")
	noOverflow(t, p, browsertest.PhoneWidth, "the register after the follow-up")
	signOut(t, p)

	// Cầu Ngang's committee opens its meetings, then the next one: the
	// obstacle is on its agenda, owned by the committee itself.
	signInAs(t, p, base, "huyen-caungang")
	visit(t, p, base+"/huyen/848/hop")
	noOverflow(t, p, browsertest.PhoneWidth, "the district's meetings")
	next := browsertest.Get(t, p, chromedp.Evaluate[string](`(() => {
		const a = [...document.querySelectorAll("main a[href^='/hop/']")].find(a => a.closest("tr, li") && a.closest("tr, li").textContent.includes("02/09/2022"));
		return a ? a.getAttribute("href") : "";
	})()`))
	if next == "" {
		t.Fatal("the meetings page does not link the meeting of 02/09/2022")
	}
	visit(t, p, base+next)
	agenda := browsertest.Get(t, p, chromedp.Text(chromedp.CSS("#agenda")))
	if !strings.Contains(agenda, title) {
		t.Errorf("the agenda of the next meeting lacks the obstacle from the inspection:\n%s", agenda)
	}
	checkHere(t, p, "the next meeting with its agenda")
	noOverflow(t, p, browsertest.PhoneWidth, "the next meeting with its agenda")

	setWidth(t, p, browsertest.WindowWidth)
	for _, path := range []string{next, "/huyen/848/hop", "/kiem-tra/1"} {
		visit(t, p, base+path)
		noOverflow(t, p, browsertest.WindowWidth, "on a desktop, "+path)
	}
	signOut(t, p)
	p.AssertNoJSErrors(t)
}

// TestBrowserNational: the central coordination office's national page
// and its drill-down to a province, on a 360-px phone and on a desktop:
// axe-core's WCAG 2.1 AA rules, no page wider than the screen, no
// JavaScript error.
func TestBrowserNational(t *testing.T) {
	b := browsertest.Start(t)
	a := demoApp(t, sqliteConfig(t))
	addNationalAccount(t, a)
	base := onLocalhost(serve(t, mustServer(t, a, Config{})))
	for _, width := range []int{browsertest.PhoneWidth, browsertest.WindowWidth} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			p := b.NewPage(t)
			setWidth(t, p, width)
			signInAs(t, p, base, national)
			for _, path := range []string{"/toan-quoc", "/toan-quoc?xep=ten", "/tinh/84", "/huyen/848"} {
				visit(t, p, base+path)
				noOverflow(t, p, width, "the national office's "+path)
			}
			signOut(t, p)
			p.AssertNoJSErrors(t)
		})
	}
}
