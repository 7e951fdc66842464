// Package remind makes sure nobody forgets: once a day, from a configured
// hour, it writes each person a digest of what is due soon, overdue,
// returned to them or waiting for their confirmation, with the digest
// notices told in the app since their last digest (datchuan.Notice.Digest:
// new assignments, a value waiting or confirmed, an item submitted); and
// it sends the mail outbox, where notices mailed at once, such as "your
// value was returned", wait too.
//
// Exactly once: a digest is an outbox row keyed "digest:<user>:<day>", so
// whichever app instance (or restart) writes it first wins and the others
// write nothing; each outbox row is claimed by one sender before it is sent.
package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/mail"
	"github.com/datchuan/datchuan/work"
)

// Mailer sends one e-mail; *mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// Job is the reminder job of one app instance.
type Job struct {
	Stores   datchuan.Stores
	Sets     datchuan.CriteriaCatalog
	Mailer   Mailer // nil: mail is off; digests are not written either
	Now      func() time.Time
	Hour     int    // the hour (Vietnam time, 0–23) from which a day's digests go out
	Instance string // names this instance in the outbox claims
	BaseURL  string // "https://ntm.travinh.gov.vn", for links in mails
	Log      *slog.Logger

	kickOnce sync.Once
	kick     chan struct{}
}

// claimLease is how long a claimed mail stays with its sender; a sender that
// died holding it loses it after this.
const claimLease = 15 * time.Minute

// Tick writes today's digests (once the hour has come) and sends what
// waits in the outbox.
func (j *Job) Tick(ctx context.Context) error {
	if j.Mailer == nil {
		return nil
	}
	_, qerr := j.QueueDigests(ctx)
	// The outbox goes out even when a digest could not be written: the
	// notices waiting there must not depend on everyone's digest.
	_, ferr := j.Flush(ctx)
	return errors.Join(qerr, ferr)
}

// Run ticks every interval, and at once when kicked, until ctx ends.
func (j *Job) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := j.Tick(ctx); err != nil && ctx.Err() == nil {
			j.log().Error("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-j.kicks():
		}
	}
}

// Kick asks a running job to send the outbox now (a notice was queued).
func (j *Job) Kick() {
	select {
	case j.kicks() <- struct{}{}:
	default: // a kick is already pending
	}
}

func (j *Job) kicks() chan struct{} {
	j.kickOnce.Do(func() { j.kick = make(chan struct{}, 1) })
	return j.kick
}

func (j *Job) log() *slog.Logger {
	if j.Log != nil {
		return j.Log
	}
	return slog.Default()
}

