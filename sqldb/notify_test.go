package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func TestNotifications(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ns := db.Stores().Notify
		other := mustPerson(t, db, "Lâm Văn Khác")

		notify := func(person int64, text string, created time.Time) *datchuan.Notification {
			n := &datchuan.Notification{PersonID: person, Text: text, Link: "/values/1", CreatedAt: created}
			must(t, ns.Notify(ctx, n))
			return n
		}
		n1 := notify(w.member, "Giá trị chỉ tiêu 17.8 bị trả lại", at(20, 9))
		n2 := notify(w.member, "Nhiệm vụ mới: rà soát tiêu chí 17", at(21, 9))
		n3 := notify(w.member, "Sắp đến hạn: báo cáo tuần", time.Time{})
		theirs := notify(other.ID, "Thông báo của người khác", at(21, 10))
		if !n3.CreatedAt.Equal(utcNow) || n3.ID == 0 || !n3.ReadAt.IsZero() {
			t.Errorf("after Notify: %+v", n3)
		}
		list := func(person int64, unreadOnly bool) []*datchuan.Notification {
			got, err := ns.Notifications(ctx, person, unreadOnly)
			must(t, err)
			return got
		}
		wantEqual(t, []*datchuan.Notification{n3, n2, n1}, list(w.member, false), "Notifications")

		// The person's own are marked; another person's ID in the list is not.
		must(t, ns.MarkRead(ctx, w.member, []int64{n1.ID, theirs.ID}, at(22, 7)))
		wantEqual(t, []*datchuan.Notification{n3, n2}, list(w.member, true), "unread after MarkRead")
		wantEqual(t, []*datchuan.Notification{theirs}, list(other.ID, true), "MarkRead touched another person's notification")
		// An empty list marks nothing; nil marks all, and a notification
		// read before keeps its first read time.
		must(t, ns.MarkRead(ctx, w.member, []int64{}, at(22, 8)))
		if n := len(list(w.member, true)); n != 2 {
			t.Errorf("%d unread after marking an empty list, want 2", n)
		}
		must(t, ns.MarkRead(ctx, w.member, nil, at(22, 9)))
		if n := len(list(w.member, true)); n != 0 {
			t.Errorf("%d unread after marking all", n)
		}
		read := list(w.member, false)
		if len(read) != 3 || !read[2].ReadAt.Equal(at(22, 7)) || !read[0].ReadAt.Equal(at(22, 9)) {
			t.Errorf("read times: %v, %v, %v", read[0].ReadAt, read[1].ReadAt, read[2].ReadAt)
		}

		wantCode(t, ns.Notify(ctx, &datchuan.Notification{PersonID: w.member, Text: " "}), datchuan.EINVALID)
		wantCode(t, ns.Notify(ctx, &datchuan.Notification{PersonID: 1 << 40, Text: "x"}), datchuan.EINVALID)
	})
}

func TestQueueMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ns := db.Stores().Notify
		m := &datchuan.Mail{To: "lan@travinh.gov.vn", Subject: "Tổng hợp ngày 22/06/2022", Body: "3 việc sắp đến hạn", Key: "digest:7:2022-06-22"}
		ok, err := ns.QueueMail(ctx, m)
		must(t, err)
		if !ok || m.ID == 0 || !m.CreatedAt.Equal(utcNow) {
			t.Errorf("QueueMail = %t; mail %+v", ok, m)
		}
		dup := &datchuan.Mail{To: "other@travinh.gov.vn", Subject: "again", Key: m.Key}
		ok, err = ns.QueueMail(ctx, dup)
		must(t, err)
		if ok || dup.ID != 0 {
			t.Errorf("QueueMail of a taken key = %t, ID %d; want false, 0", ok, dup.ID)
		}
		for _, bad := range []*datchuan.Mail{{Key: "k"}, {To: "a@b.vn"}, {To: "a@b.vn", Key: "  "}} {
			_, err := ns.QueueMail(ctx, bad)
			wantCode(t, err, datchuan.EINVALID)
		}
		claimed, err := ns.ClaimMail(ctx, "sender", 10, testNow, time.Minute)
		must(t, err)
		want := *m
		want.Attempts = 1
		wantEqual(t, []*datchuan.Mail{&want}, claimed, "outbox")
	})
}

