package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// TestNationalGrantedByAdmin: an administrator gives an account the
// central coordination office's role from the account's page, as any
// other role; the account lands on the national page, listed in its
// menu, and reads Trà Vinh's figures there as the province's own page
// counts them. Nobody else opens it.
func TestNationalGrantedByAdmin(t *testing.T) {
	w := webtest.New(t)
	admin := w.As(webtest.Admin)
	created := admin.PostForm("/quan-tri/nguoi-dung", url.Values{"login": {"trunguong"}, "name": {"Văn phòng Điều phối Trung ương"},
		"password": {demo.Password}, "lang": {"vi"}})
	if created.Status != http.StatusSeeOther {
		t.Fatalf("create the account: %d\n%.500s", created.Status, created.Body)
	}
	if page := admin.Get(created.Location()); !page.Has(`<option value="national">Văn phòng Điều phối Trung ương (chỉ xem, toàn quốc)</option>`) {
		t.Fatalf("the role form does not offer the national role:\n%.2000s", page.Body)
	}
	if r := admin.PostForm(created.Location()+"/vai-tro", url.Values{"kind": {"national"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("give the national role: %d\n%.500s", r.Status, r.Body)
	}

	central := w.As("trunguong")
	if r := central.Get("/"); r.Status != http.StatusFound || r.Location() != "/toan-quoc" {
		t.Errorf("home of the national office: %d → %q, want the national page", r.Status, r.Location())
	}
	page := central.Get("/toan-quoc")
	if page.Status != http.StatusOK {
		t.Fatalf("the national page: %d\n%.500s", page.Status, page.Body)
	}
	for _, want := range []string{`<a href="/toan-quoc">Toàn quốc</a>`, `<div class="scroll" tabindex="0" role="region"`, `<table class="national">`,
		`href="/tinh/84"`, "Tỉnh Trà Vinh", "<tfoot>"} {
		if !page.Has(want) {
			t.Errorf("the national page lacks %s", want)
		}
	}
	if n := strings.Count(page.Body, `<th scope="row"><a href="/tinh/`); n != 63 {
		t.Errorf("%d provinces on 01/09/2022, want 63", n)
	}
	// The country's units, as people write ten thousand and more: 10.xxx.
	if !regexp.MustCompile(`<tfoot>.*<small>1\d\.\d{3} xã, phường, thị trấn</small>`).MatchString(page.Body) {
		t.Errorf("the totals do not count the country's units with a dot between thousands")
	}

	// Trà Vinh's row counts what its own page counts: Cầu Ngang and Duyên
	// Hải aim at the district standard; their xã are measured.
	var n struct {
		National struct {
			Provinces []struct {
				Code        string
				Communes    int
				CommunesMet int `json:"communes_met"`
				Districts   int
			}
		}
	}
	central.JSON("/api/national/status", &n)
	var p struct {
		Province struct {
			Districts []struct {
				Target   *struct{ ID int64 }
				Communes []struct {
					Results map[string]struct{ Meets bool }
				}
			}
		}
	}
	central.JSON("/api/provinces/84/status", &p)
	targets, measured, met := 0, 0, 0
	for _, d := range p.Province.Districts {
		if d.Target != nil {
			targets++
		}
		for _, c := range d.Communes {
			if r, ok := c.Results["commune_ntm"]; ok {
				measured++
				if r.Meets {
					met++
				}
			}
		}
	}
	found := false
	for _, row := range n.National.Provinces {
		if row.Code != "84" {
			continue
		}
		found = true
		if row.Districts != targets || row.Communes != measured || row.CommunesMet != met || targets != 2 {
			t.Errorf("Trà Vinh on the national page: %d/%d communes, %d districts; its page: %d/%d, %d target districts",
				row.CommunesMet, row.Communes, row.Districts, met, measured, targets)
		}
	}
	if !found {
		t.Error("no row of Trà Vinh in /api/national/status")
	}

	for _, bad := range []string{"/toan-quoc?xep=tuoi", "/toan-quoc?on=31/02/2022", "/api/national/status?on=hom-nay"} {
		if r := central.Get(bad); r.Status != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", bad, r.Status)
		}
	}
	for _, login := range []string{webtest.Leader, webtest.Coord, webtest.Admin} {
		c := w.As(login)
		if r := c.Get("/toan-quoc"); r.Status != http.StatusForbidden {
			t.Errorf("%s opens the national page: %d, want 403", login, r.Status)
		}
		if r := c.Get("/api/national/status"); r.Status != http.StatusForbidden {
			t.Errorf("%s reads /api/national/status: %d, want 403", login, r.Status)
		}
		if r := c.Get("/thong-bao"); strings.Contains(r.Body, `href="/toan-quoc"`) {
			t.Errorf("the menu of %s links the national page", login)
		}
	}
	var me struct{ Kinds []string }
	if err := json.Unmarshal([]byte(central.Get("/api/me").Body), &me); err != nil || len(me.Kinds) != 1 || me.Kinds[0] != "national" {
		t.Errorf("/api/me of the national office: kinds %v (%v)", me.Kinds, err)
	}
}