// QueueDigests writes today's digest of every person with something
// waiting, once the configured hour has come; it returns how many it
// wrote (digests already written by anyone are not counted).
func (j *Job) QueueDigests(ctx context.Context) (int, error) {
	now := j.Now().In(datchuan.Vietnam())
	if now.Hour() < j.Hour {
		return 0, nil
	}
	day := datchuan.DateOf(now)
	users, err := j.Stores.Users.Users(ctx, datchuan.UserFilter{})
	if err != nil {
		return 0, err
	}
	tree := datchuan.NewUnitTree(j.Stores.Units, j.Now) // one walk of the units per run
	finder := work.NewFinder(j.Stores, j.Sets, tree)
	told := map[int64][]*datchuan.Notification{} // each person's digest notices, told to each of their accounts
	n := 0
	var errs []error
	for _, u := range users {
		if u.Disabled || u.Email == "" {
			continue
		}
		notices, err := j.notices(ctx, told, u.PersonID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		queued, err := j.queueDigest(ctx, finder, tree, u, day, notices)
		if err != nil {
			// One person's failure must not stop the others' digests.
			j.log().Error("digest", "user", u.Login, "err", err)
			errs = append(errs, err)
			continue
		}
		if queued {
			n++
			// Told once: the next digest tells only what came after.
			if err := j.Stores.Notify.MarkDigested(ctx, ids(notices), j.Now()); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return n, errors.Join(errs...)
}

// notices returns the digest notices of a person not told by a digest yet,
// read once per run (told keeps them) so that each account of the person
// gets the same.
func (j *Job) notices(ctx context.Context, told map[int64][]*datchuan.Notification, person int64) ([]*datchuan.Notification, error) {
	if person == 0 {
		return nil, nil
	}
	if ns, ok := told[person]; ok {
		return ns, nil
	}
	ns, err := j.Stores.Notify.Undigested(ctx, person)
	if err != nil {
		return nil, err
	}
	told[person] = ns
	return ns, nil
}

func ids(ns []*datchuan.Notification) []int64 {
	out := make([]int64, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

// queueDigest writes the digest of one person for day, if they have
// anything waiting or any notice to be told, and it was not written yet.
func (j *Job) queueDigest(ctx context.Context, finder *work.Finder, tree datchuan.Hierarchy, u *datchuan.User, day datchuan.Date, notices []*datchuan.Notification) (bool, error) {
	key := "digest:" + strconv.FormatInt(u.ID, 10) + ":" + day.String()
	acc, err := datchuan.LoadAccess(ctx, u, tree, j.Stores.Agencies)
	if err != nil {
		return false, err
	}
	w, err := finder.For(ctx, u, acc, day)
	if err != nil {
		return false, fmt.Errorf("work of %s: %w", u.Login, err)
	}
	subject, body, ok := Digest(u, w, j.BaseURL, notices...)
	if !ok {
		return false, nil
	}
	return j.Stores.Notify.QueueMail(ctx, &datchuan.Mail{To: u.Email, Subject: subject, Body: body, Key: key})
}

// Flush sends the mails of the outbox this instance can claim.
func (j *Job) Flush(ctx context.Context) (int, error) {
	sent := 0
	for {
		batch, err := j.Stores.Notify.ClaimMail(ctx, j.Instance, 20, j.Now(), claimLease)
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		for _, m := range batch {
			err := j.Mailer.Send(ctx, mail.Message{To: []string{m.To}, Subject: m.Subject, Text: m.Body})
			if err != nil {
				j.log().Warn("mail not sent", "to", m.To, "key", m.Key, "attempt", m.Attempts, "err", err)
			} else {
				sent++
			}
			if err := j.Stores.Notify.MailSent(ctx, m.ID, j.Now(), err); err != nil {
				return sent, err
			}
		}
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
	}
}

// Digest writes the day's mail of a person, with the notices told in the
// app since the last digest (new assignments, values waiting or confirmed,
// items submitted), a line each; ok is false when nothing is due soon,
// overdue, returned or waiting for them and there is no notice (no mail
// then).
func Digest(u *datchuan.User, w *work.Work, baseURL string, notices ...*datchuan.Notification) (subject, body string, ok bool) {
	overdue, soon := w.Overdue(), w.DueSoon()
	if overdue+soon+len(w.Returned)+len(w.ToReview)+len(notices) == 0 {
		return "", "", false
	}
	var parts []string
	if overdue > 0 {
		parts = append(parts, fmt.Sprintf("%d việc quá hạn", overdue))
	}
	if soon > 0 {
		parts = append(parts, fmt.Sprintf("%d việc đến hạn trong %d ngày", soon, work.SoonDays))
	}
	if n := len(w.Returned); n > 0 {
		parts = append(parts, fmt.Sprintf("%d số liệu bị trả lại", n))
	}
	if n := len(w.ToReview); n > 0 {
		parts = append(parts, fmt.Sprintf("%d số liệu chờ xác nhận", n))
	}
	if n := len(notices); n > 0 {
		parts = append(parts, fmt.Sprintf("%d thông báo mới", n))
	}
	subject = "[datchuan] Nhắc việc ngày " + w.Today.VN() + ": " + strings.Join(parts, ", ")
	var b strings.Builder
	fmt.Fprintf(&b, "Kính gửi %s,\n\nViệc cần chú ý ngày %s:\n", u.Name, w.Today.VN())
	section(&b, "QUÁ HẠN", w.Assignments, func(a work.AssignmentItem) bool { return a.Late })
	section(&b, fmt.Sprintf("ĐẾN HẠN TRONG %d NGÀY", work.SoonDays), w.Assignments, func(a work.AssignmentItem) bool { return a.Soon })
	tasks(&b, w)
	if len(w.Returned) > 0 {
		fmt.Fprintf(&b, "\nSỐ LIỆU BỊ TRẢ LẠI (%d):\n", len(w.Returned))
		for _, sv := range w.Returned {
			fmt.Fprintf(&b, "- %s, chỉ tiêu %s: %s\n", sv.Unit.Name, sv.Value.IndicatorCode, sv.Value.ReturnReason)
		}
	}
	if len(w.ToReview) > 0 {
		fmt.Fprintf(&b, "\nCHỜ BẠN XÁC NHẬN: %d số liệu — %s/xac-nhan\n", len(w.ToReview), baseURL)
	}
	if len(notices) > 0 {
		fmt.Fprintf(&b, "\nTHÔNG BÁO MỚI (%d):\n", len(notices))
		for _, n := range notices {
			fmt.Fprintf(&b, "- %s — %s%s\n", n.Text, baseURL, n.Link)
		}
	}
	fmt.Fprintf(&b, "\nXem chi tiết: %s/viec-cua-toi\n\n-- \nThư tự động của datchuan, gửi mỗi ngày một lần khi có việc cần chú ý.\n", baseURL)
	return subject, b.String(), true
}

func section(b *strings.Builder, title string, items []work.AssignmentItem, pick func(work.AssignmentItem) bool) {
	var lines []string
	for _, a := range items {
		if !pick(a) {
			continue
		}
		role := "phối hợp"
		if a.Lead {
			role = "chủ trì"
		}
		what := "tiêu chí " + a.CriterionCode
		if a.IndicatorCode != "" {
			what = "chỉ tiêu " + a.IndicatorCode
		}
		lines = append(lines, fmt.Sprintf("- Hạn %s: %s, %s (%s)", a.Deadline.VN(), a.Unit.Name, what, role))
	}
	if len(lines) > 0 {
		fmt.Fprintf(b, "\n%s (%d):\n%s\n", title, len(lines), strings.Join(lines, "\n"))
	}
}

func tasks(b *strings.Builder, w *work.Work) {
	var lines []string
	for _, t := range w.Tasks {
		switch {
		case work.TaskOverdue(t, w.Today):
			lines = append(lines, fmt.Sprintf("- QUÁ HẠN %s: %s", t.Due.VN(), t.Title))
		case work.TaskDueSoon(t, w.Today):
			lines = append(lines, fmt.Sprintf("- Hạn %s: %s", t.Due.VN(), t.Title))
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(b, "\nNHIỆM VỤ CỦA BẠN (%d):\n%s\n", len(lines), strings.Join(lines, "\n"))
	}
}
