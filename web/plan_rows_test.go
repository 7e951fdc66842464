package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

// planDistrictUnits are the units of district code on the plan's date, by
// type word ("Xã", "Thị trấn").
func planDistrictUnits(t *testing.T, w *webtest.World, plan int64, code string) map[string][]*datchuan.Unit {
	t.Helper()
	ctx := context.Background()
	p, err := w.Stores().Plans.Plan(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	tree := datchuan.NewUnitTree(w.Stores().Units, w.Clock().Now)
	d, _, err := tree.Resolve(ctx, datchuan.LevelDistrict, code, p.Date)
	if err != nil {
		t.Fatal(err)
	}
	kids, err := tree.Children(ctx, d, p.Date)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]*datchuan.Unit{}
	for _, u := range kids {
		out[u.Type] = append(out[u.Type], u)
	}
	return out
}

// "Every commune of Cầu Ngang" on a commune NTM plan is its xã: criterion
// 17 goes to each xã of district 848 as of the plan's date, and to none
// of its thị trấn; the choice list offers the units by district, and no
// thị trấn; a thị trấn chosen by hand is refused.
func TestBulkAssignFollowsTheSet(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	plan := plansPlanID(t, w)
	units := planDistrictUnits(t, w, plan, "848")
	xa, towns := units[datchuan.TypeCommune], units[datchuan.TypeTown]
	if len(xa) == 0 || len(towns) == 0 {
		t.Fatalf("district 848 on the plan's date: %d xã, %d thị trấn; the test needs both", len(xa), len(towns))
	}
	lead := strconv.FormatInt(plansAgency(t, w, "84-STNMT").ID, 10)

	resp := vpdp.PostForm(fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), url.Values{"criterion": {"17"}, "district": {"848"},
		"lead": {lead}, "deadline": {"30/11/2022"}, "outputs": {"evaluation"}})
	if want := fmt.Sprintf("/ke-hoach/%d?ok=%d", plan, len(xa)); resp.Status != http.StatusSeeOther || resp.Location() != want {
		t.Fatalf("assign 17 to district 848: %d → %q, want %q (one row per xã)", resp.Status, resp.Location(), want)
	}
	assigned := map[int64]bool{}
	for _, a := range plansRows(t, w, plan) {
		if a.CriterionCode == "17" {
			assigned[a.UnitID] = true
		}
	}
	for _, u := range xa {
		if !assigned[u.ID] {
			t.Errorf("%s (xã) has no assignment of criterion 17", u.Name)
		}
	}
	for _, u := range towns {
		if assigned[u.ID] {
			t.Errorf("%s (thị trấn) was given criterion 17 of the commune NTM set", u.Name)
		}
	}

	// The choice list: Cầu Ngang's group holds exactly its xã.
	body := plansPage(t, vpdp, plan)
	i := strings.Index(body, "<summary>Huyện Cầu Ngang")
	if i < 0 {
		t.Fatal("the choice list has no group for Huyện Cầu Ngang")
	}
	group := body[i : i+strings.Index(body[i:], "</details>")]
	if got := strings.Count(group, `name="units"`); got != len(xa) {
		t.Errorf("Cầu Ngang's group offers %d units, want its %d xã", got, len(xa))
	}
	for _, u := range xa {
		if !strings.Contains(group, fmt.Sprintf(`name="units" value="%s"`, u.Code)) {
			t.Errorf("%s is not offered under Cầu Ngang", u.Name)
		}
	}
	for _, u := range towns {
		if strings.Contains(body, fmt.Sprintf(`name="units" value="%s"`, u.Code)) {
			t.Errorf("%s (thị trấn) is offered for the commune NTM set", u.Name)
		}
	}
	if n := strings.Count(body, `name="units" value="`); n >= 100 {
		t.Errorf("the choice list offers %d units: the whole province, towns and wards included", n)
	}

	// A thị trấn chosen by hand is refused, and nothing is written.
	count := w.CountChanges()
	resp = vpdp.PostForm(fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), url.Values{"criterion": {"17"}, "units": {towns[0].Code},
		"lead": {lead}, "deadline": {"30/11/2022"}, "outputs": {"evaluation"}})
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(towns[0].Name+" không được đánh giá theo") {
		t.Errorf("a thị trấn chosen by hand: %d, want 422 saying why\n%.500s", resp.Status, resp.Body)
	}
	if w.CountChanges() != count {
		t.Error("a refused assignment wrote to the change log")
	}
}