// TestQueueMailConcurrent queues one digest from many goroutines of two app
// instances at once: exactly one call queues it.
func TestQueueMailConcurrent(t *testing.T) {
	forEachEngineTwice(t, func(t *testing.T, db1, db2 *sqldb.DB) {
		ctx := context.Background()
		services := []datchuan.NotifyService{db1.Stores().Notify, db2.Stores().Notify}
		const calls = 16
		var queued [calls]bool
		var errs [calls]error
		var wg sync.WaitGroup
		for i := range calls {
			wg.Go(func() {
				m := &datchuan.Mail{To: "lan@travinh.gov.vn", Subject: fmt.Sprintf("call %d", i), Key: "digest:7:2022-06-22"}
				queued[i], errs[i] = services[i%2].QueueMail(ctx, m)
			})
		}
		wg.Wait()
		must(t, errors.Join(errs[:]...))
		n := 0
		for _, ok := range queued {
			if ok {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d calls queued the mail, want 1", n)
		}
		claimed, err := services[0].ClaimMail(ctx, "sender", 100, testNow, time.Minute)
		must(t, err)
		if len(claimed) != 1 {
			t.Errorf("%d mails in the outbox, want 1", len(claimed))
		}
	})
}

// mustQueue queues n mails with keys prefix:0, prefix:1 ... and returns
// them in order.
func mustQueue(tb testing.TB, ns datchuan.NotifyService, prefix string, n int) []*datchuan.Mail {
	tb.Helper()
	var mails []*datchuan.Mail
	for i := range n {
		m := &datchuan.Mail{To: "a@travinh.gov.vn", Subject: "s", Body: "b", Key: fmt.Sprintf("%s:%d", prefix, i)}
		ok, err := ns.QueueMail(context.Background(), m)
		must(tb, err)
		if !ok {
			tb.Fatalf("mail %s not queued", m.Key)
		}
		mails = append(mails, m)
	}
	return mails
}

func mailIDs(mails []*datchuan.Mail) []int64 {
	return field(mails, func(m *datchuan.Mail) int64 { return m.ID })
}

func TestClaimMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ns := db.Stores().Notify
		mails := mustQueue(t, ns, "m", 5)
		const lease = 5 * time.Minute
		claim := func(sender string, n int, now time.Time) []*datchuan.Mail {
			t.Helper()
			got, err := ns.ClaimMail(ctx, sender, n, now, lease)
			must(t, err)
			return got
		}
		t0 := testNow

		// Oldest first, each to one sender; fresh claims are not taken over.
		a := claim("a", 2, t0)
		wantEqual(t, mailIDs(mails[:2]), mailIDs(a), "first claim")
		if a[0].Attempts != 1 || a[0].Key != "m:0" || a[0].To != "a@travinh.gov.vn" {
			t.Errorf("claimed mail: %+v", a[0])
		}
		wantEqual(t, mailIDs(mails[2:]), mailIDs(claim("b", 10, t0.Add(time.Second))), "second claim")
		if got := claim("c", 10, t0.Add(lease)); len(got) != 0 {
			t.Errorf("claims exactly lease old were taken over: %v", mailIDs(got))
		}

		// a sends one and fails the other: the failed one is free at once,
		// the sent one never again.
		must(t, ns.MailSent(ctx, a[0].ID, t0.Add(time.Minute), nil))
		must(t, ns.MailSent(ctx, a[1].ID, time.Time{}, errors.New("smtp: 451 try again later")))
		retry := claim("c", 10, t0.Add(2*time.Minute))
		if len(retry) != 1 || retry[0].ID != a[1].ID || retry[0].Attempts != 2 || retry[0].LastError != "smtp: 451 try again later" {
			t.Errorf("retry claim: %v", mailIDs(retry))
			for _, m := range retry {
				t.Logf("%+v", *m)
			}
		}
		// After the lease, b's claims (and c's) are taken over; the sent
		// mail stays sent.
		late := claim("d", 10, t0.Add(lease+3*time.Minute))
		wantEqual(t, mailIDs(mails[1:]), mailIDs(late), "claims after the lease")

		wantCode(t, ns.MailSent(ctx, 1<<40, t0, nil), datchuan.ENOTFOUND)
		_, err := ns.ClaimMail(ctx, " ", 10, t0, lease)
		wantCode(t, err, datchuan.EINVALID)
		if got := claim("e", 0, t0.Add(time.Hour)); len(got) != 0 {
			t.Errorf("a claim of 0 mails returned %d", len(got))
		}
	})
}

