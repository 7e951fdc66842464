package main

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/internal/smtptest"
)

// multipartForm encodes fields and files as a multipart form.
func multipartForm(fields url.Values, files ...upload) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile(f.field, f.name)
		_, _ = fw.Write(f.data)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// noticesOf is the in-app notices page of a session.
func noticesOf(t *testing.T, s *session, base string) string {
	t.Helper()
	st, page := s.do(t, "GET", base+"/thong-bao", "", nil)
	if st != http.StatusOK {
		t.Fatalf("notices: %d", st)
	}
	return page
}

// TestDigestNotices is issue 9's point 9, end to end: a department is told
// of new assignments (bulk, and a row whose lead changes), a lead
// department that a value waits for it, a commune that its value was
// confirmed, the coordination office that an item was submitted. Each is
// a notice in the app at once and a line in the next daily digest, never
// a mail of its own; the next digest does not tell it again.
func TestDigestNotices(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			clock := &testClock{}
			clock.Set("01/09/2022 08:00")
			a := openOn(t, cfgFor(t), clock)
			smtp := smtptest.Start(t, smtptest.Options{TLS: true})
			j := job(t, a, smtp, "instance-1")
			base := serve(t, mustServer(t, a, Config{InsecureCookies: true}))
			coord, tnmt, xd := newSession(t, base, "vpdp"), newSession(t, base, "so-tnmt"), newSession(t, base, "so-xd")
			commune := newSession(t, base, "xa-nhitruong")
			post := func(s *session, path string, form url.Values) {
				t.Helper()
				if st, body := s.do(t, "POST", base+path, "application/x-www-form-urlencoded", []byte(form.Encode())); st != http.StatusSeeOther {
					t.Fatalf("POST %s: %d\n%.600s", path, st, body)
				}
			}

			// A bulk assignment: the lead and the supporting departments.
			post(coord, "/ke-hoach/1/phan-cong", url.Values{"criterion": {"17"}, "district": {"848"}, "lead": {agencyID(t, a, "84-STNMT")},
				"supports": {agencyID(t, a, "84-SNNPTNT")}, "deadline": {"30/09/2022"}, "outputs": {"guidance"}})
			if page := noticesOf(t, tnmt, base); !strings.Contains(page, "được giao chủ trì tiêu chí 17") {
				t.Errorf("the lead department is not told of its new assignments:\n%.3000s", page)
			}
			if page := noticesOf(t, newSession(t, base, "so-nnptnt"), base); !strings.Contains(page, "được giao phối hợp tiêu chí 17") {
				t.Error("the supporting department is not told of its new assignments")
			}

			// One row edited to another lead: the new lead is told, of that row.
			nhiTruong, _, err := datchuan.NewUnitTree(a.stores.Units, clock.Now).Resolve(ctx, datchuan.LevelCommune, "29446", datchuan.Date{})
			if err != nil {
				t.Fatal(err)
			}
			rows, err := a.stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: 1, UnitIDs: []int64{nhiTruong.ID}, CriterionCode: "17"})
			if err != nil || len(rows) != 1 {
				t.Fatalf("the row of Nhị Trường: %d, %v", len(rows), err)
			}
			post(coord, "/phan-cong/"+strconv.FormatInt(rows[0].ID, 10), url.Values{"version": {strconv.Itoa(rows[0].Version)},
				"lead": {agencyID(t, a, "84-SXD")}, "deadline": {"30/09/2022"}, "outputs": {"guidance"}})
			if page := noticesOf(t, xd, base); !strings.Contains(page, "được giao chủ trì tiêu chí 17 của Xã Nhị Trường") {
				t.Errorf("the new lead of a row is not told:\n%.3000s", page)
			}

			// A report waits for its lead department (Construction leads 1.1).
			if st, body := postReport(t, commune, base, map[string]string{"result": "dat", "as_of": "20/08/2022"}, "qd.pdf", []byte("%PDF-1.4\n%%EOF\n")); st != http.StatusSeeOther {
				t.Fatalf("report: %d\n%.300s", st, body)
			}
			if page := noticesOf(t, xd, base); !strings.Contains(page, "Số liệu chỉ tiêu 1.1 của Xã Nhị Trường chờ xác nhận") {
				t.Error("the lead department is not told that a value waits for it")
			}
			if page := noticesOf(t, coord, base); strings.Contains(page, "chờ xác nhận") {
				t.Error("the coordination office is told of a value its lead department decides")
			}

			// Confirmed: the commune is told.
			id := queuedValue(t, xd, base, "29446", "1.1")
			post(xd, "/gia-tri/"+strconv.FormatInt(id, 10)+"/xac-nhan", url.Values{"decision": {"confirm"}})
			if page := noticesOf(t, commune, base); !strings.Contains(page, "Số liệu chỉ tiêu 1.1 của Xã Nhị Trường đã được xác nhận") {
				t.Error("the commune is not told that its value was confirmed")
			}

			// An item submitted: the coordination office is told.
			ctype, body := multipartForm(url.Values{"title": {"Hồ sơ công nhận tiêu chí 17 xã Nhị Trường"}, "criterion": {"17"}, "units": {"29446"}},
				upload{"files", "to-trinh.pdf", []byte("%PDF-1.4\n%%EOF\n")})
			st, _ := tnmt.do(t, "POST", base+"/phe-duyet?tinh=84", ctype, body)
			if st != http.StatusSeeOther {
				t.Fatalf("draft an item: %d", st)
			}
			items, err := a.stores.Approvals.Approvals(ctx, nil)
			if err != nil || len(items) == 0 {
				t.Fatalf("the item: %v", err)
			}
			item := items[0]
			for _, it := range items {
				if it.Title == "Hồ sơ công nhận tiêu chí 17 xã Nhị Trường" {
					item = it
				}
			}
			post(tnmt, "/phe-duyet/"+strconv.FormatInt(item.ID, 10)+"/trinh", url.Values{"version": {strconv.Itoa(item.Version)}})
			if page := noticesOf(t, coord, base); !strings.Contains(page, "trình phê duyệt hồ sơ \"Hồ sơ công nhận tiêu chí 17 xã Nhị Trường\"") &&
				!strings.Contains(page, "trình phê duyệt hồ sơ &#34;Hồ sơ công nhận tiêu chí 17 xã Nhị Trường&#34;") {
				t.Errorf("the coordination office is not told of the submitted item:\n%.3000s", page)
			}

			// None of these is mailed on its own.
			if _, err := j.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(smtp.Messages()); n != 0 {
				t.Errorf("%d mails sent at once, want none: these notices wait for the digest", n)
			}

			// The next morning's digests tell each, a line each.
			clock.Set("02/09/2022 07:05")
			if err := j.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			msgs := smtp.Messages()
			for to, want := range map[string]string{
				"so-tnmt@datchuan.invalid":      "được giao chủ trì tiêu chí 17",
				"so-nnptnt@datchuan.invalid":    "được giao phối hợp tiêu chí 17",
				"so-xd@datchuan.invalid":        "chờ xác nhận: đạt, ngày số liệu 20/08/2022 — http://ntm.example/xac-nhan",
				"xa-nhitruong@datchuan.invalid": "Số liệu chỉ tiêu 1.1 của Xã Nhị Trường đã được xác nhận",
				"vpdp@datchuan.invalid":         "trình phê duyệt hồ sơ \"Hồ sơ công nhận tiêu chí 17 xã Nhị Trường\"",
			} {
				d := digestFor(t, msgs, to)
				if !strings.Contains(d.Text, "THÔNG BÁO MỚI") || !strings.Contains(d.Text, want) {
					t.Errorf("the digest to %s lacks %q:\n%s", to, want, d.Text)
				}
			}
			if d := digestFor(t, msgs, "so-xd@datchuan.invalid"); !strings.Contains(d.Text, "được giao chủ trì tiêu chí 17 của Xã Nhị Trường") {
				t.Errorf("the new lead's digest lacks the row:\n%s", d.Text)
			}

			// Told once: the day after, no digest repeats them.
			sent := len(msgs)
			clock.Set("03/09/2022 07:05")
			if err := j.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			for _, m := range smtp.Messages()[sent:] {
				if strings.Contains(m.Text, "THÔNG BÁO MỚI") {
					t.Errorf("a later digest to %v tells the notices again:\n%s", m.To, m.Text)
				}
			}
		})
	}
}
