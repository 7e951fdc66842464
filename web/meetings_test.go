package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/internal/office"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/web/webtest"
)

// The demo's Cầu Ngang committee meets on Fridays at 14:00: its meeting
// of 26/08/2022 was held, the next is planned for 02/09/2022. These tests
// start on that Friday afternoon, after the meeting.

// meetingLink finds the meeting of a day on the committee's page.
func meetingLink(t *testing.T, c *webtest.Client, series, when string) string {
	t.Helper()
	page := c.Get(series)
	m := regexp.MustCompile(`href="(/hop/\d+)">` + regexp.QuoteMeta(when) + `</a>`).FindStringSubmatch(page.Body)
	if page.Status != http.StatusOK || m == nil {
		t.Fatalf("%s lists no meeting at %s: %d\n%.3000s", series, when, page.Status, page.Body)
	}
	return m[1]
}

// afterMeeting moves the world's clock to Friday 02/09/2022 15:00.
func afterMeeting(w *webtest.World) { w.Clock().Advance(31 * time.Hour) }

// raiseDirectly writes an obstacle of Nhị Trường into the register, owned
// by Cầu Ngang's committee, and returns its move form's path and version.
func raiseDirectly(t *testing.T, district *webtest.Client, title string) (string, string) {
	t.Helper()
	form := district.Get("/tinh/84/vuong-mac")
	owner := regexp.MustCompile(`<option value="(\d+)"[^>]*>Ban Chỉ đạo huyện Cầu Ngang</option>`).FindStringSubmatch(form.Body)
	if owner == nil {
		t.Fatalf("no district committee to own it:\n%.2000s", form.Body)
	}
	if r := district.PostForm("/tinh/84/vuong-mac", url.Values{"unit": {"29446"}, "title": {title}, "owner": {owner[1]}}); r.Status != http.StatusSeeOther {
		t.Fatalf("raise: %d\n%.1500s", r.Status, r.Body)
	}
	reg := district.Get("/tinh/84/vuong-mac")
	m := regexp.MustCompile(`(?s)action="(/tinh/84/vuong-mac/\d+)".*?name="version" value="(\d+)"`).FindStringSubmatch(reg.Body)
	if m == nil {
		t.Fatalf("the committee cannot move what it owns:\n%.2000s", reg.Body)
	}
	return m[1], m[2]
}

// agendaRow is the row of an obstacle on a meeting's agenda ("" when it
// is not there).
func agendaRow(page webtest.Response, title string) string {
	for _, row := range regexp.MustCompile(`(?s)<tr id="ao-\d+">.*?</tr>`).FindAllString(page.Body, -1) {
		if strings.Contains(row, title) {
			return row
		}
	}
	return ""
}

