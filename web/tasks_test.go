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

const tasksPath = "/don-vi/" + commune + "/nhiem-vu"

var taskAnchor = regexp.MustCompile(`#t-(\d+)$`)

// createTask gives a task to the district's committee member and returns
// its ID.
func createTask(t *testing.T, w *webtest.World, title string, files ...webtest.File) int64 {
	t.Helper()
	assignee := strconv.FormatInt(personOf(t, w, webtest.District), 10)
	resp := w.As(webtest.Commune).PostMultipart(tasksPath, url.Values{"title": {title}, "assignee": {assignee},
		"link": {"17.2"}, "due": {"15/09/2022"}, "notes": {"Phối hợp với ấp"}}, files...)
	m := taskAnchor.FindStringSubmatch(resp.Location())
	if resp.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create a task: %d %q\n%.800s", resp.Status, resp.Location(), resp.Body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// editVersion reads the version the edit form of task id starts from.
func editVersion(t *testing.T, page webtest.Response, id int64) string {
	t.Helper()
	re := regexp.MustCompile(fmt.Sprintf(`action="/nhiem-vu/%d"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]*">\s*<input type="hidden" name="version" value="(\d+)">`, id))
	m := re.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no edit form with a version for task %d", id)
	}
	return m[1]
}

// A task given with a file: the assignee is told, the file opens, the
// change log has the entry.
func TestCreateTask(t *testing.T) {
	w := webtest.New(t)
	id := createTask(t, w, "Lập danh sách hộ chưa có nhà tiêu hợp vệ sinh",
		webtest.File{Field: "files", Name: "danh-sach.pdf", Data: webtest.PDF})
	page := w.As(webtest.Commune).Get(tasksPath + "?ok=created")
	if page.Status != http.StatusOK || !page.Has("Lập danh sách hộ chưa có nhà tiêu hợp vệ sinh") || !page.Has("danh-sach.pdf") {
		t.Fatalf("the tasks page: %d, without the new task and its file", page.Status)
	}
	task, err := w.Stores().Tasks.Task(context.Background(), id)
	if err != nil || len(task.Files) != 1 || task.IndicatorCode != "17.2" || task.Due.VN() != "15/09/2022" {
		t.Fatalf("stored task %+v, %v", task, err)
	}
	if f := w.As(webtest.District).Get(fmt.Sprintf("/nhiem-vu/%d/tep/%s", id, task.Files[0])); f.Status != http.StatusOK {
		t.Errorf("the assignee opens the task's file: %d", f.Status)
	}
	if f := w.As(webtest.District).Get(fmt.Sprintf("/nhiem-vu/%d/tep/%s", id, strings.Repeat("0", 64))); f.Status != http.StatusNotFound {
		t.Errorf("a file the task does not list: %d, want 404", f.Status)
	}
	notes, err := w.Stores().Notify.Notifications(context.Background(), personOf(t, w, webtest.District), true)
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0].Text, "Lập danh sách hộ") {
		t.Errorf("the assignee's notices: %+v, %v", notes, err)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "task", EntityID: id})
	if len(chs) != 1 || chs[0].Action != datchuan.ActTaskCreate {
		t.Errorf("change log of task %d: %d entries, want its creation", id, len(chs))
	}
	// The district member sees it in "my work".
	if mine := w.As(webtest.District).Get("/viec-cua-toi"); !mine.Has("Lập danh sách hộ chưa có nhà tiêu hợp vệ sinh") {
		t.Errorf("the task is not in the assignee's work")
	}
	// A department reads the commune but manages none of its tasks.
	if r := w.As(webtest.DeptXD).PostForm(tasksPath, url.Values{"title": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("a department gives a task: %d, want 403", r.Status)
	}
}

