package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/internal/office"
	"github.com/datchuan/datchuan/web/webtest"
)

// The demo's plan 45 has three lead departments (Sở Xây dựng, Sở Giáo
// dục và Đào tạo, Sở NN&PTNT) and targets two districts (Cầu Ngang,
// Duyên Hải): five reporters. The demo clock stands on Thursday
// 01/09/2022 08:00, so this week's reports are due Friday 02/09 16:00.

var (
	roundLink  = regexp.MustCompile(`href="/dot-bao-cao/(\d+)"`)
	reportLink = regexp.MustCompile(`href="/dot-bao-cao/\d+/co-quan/(\d+)">([^<]+)</a>`)
)

// openRound opens this week's round as the scheduler does and returns
// its page path.
func openRound(t testing.TB, w *webtest.World) string {
	t.Helper()
	n, err := w.Service.OpenWeeklyRounds(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("open weekly rounds: %d opened, %v; want 1", n, err)
	}
	if n, _ := w.Service.OpenWeeklyRounds(context.Background()); n != 0 {
		t.Fatalf("the scheduler opened %d more rounds the same week", n)
	}
	list := w.As(webtest.Coord).Get("/ke-hoach/1/bao-cao-tuan")
	m := roundLink.FindStringSubmatch(list.Body)
	if list.Status != http.StatusOK || m == nil {
		t.Fatalf("the plan's weekly reports page: %d\n%.1500s", list.Status, list.Body)
	}
	return "/dot-bao-cao/" + m[1]
}

// reporters maps each reporter's name on the round page to its report.
func reporters(t testing.TB, c *webtest.Client, round string) map[string]string {
	t.Helper()
	page := c.Get(round)
	out := map[string]string{}
	for _, m := range reportLink.FindAllStringSubmatch(page.Body, -1) {
		out[m[2]] = round + "/co-quan/" + m[1]
	}
	return out
}

// send posts a report form: the summary and the first criterion's
// difficulty, as a draft or sent.
func send(c *webtest.Client, report, version, summary, difficulty string, submit bool) webtest.Response {
	page := c.Get(report)
	f := url.Values{"version": {version}, "summary": {summary}, "items": {itemCount(page.Body)},
		"difficulties-0": {difficulty}, "action": {"draft"}}
	if submit {
		f.Set("action", "submit")
	}
	return c.PostMultipart(report, f)
}

var itemsInput = regexp.MustCompile(`name="items" value="(\d+)"`)

func itemCount(page string) string {
	if m := itemsInput.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return "0"
}

