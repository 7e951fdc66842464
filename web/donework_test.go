package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/remind"
	"github.com/datchuan/datchuan/web/webtest"
	"github.com/datchuan/datchuan/work"
)

// metCommune is a commune of Cầu Ngang that the demo has at 19/19: Vĩnh Kim.
const metCommune = "29431"

// doneWorld is the demo with, beside Plan 45's criterion 1 for every xã of
// Cầu Ngang (Sở Xây dựng leads, outputs include "Đánh giá, xác nhận", due
// 31/08/2022), three more assignments of Vĩnh Kim (19/19) to Sở XD: a
// document-only one already late (criterion 2), one done by its result due
// soon (criterion 3), and a document-only one due soon (criterion 4).
type doneWorld struct {
	*webtest.World
	plan                      int64
	crit1, docLate, evalSoon  *datchuan.Assignment
	docSoon                   *datchuan.Assignment
	vinhKim                   *datchuan.Unit
	criterion1ConfirmedOnDate datchuan.Date
}

func newDoneWorld(t *testing.T) *doneWorld {
	t.Helper()
	ctx := context.Background()
	w := &doneWorld{World: webtest.New(t)}
	w.plan = plansPlanID(t, w.World)
	units, err := w.Stores().Units.FindUnits(ctx, datchuan.UnitFilter{Code: metCommune, Level: datchuan.LevelCommune, On: datchuan.NewDate(2022, 9, 1)})
	if err != nil || len(units) != 1 {
		t.Fatalf("commune %s: %v %v", metCommune, units, err)
	}
	w.vinhKim = units[0]
	for _, a := range plansRows(t, w.World, w.plan) {
		if a.UnitID == w.vinhKim.ID && a.CriterionCode == "1" {
			w.crit1 = a
		}
	}
	if w.crit1 == nil || !w.crit1.HasOutput(datchuan.OutputEvaluation) || w.crit1.Done {
		t.Fatalf("Plan 45 has no open criterion 1 for Vĩnh Kim done by its result: %+v", w.crit1)
	}
	sxd := plansAgency(t, w.World, "84-SXD").ID
	soon := datchuan.NewDate(2022, 9, 5)
	mk := func(crit string, due datchuan.Date, outputs ...datchuan.Output) *datchuan.Assignment {
		return &datchuan.Assignment{PlanID: w.plan, UnitID: w.vinhKim.ID, SetID: demo.CommuneSet, CriterionCode: crit,
			LeadID: sxd, Deadline: due, Outputs: outputs}
	}
	w.docLate = mk("2", datchuan.NewDate(2022, 8, 30), datchuan.OutputGuidance, datchuan.OutputDossier)
	w.evalSoon = mk("3", soon, datchuan.OutputEvaluation)
	w.docSoon = mk("4", soon, datchuan.OutputReport)
	if err := w.Stores().Plans.Assign(ctx, []*datchuan.Assignment{w.docLate, w.evalSoon, w.docSoon}); err != nil {
		t.Fatal(err)
	}

	// Vĩnh Kim meets criteria 1 to 4 with confirmed values; criterion 1
	// became met the day its last value was confirmed.
	vals, err := w.Stores().Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{w.vinhKim.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	for _, v := range vals {
		if strings.HasPrefix(v.IndicatorCode, "1.") && v.ReviewedAt.After(last) {
			last = v.ReviewedAt
		}
	}
	w.criterion1ConfirmedOnDate = datchuan.DateOf(last.In(datchuan.Vietnam()))
	var st struct {
		Statuses []struct {
			Result struct {
				SetID    string                          `json:"set_id"`
				Criteria []struct{ Code, Status string } `json:"criteria"`
			} `json:"result"`
		} `json:"statuses"`
	}
	w.As(webtest.District).JSON("/api/units/"+metCommune+"/status", &st)
	met := map[string]bool{}
	for _, s := range st.Statuses {
		if s.Result.SetID != demo.CommuneSet {
			continue
		}
		for _, c := range s.Result.Criteria {
			met[c.Code] = c.Status == "met"
		}
	}
	if !met["1"] || !met["2"] || !met["3"] || !met["4"] {
		t.Fatalf("the demo's Vĩnh Kim no longer meets criteria 1–4: %v", met)
	}
	return w
}

// assignmentRow is the row of assignment id on a page ("" when absent).
func assignmentRow(body string, id int64) string {
	return between(body, fmt.Sprintf(`<tr id="a-%d"`, id), "</tr>")
}

var (
	overdueCount = regexp.MustCompile(`id="count-overdue">(\d+)<`)
	soonCount    = regexp.MustCompile(`id="count-soon">(\d+)<`)
	navOverdue   = regexp.MustCompile(`<span class="count warn" title="Quá hạn">(\d+)<`)
)

func firstNumber(re *regexp.Regexp, body string) string {
	if m := re.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return "none"
}

// An assignment whose output is the criterion being met is done while its
// unit's confirmed values meet it: "my work" shows it met with the day,
// neither overdue nor due soon, and the navigation, the page and the
// digest count alike. Document-only assignments stay as they are.
func TestAssignmentMetByItsResult(t *testing.T) {
	w := newDoneWorld(t)
	resp := w.As(webtest.DeptXD).Get("/viec-cua-toi")
	if resp.Status != http.StatusOK {
		t.Fatalf("my work: %d\n%.500s", resp.Status, resp.Body)
	}
	metText := "✓ đạt ngày " + w.criterion1ConfirmedOnDate.VN()
	for _, c := range []struct {
		name             string
		a                *datchuan.Assignment
		met, late, soon  bool
		metDayIsLastDone bool
	}{
		{"criterion 1, met, past its deadline", w.crit1, true, false, false, true},
		{"criterion 2, documents only, late", w.docLate, false, true, false, false},
		{"criterion 3, met, due soon", w.evalSoon, true, false, false, false},
		{"criterion 4, documents only, due soon", w.docSoon, false, false, true, false},
	} {
		row := assignmentRow(resp.Body, c.a.ID)
		if row == "" {
			t.Errorf("%s: not in my work", c.name)
			continue
		}
		if got := strings.Contains(row, "✓ đạt ngày"); got != c.met {
			t.Errorf("%s: shown met %v, want %v\n%s", c.name, got, c.met, row)
		}
		if c.metDayIsLastDone && !strings.Contains(row, metText) {
			t.Errorf("%s: want %q, the day its last value was confirmed\n%s", c.name, metText, row)
		}
		if got := strings.Contains(row, "quá hạn"); got != c.late {
			t.Errorf("%s: overdue %v, want %v\n%s", c.name, got, c.late, row)
		}
		if got := strings.Contains(row, "sắp đến hạn"); got != c.soon {
			t.Errorf("%s: due soon %v, want %v\n%s", c.name, got, c.soon, row)
		}
	}

	// The counts: the page's, the navigation's and the digest's agree with
	// the rows the page marks.
	late := strings.Count(resp.Body, `<span class="st-not_met">⚠ quá hạn</span>`)
	soon := strings.Count(resp.Body, `⏰ sắp đến hạn`)
	if got := firstNumber(overdueCount, resp.Body); got != fmt.Sprint(late) {
		t.Errorf("my work counts %s overdue, its rows %d", got, late)
	}
	if got := firstNumber(soonCount, resp.Body); got != fmt.Sprint(soon) {
		t.Errorf("my work counts %s due soon, its rows %d", got, soon)
	}
	if got := firstNumber(navOverdue, resp.Body); got != fmt.Sprint(late) {
		t.Errorf("the navigation counts %s overdue, my work %d", got, late)
	}
	subject, body := digestOf(t, w.World, webtest.DeptXD)
	if want := fmt.Sprintf("%d việc quá hạn", late); !strings.Contains(subject, want) {
		t.Errorf("digest subject %q lacks %q", subject, want)
	}
	if want := fmt.Sprintf("QUÁ HẠN (%d):", late); !strings.Contains(body, want) {
		t.Errorf("digest lacks %q:\n%s", want, body)
	}
	if strings.Contains(body, "Xã Vĩnh Kim, tiêu chí 1 ") || strings.Contains(body, "Xã Vĩnh Kim, tiêu chí 3 ") {
		t.Errorf("the digest lists work met by its result:\n%s", body)
	}

	// The plan page shows the same.
	plan := plansPage(t, w.As(webtest.DeptXD), w.plan)
	if row := assignmentRow(plan, w.crit1.ID); !strings.Contains(row, metText) || strings.Contains(row, "quá hạn") {
		t.Errorf("plan page: criterion 1 of Vĩnh Kim is not shown met on %s:\n%s", w.criterion1ConfirmedOnDate.VN(), row)
	}
	if row := assignmentRow(plan, w.docLate.ID); strings.Contains(row, "đạt ngày") || !strings.Contains(row, "quá hạn") {
		t.Errorf("plan page: a document-only assignment is not left overdue:\n%s", row)
	}
}

// digestOf is the reminder digest of login for today, as the reminder
// job writes it.
func digestOf(t *testing.T, w *webtest.World, login string) (subject, body string) {
	t.Helper()
	ctx := context.Background()
	u, err := w.Stores().Users.UserByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	tree := datchuan.NewUnitTree(w.Stores().Units, w.Clock().Now)
	acc, err := datchuan.LoadAccess(ctx, u, tree, w.Stores().Agencies)
	if err != nil {
		t.Fatal(err)
	}
	wk, err := work.NewFinder(w.Stores(), w.Sets, tree).For(ctx, u, acc, datchuan.Today(w.Clock().Now))
	if err != nil {
		t.Fatal(err)
	}
	subject, body, ok := remind.Digest(u, wk, "http://x")
	if !ok {
		t.Fatalf("no digest for %s", login)
	}
	return subject, body
}

// The lead department marks its own assignment done and opens it again,
// from the plan page and from "my work"; each is logged. Another
// department may not.
func TestLeadMarksItsAssignmentDone(t *testing.T) {
	w := newDoneWorld(t)
	a := w.docLate
	sxd, tnmt := w.As(webtest.DeptXD), w.As(webtest.DeptTNMT)
	path := fmt.Sprintf("/phan-cong/%d/xong", a.ID)
	form := `id="done-` + fmt.Sprint(a.ID) + `"`

	mine := sxd.Get("/viec-cua-toi")
	if !strings.Contains(assignmentRow(mine.Body, a.ID), form) {
		t.Errorf("my work of the lead department offers no 'mark done' on its assignment")
	}
	if strings.Contains(assignmentRow(tnmt.Get("/viec-cua-toi").Body, w.crit1.ID), `id="done-`) {
		t.Errorf("my work of a supporting department offers 'mark done'")
	}
	if !strings.Contains(assignmentRow(plansPage(t, sxd, w.plan), a.ID), form) {
		t.Errorf("the plan page offers the lead department no 'mark done'")
	}
	if strings.Contains(assignmentRow(plansPage(t, tnmt, w.plan), a.ID), form) {
		t.Errorf("the plan page offers another department 'mark done'")
	}

	before := w.CountChanges()
	version := fmt.Sprint(plansRow(t, w.World, a.ID).Version)
	if resp := tnmt.PostForm(path, url.Values{"version": {version}, "done": {"1"}}); resp.Status != http.StatusForbidden {
		t.Errorf("another department marks it done: %d, want 403", resp.Status)
	}
	if plansRow(t, w.World, a.ID).Done || w.CountChanges() != before {
		t.Fatal("a refused 'mark done' changed the row or the log")
	}

	resp := sxd.PostForm(path, url.Values{"version": {version}, "done": {"1"}, "from": {"viec-cua-toi"}})
	if resp.Status != http.StatusSeeOther || resp.Location() != fmt.Sprintf("/viec-cua-toi#a-%d", a.ID) {
		t.Fatalf("the lead marks it done from my work: %d → %q\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	row := plansRow(t, w.World, a.ID)
	if !row.Done {
		t.Fatal("not stored done")
	}
	resp = sxd.PostForm(path, url.Values{"version": {fmt.Sprint(row.Version)}, "done": {"0"}})
	if resp.Status != http.StatusSeeOther || resp.Location() != fmt.Sprintf("/ke-hoach/%d?ok=saved#a-%d", w.plan, a.ID) {
		t.Fatalf("the lead reopens it: %d → %q\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	if plansRow(t, w.World, a.ID).Done {
		t.Fatal("still done after reopening")
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "assignment", EntityID: a.ID})
	if len(chs) < 2 || !strings.HasPrefix(chs[0].Summary, "Mở lại") || !strings.HasPrefix(chs[1].Summary, "Đánh dấu xong") {
		t.Fatalf("change log of the assignment: %+v", chs)
	}
	if name := chs[0].Actor.Name; name == "" || chs[0].Actor.Name != chs[1].Actor.Name || chs[0].Province != "84" {
		t.Errorf("entries by %q and %q in %q", chs[0].Actor.Name, chs[1].Actor.Name, chs[0].Province)
	}
	// Marking done is all the lead may do: the table stays the office's.
	if resp := sxd.PostForm(fmt.Sprintf("/phan-cong/%d/xoa", a.ID), url.Values{"version": {fmt.Sprint(plansRow(t, w.World, a.ID).Version)}}); resp.Status != http.StatusForbidden {
		t.Errorf("the lead deletes its assignment: %d, want 403", resp.Status)
	}
}