// TestMeetingAgenda: an obstacle raised in the register is on the agenda
// of Cầu Ngang's next meeting, new; the meeting is held, its agenda
// frozen; another obstacle is raised at it; both, still open, are on the
// following meeting's agenda, carried over from the meeting held; once
// resolved the first leaves the next agenda, and the frozen one keeps it.
func TestMeetingAgenda(t *testing.T) {
	w := webtest.New(t)
	afterMeeting(w)
	district := w.As(webtest.District)
	move, version := raiseDirectly(t, district, "Chưa bố trí vốn đường trục xã Nhị Trường")
	meeting := meetingLink(t, district, "/huyen/848/hop", "02/09/2022 14:00")
	page := district.Get(meeting)
	row := agendaRow(page, "Chưa bố trí vốn đường trục xã Nhị Trường")
	if row == "" || !strings.Contains(row, "Mới") || !strings.Contains(row, "Ban Chỉ đạo huyện Cầu Ngang") {
		t.Fatalf("the planned meeting's agenda lacks the new obstacle with its owner: %q\n%.4000s", row, page.Body)
	}
	if !page.Has("kể từ cuộc họp ngày 26/08/2022") || !page.Has("Lập tự động từ số liệu") {
		t.Errorf("the live agenda does not count from the meeting held on 26/08")
	}
	if !page.Has("Tiêu chí 1. Quy hoạch") {
		t.Errorf("the agenda lacks criterion 1, overdue since 31/08 in Cầu Ngang")
	}

	if r := district.PostForm(meeting+"/da-hop", url.Values{"version": {page.Version()}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hold: %d\n%.2000s", r.Status, r.Body)
	}
	held := district.Get(meeting)
	if !held.Has("Đã chốt lúc 02/09/2022 15:00") || !held.Has(`id="state" class="st-met">Đã họp`) {
		t.Errorf("the held meeting's agenda is not frozen:\n%.3000s", held.Body)
	}

	// An obstacle raised at the meeting, after it was held: of its district only.
	owner := regexp.MustCompile(`<option value="(\d+)">Ban Chỉ đạo huyện Cầu Ngang</option>`).FindStringSubmatch(held.Body)
	if owner == nil {
		t.Fatalf("the meeting's obstacle form offers no owner:\n%.3000s", held.Body)
	}
	raise := url.Values{"unit": {"29536"}, "title": {"Thiếu vốn đối ứng xây trường"}, "owner": {owner[1]}}
	if r := district.PostForm(meeting+"/vuong-mac", raise); r.Status != http.StatusUnprocessableEntity || !r.Has(`value="Thiếu vốn đối ứng xây trường"`) {
		t.Errorf("an obstacle of Duyên Hải raised at Cầu Ngang's meeting: %d", r.Status)
	}
	raise.Set("unit", "29440")
	if r := district.PostForm(meeting+"/vuong-mac", raise); r.Status != http.StatusSeeOther {
		t.Fatalf("raise from the meeting: %d\n%.2000s", r.Status, r.Body)
	}
	if page := district.Get(meeting); !regexp.MustCompile(`(?s)id="raised-list">.*Thiếu vốn đối ứng xây trường`).MatchString(page.Body) {
		t.Errorf("the meeting does not list the obstacle raised at it")
	}
	if reg := district.Get("/tinh/84/vuong-mac"); !reg.Has("Thiếu vốn đối ứng xây trường") {
		t.Errorf("the obstacle raised at the meeting is not in the register")
	}

	r := district.PostForm("/huyen/848/hop", url.Values{"date": {""}, "time": {""}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/hop/") {
		t.Fatalf("plan the next meeting: %d → %q\n%.2000s", r.Status, r.Location(), r.Body)
	}
	next := strings.SplitN(r.Location(), "?", 2)[0]
	nextPage := district.Get(next)
	if !nextPage.Has("Họp Ban Chỉ đạo huyện Cầu Ngang <small>ngày 09/09/2022</small>") {
		t.Errorf("the next meeting is not on Friday 09/09/2022:\n%.1000s", nextPage.Body)
	}
	for _, title := range []string{"Chưa bố trí vốn đường trục xã Nhị Trường", "Thiếu vốn đối ứng xây trường"} {
		if row := agendaRow(nextPage, title); !strings.Contains(row, "Chuyển từ cuộc họp ngày 02/09/2022") {
			t.Errorf("the open obstacle %q is not carried over from 02/09: %q", title, row)
		}
	}

	if r := district.PostForm(move, url.Values{"version": {version}, "to": {"resolved"}, "resolution": {"Huyện bố trí 500 triệu đồng"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d\n%.1500s", r.Status, r.Body)
	}
	if row := agendaRow(district.Get(next), "Chưa bố trí vốn đường trục xã Nhị Trường"); row != "" {
		t.Errorf("a resolved obstacle is still on the next agenda: %q", row)
	}
	if row := agendaRow(district.Get(meeting), "Chưa bố trí vốn đường trục xã Nhị Trường"); row == "" {
		t.Errorf("the held meeting's frozen agenda lost the obstacle it had")
	}
	if again := district.PostForm(meeting+"/da-hop", url.Values{"version": {held.Version()}}); again.Status != http.StatusConflict {
		t.Errorf("holding a held meeting again: %d, want 409", again.Status)
	}
}

// TestMeetingDecisions: the committee records attendance and conclusions
// of the meeting held; a stale form is a conflict and a refused one keeps
// what was typed; a decision becomes a member task in one POST, keeping
// the link; another becomes an assignment, which only the coordination
// office makes.
func TestMeetingDecisions(t *testing.T) {
	w := webtest.New(t)
	afterMeeting(w)
	district := w.As(webtest.District)
	meeting := meetingLink(t, district, "/huyen/848/hop", "02/09/2022 14:00")
	if r := district.PostForm(meeting+"/da-hop", url.Values{"version": {district.Get(meeting).Version()}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hold: %d", r.Status)
	}
	opened := district.Get(meeting).Version()
	attendance := url.Values{"version": {opened}, "attendees": {"2"},
		"attendee_name-0": {"Thạch Sô Phên"}, "attendee_role-0": {"Phó Chủ tịch UBND huyện"}, "attendee_present-0": {"1"},
		"attendee_name-1": {"Trần Văn Nam"}, "attendee_role-1": {"Chủ tịch UBND xã"}, "attendee_reason-1": {"Đi công tác"}}
	if r := district.PostForm(meeting+"/thanh-phan", attendance); r.Status != http.StatusSeeOther {
		t.Fatalf("attendance: %d\n%.2000s", r.Status, r.Body)
	}
	if page := district.Get(meeting); !page.Has("Vắng (Đi công tác)") || !page.Has("1/2") {
		t.Errorf("the attendance recorded:\n%.3000s", page.Body)
	}
	stale := url.Values{"version": {opened}, "attendees": {"1"}, "attendee_name-0": {"Nguyễn Văn Bình"}}
	if r := district.PostForm(meeting+"/thanh-phan", stale); r.Status != http.StatusConflict || !r.Has(`value="Nguyễn Văn Bình"`) {
		t.Errorf("a stale attendance: %d, typed name kept %v", r.Status, r.Has(`value="Nguyễn Văn Bình"`))
	}

	conclusions := url.Values{"version": {district.Get(meeting).Version()}, "conclusions": {"Tập trung hoàn thành tiêu chí quy hoạch"},
		"decisions": {"2"}, "decision_text-0": {"Hoàn thiện hồ sơ quy hoạch chung xã Nhị Trường"}, "decision_owner-0": {"Chủ tịch UBND xã Nhị Trường"},
		"decision_due-0": {"31/02/2022"}, "decision_text-1": {"Đánh giá tiêu chí môi trường xã Nhị Trường"}, "decision_due-1": {"30/09/2022"}}
	if r := district.PostForm(meeting+"/ket-luan", conclusions); r.Status != http.StatusUnprocessableEntity ||
		!r.Has("Tập trung hoàn thành tiêu chí quy hoạch") || !r.Has(`value="31/02/2022"`) || !r.Has("không có thật") {
		t.Fatalf("conclusions with a day not in the calendar: %d, typed text kept %v\n%.3000s", r.Status, r.Has("Tập trung hoàn thành"), r.Body)
	}
	conclusions.Set("decision_due-0", "09/09/2022")
	if r := district.PostForm(meeting+"/ket-luan", conclusions); r.Status != http.StatusSeeOther {
		t.Fatalf("conclusions: %d\n%.2000s", r.Status, r.Body)
	}

	page := district.Get(meeting)
	member := regexp.MustCompile(`<option value="(\d+)">Kim Thị Sa Ra \(minh họa\)</option>`).FindStringSubmatch(page.Body)
	if member == nil || !page.Has(`id="task-0"`) {
		t.Fatalf("no form giving the decision to Nhị Trường's member:\n%.4000s", page.Body)
	}
	if page.Has(`id="assign-0"`) {
		t.Errorf("the district committee is offered to make assignments, which the coordination office makes")
	}
	before := len(w.Changes(datchuan.ChangeFilter{}))
	task := url.Values{"version": {page.Version()}, "unit": {"29446"}, "assignee": {member[1]}}
	if r := district.PostForm(meeting+"/quyet-dinh/0/nhiem-vu", task); r.Status != http.StatusSeeOther {
		t.Fatalf("decision to task: %d\n%.2000s", r.Status, r.Body)
	}
	if n := len(w.Changes(datchuan.ChangeFilter{})) - before; n != 2 {
		t.Errorf("the decision given out wrote %d change-log entries, want the task's and the meeting's", n)
	}
	if decided := w.Changes(datchuan.ChangeFilter{Entity: "meeting"}); len(decided) == 0 || decided[0].Action != datchuan.ActMeetingDecide {
		t.Errorf("the meeting's latest entry is not the decision given out: %+v", decided)
	}
	tasks := w.As(webtest.Commune).Get("/don-vi/29446/nhiem-vu")
	if !tasks.Has("Hoàn thiện hồ sơ quy hoạch chung xã Nhị Trường") || !tasks.Has("09/09/2022") {
		t.Errorf("the task is not on Nhị Trường's tasks with the decision's due date:\n%.3000s", tasks.Body)
	}
	after := district.Get(meeting)
	if !regexp.MustCompile(`href="/don-vi/29446/nhiem-vu#t-\d+">Nhiệm vụ của Xã Nhị Trường`).MatchString(after.Body) || after.Has(`id="task-0"`) {
		t.Errorf("the decision does not link to its task, or is offered again:\n%.3000s", after.Body)
	}
	if again := district.PostForm(meeting+"/quyet-dinh/0/nhiem-vu", url.Values{"version": {after.Version()}, "unit": {"29446"}, "assignee": {member[1]}}); again.Status != http.StatusConflict {
		t.Errorf("giving a decision out twice: %d, want 409", again.Status)
	}

	assign := url.Values{"version": {after.Version()}, "plan": {"1"}, "unit": {"29446"}, "criterion": {"17"}, "lead": {agencyOption(t, w, "Sở Tài nguyên và Môi trường")}}
	if r := district.PostForm(meeting+"/quyet-dinh/1/phan-cong", assign); r.Status != http.StatusForbidden {
		t.Errorf("the district committee makes an assignment: %d, want 403", r.Status)
	}
	vp := w.As(webtest.Coord)
	if r := vp.PostForm(meeting+"/quyet-dinh/1/phan-cong", assign); r.Status != http.StatusSeeOther {
		t.Fatalf("the office gives the decision out as an assignment: %d\n%.2000s", r.Status, r.Body)
	}
	if page := vp.Get(meeting); !page.Has("Phân công tiêu chí 17 của Xã Nhị Trường, hạn 30/09/2022") {
		t.Errorf("the decision does not link to its assignment:\n%.3000s", page.Body)
	}
	// The conclusions edited again keep the decisions given out.
	page = district.Get(meeting)
	keep := url.Values{"version": {page.Version()}, "conclusions": {"Kết luận đã sửa"}, "decisions": {"2"}, "decision_keep-0": {"0"}, "decision_keep-1": {"1"}}
	if r := district.PostForm(meeting+"/ket-luan", keep); r.Status != http.StatusSeeOther {
		t.Fatalf("conclusions edited: %d\n%.2000s", r.Status, r.Body)
	}
	if page := district.Get(meeting); !page.Has("Kết luận đã sửa") || !page.Has("Nhiệm vụ của Xã Nhị Trường") || !page.Has("Phân công tiêu chí 17") {
		t.Errorf("the decisions lost their links when the conclusions were edited")
	}
}

// agencyOption is the ID of an agency by its name, as forms offer it.
func agencyOption(t *testing.T, w *webtest.World, name string) string {
	t.Helper()
	m := regexp.MustCompile(`<option value="(\d+)"[^>]*>` + regexp.QuoteMeta(name) + `</option>`).FindStringSubmatch(w.As(webtest.Coord).Get("/tinh/84/vuong-mac").Body)
	if m == nil {
		t.Fatalf("no agency %s", name)
	}
	return m[1]
}

// TestMeetingAccess: a district's committee and the coordination office
// run its meetings; the province's officers read them; a commune and
// another district's committee do not see them.
func TestMeetingAccess(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	sys := w.Service.System("test")
	u, err := w.Service.CreateAccount(ctx, sys, service.AccountInput{Login: "huyen-duyenhai", Name: "BCĐ huyện Duyên Hải", Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	role, err := w.Service.ParseRole(ctx, sys, u.ID, service.RoleInput{Kind: "district", Unit: "850"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Service.AddRole(ctx, sys, role); err != nil {
		t.Fatal(err)
	}
	vp := w.As(webtest.Coord)
	meeting := meetingLink(t, vp, "/huyen/848/hop", "02/09/2022 14:00")
	held := meetingLink(t, vp, "/huyen/848/hop", "26/08/2022 14:00")
	for _, who := range []string{webtest.Commune, "huyen-duyenhai"} {
		c := w.As(who)
		for _, path := range []string{"/huyen/848/hop", meeting, held + "/bien-ban.docx"} {
			if r := c.Get(path); r.Status != http.StatusForbidden {
				t.Errorf("%s reads %s: %d, want 403", who, path, r.Status)
			}
		}
		if r := c.PostForm("/huyen/848/hop", url.Values{}); r.Status != http.StatusForbidden {
			t.Errorf("%s plans a meeting of Cầu Ngang: %d, want 403", who, r.Status)
		}
		if r := c.PostForm(meeting+"/vuong-mac", url.Values{"unit": {"29446"}, "title": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("%s raises an obstacle from Cầu Ngang's meeting: %d, want 403", who, r.Status)
		}
	}
	if r := w.As(webtest.District).Get("/tinh/84/hop"); r.Status != http.StatusForbidden {
		t.Errorf("a district committee reads the province's meetings: %d", r.Status)
	}
	dept := w.As(webtest.DeptXD)
	if r := dept.Get(meeting); r.Status != http.StatusOK || r.Has(`action="`+meeting+`/da-hop"`) {
		t.Errorf("a department reads the meeting (%d) and is offered to hold it: %v", r.Status, r.Has("/da-hop"))
	}
	if r := dept.PostForm(meeting+"/da-hop", url.Values{"version": {dept.Get(meeting).Version()}}); r.Status != http.StatusForbidden {
		t.Errorf("a department holds the meeting: %d, want 403", r.Status)
	}
	// Duyên Hải's committee sets up its own series; the office runs the
	// province's, and a meeting cannot be held before its day.
	dh := w.As("huyen-duyenhai")
	if r := dh.PostForm("/huyen/850/hop/lich", url.Values{"version": {"0"}, "weekday": {"4"}, "hour": {"15"}, "place": {"Hội trường huyện"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("Duyên Hải sets its schedule: %d\n%.2000s", r.Status, r.Body)
	}
	// Thursday 01/09 08:00: today's 15:00 is the next slot.
	if r := dh.Get("/huyen/850/hop"); !r.Has("15:00 thứ Năm hằng tuần") || !r.Has(`name="date" value="01/09/2022"`) {
		t.Errorf("Duyên Hải's series, its next meeting this afternoon:\n%.5000s", r.Body)
	}
	province := meetingLink(t, vp, "/tinh/84/hop", "05/09/2022 08:00")
	if r := vp.PostForm(province+"/da-hop", url.Values{"version": {vp.Get(province).Version()}}); r.Status != http.StatusUnprocessableEntity || !r.Has("Chưa đến ngày họp") {
		t.Errorf("holding a meeting before its day: %d", r.Status)
	}
	if r := w.As(webtest.Leader).Get(province); r.Status != http.StatusOK || !r.Has("Chương trình họp") || r.Has(`action="`+province+`/da-hop"`) {
		t.Errorf("the province's leader reads its meetings (%d), and only reads them", r.Status)
	}
	if p := w.As(webtest.District).Get("/huyen/848"); !p.Has(`href="/huyen/848/hop"`) {
		t.Errorf("the district page has no link to its meetings")
	}
	if p := vp.Get("/tinh/84"); !p.Has(`href="/tinh/84/hop"`) {
		t.Errorf("the province page has no link to its meetings")
	}
}

// TestMeetingPapers: the minutes and the conclusion notice of a held
// meeting open in LibreOffice with what the meeting recorded; a meeting
// not held has neither.
func TestMeetingPapers(t *testing.T) {
	w := webtest.New(t)
	afterMeeting(w)
	district := w.As(webtest.District)
	raiseDirectly(t, district, "Thiếu kinh phí lập quy hoạch chung")
	meeting := meetingLink(t, district, "/huyen/848/hop", "02/09/2022 14:00")
	if r := district.Get(meeting + "/bien-ban.docx"); r.Status != http.StatusConflict {
		t.Errorf("the minutes of a meeting not held: %d, want 409", r.Status)
	}
	edit := url.Values{"version": {district.Get(meeting).Version()}, "date": {"02/09/2022"}, "time": {"14:00"}, "place": {"Hội trường UBND huyện"},
		"chair": {"Thạch Sô Phên, Phó Chủ tịch UBND huyện"}, "secretary": {"Phạm Văn Tư"}}
	if r := district.PostForm(meeting, edit); r.Status != http.StatusSeeOther {
		t.Fatalf("details: %d\n%.1500s", r.Status, r.Body)
	}
	if r := district.PostForm(meeting+"/da-hop", url.Values{"version": {district.Get(meeting).Version()}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hold: %d", r.Status)
	}
	if r := district.PostForm(meeting+"/thanh-phan", url.Values{"version": {district.Get(meeting).Version()}, "attendees": {"1"},
		"attendee_name-0": {"Nguyễn Văn Hùng"}, "attendee_role-0": {"Trưởng phòng NN&PTNT"}, "attendee_present-0": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("attendance: %d", r.Status)
	}
	if r := district.PostForm(meeting+"/ket-luan", url.Values{"version": {district.Get(meeting).Version()}, "conclusions": {"Các xã hoàn thành hồ sơ trong tháng 9"},
		"decisions": {"1"}, "decision_text-0": {"Xã Nhị Trường nộp hồ sơ quy hoạch"}, "decision_owner-0": {"Chủ tịch UBND xã Nhị Trường"}, "decision_due-0": {"09/09/2022"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("conclusions: %d", r.Status)
	}
	minutes := district.Get(meeting + "/bien-ban.docx")
	if minutes.Status != http.StatusOK {
		t.Fatalf("the minutes: %d", minutes.Status)
	}
	pdf := office.Convert(t, "bien-ban.docx", []byte(minutes.Body))
	text := squash(pdf.Text)
	for _, s := range []string{"BIÊN BẢN HỌP BAN CHỈ ĐẠO HUYỆN CẦU NGANG", "Thời gian: 14 giờ 00, ngày 02 tháng 9 năm 2022", "Hội trường UBND huyện",
		"Nguyễn Văn Hùng", "Thiếu kinh phí lập quy hoạch", "Các xã hoàn thành hồ sơ trong tháng 9", "Xã Nhị Trường nộp hồ sơ quy hoạch",
		"09/09/2022", "THƯ KÝ", "CHỦ TRÌ", "Phạm Văn Tư", "Thạch Sô Phên"} {
		if !strings.Contains(text, s) {
			t.Errorf("the minutes as PDF lack %q:\n%s", s, pdf.Text)
		}
	}
	if !pdf.A4() {
		t.Errorf("the minutes are not A4: %s", pdf.Info)
	}
	notice := district.Get(meeting + "/thong-bao-ket-luan.docx")
	if notice.Status != http.StatusOK {
		t.Fatalf("the notice: %d", notice.Status)
	}
	text = squash(office.Convert(t, "thong-bao.docx", []byte(notice.Body)).Text)
	for _, s := range []string{"THÔNG BÁO KẾT LUẬN", "của Ban Chỉ đạo huyện Cầu Ngang tại cuộc họp ngày 02/09/2022", "Các xã hoàn thành hồ sơ trong tháng 9",
		"2.1. Xã Nhị Trường nộp hồ sơ quy hoạch", "Thực hiện: Chủ tịch UBND xã Nhị Trường", "Thời hạn: 09/09/2022", "Nơi nhận:", "Lưu: VT", "TM. BAN CHỈ ĐẠO"} {
		if !strings.Contains(text, s) {
			t.Errorf("the notice as PDF lacks %q:\n%s", s, text)
		}
	}
}