func TestWeeklyRound(t *testing.T) {
	w := webtest.New(t)
	round := openRound(t, w)
	vp := w.As(webtest.Coord)
	reps := reporters(t, vp, round)
	if len(reps) != 5 {
		t.Fatalf("reporters %v, want the 3 lead departments and the 2 district committees", reps)
	}
	xd, nn, cn := reps["Sở Xây dựng"], reps["Sở Nông nghiệp và Phát triển nông thôn"], reps["Ban Chỉ đạo huyện Cầu Ngang"]
	if xd == "" || nn == "" || cn == "" {
		t.Fatalf("reporters %v lack Sở Xây dựng, Sở NN&PTNT or BCĐ huyện Cầu Ngang", reps)
	}

	// Sở Xây dựng sees its criterion prefilled with the communes' figures,
	// saves a draft (not a submission), then sends.
	dept := w.As(webtest.DeptXD)
	form := dept.Get(xd)
	if form.Status != http.StatusOK || !form.Has("Tiêu chí 1. ") || !form.Has("đơn vị đạt") {
		t.Fatalf("Sở Xây dựng's form: %d, want criterion 1 with its figures\n%.2000s", form.Status, form.Body)
	}
	if r := send(dept, xd, form.Version(), "Đã hướng dẫn các xã", "Thiếu kinh phí lập quy hoạch", false); r.Status != http.StatusSeeOther {
		t.Fatalf("save a draft: %d\n%.1500s", r.Status, r.Body)
	}
	if page := vp.Get(round); !strings.Contains(page.Body, "Chưa gửi") || strings.Count(page.Body, "Đúng hạn</strong>") != 0 {
		t.Errorf("a draft counts as sent:\n%.3000s", page.Body)
	}
	draft := dept.Get(xd)
	if r := send(dept, xd, draft.Version(), "Đã hướng dẫn các xã", "Thiếu kinh phí lập quy hoạch", true); r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d\n%.1500s", r.Status, r.Body)
	}
	// A form opened before the sending is stale: 409, and what was typed
	// stays in the form.
	if r := send(dept, xd, draft.Version(), "Bản sửa muộn", "Khó khăn mới", true); r.Status != http.StatusConflict || !r.Has("Bản sửa muộn") {
		t.Errorf("a stale sending: %d, typed text kept %v", r.Status, r.Has("Bản sửa muộn"))
	}
	// Sở NN&PTNT sends on time; Cầu Ngang's committee after the deadline.
	nnc := w.As("so-nnptnt")
	if r := send(nnc, nn, nnc.Get(nn).Version(), "Tiêu chí 13 đang triển khai", "", true); r.Status != http.StatusSeeOther {
		t.Fatalf("Sở NN&PTNT sends: %d\n%.1500s", r.Status, r.Body)
	}
	for range 3 { // to Friday 17:00, the office and Sở Xây dựng at work meanwhile
		w.Clock().Advance(11 * time.Hour)
		vp.Get("/")
		dept.Get("/")
	}
	dc := w.As(webtest.District)
	if r := send(dc, cn, dc.Get(cn).Version(), "Huyện họp Ban Chỉ đạo ngày 01/9", "Xã Hiệp Hòa chậm hồ sơ", true); r.Status != http.StatusSeeOther {
		t.Fatalf("Cầu Ngang sends: %d\n%.1500s", r.Status, r.Body)
	}
	// A department that is no reporter of this report cannot read it.
	if r := w.As(webtest.DeptTNMT).Get(xd); r.Status != http.StatusForbidden {
		t.Errorf("Sở TN&MT reads Sở Xây dựng's report: %d", r.Status)
	}

	page := vp.Get(round)
	if !page.Has("Đã nhận 3/5 (60%): 2 đúng hạn, 1 trễ hạn, 2 chưa gửi") {
		t.Errorf("the round's completeness:\n%.3000s", page.Body)
	}
	if list := vp.Get("/ke-hoach/1/bao-cao-tuan"); !regexp.MustCompile(`<td>5</td><td>2</td><td>1</td><td>2</td><td>40%</td>`).MatchString(list.Body) {
		t.Errorf("the plan's completeness table:\n%.3000s", list.Body)
	}

	// Returned with a reason, sent again: still on time (its first
	// sending), two sendings in the history with what changed.
	rep := vp.Get(xd)
	if r := vp.PostForm(xd+"/tra-lai", url.Values{"version": {rep.Version()}, "reason": {"Bổ sung số xã đã có quy hoạch"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("return: %d\n%.1500s", r.Status, r.Body)
	}
	back := dept.Get(xd)
	if !back.Has("Bổ sung số xã đã có quy hoạch") || !back.Has("Bị trả lại") {
		t.Errorf("the returned report does not say why:\n%.2000s", back.Body)
	}
	if r := send(dept, xd, back.Version(), "Đã hướng dẫn các xã; 9/9 xã có quy hoạch", "Thiếu kinh phí lập quy hoạch", true); r.Status != http.StatusSeeOther {
		t.Fatalf("send again: %d\n%.1500s", r.Status, r.Body)
	}
	again := vp.Get(xd)
	if !again.Has("Lần 2") || !again.Has("<ins>Đã hướng dẫn các xã; 9/9 xã có quy hoạch</ins>") || !again.Has("(Đúng hạn)") {
		t.Errorf("the history of sendings:\n%.4000s", again.Body)
	}

	checkSynthesis(t, w, vp, round)
}

// checkSynthesis reads the synthesis as a page, a Word report and a
// workbook; LibreOffice proves the files open with the figures.
func checkSynthesis(t *testing.T, w *webtest.World, vp *webtest.Client, round string) {
	page := vp.Get(round + "/tong-hop")
	for _, s := range []string{"Huyện Cầu Ngang", "Huyện Duyên Hải", "Thiếu kinh phí lập quy hoạch", "Sở Giáo dục và Đào tạo", "Nơi nhận:"} {
		if !page.Has(s) {
			t.Errorf("the synthesis page lacks %q", s)
		}
	}
	if r := w.As(webtest.DeptXD).Get(round + "/tong-hop"); r.Status != http.StatusForbidden {
		t.Errorf("a department reads the synthesis: %d", r.Status)
	}
	doc := vp.Get(round + "/tong-hop.docx?number=" + url.QueryEscape("15/BC-BCĐ") + "&signer=" + url.QueryEscape("Trần Minh Đức"))
	if doc.Status != http.StatusOK {
		t.Fatalf("the Word synthesis: %d", doc.Status)
	}
	pdf := office.Convert(t, "tong-hop.docx", []byte(doc.Body))
	text := squash(pdf.Text)
	for _, s := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 15/BC-BCĐ", "BÁO CÁO", "Kế hoạch số 45/KH-BCĐ",
		"Huyện Cầu Ngang", "Thiếu kinh phí lập quy hoạch", "Đã nhận 3/5 báo cáo: 2 đúng hạn, 1 trễ hạn", "Nơi nhận:", "Trần Minh Đức"} {
		if !strings.Contains(text, s) {
			t.Errorf("the Word synthesis as PDF lacks %q:\n%s", s, pdf.Text)
		}
	}
	if !pdf.A4() {
		t.Errorf("the Word synthesis is not A4: %s", pdf.Info)
	}
	book := vp.Get(round + "/tong-hop.xlsx")
	if book.Status != http.StatusOK {
		t.Fatalf("the workbook: %d", book.Status)
	}
	if text := squash(office.PDFText(t, "tong-hop.xlsx", []byte(book.Body))); !strings.Contains(text, "Tiến độ các huyện mục tiêu") || !strings.Contains(text, "Huyện Cầu Ngang") {
		t.Errorf("the workbook as PDF lacks its first table:\n%s", text)
	}
}

