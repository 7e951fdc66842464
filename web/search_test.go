package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
)

// searchFound is what /tim lists for q, "code name" each, in order.
func searchFound(t *testing.T, w *webtest.World, login, q string) []string {
	t.Helper()
	results := regexp.MustCompile(`<li><a href="([^"]+)">([^<]+)</a> <small>\((\d+)\)</small>`)
	resp := w.As(login).Get("/tim?q=" + url.QueryEscape(q))
	if resp.Status != http.StatusOK {
		t.Fatalf("search %q as %s: %d", q, login, resp.Status)
	}
	var out []string
	for _, m := range results.FindAllStringSubmatch(resp.Body, -1) {
		out = append(out, m[3]+" "+m[2])
	}
	return out
}

// A unit is found by the code every page shows, by its name with or
// without diacritics, and with its type word.
func TestSearchByCodeAndName(t *testing.T) {
	w := webtest.New(t)
	nhiTruong := []string{"29446 Xã Nhị Trường"}
	for _, q := range []string{"29446", " 29446 ", "Nhị Trường", "nhi truong", "xã Nhị Trường", "Xa nhi truong"} {
		for _, login := range []string{webtest.Coord, webtest.District, webtest.Commune} {
			if got := searchFound(t, w, login, q); !slices.Equal(got, nhiTruong) {
				t.Errorf("%s searching %q found %q, want %q", login, q, got, nhiTruong)
			}
		}
	}
	// A code finds only the unit of that code, and only for those who read it.
	if got := searchFound(t, w, webtest.Commune, "29437"); len(got) != 0 {
		t.Errorf("Nhị Trường's user found Hiệp Hòa by its code: %q", got)
	}
	if got := searchFound(t, w, webtest.Coord, "2944"); len(got) != 0 {
		t.Errorf("part of a code found %q", got)
	}
}

// Searching a district lists the district first, then its units; by name
// or by code alike.
func TestSearchListsADistrictThenItsUnits(t *testing.T) {
	w := webtest.New(t)
	for _, q := range []string{"Cầu Ngang", "cau ngang", "848", "huyện Cầu Ngang"} {
		got := searchFound(t, w, webtest.District, q)
		if len(got) != 16 || got[0] != "848 Huyện Cầu Ngang" {
			t.Fatalf("%q found %d: %q; want the district, then its 15 units", q, len(got), got)
		}
		for _, want := range []string{"29416 Thị trấn Cầu Ngang", "29419 Thị trấn Mỹ Long", "29437 Xã Hiệp Hòa", "29446 Xã Nhị Trường", "29431 Xã Vĩnh Kim"} {
			if !slices.Contains(got[1:], want) {
				t.Errorf("%q: the units of Cầu Ngang lack %s", q, want)
			}
		}
		if n := len(slices.Compact(slices.Sorted(slices.Values(got)))); n != len(got) {
			t.Errorf("%q lists a unit twice: %q", q, got)
		}
	}
	// The commune's user reads neither the district nor the other communes.
	if got := searchFound(t, w, webtest.Commune, "Cầu Ngang"); len(got) != 0 {
		t.Errorf("Nhị Trường's user found %q", got)
	}
}
