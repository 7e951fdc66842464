package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/internal/browsertest"
	"github.com/datchuan/datchuan/web/webtest"
)

// TestDossierPagesInBrowser opens the dossier's pages in a real Chromium
// on a 360-px phone and on a desktop, and as printed: each passes
// axe-core's WCAG 2.1 AA rules and none is wider than the screen.
func TestDossierPagesInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	w := webtest.New(t)
	dossier := remainingWork(w.As(webtest.Coord)) + "/ho-so"
	all := []string{dossier, "/tinh/84/mau-ho-so", "/tinh/84/mau-ho-so/" + dossierKey, "/huyen/848/quyet-dinh-cong-nhan"}
	// Each role sees its own forms; the phone is the narrow case, the
	// desktop only the two pages with the widest content.
	pages := map[int]map[string][]string{
		browsertest.PhoneWidth:  {webtest.Coord: all, webtest.District: {dossier}},
		browsertest.WindowWidth: {webtest.Coord: {dossier, all[2]}},
	}
	for _, width := range []int{browsertest.PhoneWidth, browsertest.WindowWidth} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			p := b.NewPage(t)
			if width <= browsertest.PhoneWidth {
				p.SetViewport(t, width, 740, chromedp.EmulateMobile)
			} else {
				p.SetViewport(t, width, browsertest.WindowHeight)
			}
			for _, login := range []string{webtest.Coord, webtest.District} {
				if pages[width][login] == nil {
					continue
				}
				p.Visit(t, w.URL+"/dang-nhap", "main h1")
				p.Run(t, chromedp.SetValue(chromedp.ID("login"), login), chromedp.SetValue(chromedp.ID("password"), demo.Password),
					chromedp.Click(chromedp.CSS("#login-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("header .who .user")))
				for _, path := range pages[width][login] {
					p.Visit(t, w.URL+path, "main h1")
					size := browsertest.Get(t, p, chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
					if size[0] > width+1 || size[1] > width+1 {
						t.Errorf("%s as %s is %d px wide in a %d px window", path, login, size[0], width)
					}
				}
				p.Run(t, chromedp.Click(chromedp.CSS("header .who button")), chromedp.WaitVisible(chromedp.ID("login-form")))
			}
			p.AssertNoJSErrors(t)
		})
	}
	t.Run("print", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(t, w.URL+"/dang-nhap", "main h1")
		p.Run(t, chromedp.SetValue(chromedp.ID("login"), webtest.Coord), chromedp.SetValue(chromedp.ID("password"), demo.Password),
			chromedp.Click(chromedp.CSS("#login-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("header .who .user")))
		p.Run(t, chromedp.Navigate(w.URL+dossier), chromedp.WaitVisible(chromedp.CSS("main h1")),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			}))
		// On paper: every paper is there, no form is.
		shown := browsertest.Get(t, p, chromedp.Evaluate[[2]int](`[
			[...document.querySelectorAll("article.paper")].filter(e => e.offsetParent !== null).length,
			[...document.querySelectorAll("details.edit, form")].filter(e => e.offsetParent !== null).length]`))
		if shown[0] < 14 || shown[1] != 0 {
			t.Errorf("printed: %d papers shown, %d forms shown; want every paper and no form", shown[0], shown[1])
		}
	})
}
