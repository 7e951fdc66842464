package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

// auditEdit changes the note of assignment a as the coordination office.
func auditEdit(t *testing.T, w *webtest.World, plan int64, a *datchuan.Assignment, note string) {
	t.Helper()
	vpdp := w.As(webtest.Coord)
	v := plansRowVersion(t, plansPage(t, vpdp, plan), a.ID)
	resp := vpdp.PostForm(fmt.Sprintf("/phan-cong/%d", a.ID), url.Values{"version": {v}, "lead": {strconv.FormatInt(a.LeadID, 10)},
		"deadline": {a.Deadline.VN()}, "note": {note}})
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%.500s", resp.Status, resp.Body)
	}
}

// auditRowIn is an assignment of plan whose commune lies in the district.
func auditRowIn(t *testing.T, w *webtest.World, plan int64, district string) *datchuan.Assignment {
	t.Helper()
	for _, a := range plansRows(t, w, plan) {
		u, err := w.Stores().Units.Unit(context.Background(), a.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		if u.ParentCode == district {
			return a
		}
	}
	t.Fatalf("no assignment in district %s", district)
	return nil
}

// The change log is read by the coordination office (its province's
// entries, not the accounts') and by administrators (everything),
// filtered by unit, person and days, and downloaded as CSV.
func TestAuditPage(t *testing.T) {
	w := webtest.New(t)
	plan := plansPlanID(t, w)
	caungang, other := auditRowIn(t, w, plan, "848"), auditRowIn(t, w, plan, "850")

	auditEdit(t, w, plan, caungang, "ghi chú Cầu Ngang")
	// The next day (02/09/2022 04:00), keeping the session alive on the way.
	w.Clock().Advance(10 * time.Hour)
	plansPage(t, w.As(webtest.Coord), plan)
	w.Clock().Advance(10 * time.Hour)
	auditEdit(t, w, plan, other, "ghi chú huyện khác")
	approvalsDraft(t, w.As(webtest.DeptTNMT), "Hồ sơ của sở")
	account := w.As(webtest.Admin).PostForm("/quan-tri/nguoi-dung", url.Values{"login": {"nhatky"}, "name": {"Người Nhật Ký"},
		"password": {"mat-khau-dai-2022"}})
	if account.Status != http.StatusSeeOther {
		t.Fatalf("create account: %d", account.Status)
	}

	vpdp := w.As(webtest.Coord)
	page := vpdp.Get("/nhat-ky")
	if page.Status != http.StatusOK {
		t.Fatalf("audit page: %d\n%.1000s", page.Status, page.Body)
	}
	if !page.Has("Sửa phân công tiêu chí") || !page.Has("Hồ sơ của sở") {
		t.Error("the coordination office does not see its province's entries")
	}
	if page.Has("nhatky") {
		t.Error("the coordination office sees an account change (administrators only)")
	}
	if !w.As(webtest.Admin).Get("/nhat-ky").Has("Tạo tài khoản nhatky") {
		t.Error("an administrator does not see the account change")
	}
	if resp := w.As(webtest.DeptTNMT).Get("/nhat-ky"); resp.Status != http.StatusForbidden {
		t.Errorf("a department reads the change log: %d, want 403", resp.Status)
	}
	if resp := w.As(webtest.DeptTNMT).Get("/nhat-ky.csv"); resp.Status != http.StatusForbidden {
		t.Errorf("a department downloads the change log: %d, want 403", resp.Status)
	}

	for _, c := range []struct {
		query     string
		want, not []string
	}{
		{"?don-vi=848", []string{"ghi chú Cầu Ngang"}, []string{"ghi chú huyện khác", "Hồ sơ của sở"}},
		{"?don-vi=850", []string{"ghi chú huyện khác"}, []string{"ghi chú Cầu Ngang"}},
		{"?nguoi=so-tnmt", []string{"Hồ sơ của sở"}, []string{"Sửa phân công"}},
		{"?nguoi=vpdp", []string{"Sửa phân công"}, []string{"Hồ sơ của sở"}},
		{"?den=01/09/2022", []string{"ghi chú Cầu Ngang"}, []string{"ghi chú huyện khác", "Hồ sơ của sở"}},
		{"?tu=02/09/2022&den=02/09/2022", []string{"ghi chú huyện khác", "Hồ sơ của sở"}, []string{"ghi chú Cầu Ngang"}},
	} {
		// The summaries name the units; the notes are in the entries'
		// JSON, which the CSV carries: check both.
		page := vpdp.Get("/nhat-ky" + c.query)
		csvResp := vpdp.Get("/nhat-ky.csv" + c.query)
		if page.Status != http.StatusOK || csvResp.Status != http.StatusOK {
			t.Errorf("%s: page %d, CSV %d", c.query, page.Status, csvResp.Status)
			continue
		}
		for _, s := range c.want {
			if !csvResp.Has(s) {
				t.Errorf("%s: the CSV lacks %q", c.query, s)
			}
		}
		for _, s := range c.not {
			if csvResp.Has(s) || page.Has(s) {
				t.Errorf("%s: shows %q", c.query, s)
			}
		}
	}
	u, err := w.Stores().Units.Unit(context.Background(), caungang.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	if page := vpdp.Get("/nhat-ky?don-vi=848"); strings.Count(page.Body, `<tr id="c-`) != 1 || !page.Has(">"+u.Name+"</a>") {
		t.Errorf("the unit filter does not show the one entry of %s", u.Name)
	}

	bad := vpdp.Get("/nhat-ky?tu=32/13/2022&nguoi=khong-co")
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has(`value="32/13/2022"`) || strings.Count(bad.Body, `<p class="err">`) < 2 {
		t.Errorf("bad filter: %d, want 422 beside the date and the person\n%.1000s", bad.Status, bad.Body)
	}

	// The CSV of a filter: a header, then exactly the entries the filter
	// selects, in UTF-8 with a byte order mark.
	resp := vpdp.Get("/nhat-ky.csv?nguoi=vpdp")
	if resp.Status != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(resp.Body, "\uFEFF") || !utf8.ValidString(resp.Body) {
		t.Fatal("the CSV is not UTF-8 with a byte order mark")
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(resp.Body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 || records[0][0] != "Số" || records[0][1] != "Thời gian" {
		t.Fatalf("CSV header %v", records[0])
	}
	me, _ := w.Stores().Users.UserByLogin(context.Background(), webtest.Coord)
	want := w.Changes(datchuan.ChangeFilter{UserID: me.ID, Provinces: []string{"84"}})
	if len(records)-1 != len(want) || len(want) < 2 {
		t.Fatalf("CSV has %d rows, want %d", len(records)-1, len(want))
	}
	for i, ch := range want {
		row := records[i+1]
		if row[0] != strconv.FormatInt(ch.ID, 10) || row[6] != ch.Action || row[13] != ch.After {
			t.Errorf("CSV row %d = %v, want entry %d", i+1, row[:7], ch.ID)
		}
	}
	if records[1][12] == "" || !strings.Contains(records[1][13], "ghi chú huyện khác") {
		t.Error("the CSV lacks the before/after JSON")
	}
}

// The log pages 100 entries at a time, newest first.
func TestAuditPaging(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	me, err := w.Stores().Users.UserByLogin(ctx, webtest.Coord)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 101 {
		ch := datchuan.NewChange(datchuan.Actor{UserID: me.ID, Name: me.Name}, datchuan.ActAssignmentUpdate, "assignment", 1,
			fmt.Sprintf("Sửa lần %d", i), nil, nil)
		ch.Province = "84"
		if err := w.Stores().Changes.Record(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	vpdp := w.As(webtest.Coord)
	page := vpdp.Get("/nhat-ky?nguoi=vpdp")
	if n := strings.Count(page.Body, `<tr id="c-`); n != 100 || !page.Has("Sửa lần 100") || page.Has("Sửa lần 0<") {
		t.Fatalf("first page: %d entries, want the newest 100", n)
	}
	i := strings.Index(page.Body, `id="audit-next"`)
	if i < 0 {
		t.Fatal("no link to the older entries")
	}
	href := page.Body[strings.LastIndex(page.Body[:i], `href="`)+6 : i-2]
	next := vpdp.Get(strings.ReplaceAll(href, "&amp;", "&"))
	if n := strings.Count(next.Body, `<tr id="c-`); next.Status != http.StatusOK || n != 1 || !next.Has("Sửa lần 0<") || next.Has(`id="audit-next"`) {
		t.Errorf("second page (%s): %d with %d entries", href, next.Status, n)
	}
}