// squash joins the words of a PDF's text with single spaces, so that a
// phrase is found whatever the layout's spacing.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestReminders: the reporters yet to send are told the day before the
// deadline and on the day, once a day however often the scheduler ticks;
// a reporter that has sent is told no more.
func TestReminders(t *testing.T) {
	w := webtest.New(t)
	round := openRound(t, w)
	ctx := context.Background()
	xd := w.As(webtest.DeptXD)
	due := "chưa gửi báo cáo của đợt báo cáo tuần 29/08/2022–04/09/2022; hạn 16:00 thứ Sáu 02/09/2022"
	// Thursday: the day before.
	n, err := w.Service.RemindReporters(ctx)
	if err != nil || n == 0 {
		t.Fatalf("reminders the day before: %d, %v", n, err)
	}
	if again, _ := w.Service.RemindReporters(ctx); again != 0 {
		t.Errorf("the same day again: %d more reminders", again)
	}
	if page := xd.Get("/thong-bao"); strings.Count(page.Body, due+" (ngày mai)") != 1 {
		t.Errorf("Sở Xây dựng's notices lack one reminder for tomorrow:\n%.3000s", page.Body)
	}
	rep := reporters(t, w.As(webtest.Coord), round)["Sở Xây dựng"]
	if r := send(xd, rep, xd.Get(rep).Version(), "Đã hướng dẫn", "", true); r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", r.Status)
	}
	// Friday: the deadline's day; Sở Xây dựng has sent, Cầu Ngang has not.
	for range 2 {
		w.Clock().Advance(12 * time.Hour)
		xd.Get("/")
	}
	if n, err := w.Service.RemindReporters(ctx); err != nil || n == 0 {
		t.Fatalf("reminders on the day: %d, %v", n, err)
	}
	if page := xd.Get("/thong-bao"); strings.Contains(page.Body, due+" (hôm nay)") {
		t.Errorf("Sở Xây dựng is reminded after sending")
	}
	if page := w.As(webtest.District).Get("/thong-bao"); !page.Has(due + " (hôm nay)") {
		t.Errorf("Cầu Ngang's committee is not reminded on the day:\n%.3000s", page.Body)
	}
}

