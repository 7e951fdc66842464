package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
)

// TestObstacleRegister: Cầu Ngang's committee raises an obstacle of
// Nhị Trường's criterion 1 for Sở Xây dựng; it shows beside the item on
// what is left of Cầu Ngang's target; Sở Xây dựng takes it up and
// resolves it with a note; Sở TN&MT, not its owner, cannot move it.
func TestObstacleRegister(t *testing.T) {
	w := webtest.New(t)
	district := w.As(webtest.District)
	vp := w.As(webtest.Coord)
	var d struct {
		District struct {
			Target struct{ ID int64 } `json:"target"`
		} `json:"district"`
	}
	vp.JSON("/api/districts/848/status", &d)
	left := "/muc-tieu/" + strconv.FormatInt(d.District.Target.ID, 10)
	page := vp.Get(left)
	raise := regexp.MustCompile(`href="(/tinh/84/vuong-mac\?don-vi=29446&amp;bo=[^&]+&amp;tieu-chi=[^#"]+)#raise-form"`).FindStringSubmatch(page.Body)
	if raise == nil {
		t.Fatalf("what is left offers no way to raise an obstacle for Nhị Trường:\n%.3000s", page.Body)
	}
	u, _ := url.Parse(regexp.MustCompile(`&amp;`).ReplaceAllString(raise[1], "&"))
	form := district.Get(u.String())
	owner := regexp.MustCompile(`<option value="(\d+)"[^>]*>Sở Xây dựng</option>`).FindStringSubmatch(form.Body)
	if form.Status != http.StatusOK || owner == nil {
		t.Fatalf("the register's form: %d\n%.2000s", form.Status, form.Body)
	}
	f := url.Values{"unit": {"29446"}, "set": {u.Query().Get("bo")}, "criterion": {u.Query().Get("tieu-chi")},
		"title": {""}, "detail": {"Chưa bố trí vốn"}, "owner": {owner[1]}, "due": {"30/09/2022"}}
	if r := district.PostForm("/tinh/84/vuong-mac", f); r.Status != http.StatusUnprocessableEntity || !r.Has("Chưa bố trí vốn") {
		t.Errorf("an obstacle without a title: %d, typed text kept %v", r.Status, r.Has("Chưa bố trí vốn"))
	}
	f.Set("title", "Thiếu kinh phí lập quy hoạch chung xã")
	if r := district.PostForm("/tinh/84/vuong-mac", f); r.Status != http.StatusSeeOther {
		t.Fatalf("raise: %d\n%.2000s", r.Status, r.Body)
	}
	if page := vp.Get(left); !page.Has("Thiếu kinh phí lập quy hoạch chung xã") {
		t.Errorf("the open obstacle is not beside its item on what is left")
	}
	reg := w.As(webtest.DeptXD).Get("/tinh/84/vuong-mac")
	m := regexp.MustCompile(`(?s)action="/tinh/84/vuong-mac/(\d+)".*?name="version" value="(\d+)"`).FindStringSubmatch(reg.Body)
	if m == nil {
		t.Fatalf("Sở Xây dựng cannot move its obstacle:\n%.3000s", reg.Body)
	}
	move := "/tinh/84/vuong-mac/" + m[1]
	if r := w.As(webtest.DeptTNMT).PostForm(move, url.Values{"version": {m[2]}, "to": {"in_progress"}}); r.Status != http.StatusForbidden {
		t.Errorf("Sở TN&MT moves Sở Xây dựng's obstacle: %d", r.Status)
	}
	xd := w.As(webtest.DeptXD)
	if r := xd.PostForm(move, url.Values{"version": {m[2]}, "to": {"resolved"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("resolved without a note: %d, want 422", r.Status)
	}
	if r := xd.PostForm(move, url.Values{"version": {m[2]}, "to": {"resolved"}, "resolution": {"UBND huyện bố trí 300 triệu đồng"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d\n%.2000s", r.Status, r.Body)
	}
	if r := xd.PostForm(move, url.Values{"version": {m[2]}, "to": {"in_progress"}}); r.Status != http.StatusConflict {
		t.Errorf("a stale move: %d, want 409", r.Status)
	}
	if page := vp.Get(left); page.Has("Thiếu kinh phí lập quy hoạch chung xã") {
		t.Errorf("a resolved obstacle is still beside its item")
	}
	if all := vp.Get("/tinh/84/vuong-mac?tat-ca=1"); !all.Has("UBND huyện bố trí 300 triệu đồng") {
		t.Errorf("the register with the resolved lacks the resolution")
	}
}
