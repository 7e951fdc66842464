package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

// approvalsDraft drafts an item as the client and returns its ID.
func approvalsDraft(t *testing.T, c *webtest.Client, title string) int64 {
	t.Helper()
	resp := c.PostMultipart("/phe-duyet?tinh=84", url.Values{"title": {title}, "criterion": {"17"}, "units": {"29446"}},
		webtest.File{Field: "files", Name: "to-trinh.pdf", Data: webtest.PDF})
	m := regexp.MustCompile(`^/phe-duyet/(\d+)\?ok=created$`).FindStringSubmatch(resp.Location())
	if resp.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("draft: %d → %q\n%.1000s", resp.Status, resp.Location(), resp.Body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// approvalsMove posts a move from the version the item's page shows now.
func approvalsMove(t *testing.T, c *webtest.Client, id int64, verb string, form url.Values) webtest.Response {
	t.Helper()
	page := c.Get(fmt.Sprintf("/phe-duyet/%d", id))
	if page.Status != http.StatusOK {
		t.Fatalf("item page: %d\n%.500s", page.Status, page.Body)
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set("version", page.Version())
	return c.PostForm(fmt.Sprintf("/phe-duyet/%d/%s", id, verb), form)
}

// An item drafted by a department, submitted, then approved by the
// coordination office shows every step on its page, with who and when.
func TestApprovalHistory(t *testing.T) {
	w := webtest.New(t)
	tnmt, vpdp := w.As(webtest.DeptTNMT), w.As(webtest.Coord)
	id := approvalsDraft(t, tnmt, "Hồ sơ đề nghị công nhận tiêu chí 17 xã Nhị Trường")
	if resp := vpdp.Get(fmt.Sprintf("/phe-duyet/%d", id)); resp.Status != http.StatusOK {
		t.Errorf("the coordination office cannot see a draft: %d", resp.Status)
	}
	if resp := w.As(webtest.DeptXD).Get(fmt.Sprintf("/phe-duyet/%d", id)); resp.Status != http.StatusForbidden {
		t.Errorf("another department sees the draft: %d, want 403", resp.Status)
	}

	w.Clock().Advance(time.Hour)
	if resp := approvalsMove(t, tnmt, id, "trinh", nil); resp.Status != http.StatusSeeOther || resp.Location() != fmt.Sprintf("/phe-duyet/%d?ok=submitted", id) {
		t.Fatalf("submit: %d → %q\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	if resp := approvalsMove(t, tnmt, id, "duyet", url.Values{"decision_number": {"1/QĐ"}, "decision_date": {"01/09/2022"}}); resp.Status != http.StatusForbidden {
		t.Errorf("the department approves its own item: %d, want 403", resp.Status)
	}
	w.Clock().Advance(90 * time.Minute)
	noDate := approvalsMove(t, vpdp, id, "duyet", url.Values{"decision_number": {"1234/QĐ-UBND"}})
	if noDate.Status != http.StatusUnprocessableEntity || !noDate.Has(`id="err-decision_date"`) || !noDate.Has(`value="1234/QĐ-UBND"`) {
		t.Errorf("approval without a date: %d, want 422 beside the date with the number kept\n%.500s", noDate.Status, noDate.Body)
	}
	resp := approvalsMove(t, vpdp, id, "duyet", url.Values{"decision_number": {"1234/QĐ-UBND"}, "decision_date": {"01/09/2022"}})
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%.500s", resp.Status, resp.Body)
	}

	page := w.As(webtest.Leader).Get(fmt.Sprintf("/phe-duyet/%d", id))
	if page.Status != http.StatusOK {
		t.Fatalf("item page for a leader: %d", page.Status)
	}
	start := strings.Index(page.Body, `id="history"`)
	end := strings.Index(page.Body[start:], "</ol>")
	if start < 0 || end < 0 {
		t.Fatalf("no history on the page\n%.2000s", page.Body)
	}
	history := page.Body[start : start+end]
	steps := []string{
		"01/09/2022 08:00</strong>: lập dự thảo — Phạm Văn Tài (minh họa)",
		"01/09/2022 09:00</strong>: trình UBND tỉnh — Phạm Văn Tài (minh họa)",
		"01/09/2022 10:30</strong>: UBND tỉnh phê duyệt: quyết định số <strong>1234/QĐ-UBND</strong> ngày <strong>01/09/2022</strong> — ghi nhận: Lê Thị Hồng (minh họa)",
	}
	at := 0
	for _, step := range steps {
		i := strings.Index(history[at:], step)
		if i < 0 {
			t.Fatalf("history lacks, in order, %q:\n%s", step, history)
		}
		at += i + len(step)
	}
	if n := strings.Count(history, "<li>"); n != len(steps) {
		t.Errorf("history has %d steps, want %d:\n%s", n, len(steps), history)
	}
}

// A move from a version that is no longer the item's is 409 and changes
// nothing; a return needs a reason.
func TestApprovalStaleMove(t *testing.T) {
	w := webtest.New(t)
	tnmt, vpdp := w.As(webtest.DeptTNMT), w.As(webtest.Coord)
	id := approvalsDraft(t, tnmt, "Hồ sơ thử")
	if resp := approvalsMove(t, tnmt, id, "trinh", nil); resp.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.Status)
	}
	seen := vpdp.Get(fmt.Sprintf("/phe-duyet/%d", id)).Version()
	noReason := vpdp.PostForm(fmt.Sprintf("/phe-duyet/%d/tra-lai", id), url.Values{"version": {seen}})
	if noReason.Status != http.StatusUnprocessableEntity || !noReason.Has(`id="err-reason"`) {
		t.Errorf("return without a reason: %d\n%.500s", noReason.Status, noReason.Body)
	}
	if resp := vpdp.PostForm(fmt.Sprintf("/phe-duyet/%d/tra-lai", id), url.Values{"version": {seen}, "reason": {"Thiếu biên bản"}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("return: %d\n%.500s", resp.Status, resp.Body)
	}
	count := w.CountChanges()
	stale := vpdp.PostForm(fmt.Sprintf("/phe-duyet/%d/duyet", id), url.Values{"version": {seen},
		"decision_number": {"9/QĐ"}, "decision_date": {"01/09/2022"}})
	if stale.Status != http.StatusConflict || !stale.Has(`id="problem"`) {
		t.Fatalf("stale approval: %d, want 409 with the problem\n%.500s", stale.Status, stale.Body)
	}
	a, err := w.Stores().Approvals.Approval(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != datchuan.ApprovalReturned || a.Reason != "Thiếu biên bản" || w.CountChanges() != count {
		t.Errorf("a stale move changed the item: %s %q", a.State, a.Reason)
	}
	list := w.As(webtest.Leader).Get("/phe-duyet")
	if list.Status != http.StatusOK || !list.Has("Hồ sơ thử") || !list.Has("Thiếu biên bản") {
		t.Errorf("the list lacks the returned item: %d", list.Status)
	}
}

// An item may serve any criteria set of the province: a district
// criterion with its district; a district criterion is refused for a
// commune, with what was typed kept.
func TestApprovalAnySet(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	form := vpdp.Get("/phe-duyet?tinh=84")
	m := regexp.MustCompile(`<option value="([^"|]*district[^"|]*)\|([^"]+)"`).FindStringSubmatch(form.Body)
	if m == nil {
		t.Fatalf("the form offers no district criterion\n%.3000s", form.Body)
	}
	choice := m[1] + "|" + m[2]
	agency := regexp.MustCompile(`name="agency">(?:<option value="">—</option>)?<option value="(\d+)"`).FindStringSubmatch(form.Body)
	if agency == nil {
		t.Fatalf("no agency to choose\n%.3000s", form.Body)
	}
	bad := vpdp.PostMultipart("/phe-duyet?tinh=84", url.Values{"title": {"Hồ sơ tiêu chí huyện"}, "criterion": {choice}, "units": {"29446"}, "agency": {agency[1]}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has("thuộc bộ tiêu chí cấp huyện") || !bad.Has("Hồ sơ tiêu chí huyện") {
		t.Errorf("a district criterion for a commune: %d\n%.800s", bad.Status, bad.Body)
	}
	resp := vpdp.PostMultipart("/phe-duyet?tinh=84", url.Values{"title": {"Hồ sơ tiêu chí huyện"}, "criterion": {choice}, "units": {"848"}, "agency": {agency[1]}})
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("a district criterion for its district: %d\n%.800s", resp.Status, resp.Body)
	}
	id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(resp.Location(), "/phe-duyet/"), "?ok=created"), 10, 64)
	a, err := w.Stores().Approvals.Approval(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.SetID != m[1] || a.CriterionCode != m[2] || len(a.UnitIDs) != 1 {
		t.Errorf("stored %q %q %v, want %q %q and one unit", a.SetID, a.CriterionCode, a.UnitIDs, m[1], m[2])
	}
}

// The signed decision, scanned, is kept with an approved item: sent with
// the approval, or added later by the coordination office, never by a
// department, never from a stale page; it stays downloadable.
func TestApprovalSignedDecision(t *testing.T) {
	w := webtest.New(t)
	tnmt, vpdp := w.As(webtest.DeptTNMT), w.As(webtest.Coord)
	approve := func(title string, files ...webtest.File) int64 {
		t.Helper()
		id := approvalsDraft(t, tnmt, title)
		if resp := approvalsMove(t, tnmt, id, "trinh", nil); resp.Status != http.StatusSeeOther {
			t.Fatalf("submit: %d", resp.Status)
		}
		seen := vpdp.Get(fmt.Sprintf("/phe-duyet/%d", id)).Version()
		resp := vpdp.PostMultipart(fmt.Sprintf("/phe-duyet/%d/duyet", id), url.Values{"version": {seen},
			"decision_number": {"1234/QĐ-UBND"}, "decision_date": {"25/08/2022"}}, files...)
		if resp.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%.800s", resp.Status, resp.Body)
		}
		return id
	}
	signed := approve("Quy hoạch xã Nhị Trường", webtest.File{Field: "decision_file", Name: "qd-1234.pdf", Data: webtest.PDF})
	page := tnmt.Get(fmt.Sprintf("/phe-duyet/%d", signed))
	link := regexp.MustCompile(`id="signed"><a href="([^"]+)">qd-1234.pdf</a>`).FindStringSubmatch(page.Body)
	if link == nil {
		t.Fatalf("the approved item does not show its signed decision\n%.3000s", page.Body)
	}
	if f := tnmt.Get(link[1]); f.Status != http.StatusOK || f.Body != string(webtest.PDF) {
		t.Errorf("the signed decision does not download: %d", f.Status)
	}

	later := approve("Quy hoạch xã Hiệp Mỹ Đông")
	if page := vpdp.Get(fmt.Sprintf("/phe-duyet/%d", later)); !page.Has("Chưa lưu bản quyết định đã ký") || !page.Has(`id="signed-form"`) {
		t.Errorf("an item approved without its scan does not say so to the office\n%.2000s", page.Body)
	}
	if page := tnmt.Get(fmt.Sprintf("/phe-duyet/%d", later)); page.Has(`id="signed-form"`) {
		t.Error("a department is offered to keep the signed decision")
	}
	seen := vpdp.Get(fmt.Sprintf("/phe-duyet/%d", later)).Version()
	scan := webtest.File{Field: "decision_file", Name: "qd-ky.pdf", Data: webtest.PDF}
	if resp := tnmt.PostMultipart(fmt.Sprintf("/phe-duyet/%d/ban-ky", later), url.Values{"version": {seen}}, scan); resp.Status != http.StatusForbidden {
		t.Errorf("a department kept the signed decision: %d, want 403", resp.Status)
	}
	if resp := vpdp.PostMultipart(fmt.Sprintf("/phe-duyet/%d/ban-ky", later), url.Values{"version": {seen}}); resp.Status != http.StatusUnprocessableEntity || !resp.Has(`id="err-decision_file"`) {
		t.Errorf("keeping no file: %d, want 422 beside the field", resp.Status)
	}
	if resp := vpdp.PostMultipart(fmt.Sprintf("/phe-duyet/%d/ban-ky", later), url.Values{"version": {seen}}, scan); resp.Status != http.StatusSeeOther {
		t.Fatalf("keep the signed decision: %d\n%.800s", resp.Status, resp.Body)
	}
	if resp := vpdp.PostMultipart(fmt.Sprintf("/phe-duyet/%d/ban-ky", later), url.Values{"version": {seen}}, scan); resp.Status != http.StatusConflict {
		t.Errorf("keeping from a stale page: %d, want 409", resp.Status)
	}
	page = vpdp.Get(fmt.Sprintf("/phe-duyet/%d", later))
	if !page.Has(">qd-ky.pdf</a>") || !page.Has("lưu bản quyết định đã ký") {
		t.Errorf("the kept decision or its step is missing\n%.3000s", page.Body)
	}
	a, err := w.Stores().Approvals.Approval(t.Context(), later)
	if err != nil || a.DecisionFile == "" || a.State != datchuan.ApprovalApproved {
		t.Fatalf("stored: %+v, %v", a, err)
	}
}

// An approval item may serve a paper of a recognition dossier: the form
// offers the papers of Cầu Ngang's dossier, the item's page links to its
// paper, and the dossier's page shows the item under that paper; a paper
// that is no paper of the province's dossiers is refused beside its field.
func TestApprovalServesDossierPaper(t *testing.T) {
	w := webtest.New(t)
	vpdp := w.As(webtest.Coord)
	form := vpdp.Get("/phe-duyet?tinh=84")
	m := regexp.MustCompile(`<optgroup label="Huyện Cầu Ngang"><option value="(\d+)">(H\d+)\. `).FindStringSubmatch(form.Body)
	agency := regexp.MustCompile(`name="agency">(?:<option value="">—</option>)?<option value="(\d+)"`).FindStringSubmatch(form.Body)
	if m == nil || agency == nil {
		t.Fatalf("the form offers no paper of Cầu Ngang's dossier\n%.4000s", form.Body)
	}
	bad := vpdp.PostMultipart("/phe-duyet?tinh=84", url.Values{"title": {"Tờ trình công nhận huyện"}, "agency": {agency[1]}, "paper": {"999999"}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has(`id="err-paper"`) || !bad.Has("Tờ trình công nhận huyện") {
		t.Errorf("a paper of no dossier: %d\n%.800s", bad.Status, bad.Body)
	}
	resp := vpdp.PostMultipart("/phe-duyet?tinh=84", url.Values{"title": {"Tờ trình công nhận huyện"}, "agency": {agency[1]}, "paper": {m[1]}})
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("draft serving %s: %d\n%.800s", m[2], resp.Status, resp.Body)
	}
	page := vpdp.Get(strings.TrimSuffix(resp.Location(), "?ok=created"))
	link := regexp.MustCompile(`id="paper"><a href="(/muc-tieu/\d+/ho-so)#p-` + m[1] + `">` + m[2] + `\. `).FindStringSubmatch(page.Body)
	if link == nil {
		t.Fatalf("the item does not link its paper\n%.3000s", page.Body)
	}
	dossier := vpdp.Get(link[1])
	paper := between(dossier.Body, `id="p-`+m[1]+`"`, "</article>")
	if !strings.Contains(paper, "Tờ trình công nhận huyện") || !strings.Contains(paper, "Dự thảo") {
		t.Errorf("the dossier's paper %s does not show the item serving it:\n%s", m[2], paper)
	}
}
