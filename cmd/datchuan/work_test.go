package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// upload is a file sent with a form.
type upload struct {
	field, name string
	data        []byte
}

// pdf makes a small PDF whose content depends on note.
func pdf(note string) []byte {
	return []byte("%PDF-1.4\n% " + note + "\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
}

// linkedFile returns the attachment ID that the page at u links to under
// prefix (prefix + ID).
func linkedFile(t *testing.T, s *session, u, prefix string) string {
	t.Helper()
	_, page, _ := s.get(t, u)
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `([0-9a-f]{64})`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s links to no file under %s", u, prefix)
	}
	return m[1]
}

// send posts a form (multipart when files are given) with the session's
// CSRF token and returns the status, the body and the redirect target.
func (s *session) send(t *testing.T, u string, fields url.Values, files ...upload) (int, string, string) {
	t.Helper()
	st, body, loc, err := s.post(u, fields, files...)
	if err != nil {
		t.Fatal(err)
	}
	return st, body, loc
}

// get returns the status, body and content type of a page.
func (s *session) get(t *testing.T, u string) (int, string, string) {
	t.Helper()
	resp, err := s.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Content-Type")
}

func personOf(t *testing.T, s *session, base string) string {
	t.Helper()
	var me struct {
		User struct {
			PersonID int64 `json:"person_id"`
		} `json:"user"`
	}
	s.getJSON(t, base+"/api/me", &me)
	if me.User.PersonID == 0 {
		t.Fatal("the demo account has no person")
	}
	return fmt.Sprint(me.User.PersonID)
}

var (
	taskAnchor     = regexp.MustCompile(`#t-(\d+)$`)
	guidanceLinkRe = regexp.MustCompile(`/huong-dan/(\d+)/tep`)
	approvalPath   = regexp.MustCompile(`^/phe-duyet/(\d+)\?`)
)

// workFixtures are a task, a guidance document and a submitted approval
// item of the demo, each with a file, for the route cases.
type workFixtures struct {
	task, taskFile         string
	guidance               string
	approval, approvalFile string
}