// The plan's table is read-only: after a bulk assignment its page has the
// bulk form's lists and no list per row, and no date box cut short; a row
// is edited on its own page, from the version it shows, and a stale edit
// there is 409 with what was typed kept.
func TestPlanRowsReadOnlyEditOnTheirPage(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	plan := plansPlanID(t, w)
	lead := strconv.FormatInt(plansAgency(t, w, "84-STNMT").ID, 10)
	if resp := vpdp.PostForm(fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), url.Values{"criterion": {"17"}, "district": {"848"},
		"lead": {lead}, "deadline": {"30/11/2022"}, "outputs": {"evaluation"}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("bulk assignment: %d\n%.500s", resp.Status, resp.Body)
	}
	rows := plansRows(t, w, plan)
	body := plansPage(t, vpdp, plan)
	if got := strings.Count(body, `<tr id="a-`); got != len(rows) || got < 20 {
		t.Fatalf("the table shows %d rows of %d", got, len(rows))
	}
	// criterion, district and lead of the bulk form: nothing per row.
	if got := strings.Count(body, "<select"); got != 3 {
		t.Errorf("the plan page has %d lists for %d rows, want the bulk form's 3", got, len(rows))
	}
	if strings.Contains(body, `name="deadline" form=`) {
		t.Error("a row still has a deadline box")
	}

	a := rows[0]
	edit := fmt.Sprintf("/phan-cong/%d", a.ID)
	if !strings.Contains(body, `href="`+edit+`"`) {
		t.Fatalf("row %d has no link to its edit page", a.ID)
	}
	page := vpdp.Get(edit)
	if page.Status != http.StatusOK || !page.Has(`id="row-form"`) || page.Version() != strconv.Itoa(a.Version) {
		t.Fatalf("edit page: %d, version %q (want %d)\n%.500s", page.Status, page.Version(), a.Version, page.Body)
	}
	if !page.Has(fmt.Sprintf(`value="%s"`, a.Deadline.VN())) {
		t.Error("the edit page does not show the stored deadline")
	}
	v := page.Version()
	form := func(version, deadline, note string) url.Values {
		return url.Values{"version": {version}, "lead": {strconv.FormatInt(a.LeadID, 10)}, "supports_edit": {"1"},
			"deadline": {deadline}, "outputs": {"evaluation"}, "note": {note}}
	}
	resp := vpdp.PostForm(edit, form(v, "15/10/2022", "lần một"))
	if resp.Status != http.StatusSeeOther || resp.Location() != fmt.Sprintf("/ke-hoach/%d?ok=saved#a-%d", plan, a.ID) {
		t.Fatalf("save from the edit page: %d → %q\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	if got := plansRow(t, w, a.ID); got.Deadline.VN() != "15/10/2022" || got.Note != "lần một" {
		t.Errorf("stored %s %q after the edit", got.Deadline.VN(), got.Note)
	}

	// Someone else's edit from the same version: 409 on the edit page,
	// what was typed kept, the stored row in view, nothing overwritten.
	count := w.CountChanges()
	stale := vpdp.PostForm(edit, form(v, "20/10/2022", "lần hai"))
	if stale.Status != http.StatusConflict || !stale.Has(`id="row-form"`) {
		t.Fatalf("stale edit: %d, want 409 on the edit page\n%.500s", stale.Status, stale.Body)
	}
	if !stale.Has(`value="20/10/2022"`) || !stale.Has(`value="lần hai"`) || !stale.Has("15/10/2022") || !stale.Has("đã được người khác sửa") {
		t.Error("the refused edit does not keep what was typed, show what is stored and say why")
	}
	if got := plansRow(t, w, a.ID); got.Note != "lần một" || w.CountChanges() != count {
		t.Errorf("a stale edit changed the row (%q) or the log", got.Note)
	}
	// Saving again from there is a choice made with the other change in view.
	again := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(stale.Body)
	if again == nil || again[1] == v {
		t.Fatalf("the refused form still carries the stale version %v", again)
	}
	if resp := vpdp.PostForm(edit, form(again[1], "20/10/2022", "lần hai")); resp.Status != http.StatusSeeOther {
		t.Errorf("saving again from the refused form: %d", resp.Status)
	}

	// The edit page is for who may edit the plan.
	if resp := w.As(webtest.DeptTNMT).Get(edit); resp.Status != http.StatusForbidden {
		t.Errorf("a department opens the edit page: %d, want 403", resp.Status)
	}
}
