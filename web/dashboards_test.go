package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// The read-only dashboards: a district's matrix, a unit's page, what
// blocks a target, and the unit search, each as the role that uses it.

var matrixRow = regexp.MustCompile(`<th scope="row" class="name"><a href="/don-vi/(\d+)[^"]*">([^<]+)</a>`)

func TestDistrictPage(t *testing.T) {
	w := webtest.New(t)
	t.Run("matrix of the district user", func(t *testing.T) {
		resp := w.As(webtest.District).Get("/huyen/848")
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d\n%.500s", resp.Status, resp.Body)
		}
		var names []string
		for _, m := range matrixRow.FindAllStringSubmatch(resp.Body, -1) {
			names = append(names, m[2])
		}
		if len(names) != 15 {
			t.Fatalf("%d matrix rows, want the 15 communes and towns of Cầu Ngang: %q", len(names), names)
		}
		sorted := slices.Clone(names)
		datchuan.SortByName(sorted, func(s string) string { return s })
		if !slices.Equal(names, sorted) {
			t.Errorf("rows not in Vietnamese order:\n got %q\nwant %q", names, sorted)
		}
		// Vietnamese order, not code order: Hiệp Hòa (29437) before Hiệp Mỹ Đông (29452) before Kim Hòa (29434).
		if i, j, k := slices.Index(names, "Xã Hiệp Hòa"), slices.Index(names, "Xã Hiệp Mỹ Đông"), slices.Index(names, "Xã Kim Hòa"); !(i >= 0 && i < j && j < k) {
			t.Errorf("order of Hiệp Hòa, Hiệp Mỹ Đông, Kim Hòa: %d, %d, %d", i, j, k)
		}
		for _, want := range []string{
			`<td class="cell st-met" title="1: Đạt"><a href="/don-vi/`,
			`<td class="cell st-not_met" title="1: Chưa đạt"><a href="/don-vi/`,
			`<a href="/muc-tieu/1">`,                 // remaining work of the target
			`<td class="urban st-met" colspan="19">`, // a thị trấn shows its civilised-urban result
		} {
			if !resp.Has(want) {
				t.Errorf("district page lacks %s", want)
			}
		}
		if !resp.Has(`<nav class="crumbs" aria-label="Vị trí"><span>Huyện Cầu Ngang</span></nav>`) {
			t.Error("a district user, who does not read the province, is linked up to it")
		}
	})
	t.Run("the coordination office is linked up to the province", func(t *testing.T) {
		resp := w.As(webtest.Coord).Get("/huyen/848?on=01/09/2022")
		if resp.Status != http.StatusOK || !resp.Has(`<a href="/tinh/84?on=01/09/2022">Tỉnh Trà Vinh</a>`) {
			t.Errorf("status %d; crumbs to the province missing", resp.Status)
		}
	})
	t.Run("another district is refused", func(t *testing.T) {
		for _, path := range []string{"/huyen/849", "/api/districts/849/status"} {
			if resp := w.As(webtest.District).Get(path); resp.Status != http.StatusForbidden {
				t.Errorf("GET %s as the Cầu Ngang user: %d, want 403", path, resp.Status)
			}
		}
	})
	t.Run("province page", func(t *testing.T) {
		resp := w.As(webtest.Leader).Get("/tinh/84")
		if resp.Status != http.StatusOK || !resp.Has(`<a href="/huyen/848?on=01%2f09%2f2022">Huyện Cầu Ngang</a>`) {
			t.Errorf("province page as the leader: %d, district link missing", resp.Status)
		}
		if resp := w.As(webtest.District).Get("/tinh/84"); resp.Status != http.StatusForbidden {
			t.Errorf("province page as a district user: %d, want 403", resp.Status)
		}
	})
	t.Run("home takes a user to their scope", func(t *testing.T) {
		if resp := w.As(webtest.Commune).Get("/"); resp.Status != http.StatusFound || resp.Location() != "/don-vi/"+demo.DemoCommune {
			t.Errorf("home of the commune user: %d → %q", resp.Status, resp.Location())
		}
	})
}

func TestUnitPage(t *testing.T) {
	w := webtest.New(t)
	const report = `href="/don-vi/29446/bao-cao/` + demo.CommuneSet + `/1.1"`
	t.Run("the commune reports", func(t *testing.T) {
		resp := w.As(webtest.Commune).Get("/don-vi/29446")
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d\n%.500s", resp.Status, resp.Body)
		}
		for _, want := range []string{"<h1>Xã Nhị Trường <small>(29446)</small></h1>", "<strong>1.1</strong>", "<strong>19.1</strong>", report,
			`href="/don-vi/29446/nhiem-vu"`} {
			if !resp.Has(want) {
				t.Errorf("unit page lacks %s", want)
			}
		}
	})
	t.Run("the leader only reads", func(t *testing.T) {
		resp := w.As(webtest.Leader).Get("/don-vi/29446")
		if resp.Status != http.StatusOK || !resp.Has("<strong>1.1</strong>") {
			t.Fatalf("status %d, or no indicator rows", resp.Status)
		}
		if resp.Has("/bao-cao/") {
			t.Error("the leader is offered report links")
		}
		if !resp.Has(`<a href="/huyen/848">Huyện Cầu Ngang</a> ›`) {
			t.Error("the leader, who reads the district, is not linked up to it")
		}
	})
	t.Run("another commune is refused", func(t *testing.T) {
		if resp := w.As(webtest.Commune).Get("/don-vi/29452"); resp.Status != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.Status)
		}
	})
}