func newWorkFixtures(t *testing.T, base string, ss map[string]*session) workFixtures {
	t.Helper()
	var f workFixtures
	taskPDF := pdf("task fixture")
	st, body, loc := ss[commune].send(t, base+"/don-vi/29446/nhiem-vu", url.Values{
		"title": {"Rà soát hồ sơ quy hoạch"}, "assignee": {personOf(t, ss[commune], base)}, "due": {"30/09/2022"},
	}, upload{"files", "ra-soat.pdf", taskPDF})
	m := taskAnchor.FindStringSubmatch(loc)
	if st != http.StatusSeeOther || m == nil {
		t.Fatalf("create a task: %d %q\n%.500s", st, loc, body)
	}
	f.task = m[1]
	f.taskFile = linkedFile(t, ss[commune], base+"/don-vi/29446/nhiem-vu", "/nhiem-vu/"+f.task+"/tep/")

	st, body, _ = ss[deptXD].send(t, base+"/huong-dan", url.Values{
		"criterion": {"1"}, "number": {"100/HD-SXD"}, "date": {"10/08/2022"}, "title": {"Hướng dẫn tiêu chí Quy hoạch"},
	}, upload{"file", "huong-dan.pdf", pdf("guidance fixture")})
	if st != http.StatusSeeOther {
		t.Fatalf("publish guidance: %d\n%.500s", st, body)
	}
	_, page, _ := ss[deptXD].get(t, base+"/huong-dan")
	if m = guidanceLinkRe.FindStringSubmatch(page); m == nil {
		t.Fatal("the published guidance is not listed")
	}
	f.guidance = m[1]

	approvalPDF := pdf("approval fixture")
	st, body, loc = ss[deptXD].send(t, base+"/phe-duyet", url.Values{"title": {"Quy hoạch chung xây dựng xã Nhị Trường"}},
		upload{"files", "to-trinh.pdf", approvalPDF})
	if m = approvalPath.FindStringSubmatch(loc); st != http.StatusSeeOther || m == nil {
		t.Fatalf("draft an approval: %d %q\n%.500s", st, loc, body)
	}
	f.approval = m[1]
	f.approvalFile = linkedFile(t, ss[deptXD], base+"/phe-duyet/"+f.approval, "/phe-duyet/"+f.approval+"/tep/")
	if st, body, _ = ss[deptXD].send(t, base+"/phe-duyet/"+f.approval+"/trinh", url.Values{"version": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("submit the approval: %d\n%.500s", st, body)
	}
	return f
}

func TestMemberTasks(t *testing.T) {
	base := demoServer(t, true)
	xa := newSession(t, base, commune)
	me := personOf(t, xa, base)
	page := base + "/don-vi/29446/nhiem-vu"
	if st, body, _ := xa.get(t, page); st != http.StatusOK || !strings.Contains(body, `<option value="`+me+`"`) {
		t.Fatalf("the task page does not offer the member themself: %d", st)
	}

	// A refused form keeps what was typed, with the problem beside the field.
	title := "Lập danh sách hộ chưa có nhà tiêu hợp vệ sinh"
	st, body, _ := xa.send(t, page, url.Values{"title": {title}, "assignee": {me}, "due": {"31/02/2022"}, "notes": {"Ấp Sam Phô trước"}, "link": {"1.1"}})
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("a task due on 31/02: %d, want 422", st)
	}
	for _, want := range []string{`value="` + title + `"`, "Ấp Sam Phô trước", `value="31/02/2022"`, "dd/mm/yyyy", `value="1.1" selected`, `value="` + me + `" selected`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused task form lacks %q", want)
		}
	}

	// A task for themselves, due before the demo's today: overdue.
	st, body, loc := xa.send(t, page, url.Values{"title": {title}, "assignee": {me}, "due": {"15/08/2022"}, "link": {"1.1"}},
		upload{"files", "danh-sach.pdf", pdf("danh sach")})
	m := taskAnchor.FindStringSubmatch(loc)
	if st != http.StatusSeeOther || m == nil {
		t.Fatalf("create a task: %d %q\n%.500s", st, loc, body)
	}
	id := m[1]
	_, body, _ = xa.get(t, page)
	i := strings.Index(body, `id="t-`+id+`"`)
	if i < 0 {
		t.Fatal("the new task is not listed")
	}
	card := body[i:]
	if j := strings.Index(card, "</article>"); j > 0 {
		card = card[:j]
	}
	for _, want := range []string{title, "15/08/2022", "⚠ quá hạn", "st-not_met", "Kim Thị Sa Ra", "1.1 ", "/nhiem-vu/" + id + "/tep/", "danh-sach.pdf"} {
		if !strings.Contains(card, want) {
			t.Errorf("the task card lacks %q:\n%s", want, card)
		}
	}
	_, work, _ := xa.get(t, base+"/viec-cua-toi")
	if i := strings.Index(work, title); i < 0 || !strings.Contains(work[i:], "quá hạn") {
		t.Errorf("my work does not show the task as overdue")
	}

	// Readers of the commune see the tasks but do not manage them.
	lead := newSession(t, base, leader)
	if st, body, _ := lead.get(t, page); st != http.StatusOK || !strings.Contains(body, title) || strings.Contains(body, `id="task-form"`) {
		t.Errorf("a leader reads the tasks without the form: %d", st)
	}
	if st, _, _ := lead.send(t, page, url.Values{"title": {"x"}, "assignee": {me}}); st != http.StatusForbidden {
		t.Errorf("a leader gives a task: %d, want 403", st)
	}
	if st, _, _ := lead.get(t, base+"/don-vi/29446/nhiem-vu"); st != http.StatusOK {
		t.Errorf("a leader reads the tasks: %d", st)
	}
	// Nobody outside the commune's committees is an assignee.
	if st, _, _ := xa.send(t, page, url.Values{"title": {"x"}, "assignee": {personOf(t, lead, base)}}); st != http.StatusUnprocessableEntity {
		t.Errorf("a task for the leader: %d, want 422", st)
	}

	// Done: no longer overdue, and off my work.
	if st, body, _ := xa.send(t, base+"/nhiem-vu/"+id, url.Values{"status": {"done"}, "due": {"15/08/2022"}, "notes": {"Đã nộp danh sách"}, "version": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("mark the task done: %d\n%.300s", st, body)
	}
	_, body, _ = xa.get(t, page)
	card = body[strings.Index(body, `id="t-`+id+`"`):]
	card = card[:strings.Index(card, "</article>")]
	if !strings.Contains(card, "Đã xong") || strings.Contains(card, "quá hạn") || !strings.Contains(card, "Đã nộp danh sách") {
		t.Errorf("the done task:\n%s", card)
	}
	if _, work, _ = xa.get(t, base+"/viec-cua-toi"); strings.Contains(work, title) {
		t.Errorf("a done task is still in my work")
	}
	// A refused change keeps what was typed.
	if st, body, _ := xa.send(t, base+"/nhiem-vu/"+id, url.Values{"status": {"doing"}, "due": {"mai"}, "notes": {"Bổ sung ấp Cà Hom"}, "version": {"2"}}); st != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Bổ sung ấp Cà Hom") || !strings.Contains(body, `value="mai"`) {
		t.Errorf("a refused change: %d", st)
	}
	// An edit from a page read before the task was done is stale: 409,
	// and the form still holds what was typed.
	if st, body, _ := xa.send(t, base+"/nhiem-vu/"+id, url.Values{"status": {"doing"}, "due": {"20/08/2022"}, "notes": {"Bổ sung ấp Cà Hom"}, "version": {"1"}}); st != http.StatusConflict ||
		!strings.Contains(body, "Bổ sung ấp Cà Hom") || !strings.Contains(body, `value="20/08/2022"`) {
		t.Errorf("a stale change: %d\n%.300s", st, body)
	}
}

