package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

func reviewPath(id int64) string { return fmt.Sprintf("/gia-tri/%d/xac-nhan", id) }

// personOf is the person behind a demo account.
func personOf(t *testing.T, w *webtest.World, login string) int64 {
	t.Helper()
	u, err := w.Stores().Users.UserByLogin(context.Background(), login)
	if err != nil || u.PersonID == 0 {
		t.Fatalf("account %s: %v (person %d)", login, err, u.PersonID)
	}
	return u.PersonID
}

// The daily loop: a commune reports, the lead department returns the
// value with a reason; the reporter is told, sees it in "my work", and
// marks the notice read.
func TestReturnTellsTheReporter(t *testing.T) {
	w := webtest.New(t)
	commune, dept := w.As(webtest.Commune), w.As(webtest.DeptXD)
	id := reportedID(t, reportAPI(commune, passFailInd, "đạt", "Đã đạt"))

	queue := dept.Get("/xac-nhan")
	if queue.Status != http.StatusOK || !queue.Has(fmt.Sprintf(`id="value-%d"`, id)) {
		t.Fatalf("the lead department's queue: %d, without value %d", queue.Status, id)
	}

	// Returning without a reason is refused in the queue, beside the item.
	before := w.CountChanges()
	resp := dept.PostForm(reviewPath(id), url.Values{"decision": {"return"}, "reason": {"  "}})
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(fmt.Sprintf(`id="value-%d"`, id)) ||
		!resp.Has(html.EscapeString("Cần ghi lý do trả lại")) {
		t.Fatalf("return without a reason: %d, want 422 with the problem beside the item\n%.800s", resp.Status, resp.Body)
	}
	// A reason too long comes back typed.
	long := strings.Repeat("ư", datchuan.MaxText+1)
	resp = dept.PostForm(reviewPath(id), url.Values{"decision": {"return"}, "reason": {long}})
	if resp.Status != http.StatusUnprocessableEntity || !resp.Has(long) || !resp.Has("quá 2000 ký tự") {
		t.Fatalf("a reason too long: %d, want 422 keeping the reason\n%.500s", resp.Status, resp.Body)
	}
	if n := w.CountChanges(); n != before {
		t.Fatalf("refused decisions wrote %d change-log entries", n-before)
	}

	reason := "Thiếu biên bản kiểm tra hiện trường"
	resp = dept.PostForm(reviewPath(id), url.Values{"decision": {"return"}, "reason": {reason}})
	if resp.Status != http.StatusSeeOther || resp.Location() != "/xac-nhan?ok=returned" {
		t.Fatalf("return with a reason: %d %s\n%.500s", resp.Status, resp.Location(), resp.Body)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: id})
	if len(chs) != 2 || chs[0].Action != datchuan.ActValueReview || !strings.Contains(chs[0].After, reason) {
		t.Fatalf("change log of value %d: %d entries, want report then review with the reason", id, len(chs))
	}
	if chs[0].Actor.Name == "" || chs[0].Province != "84" {
		t.Errorf("the review's entry: actor %+v, province %q", chs[0].Actor, chs[0].Province)
	}

	reporter := personOf(t, w, webtest.Commune)
	notes, err := w.Stores().Notify.Notifications(context.Background(), reporter, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0].Text, reason) {
		t.Fatalf("the reporter's unread notices: %+v, want one with the reason", notes)
	}
	page := commune.Get("/thong-bao")
	if page.Status != http.StatusOK || !page.Has(html.EscapeString(notes[0].Text)) || !page.Has("/thong-bao/da-doc") {
		t.Errorf("the notices page: %d, without the notice and its button", page.Status)
	}
	mine := commune.Get("/viec-cua-toi")
	if mine.Status != http.StatusOK || !mine.Has(fmt.Sprintf(`id="returned-%d"`, id)) || !mine.Has(reason) {
		t.Errorf("my work: %d, without the returned value and its reason", mine.Status)
	}
	if r := commune.PostForm("/thong-bao/da-doc", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("mark read: %d", r.Status)
	}
	if notes, _ = w.Stores().Notify.Notifications(context.Background(), reporter, true); len(notes) != 0 {
		t.Errorf("%d notices still unread after marking them read", len(notes))
	}
}

// Nobody confirms their own report: the coordination office reports and
// reviews in its province, but not the same value.
func TestNoReviewOfOwnReport(t *testing.T) {
	w := webtest.New(t)
	coord := w.As(webtest.Coord)
	id := reportedID(t, reportAPI(coord, passFailInd, "đạt", ""))
	const msg = "Không tự xác nhận số liệu do chính mình báo cáo"
	resp := coord.PostForm(reviewPath(id), url.Values{"decision": {"confirm"}})
	if resp.Status != http.StatusForbidden || !resp.Has(msg) {
		t.Errorf("confirm one's own report: %d, want 403 saying why\n%.500s", resp.Status, resp.Body)
	}
	api := coord.PostJSON(fmt.Sprintf("/api/values/%d/review", id), map[string]string{"decision": "confirmed"})
	if e := decodeAPIError(t, api); api.Status != http.StatusForbidden || !strings.Contains(e.Error.Message, msg) {
		t.Errorf("confirm one's own report through the API: %d %q", api.Status, e.Error.Message)
	}
	if chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: id}); len(chs) != 1 {
		t.Errorf("%d change-log entries, want only the report", len(chs))
	}
	// The own report is not in one's queue, but is waiting in "my work".
	if q := coord.Get("/xac-nhan"); q.Has(fmt.Sprintf(`id="value-%d"`, id)) {
		t.Errorf("one's own report is in one's review queue")
	}
}

