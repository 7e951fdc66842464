package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
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
	left := remainingWork(vp)
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

// TestRaiseFromReport: the office turns the difficulty Sở Xây dựng sent
// into an obstacle in one action, once.
func TestRaiseFromReport(t *testing.T) {
	w := webtest.New(t)
	round := openRound(t, w)
	xd := w.As(webtest.DeptXD)
	rep := reporters(t, w.As(webtest.Coord), round)["Sở Xây dựng"]
	if r := send(xd, rep, xd.Get(rep).Version(), "Đã hướng dẫn", "Thiếu kinh phí lập quy hoạch\nhai xã chưa có vốn đối ứng", true); r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", r.Status)
	}
	vp := w.As(webtest.Coord)
	if page := vp.Get(rep); !page.Has(`id="raise-0"`) {
		t.Fatalf("the office sees no way to raise the difficulty:\n%.3000s", page.Body)
	}
	r := vp.PostForm(rep+"/vuong-mac", url.Values{"item": {"0"}})
	if r.Status != http.StatusSeeOther || !regexp.MustCompile(`^/tinh/84/vuong-mac\?ok=raised#o-\d+$`).MatchString(r.Location()) {
		t.Fatalf("raise from the report: %d → %q\n%.1500s", r.Status, r.Location(), r.Body)
	}
	reg := vp.Get("/tinh/84/vuong-mac")
	if !reg.Has("<strong>Thiếu kinh phí lập quy hoạch</strong>") || !reg.Has("hai xã chưa có vốn đối ứng") || !reg.Has("Sở Xây dựng") {
		t.Errorf("the register lacks the raised difficulty:\n%.3000s", reg.Body)
	}
	if again := vp.PostForm(rep+"/vuong-mac", url.Values{"item": {"0"}}); again.Status != http.StatusConflict {
		t.Errorf("raising it twice: %d, want 409", again.Status)
	}
	if other := w.As(webtest.DeptTNMT).PostForm(rep+"/vuong-mac", url.Values{"item": {"0"}}); other.Status != http.StatusForbidden {
		t.Errorf("another department raises Sở Xây dựng's difficulty: %d", other.Status)
	}
}