// TestUnitPageHistoryReturnedGuidance: an earlier report shows in the
// history, a returned value asks to be reported again, evidence links to
// its file, and a department's guidance stands beside its criterion.
func TestUnitPageHistoryReturnedGuidance(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	st := w.Stores()
	units, err := st.Units.FindUnits(ctx, datchuan.UnitFilter{Code: "29446", Level: datchuan.LevelCommune, On: datchuan.NewDate(2022, 9, 1)})
	if err != nil || len(units) != 1 {
		t.Fatalf("commune 29446: %v %v", units, err)
	}
	file := &datchuan.Attachment{Name: "bien-ban-quy-hoach.pdf", ContentType: "application/pdf", Data: webtest.PDF}
	if err := st.Files.PutAttachment(ctx, file); err != nil {
		t.Fatal(err)
	}
	reviewer, err := st.Users.UserByLogin(ctx, webtest.DeptXD)
	if err != nil {
		t.Fatal(err)
	}
	at := webtest.Start.Add(-2 * time.Hour)
	for i, comment := range []string{"lần đầu", "lần hai"} {
		v := &datchuan.Value{UnitID: units[0].ID, SetID: demo.CommuneSet, IndicatorCode: "1.2", AsOf: datchuan.NewDate(2022, 8, 30),
			Measure: datchuan.BoolMeasure(true), ReportedAt: at.Add(time.Duration(i) * time.Minute), Comment: comment, Evidence: []string{file.ID}}
		if err := st.Values.ReportValue(ctx, v); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			r := &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateReturned, By: reviewer.PersonID, At: at.Add(time.Hour), Reason: "Thiếu chữ ký"}
			if err := st.Values.ReviewValue(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	ags, err := st.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Code: "84-SXD"})
	if err != nil || len(ags) != 1 {
		t.Fatalf("agency 84-SXD: %v %v", ags, err)
	}
	g := &datchuan.Guidance{AgencyID: ags[0].ID, SetID: demo.CommuneSet, CriterionCode: "1", Number: "123/HD-SXD",
		Date: datchuan.NewDate(2022, 8, 15), Title: "Hướng dẫn quy hoạch xã", File: file.ID}
	if err := st.Guidance.PublishGuidance(ctx, g); err != nil {
		t.Fatal(err)
	}

	resp := w.As(webtest.Commune).Get("/don-vi/29446")
	if resp.Status != http.StatusOK {
		t.Fatalf("status %d\n%.500s", resp.Status, resp.Body)
	}
	for _, want := range []string{
		"Số liệu bị trả lại, cần báo cáo lại (1)",
		"Lý do: Thiếu chữ ký",
		`<a class="button" href="/don-vi/29446/bao-cao/` + demo.CommuneSet + `/1.2">Báo cáo lại</a>`,
		reviewerName(t, w, reviewer.PersonID),
		`<small class="comment">lần đầu</small>`, // the first report, in the history under the returned one
		`<a href="/tep/` + file.ID + `">bien-ban-quy-hoach.pdf</a>`,
		`Hướng dẫn: <a href="/huong-dan/`,
		`123/HD-SXD</a> ngày 15/08/2022 — Hướng dẫn quy hoạch xã <small>(`,
	} {
		if !resp.Has(want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	if i, j := strings.Index(resp.Body, "<summary>Lịch sử 1.2 ("), strings.Index(resp.Body, "lần đầu"); i < 0 || j < i {
		t.Errorf("the first report is not in the history of 1.2 (%d, %d)", i, j)
	}
	// The leader reads the page, with the guidance, but is asked to report nothing.
	lead := w.As(webtest.Leader).Get("/don-vi/29446")
	if !lead.Has("123/HD-SXD") || lead.Has("Báo cáo lại") {
		t.Errorf("leader: guidance shown %v, 'report again' offered %v", lead.Has("123/HD-SXD"), lead.Has("Báo cáo lại"))
	}
}

func reviewerName(t *testing.T, w *webtest.World, person int64) string {
	t.Helper()
	p, err := w.Stores().Agencies.Person(context.Background(), person)
	if err != nil {
		t.Fatal(err)
	}
	return "Trả lại bởi " + p.Name
}

func TestBlockers(t *testing.T) {
	w := webtest.New(t)
	var district struct {
		District struct {
			Target struct{ ID int64 } `json:"target"`
		} `json:"district"`
	}
	c := w.As(webtest.District)
	c.JSON("/api/districts/848/status", &district)
	id := district.District.Target.ID
	if id == 0 {
		t.Fatal("district 848 has no target")
	}
	path := "/muc-tieu/" + strconv.FormatInt(id, 10)
	t.Run("page", func(t *testing.T) {
		resp := c.Get(path)
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d\n%.500s", resp.Status, resp.Body)
		}
		for _, want := range []string{
			"<h1>Việc còn lại: Huyện Cầu Ngang</h1>",
			`<abbr title="Sở Xây dựng">Sở XD</abbr>`,                                // the owner of an assignment
			`data-label="Hạn">31/08/2022 <span class="st-not_met">⚠ quá hạn</span>`, // its deadline, past on 01/09/2022
			"phân công chung",          // an owner by standing lead
			"101/112 (90,18%)",         // a value written for people
			"Đã báo cáo, chờ xác nhận", // and its state
			"Điều kiện C1.",
		} {
			if !resp.Has(want) {
				t.Errorf("blockers page lacks %q", want)
			}
		}
		// The target's own unit first, then the communes.
		if i, j := strings.Index(resp.Body, `<a href="/huyen/848">Huyện Cầu Ngang</a> <small>(848)`), strings.Index(resp.Body, "(29437)"); i < 0 || j < i {
			t.Errorf("district group at %d, commune group at %d", i, j)
		}
	})
	t.Run("json", func(t *testing.T) {
		var got struct {
			Demo     bool `json:"demo"`
			Blockers struct {
				Count    int `json:"count"`
				Blockers []struct {
					Unit          struct{ Code string } `json:"unit"`
					IndicatorCode string                `json:"indicator_code"`
					Owner         *struct {
						ShortName string `json:"short_name"`
					} `json:"owner"`
					OwnerGeneral bool          `json:"owner_general"`
					Deadline     datchuan.Date `json:"deadline"`
					Overdue      bool          `json:"overdue"`
				} `json:"blockers"`
			} `json:"blockers"`
		}
		c.JSON("/api/targets/"+strconv.FormatInt(id, 10)+"/blockers", &got)
		if !got.Demo || got.Blockers.Count == 0 || got.Blockers.Count != len(got.Blockers.Blockers) {
			t.Fatalf("demo %v, count %d, %d blockers", got.Demo, got.Blockers.Count, len(got.Blockers.Blockers))
		}
		found := false
		for _, b := range got.Blockers.Blockers {
			if b.Unit.Code == "29446" && b.IndicatorCode == "1.1" {
				found = true
				if b.Owner == nil || b.Owner.ShortName != "Sở XD" || b.OwnerGeneral || b.Deadline != datchuan.NewDate(2022, 8, 31) || !b.Overdue {
					t.Errorf("blocker 29446/1.1: %+v", b)
				}
			}
		}
		if !found {
			t.Error("no blocker for 29446/1.1 (assigned to Sở XD, due 31/08/2022)")
		}
	})
	t.Run("refusals", func(t *testing.T) {
		if resp := w.As(webtest.Commune).Get(path); resp.Status != http.StatusForbidden {
			t.Errorf("a commune user on the district's target: %d, want 403", resp.Status)
		}
		if resp := c.Get("/muc-tieu/999999"); resp.Status != http.StatusNotFound {
			t.Errorf("no such target: %d, want 404", resp.Status)
		}
	})
}

