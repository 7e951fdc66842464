package browsertest

import (
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, the accessibility rules engine (see axe/README.md).
//
//go:embed axe/axe.min.js
var axeSource string

// wcagAA are the axe rule tags of WCAG 2.1 levels A and AA: what the pages
// must pass.
var wcagAA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeResult is the part of axe.run's result the tests read.
type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
			Why    string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// Violations runs axe-core's WCAG 2.1 A and AA rules on the page as it is
// now and returns what fails, one line per element: the rule, the element
// and why.
func (p *Page) Violations(t testing.TB) []string {
	t.Helper()
	tags := `["` + strings.Join(wcagAA, `","`) + `"]`
	// Injected through the browser driver, not the page: the page's
	// Content-Security-Policy allows only its own scripts.
	script := axeSource + `;axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]})`
	res := Get(t, p, chromedp.Evaluate[axeResult](script, chromedp.EvalAwaitPromise))
	var out []string
	for _, v := range res.Violations {
		for _, n := range v.Nodes {
			why := strings.ReplaceAll(strings.TrimSpace(n.Why), "\n", " ")
			out = append(out, fmt.Sprintf("%s (%s): %v %s — %s", v.ID, v.Help, n.Target, clip(n.HTML, 120), why))
		}
	}
	return out
}

// AssertAccessible fails the test, listing every violation, when the page
// breaks a WCAG 2.1 A or AA rule; what names the page in the message.
func (p *Page) AssertAccessible(t testing.TB, what string) {
	t.Helper()
	if vs := p.Violations(t); len(vs) > 0 {
		t.Errorf("browsertest: %s: %d WCAG 2.1 AA violation(s):\n  %s", what, len(vs), strings.Join(vs, "\n  "))
	}
}

// Visit opens url, waits until the element that ready selects (a CSS
// selector) is visible, and checks the page with AssertAccessible: a test
// that opens its pages with Visit checks every one of them, at the width
// the page has now.
func (p *Page) Visit(t testing.TB, url, ready string) {
	t.Helper()
	p.Run(t, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(ready)))
	p.AssertAccessible(t, p.where(t, url))
}

// where names a page for a message: its address and the viewport's width.
func (p *Page) where(t testing.TB, url string) string {
	t.Helper()
	w := Get(t, p, chromedp.Evaluate[int]("window.innerWidth"))
	return fmt.Sprintf("%s at %d px", url, w)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