// TestEscalated: an obstacle escalated to the province is in the
// coordination office's "my work" and in the round's synthesis.
func TestEscalated(t *testing.T) {
	w := webtest.New(t)
	round := openRound(t, w)
	district := w.As(webtest.District)
	form := district.Get("/tinh/84/vuong-mac")
	owner := regexp.MustCompile(`<option value="(\d+)"[^>]*>Ban Chỉ đạo huyện Cầu Ngang</option>`).FindStringSubmatch(form.Body)
	if owner == nil {
		t.Fatalf("no district committee to own it:\n%.2000s", form.Body)
	}
	if r := district.PostForm("/tinh/84/vuong-mac", url.Values{"unit": {"29446"}, "title": {"Vướng giải phóng mặt bằng đường trục xã"}, "owner": {owner[1]}}); r.Status != http.StatusSeeOther {
		t.Fatalf("raise: %d\n%.1500s", r.Status, r.Body)
	}
	reg := district.Get("/tinh/84/vuong-mac")
	m := regexp.MustCompile(`(?s)action="/tinh/84/vuong-mac/(\d+)".*?name="version" value="(\d+)"`).FindStringSubmatch(reg.Body)
	if m == nil {
		t.Fatalf("the district committee cannot move what it owns:\n%.2000s", reg.Body)
	}
	if r := district.PostForm("/tinh/84/vuong-mac/"+m[1], url.Values{"version": {m[2]}, "to": {"escalated"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("escalate: %d\n%.1500s", r.Status, r.Body)
	}
	vp := w.As(webtest.Coord)
	if work := vp.Get("/viec-cua-toi"); !work.Has("Vướng giải phóng mặt bằng đường trục xã") {
		t.Errorf("the office's my work lacks the escalated obstacle")
	}
	if syn := vp.Get(round + "/tong-hop"); !syn.Has("Vướng giải phóng mặt bằng đường trục xã") {
		t.Errorf("the synthesis lacks the escalated obstacle")
	}
	if work := w.As(webtest.DeptXD).Get("/viec-cua-toi"); work.Has("Vướng giải phóng mặt bằng đường trục xã") {
		t.Errorf("a department's my work shows the province's escalated obstacles")
	}
}

// TestRaiseFromValue: the commune turns the reason its value was returned
// into an obstacle in one action, once; it lands in the register with its
// indicator, owned by the district's committee; a value that was not
// returned cannot be raised, nor can someone outside the commune.
func TestRaiseFromValue(t *testing.T) {
	w := webtest.New(t)
	storeValue(t, w, "", passFailInd, datchuan.BoolMeasure(true), true)
	xa := w.As(webtest.Commune)
	for _, page := range []string{"/don-vi/" + commune, "/viec-cua-toi"} {
		if p := xa.Get(page); !p.Has(`class="inline raise-value"`) {
			t.Errorf("%s offers no way to raise the returned value\n%.2000s", page, p.Body)
		}
	}
	p := xa.Get("/don-vi/" + commune)
	m := regexp.MustCompile(`action="(/gia-tri/(\d+)/vuong-mac)"`).FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatal("no raise form on the unit page")
	}
	if r := w.As(webtest.Leader).PostForm(m[1], url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("the read-only leader raised it: %d, want 403", r.Status)
	}
	r := xa.PostForm(m[1], url.Values{})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/tinh/84/vuong-mac?ok=raised#o-") {
		t.Fatalf("raise: %d → %q\n%.1000s", r.Status, r.Location(), r.Body)
	}
	if again := xa.PostForm(m[1], url.Values{}); again.Status != http.StatusConflict {
		t.Errorf("raised twice: %d, want 409", again.Status)
	}
	all, err := w.Stores().Obstacles.Obstacles(t.Context(), datchuan.ObstacleFilter{})
	var list []*datchuan.Obstacle
	for _, o := range all {
		if o.Source == datchuan.FromValue {
			list = append(list, o)
		}
	}
	if err != nil || len(list) != 1 {
		t.Fatalf("obstacles from a value: %d, %v; want 1", len(list), err)
	}
	o := list[0]
	owner, err := w.Stores().Agencies.Agency(t.Context(), o.OwnerID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Source != datchuan.FromValue || strconv.FormatInt(o.SourceID, 10) != m[2] || o.IndicatorCode != passFailInd ||
		!strings.Contains(o.Title, "Thiếu biên bản") || owner.Kind != datchuan.AgencyDistrictCommittee {
		t.Errorf("raised %+v owned by %s", o, owner.Name)
	}
	reg := w.As(webtest.District).Get("/tinh/84/vuong-mac")
	if !reg.Has("Thiếu biên bản") {
		t.Error("the district committee does not see the obstacle it owns")
	}
	if !reg.Has(`Nguồn: <a href="/don-vi/`+commune+`">Số liệu bị trả lại</a>`) || !reg.Has(`Nguồn: <a href="/kiem-tra/1">Kiểm tra thực tế</a>`) {
		t.Error("the register does not say where its obstacles were raised")
	}

	storeValue(t, w, "", passFailInd, datchuan.BoolMeasure(true), false)
	vals, err := w.Stores().Values.Values(t.Context(), datchuan.ValueFilter{UnitIDs: []int64{o.UnitID}, IndicatorCode: passFailInd})
	if err != nil || len(vals) == 0 {
		t.Fatalf("values: %v %v", vals, err)
	}
	if r := xa.PostForm("/gia-tri/"+strconv.FormatInt(vals[0].ID, 10)+"/vuong-mac", url.Values{}); r.Status != http.StatusBadRequest && r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a value not returned was raised: %d", r.Status)
	}
}
