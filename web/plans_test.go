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

// plansPlanID is the ID of Plan 45, from the plans page of Trà Vinh.
func plansPlanID(t *testing.T, w *webtest.World) int64 {
	t.Helper()
	resp := w.As(webtest.Coord).Get("/tinh/84/ke-hoach")
	if resp.Status != http.StatusOK {
		t.Fatalf("plans page: %d\n%.500s", resp.Status, resp.Body)
	}
	m := regexp.MustCompile(`href="/ke-hoach/(\d+)"`).FindStringSubmatch(resp.Body)
	if m == nil {
		t.Fatalf("no plan on the plans page:\n%.2000s", resp.Body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// plansRows are the stored assignments of a plan.
func plansRows(t *testing.T, w *webtest.World, plan int64) []*datchuan.Assignment {
	t.Helper()
	as, err := w.Stores().Plans.Assignments(context.Background(), datchuan.AssignmentFilter{PlanID: plan})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// plansRow is the stored assignment id, nil when there is none.
func plansRow(t *testing.T, w *webtest.World, id int64) *datchuan.Assignment {
	t.Helper()
	as, err := w.Stores().Plans.Assignments(context.Background(), datchuan.AssignmentFilter{IDs: []int64{id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) == 0 {
		return nil
	}
	return as[0]
}

// plansRowVersion is the version the delete form of row id carries on a
// plan page: what the row's forms started from.
func plansRowVersion(t *testing.T, body string, id int64) string {
	t.Helper()
	re := regexp.MustCompile(fmt.Sprintf(`id="del-%d"><input type="hidden" name="csrf" value="[^"]*"><input type="hidden" name="version" value="(\d+)"`, id))
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("row %d has no versioned delete form", id)
	}
	return m[1]
}

func plansAgency(t *testing.T, w *webtest.World, code string) *datchuan.Agency {
	t.Helper()
	as, err := w.Stores().Agencies.FindAgencies(context.Background(), datchuan.AgencyFilter{Code: code})
	if err != nil || len(as) == 0 {
		t.Fatalf("agency %s: %v", code, err)
	}
	return as[0]
}

func plansPage(t *testing.T, c *webtest.Client, plan int64) string {
	t.Helper()
	resp := c.Get(fmt.Sprintf("/ke-hoach/%d", plan))
	if resp.Status != http.StatusOK {
		t.Fatalf("plan page: %d\n%.500s", resp.Status, resp.Body)
	}
	return resp.Body
}

// An assignment row deleted from the table is gone, and the change log
// keeps what it was; a delete from a stale version changes nothing.
func TestAssignmentDelete(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	plan := plansPlanID(t, w)
	rows := plansRows(t, w, plan)
	if len(rows) < 2 {
		t.Fatalf("plan 45 has %d assignments, want several", len(rows))
	}
	a, b := rows[0], rows[1]
	body := plansPage(t, vpdp, plan)
	version := plansRowVersion(t, body, a.ID)

	if resp := w.As(webtest.DeptTNMT).PostForm(fmt.Sprintf("/phan-cong/%d/xoa", a.ID), url.Values{"version": {version}}); resp.Status != http.StatusForbidden {
		t.Errorf("a department deletes an assignment: %d, want 403", resp.Status)
	}
	resp := vpdp.PostForm(fmt.Sprintf("/phan-cong/%d/xoa", a.ID), url.Values{"version": {version}})
	if resp.Status != http.StatusSeeOther || resp.Location() != fmt.Sprintf("/ke-hoach/%d?ok=deleted", plan) {
		t.Fatalf("delete: %d → %q\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	if plansRow(t, w, a.ID) != nil {
		t.Error("the deleted row is still stored")
	}
	if got := len(plansRows(t, w, plan)); got != len(rows)-1 {
		t.Errorf("%d rows after the delete, want %d", got, len(rows)-1)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "assignment", EntityID: a.ID})
	if len(chs) == 0 || chs[0].Action != datchuan.ActAssignmentDelete || chs[0].After != "" ||
		!strings.Contains(chs[0].Before, fmt.Sprintf(`"criterion_code":%q`, a.CriterionCode)) {
		t.Fatalf("no delete entry with the row before: %+v", chs)
	}
	if chs[0].Actor.Name != "Lê Thị Hồng (minh họa)" || chs[0].Province != "84" {
		t.Errorf("delete entry by %q in %q", chs[0].Actor.Name, chs[0].Province)
	}

	// b's form carried version v; someone saves b first: the delete is stale.
	stale := plansRowVersion(t, body, b.ID)
	if resp := vpdp.PostForm(fmt.Sprintf("/phan-cong/%d/xong", b.ID), url.Values{"version": {stale}, "done": {"1"}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("mark done: %d\n%.500s", resp.Status, resp.Body)
	}
	count := w.CountChanges()
	resp = vpdp.PostForm(fmt.Sprintf("/phan-cong/%d/xoa", b.ID), url.Values{"version": {stale}})
	if resp.Status != http.StatusConflict || !resp.Has("đã được người khác sửa") {
		t.Fatalf("stale delete: %d, want 409 with why\n%.1000s", resp.Status, resp.Body)
	}
	if !resp.Has(fmt.Sprintf(`id="a-%d"`, b.ID)) {
		t.Error("the refused delete does not come back on the plan page with its row")
	}
	if got := plansRow(t, w, b.ID); got == nil || !got.Done {
		t.Errorf("a stale delete changed the row: %+v", got)
	}
	if w.CountChanges() != count {
		t.Error("a stale delete wrote to the change log")
	}
}

// Of two edits made from the same version, the first is saved and the
// second gets 409 with the row showing what was typed; an edit of a row
// deleted meanwhile is 404 and never brings the row back.
func TestAssignmentEditConflictAndDeleted(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	plan := plansPlanID(t, w)
	rows := plansRows(t, w, plan)
	a := rows[0]
	body := plansPage(t, vpdp, plan)
	v := plansRowVersion(t, body, a.ID)
	edit := func(deadline, note string) webtest.Response {
		return vpdp.PostForm(fmt.Sprintf("/phan-cong/%d", a.ID), url.Values{"version": {v}, "lead": {strconv.FormatInt(a.LeadID, 10)},
			"deadline": {deadline}, "outputs": {"evaluation"}, "note": {note}})
	}
	first := edit("15/10/2022", "lần một")
	if first.Status != http.StatusSeeOther || !strings.HasPrefix(first.Location(), fmt.Sprintf("/ke-hoach/%d?ok=saved#a-%d", plan, a.ID)) {
		t.Fatalf("first edit: %d → %q\n%.500s", first.Status, first.Location(), first.Body)
	}
	second := edit("20/10/2022", "lần hai")
	if second.Status != http.StatusConflict {
		t.Fatalf("second edit from the same version: %d, want 409\n%.500s", second.Status, second.Body)
	}
	if !second.Has(`value="20/10/2022"`) || !second.Has("đã được người khác sửa") || !second.Has("15/10/2022") {
		t.Error("the refused row does not show what was typed, why, and what is stored")
	}
	got := plansRow(t, w, a.ID)
	if got.Deadline.VN() != "15/10/2022" || got.Note != "lần một" {
		t.Errorf("stored %s %q, want the first edit's", got.Deadline.VN(), got.Note)
	}

	// A bad date comes back beside the row, 422, nothing saved.
	fresh := plansRowVersion(t, plansPage(t, vpdp, plan), a.ID)
	v = fresh
	if resp := edit("31/02/2022", "sai"); resp.Status != http.StatusUnprocessableEntity || !resp.Has(`value="31/02/2022"`) {
		t.Errorf("bad deadline: %d\n%.500s", resp.Status, resp.Body)
	}

	n := len(plansRows(t, w, plan))
	if resp := vpdp.PostForm(fmt.Sprintf("/phan-cong/%d/xoa", a.ID), url.Values{"version": {fresh}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d\n%.500s", resp.Status, resp.Body)
	}
	if resp := edit("25/10/2022", "sau khi xóa"); resp.Status != http.StatusNotFound {
		t.Errorf("edit of a deleted row: %d, want 404", resp.Status)
	}
	if resp := vpdp.PostForm(fmt.Sprintf("/phan-cong/%d/xong", a.ID), url.Values{"version": {fresh}}); resp.Status != http.StatusNotFound {
		t.Errorf("done of a deleted row: %d, want 404", resp.Status)
	}
	if got := len(plansRows(t, w, plan)); got != n-1 || plansRow(t, w, a.ID) != nil {
		t.Errorf("%d rows after editing a deleted one, want %d and the row gone", got, n-1)
	}
}

// A bulk assignment writes one row per commune and one change-log entry;
// a refused one comes back with what was typed and writes nothing.
func TestBulkAssign(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	plan := plansPlanID(t, w)
	tnmt := plansAgency(t, w, "84-STNMT")
	before, count := len(plansRows(t, w, plan)), w.CountChanges()

	form := url.Values{"criterion": {"17"}, "district": {"848"}, "deadline": {"30/11/2022"}, "outputs": {"evaluation"}, "note": {"ghi chú"}}
	resp := vpdp.PostForm(fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), form)
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(`<p class="err">Chọn cơ quan chủ trì`) {
		t.Fatalf("no lead: %d, want 422 with the field marked\n%.500s", resp.Status, resp.Body)
	}
	if !resp.Has(`value="30/11/2022"`) || !resp.Has(`value="ghi chú"`) {
		t.Error("the refused form lost what was typed")
	}
	if w.CountChanges() != count || len(plansRows(t, w, plan)) != before {
		t.Fatal("a refused assignment wrote something")
	}

	form.Set("lead", strconv.FormatInt(tnmt.ID, 10))
	resp = vpdp.PostForm(fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), form)
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("assign: %d\n%.500s", resp.Status, resp.Body)
	}
	after := len(plansRows(t, w, plan))
	if after <= before || resp.Location() != fmt.Sprintf("/ke-hoach/%d?ok=%d", plan, after-before) {
		t.Errorf("assign → %q with %d new rows", resp.Location(), after-before)
	}
	if got := w.CountChanges(); got != count+1 {
		t.Errorf("%d change-log entries for one bulk assignment, want 1", got-count)
	}
	if chs := w.Changes(datchuan.ChangeFilter{Limit: 1}); chs[0].Action != datchuan.ActAssign || chs[0].Province != "84" {
		t.Errorf("entry %+v", chs[0])
	}
	if resp := w.As(webtest.Leader).PostForm(fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), form); resp.Status != http.StatusForbidden {
		t.Errorf("a leader assigns: %d, want 403", resp.Status)
	}
}

// The assignment table goes out to Excel and comes back in unchanged; a
// file that is no table, or no file, changes nothing.
func TestAssignmentsXLSXRoundTrip(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	plan := plansPlanID(t, w)
	rows := plansRows(t, w, plan)

	resp := vpdp.Get(fmt.Sprintf("/ke-hoach/%d/phan-cong.xlsx", plan))
	if resp.Status != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(resp.Body, "PK") {
		t.Fatalf("export: %d %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	path := fmt.Sprintf("/ke-hoach/%d/phan-cong.xlsx", plan)
	count := w.CountChanges()
	bad := vpdp.PostMultipart(path, nil, webtest.File{Field: "file", Name: "bang.xlsx", Data: []byte("không phải Excel")})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has("Không nhập tệp") {
		t.Errorf("garbage import: %d\n%.500s", bad.Status, bad.Body)
	}
	none := vpdp.PostMultipart(path, nil)
	if none.Status != http.StatusUnprocessableEntity || !none.Has("Chọn tệp Excel") {
		t.Errorf("import without a file: %d\n%.500s", none.Status, none.Body)
	}
	if w.CountChanges() != count {
		t.Error("a refused import wrote to the change log")
	}

	back := vpdp.PostMultipart(path, nil, webtest.File{Field: "file", Name: "phan-cong.xlsx", Data: []byte(resp.Body)})
	if back.Status != http.StatusSeeOther || back.Location() != fmt.Sprintf("/ke-hoach/%d?ok=imported", plan) {
		t.Fatalf("import back: %d → %q\n%.1000s", back.Status, back.Location(), back.Body)
	}
	after := plansRows(t, w, plan)
	if len(after) != len(rows) {
		t.Errorf("%d rows after the round trip, want %d", len(after), len(rows))
	}
	for i := range after {
		if i < len(rows) && (after[i].UnitID != rows[i].UnitID || after[i].LeadID != rows[i].LeadID || after[i].Deadline != rows[i].Deadline) {
			t.Errorf("row %d changed: %+v → %+v", i, rows[i], after[i])
		}
	}
	if w.CountChanges() != count+1 {
		t.Errorf("an import wrote %d entries, want 1", w.CountChanges()-count)
	}
}

// A plan is created by the coordination office; a refused one keeps what
// was typed.
func TestCreatePlan(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	form := url.Values{"number": {"46/KH-BCĐ"}, "date": {"30/06/2022"}, "issuer": {"BCĐ tỉnh"}}
	resp := vpdp.PostMultipart("/tinh/84/ke-hoach", form)
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(`value="46/KH-BCĐ"`) || !resp.Has(`class="field bad"`) {
		t.Fatalf("plan without a title: %d\n%.500s", resp.Status, resp.Body)
	}
	form.Set("title", "Kế hoạch thử")
	resp = vpdp.PostMultipart("/tinh/84/ke-hoach", form, webtest.File{Field: "files", Name: "ke-hoach.pdf", Data: webtest.PDF})
	if resp.Status != http.StatusSeeOther || !strings.HasPrefix(resp.Location(), "/ke-hoach/") {
		t.Fatalf("create: %d\n%.500s", resp.Status, resp.Body)
	}
	page := vpdp.Get(resp.Location())
	if !page.Has("46/KH-BCĐ") || !page.Has("ke-hoach.pdf") {
		t.Errorf("the new plan's page lacks its number or file\n%.1000s", page.Body)
	}
	count := w.CountChanges()
	resp = w.As(webtest.DeptXD).PostMultipart("/tinh/84/ke-hoach", form, webtest.File{Field: "files", Name: "khac.pdf", Data: []byte("%PDF-1.4\n%khac\n")})
	if resp.Status != http.StatusForbidden || w.CountChanges() != count {
		t.Errorf("a department writes a plan: %d, want 403 and nothing stored", resp.Status)
	}
}