func TestGuidance(t *testing.T) {
	base := demoServer(t, true)
	xd, tnmt, xa := newSession(t, base, deptXD), newSession(t, base, deptTNMT), newSession(t, base, commune)
	doc := pdf("huong dan tieu chi 1")
	fields := url.Values{"criterion": {"1"}, "number": {"1234/HD-SXD"}, "date": {"15/08/2022"}, "title": {"Hướng dẫn thực hiện tiêu chí số 1 về Quy hoạch"}}

	// Not the lead of criterion 1.
	if st, _, _ := tnmt.send(t, base+"/huong-dan", fields, upload{"file", "hd.pdf", doc}); st != http.StatusForbidden {
		t.Errorf("so-tnmt publishes for criterion 1: %d, want 403", st)
	}
	_, page, _ := tnmt.get(t, base+"/huong-dan")
	if strings.Contains(page, `<option value="1">`) || !strings.Contains(page, `<option value="17">`) {
		t.Errorf("so-tnmt is offered criterion 1, or not its own criterion 17")
	}
	// The file is required; the rest is kept.
	st, body, _ := xd.send(t, base+"/huong-dan", fields)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, `value="1234/HD-SXD"`) || !strings.Contains(body, "Cần tệp văn bản") {
		t.Errorf("guidance without its file: %d", st)
	}
	if st, body, _ := xd.send(t, base+"/huong-dan", fields, upload{"file", "hd.pdf", doc}); st != http.StatusSeeOther {
		t.Fatalf("so-xd publishes for criterion 1: %d\n%.500s", st, body)
	}

	// The commune sees it beside criterion 1 and downloads it.
	_, unit, _ := xa.get(t, base+"/don-vi/29446")
	c1, c2 := strings.Index(unit, `id="c-1"`), strings.Index(unit, `id="c-2"`)
	g := strings.Index(unit, "1234/HD-SXD")
	if c1 < 0 || g < c1 || (c2 >= 0 && g > c2) {
		t.Fatalf("the guidance is not beside criterion 1 (criterion 1 at %d, guidance at %d, criterion 2 at %d)", c1, g, c2)
	}
	m := guidanceLinkRe.FindStringSubmatch(unit[c1:])
	if m == nil {
		t.Fatal("no link to the guidance file")
	}
	st, file, ctype := xa.get(t, base+m[0])
	if st != http.StatusOK || ctype != "application/pdf" || file != string(doc) {
		t.Errorf("download the guidance: %d %s", st, ctype)
	}
	if st, _, _ := newSession(t, base, admin).get(t, base+m[0]); st != http.StatusForbidden {
		t.Errorf("someone outside the province downloads the guidance: %d, want 403", st)
	}
	_, list, _ := xa.get(t, base+"/huong-dan")
	for _, want := range []string{"1234/HD-SXD", "15/08/2022", "Sở XD", "hd.pdf"} {
		if !strings.Contains(list, want) {
			t.Errorf("the guidance list lacks %q", want)
		}
	}
}