// The API's review: the lead department confirms, and a second decision
// on the same report is a conflict, shown in the HTML queue with the
// reason kept.
func TestAPIReviewAndConflict(t *testing.T) {
	w := webtest.New(t)
	id := reportedID(t, reportAPI(w.As(webtest.Commune), passFailInd, "đạt", ""))
	dept, coord := w.As(webtest.DeptXD), w.As(webtest.Coord)

	var q struct {
		Count int `json:"count"`
		Items []struct {
			Value    datchuan.Value `json:"value"`
			Reporter string         `json:"reporter"`
		} `json:"items"`
	}
	dept.JSON("/api/queue", &q)
	found := false
	for _, it := range q.Items {
		found = found || it.Value.ID == id && it.Reporter != ""
	}
	if !found || q.Count != len(q.Items) {
		t.Fatalf("the API queue (%d) lacks value %d with its reporter", q.Count, id)
	}

	resp := dept.PostJSON(fmt.Sprintf("/api/values/%d/review", id), map[string]string{"decision": "confirmed"})
	if resp.Status != http.StatusOK || !strings.Contains(resp.Body, `"state":"confirmed"`) {
		t.Fatalf("confirm through the API: %d\n%.500s", resp.Status, resp.Body)
	}
	if chs := w.Changes(datchuan.ChangeFilter{Entity: "value", EntityID: id}); len(chs) != 2 || chs[0].Action != datchuan.ActValueReview {
		t.Errorf("change log: %d entries, want report and review", len(chs))
	}

	reason := "Đã có người xác nhận?"
	again := coord.PostForm(reviewPath(id), url.Values{"decision": {"return"}, "reason": {reason}})
	if again.Status != http.StatusConflict || !again.Has(fmt.Sprintf(`id="value-%d"`, id)) || !again.Has("không có gì bị ghi đè") {
		t.Errorf("a second decision: %d, want 409 with the item and the problem\n%.800s", again.Status, again.Body)
	}
	if api := coord.PostJSON(fmt.Sprintf("/api/values/%d/review", id), map[string]string{"decision": "returned", "reason": reason}); api.Status != http.StatusConflict {
		t.Errorf("a second decision through the API: %d, want 409", api.Status)
	}
	// Who reviews nothing has no queue.
	if r := w.As(webtest.Commune).Get("/xac-nhan"); r.Status != http.StatusForbidden {
		t.Errorf("a commune opens the review queue: %d, want 403", r.Status)
	}
}

// The daily pages open for every role that has them, and say no to those
// that do not.
func TestDailyPagesByRole(t *testing.T) {
	w := webtest.New(t)
	for _, tc := range []struct {
		login, path string
		status      int
		has         string
	}{
		{webtest.DeptTNMT, "/viec-cua-toi", http.StatusOK, `id="assigned"`},
		{webtest.DeptTNMT, "/xac-nhan", http.StatusOK, "Số liệu chờ xác nhận"},
		{webtest.Coord, "/viec-cua-toi", http.StatusOK, `id="count-review"`},
		{webtest.Coord, "/huong-dan", http.StatusOK, `name="agency"`},
		{webtest.Coord, tasksPath, http.StatusOK, `id="task-form"`},
		{webtest.Leader, "/huong-dan", http.StatusOK, "Văn bản hướng dẫn"},
		{webtest.Leader, tasksPath, http.StatusOK, "Nhiệm vụ thành viên"},
		{webtest.Leader, "/xac-nhan", http.StatusForbidden, "Bạn không có chỉ tiêu nào cần xác nhận"},
		{webtest.Leader, reportPath(passFailInd), http.StatusForbidden, "không được báo cáo"},
		{webtest.Admin, "/thong-bao", http.StatusOK, "Không có thông báo."},
		{webtest.District, "/don-vi/29410/nhiem-vu", http.StatusForbidden, ""},             // a commune of another district
		{webtest.District, "/don-vi/848/nhiem-vu", http.StatusNotFound, "chỉ có ở cấp xã"}, // a district has no member tasks
	} {
		resp := w.As(tc.login).Get(tc.path)
		if resp.Status != tc.status || !resp.Has(tc.has) {
			t.Errorf("%s GET %s: %d, want %d with %q\n%.300s", tc.login, tc.path, resp.Status, tc.status, tc.has, resp.Body)
		}
	}
	// The leader reads the tasks but gets no form to give one.
	if resp := w.As(webtest.Leader).Get(tasksPath); resp.Has(`id="task-form"`) {
		t.Errorf("the leader is offered the task form")
	}
}