// TestClaimMailGivesUp fails one mail again and again: after more than 10
// failures it is no longer claimed.
func TestClaimMailGivesUp(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ns := db.Stores().Notify
		m := mustQueue(t, ns, "bounce", 1)[0]
		for try := 1; try <= 11; try++ {
			got, err := ns.ClaimMail(ctx, "sender", 10, testNow, time.Minute)
			must(t, err)
			if len(got) != 1 || got[0].Attempts != try {
				t.Fatalf("claim %d: %+v", try, got)
			}
			must(t, ns.MailSent(ctx, m.ID, testNow, fmt.Errorf("smtp: 550 mailbox unavailable (%d)", try)))
		}
		got, err := ns.ClaimMail(ctx, "sender", 10, testNow.Add(time.Hour), time.Minute)
		must(t, err)
		if len(got) != 0 {
			t.Errorf("a mail that failed 11 times was claimed again: %+v", got[0])
		}
	})
}

// TestClaimMailConcurrent has four senders, two in each of two app
// instances, empty the outbox together: every mail is claimed exactly once.
func TestClaimMailConcurrent(t *testing.T) {
	forEachEngineTwice(t, func(t *testing.T, db1, db2 *sqldb.DB) {
		ctx := context.Background()
		services := []datchuan.NotifyService{db1.Stores().Notify, db2.Stores().Notify}
		const total = 60
		mustQueue(t, services[0], "m", total)
		const senders = 4
		var claimed [senders][]int64
		var errs [senders]error
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				for {
					got, err := services[i%2].ClaimMail(ctx, fmt.Sprintf("sender-%d", i), 3, testNow, time.Hour)
					if err != nil || len(got) == 0 {
						errs[i] = err
						return
					}
					claimed[i] = append(claimed[i], mailIDs(got)...)
				}
			})
		}
		wg.Wait()
		must(t, errors.Join(errs[:]...))
		seen := map[int64]int{}
		for i, ids := range claimed {
			for _, id := range ids {
				if j, ok := seen[id]; ok {
					t.Errorf("mail %d claimed by sender %d and sender %d", id, j, i)
				}
				seen[id] = i
			}
		}
		if len(seen) != total {
			t.Errorf("%d mails claimed, want %d", len(seen), total)
		}
	})
}

// Digest notices wait for a digest: unread, not told yet, oldest first;
// once a digest told them, or the person read them, they wait no more.
func TestUndigestedNotifications(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ns := db.Stores().Notify
		notify := func(text string, digest bool, created time.Time) *datchuan.Notification {
			n := &datchuan.Notification{PersonID: w.member, Text: text, CreatedAt: created, Digest: digest}
			must(t, ns.Notify(ctx, n))
			return n
		}
		mailed := notify("Số liệu bị trả lại", false, at(20, 9))
		later := notify("Số liệu đã được xác nhận", true, at(21, 9))
		first := notify("Được giao chủ trì tiêu chí 17", true, at(20, 10))
		read := notify("Hồ sơ đã được trình", true, at(20, 11))
		must(t, ns.MarkRead(ctx, w.member, []int64{read.ID}, at(20, 12)))

		got, err := ns.Undigested(ctx, w.member)
		must(t, err)
		wantEqual(t, []*datchuan.Notification{first, later}, got, "Undigested")
		all, err := ns.Notifications(ctx, w.member, false)
		must(t, err)
		if len(all) != 4 || all[len(all)-1].ID != mailed.ID || all[len(all)-1].Digest || !all[0].Digest {
			t.Errorf("the digest flag is not kept: %+v", all)
		}

		must(t, ns.MarkDigested(ctx, []int64{first.ID}, at(21, 7)))
		must(t, ns.MarkDigested(ctx, nil, at(21, 8))) // nothing
		got, err = ns.Undigested(ctx, w.member)
		must(t, err)
		wantEqual(t, []*datchuan.Notification{later}, got, "Undigested after MarkDigested")
	})
}