// A refused task form keeps what was typed, the files received, and says
// what is wrong beside each field.
func TestTaskFormKeepsWhatWasTyped(t *testing.T) {
	w := webtest.New(t)
	before := w.CountChanges()
	notes := strings.Repeat("ộ", datchuan.MaxText+1)
	resp := w.As(webtest.Commune).PostMultipart(tasksPath, url.Values{"title": {"Vận động hộ dân"}, "assignee": {""},
		"link": {"17.2"}, "due": {"31/02/2022"}, "notes": {notes}},
		webtest.File{Field: "files", Name: "ke-hoach.pdf", Data: webtest.PDF})
	if resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a task without assignee: %d, want 422\n%.500s", resp.Status, resp.Body)
	}
	for what, s := range map[string]string{
		"title":         `value="Vận động hộ dân"`,
		"link":          `value="17.2" selected`,
		"due":           `value="31/02/2022"`,
		"notes":         notes,
		"kept file":     `name="kept" value="`,
		"file name":     "ke-hoach.pdf",
		"assignee says": `id="err-assignee"`,
		"due says":      `id="err-due"`,
		"notes says":    "quá 2000 ký tự",
	} {
		if !resp.Has(s) {
			t.Errorf("the refused form lacks the %s", what)
		}
	}
	if n := w.CountChanges(); n != before+1 { // the file stored, nothing else
		t.Errorf("%d change-log entries for a refused task, want 1 (the upload)", n-before)
	}
}

// Two edits of one task from the same version: the first is saved, the
// second is refused with 409, keeps what it typed, and overwrites nothing.
func TestTaskEditConflict(t *testing.T) {
	w := webtest.New(t)
	id := createTask(t, w, "Sửa đường ấp Chợ")
	c := w.As(webtest.Commune)
	version := editVersion(t, c.Get(tasksPath), id)
	path := fmt.Sprintf("/nhiem-vu/%d", id)

	first := c.PostMultipart(path, url.Values{"version": {version}, "status": {"doing"}, "due": {"20/09/2022"}, "notes": {"Đã khảo sát"}})
	if first.Status != http.StatusSeeOther {
		t.Fatalf("first edit: %d\n%.500s", first.Status, first.Body)
	}
	second := c.PostMultipart(path, url.Values{"version": {version}, "status": {"done"}, "due": {""}, "notes": {"Xong rồi"}})
	if second.Status != http.StatusConflict || !second.Has("Xong rồi") || !second.Has("người khác sửa") {
		t.Fatalf("second edit from the same version: %d, want 409 keeping the notes\n%.800s", second.Status, second.Body)
	}
	task, err := w.Stores().Tasks.Task(context.Background(), id)
	if err != nil || task.Status != datchuan.TaskDoing || task.Notes != "Đã khảo sát" || task.Due.VN() != "20/09/2022" {
		t.Fatalf("stored task %+v (%v), want the first edit's", task, err)
	}
	// The refused form now starts from the stored version: saving again
	// is a choice made seeing the first edit.
	if v := editVersion(t, second, id); v != strconv.Itoa(task.Version) {
		t.Errorf("the refused form starts from version %s, want the stored %d", v, task.Version)
	}
	chs := w.Changes(datchuan.ChangeFilter{Entity: "task", EntityID: id})
	if len(chs) != 2 || chs[0].Action != datchuan.ActTaskUpdate || !strings.Contains(chs[0].After, "Đã khảo sát") {
		t.Errorf("change log of task %d: %d entries, want creation and the first edit", id, len(chs))
	}
	// A bad status is refused beside the field, the rest kept.
	bad := c.PostMultipart(path, url.Values{"version": {strconv.Itoa(task.Version)}, "status": {"maybe"}, "notes": {"ghi chú mới"}})
	if bad.Status != http.StatusUnprocessableEntity || !bad.Has("ghi chú mới") || !bad.Has("Chọn một trạng thái") {
		t.Errorf("a bad status: %d, want 422 keeping the notes\n%.500s", bad.Status, bad.Body)
	}
}