func TestBlockersShowOwnerAndDeadline(t *testing.T) {
	base := demoServer(t, true)
	vp := newSession(t, base, coord)
	var d struct {
		District struct {
			Target struct{ ID int64 } `json:"target"`
		} `json:"district"`
	}
	vp.getJSON(t, base+"/api/districts/848/status", &d)
	var b struct {
		Blockers struct {
			Blockers []struct {
				Unit          struct{ Type string }  `json:"unit"`
				CriterionCode string                 `json:"criterion_code"`
				IndicatorCode string                 `json:"indicator_code"`
				Owner         *struct{ Code string } `json:"owner"`
				OwnerGeneral  bool                   `json:"owner_general"`
				Deadline      string                 `json:"deadline"`
				Overdue       bool                   `json:"overdue"`
			} `json:"blockers"`
		} `json:"blockers"`
	}
	target := fmt.Sprint(d.District.Target.ID)
	vp.getJSON(t, base+"/api/targets/"+target+"/blockers", &b)
	assigned, general := 0, 0
	for _, row := range b.Blockers.Blockers {
		switch {
		case row.CriterionCode == "1" && row.Unit.Type == "Xã":
			// Plan 45 in the demo gives criterion 1 of Cầu Ngang's xã to Sở XD by 31/08/2022.
			assigned++
			if row.Owner == nil || row.Owner.Code != "84-SXD" || row.Deadline != "2022-08-31" || !row.Overdue || row.OwnerGeneral {
				t.Errorf("criterion 1 blocker: owner %+v, deadline %q, overdue %v, general %v", row.Owner, row.Deadline, row.Overdue, row.OwnerGeneral)
			}
		case row.CriterionCode == "17":
			general++
			// Not assigned in the demo: the standing lead (an indicator's own, as 17.1's, beats the criterion's).
			want := map[string]string{"17.1": "84-SNNPTNT", "17.8": "84-SYT"}[row.IndicatorCode]
			if want == "" {
				want = "84-STNMT"
			}
			if row.Owner == nil || row.Owner.Code != want || !row.OwnerGeneral || row.Deadline != "" || row.Overdue {
				t.Errorf("criterion 17 blocker: owner %+v, deadline %q, overdue %v, general %v", row.Owner, row.Deadline, row.Overdue, row.OwnerGeneral)
			}
		}
	}
	if assigned == 0 || general == 0 {
		t.Fatalf("the demo target has %d assigned and %d standing blockers of criteria 1 and 17", assigned, general)
	}
	_, page, _ := vp.get(t, base+"/muc-tieu/"+target)
	for _, want := range []string{"31/08/2022 <span class=\"st-not_met\">⚠ quá hạn</span>", "phân công chung", `<tr class="overdue">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the blockers page lacks %q", want)
		}
	}
}

// TestWorkNotices: a member given a task, and the drafter of an approval
// item returned with a reason, are told at once in the app.
func TestWorkNotices(t *testing.T) {
	base := demoServer(t, true)
	xa, huyen := newSession(t, base, commune), newSession(t, base, district)
	st, body, _ := xa.send(t, base+"/don-vi/29446/nhiem-vu", url.Values{
		"title": {"Chuẩn bị biên bản họp dân"}, "assignee": {personOf(t, huyen, base)}, "due": {"15/09/2022"},
	})
	if st != http.StatusSeeOther {
		t.Fatalf("give a task: %d\n%.400s", st, body)
	}
	if _, page, _ := huyen.get(t, base+"/thong-bao"); !strings.Contains(page, "Chuẩn bị biên bản họp dân") || !strings.Contains(page, "15/09/2022") {
		t.Error("the assignee is not told of the task")
	}

	xd, coord := newSession(t, base, deptXD), newSession(t, base, "vpdp")
	st, body, loc := xd.send(t, base+"/phe-duyet", url.Values{"title": {"Danh sách xã đề nghị công nhận"}}, upload{"files", "to-trinh.pdf", pdf("notice")})
	m := approvalPath.FindStringSubmatch(loc)
	if st != http.StatusSeeOther || m == nil {
		t.Fatalf("draft: %d %q\n%.400s", st, loc, body)
	}
	if st, body, _ = xd.send(t, base+"/phe-duyet/"+m[1]+"/trinh", url.Values{"version": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%.400s", st, body)
	}
	if st, body, _ = coord.send(t, base+"/phe-duyet/"+m[1]+"/tra-lai", url.Values{"version": {"2"}, "reason": {"Thiếu biên bản thẩm định"}}); st != http.StatusSeeOther {
		t.Fatalf("return: %d\n%.400s", st, body)
	}
	if _, page, _ := xd.get(t, base+"/thong-bao"); !strings.Contains(page, "Thiếu biên bản thẩm định") {
		t.Error("the drafter is not told why the item came back")
	}
}