func TestSearch(t *testing.T) {
	w := webtest.New(t)
	results := regexp.MustCompile(`<li><a href="([^"]+)">([^<]+)</a> <small>\((\d+)\)</small>`)
	found := func(login, q string) []string {
		resp := w.As(login).Get("/tim?q=" + q)
		if resp.Status != http.StatusOK {
			t.Fatalf("search as %s: %d", login, resp.Status)
		}
		var out []string
		for _, m := range results.FindAllStringSubmatch(resp.Body, -1) {
			out = append(out, m[3]+" "+m[2])
		}
		return out
	}
	// Nhị Trường's user reads only Nhị Trường: no Cầu Ngang at all.
	if got := found(webtest.Commune, "cau+ngang"); len(got) != 0 {
		t.Errorf("commune user found %q", got)
	}
	if got := found(webtest.Commune, "nhi+truong"); !slices.Equal(got, []string{"29446 Xã Nhị Trường"}) {
		t.Errorf("commune user searching its own name found %q", got)
	}
	// The district user finds the district first, then its units (the
	// town of its name among them); search_test.go has more.
	if got := found(webtest.District, "cau+ngang"); len(got) < 2 || !slices.Equal(got[:2], []string{"848 Huyện Cầu Ngang", "29416 Thị trấn Cầu Ngang"}) {
		t.Errorf("district user found %q", got)
	}
	// A version with dates is linked on its day: without one, a page shows
	// the code's latest version, which may be another unit.
	if resp := w.As(webtest.District).Get("/tim?q=cau+ngang"); !resp.Has(`href="/huyen/848?on=01/09/2022"`) {
		t.Error("a unit with dates is not linked on its day")
	}
	if resp := w.As(webtest.District).Get("/tim"); resp.Status != http.StatusOK || resp.Has("Không tìm thấy") {
		t.Errorf("empty search: %d, or it searched", resp.Status)
	}
}