// TestRemainingWorkOut: what is left of Cầu Ngang's target shows, beside
// criterion 1, the difficulty Sở Xây dựng reported this week, and comes
// out as a workbook that LibreOffice opens with the same.
func TestRemainingWorkOut(t *testing.T) {
	w := webtest.New(t)
	round := openRound(t, w)
	xd := w.As(webtest.DeptXD)
	rep := reporters(t, w.As(webtest.Coord), round)["Sở Xây dựng"]
	if r := send(xd, rep, xd.Get(rep).Version(), "Đã hướng dẫn", "Chưa có kinh phí lập quy hoạch chung", true); r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", r.Status)
	}
	vp := w.As(webtest.Coord)
	path := remainingWork(vp)
	page := vp.Get(path)
	if !page.Has("Chưa có kinh phí lập quy hoạch chung") || !page.Has("viec-con-lai.xlsx") {
		t.Fatalf("what is left lacks the reported difficulty or its export:\n%.3000s", page.Body)
	}
	book := vp.Get(path + "/viec-con-lai.xlsx")
	if book.Status != http.StatusOK {
		t.Fatalf("the workbook: %d", book.Status)
	}
	text := squash(office.PDFText(t, "viec-con-lai.xlsx", []byte(book.Body)))
	for _, s := range []string{"Việc còn lại: Huyện Cầu Ngang", "Chưa có kinh phí lập quy hoạch chung", "Sở Xây dựng"} {
		if !strings.Contains(text, s) {
			t.Errorf("the workbook as PDF lacks %q:\n%s", s, text)
		}
	}
}

// TestRoundOpensOnce: several app instances ticking at once open the
// week's round once, and write one change-log entry for it.
func TestRoundOpensOnce(t *testing.T) {
	w := webtest.New(t)
	opens := func() (n int) {
		for _, ch := range w.Changes(datchuan.ChangeFilter{}) {
			if ch.Action == datchuan.ActRoundOpen {
				n++
			}
		}
		return n
	}
	before := opens()
	opened := make(chan int, 4)
	for range 4 {
		svc := webtest.NewService(w.DB, w.Sets, w.Clock().Now)
		go func() {
			n, err := svc.OpenWeeklyRounds(context.Background())
			if err != nil {
				t.Error(err)
			}
			opened <- n
		}()
	}
	total := 0
	for range 4 {
		total += <-opened
	}
	if total != 1 {
		t.Errorf("4 instances opened %d rounds, want 1", total)
	}
	if logged := opens() - before; logged != 1 {
		t.Errorf("%d round.open entries in the change log, want 1", logged)
	}
}

// TestSchedule: the office moves the weekly deadline to Monday 09:00;
// the plan's page says so and the next week's round is due then.
func TestSchedule(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	page := vp.Get("/ke-hoach/1/bao-cao-tuan")
	if !page.Has("16:00 thứ Sáu hằng tuần") {
		t.Fatalf("the default schedule is not shown:\n%.2000s", page.Body)
	}
	version := regexp.MustCompile(`(?s)id="schedule-form">.*?name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if version == nil {
		t.Fatalf("no schedule form:\n%.3000s", page.Body)
	}
	if r := vp.PostForm("/ke-hoach/1/lich-bao-cao", url.Values{"version": {version[1]}, "weekday": {"8"}, "hour": {"9"}}); r.Status != http.StatusUnprocessableEntity || !r.Has("Chọn một ngày trong tuần") {
		t.Errorf("weekday 8: %d", r.Status)
	}
	if r := vp.PostForm("/ke-hoach/1/lich-bao-cao", url.Values{"version": {version[1]}, "weekday": {"1"}, "hour": {"9"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("Monday 09:00: %d\n%.1500s", r.Status, r.Body)
	}
	if page := vp.Get("/ke-hoach/1/bao-cao-tuan"); !page.Has("09:00 thứ Hai hằng tuần") {
		t.Errorf("the new schedule is not shown:\n%.2000s", page.Body)
	}
	if r := vp.PostForm("/ke-hoach/1/lich-bao-cao", url.Values{"version": {version[1]}, "weekday": {"2"}, "hour": {"9"}}); r.Status != http.StatusConflict {
		t.Errorf("a stale schedule form: %d, want 409", r.Status)
	}
	openRound(t, w)
	rounds, err := w.Stores().Rounds.Rounds(context.Background(), datchuan.RoundFilter{Open: true})
	if err != nil || len(rounds) != 1 {
		t.Fatalf("open rounds: %v, %v", rounds, err)
	}
	if due := rounds[0].Deadline.In(datchuan.Vietnam()); due.Weekday() != time.Monday || due.Hour() != 9 {
		t.Errorf("the round is due %v, want Monday 09:00", due)
	}
}

// remainingWork is the path of what is left of Cầu Ngang's target.
func remainingWork(c *webtest.Client) string {
	var d struct {
		District struct {
			Target struct{ ID int64 } `json:"target"`
		} `json:"district"`
	}
	c.JSON("/api/districts/848/status", &d)
	return "/muc-tieu/" + strconv.FormatInt(d.District.Target.ID, 10)
}
