package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/datchuan/datchuan/internal/browsertest"
)

// TestBrowserMeetings opens the pages of the weekly steering-committee
// meetings, as the district committee and the coordination office run
// them, on a 360-px phone and on a desktop: every one, with its forms
// unfolded, passes axe-core's WCAG 2.1 AA rules, none is wider than the
// screen and none raises a JavaScript error.
func TestBrowserMeetings(t *testing.T) {
	b := browsertest.Start(t)
	base := onLocalhost(serve(t, mustServer(t, demoApp(t, sqliteConfig(t)), Config{})))
	pages := []struct {
		login string
		paths []string
	}{
		{"huyen-caungang", []string{"/huyen/848/hop", "/hop/1", "/hop/2"}},
		{"vpdp", []string{"/tinh/84/hop", "/hop/3", "/hop/1"}},
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
					// The folded forms too: attendance, conclusions, giving
					// a decision out, raising an obstacle.
					browsertest.Get(t, p, chromedp.Evaluate[int](`document.querySelectorAll("main details").forEach(d => d.open = true), 0`))
					checkHere(t, p, role.login+" "+path+" with its forms open")
					noOverflow(t, p, width, role.login+" "+path+" with its forms open")
				}
				signOut(t, p)
			}
			p.AssertNoJSErrors(t)
		})
	}
}
