package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/datchuan/datchuan"
)

// NotifyService stores in-app notifications and the mail outbox.
type NotifyService struct{ db *DB }

// Notify stores n, unread, and sets n.ID; CreatedAt defaults to now. A
// notification needs a text (EINVALID); an unknown person is EINVALID.
func (s *NotifyService) Notify(ctx context.Context, n *datchuan.Notification) (err error) {
	defer wrap(&err, "sqldb: notify person %d", n.PersonID)
	if blank(n.Text) {
		return datchuan.Errorf(datchuan.EINVALID, "Thông báo trống (empty notification)")
	}
	db := s.db
	at := db.orNow(n.CreatedAt)
	err = db.q().QueryRowContext(ctx, db.rebind(`
		INSERT INTO notifications (person_id, text, link, created_at, digest) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		n.PersonID, n.Text, n.Link, db.ts(at), n.Digest).Scan(&n.ID)
	if violationOf(err) == foreignKeyViolation {
		return datchuan.Errorf(datchuan.EINVALID, "Cán bộ %d không tồn tại (unknown person)", n.PersonID)
	}
	if err != nil {
		return err
	}
	n.CreatedAt, n.ReadAt = truncTime(at), time.Time{}
	return nil
}

// Notifications returns the notifications of a person, only the unread
// ones when unreadOnly, newest first.
func (s *NotifyService) Notifications(ctx context.Context, personID int64, unreadOnly bool) (_ []*datchuan.Notification, err error) {
	defer wrap(&err, "sqldb: notifications of person %d", personID)
	db := s.db
	q := `SELECT ` + notificationColumns + ` FROM notifications WHERE person_id = ?`
	if unreadOnly {
		q += ` AND read_at IS NULL`
	}
	return queryAll(ctx, db.r(), notificationFields, db.rebind(q+` ORDER BY created_at DESC, id DESC`), personID)
}

const notificationColumns = `id, person_id, text, link, created_at, read_at, digest`

// notificationFields are the columns of notificationColumns.
func notificationFields(n *datchuan.Notification) []any {
	return []any{&n.ID, &n.PersonID, &n.Text, &n.Link, scanTime{&n.CreatedAt}, scanTime{&n.ReadAt}, &n.Digest}
}

// Undigested returns the unread digest notices of a person that no digest
// told yet, oldest first.
func (s *NotifyService) Undigested(ctx context.Context, personID int64) (_ []*datchuan.Notification, err error) {
	defer wrap(&err, "sqldb: undigested notifications of person %d", personID)
	db := s.db
	q := `SELECT ` + notificationColumns + ` FROM notifications
		WHERE person_id = ? AND digest = ? AND digested_at IS NULL AND read_at IS NULL ORDER BY created_at, id`
	return queryAll(ctx, db.r(), notificationFields, db.rebind(q), personID, true)
}

// MarkDigested records that a digest told the notifications ids, at at
// (default now); one told already keeps its first time.
func (s *NotifyService) MarkDigested(ctx context.Context, ids []int64, at time.Time) (err error) {
	defer wrap(&err, "sqldb: mark notifications digested")
	if len(ids) == 0 {
		return nil
	}
	db := s.db
	w := &where{db: db}
	w.in("id", ids)
	w.add("digested_at IS NULL")
	if w.err != nil {
		return w.err
	}
	_, err = db.q().ExecContext(ctx, db.rebind(`UPDATE notifications SET digested_at = ?`+w.String()), append([]any{db.ts(db.orNow(at))}, w.args...)...)
	return err
}

// MarkRead marks read at at (default now) those of the notifications ids
// that belong to the person and are unread; nil ids marks all of them.
// IDs of other people's notifications are ignored: the person ID, from the
// signed-in user, limits what a forged list of IDs can touch. A
// notification read already keeps its first read time.
func (s *NotifyService) MarkRead(ctx context.Context, personID int64, ids []int64, at time.Time) (err error) {
	defer wrap(&err, "sqldb: mark notifications of person %d read", personID)
	db := s.db
	at = db.orNow(at)
	w := &where{db: db}
	w.add("person_id = ?", personID)
	w.add("read_at IS NULL")
	w.in("id", ids)
	if w.err != nil {
		return w.err
	}
	_, err = db.q().ExecContext(ctx, db.rebind(`UPDATE notifications SET read_at = ?`+w.String()), append([]any{db.ts(at)}, w.args...)...)
	return err
}

// QueueMail adds m to the outbox and sets m.ID; CreatedAt defaults to now.
// A mail needs a recipient and a key (EINVALID). When a mail with the key
// exists already it returns false and writes nothing: the unique key, not
// a check beforehand, decides between two app instances queueing at once.
func (s *NotifyService) QueueMail(ctx context.Context, m *datchuan.Mail) (_ bool, err error) {
	defer wrap(&err, "sqldb: queue mail %q", m.Key)
	switch {
	case blank(m.To):
		return false, datchuan.Errorf(datchuan.EINVALID, "Thư chưa có người nhận (mail without a recipient)")
	case blank(m.Key):
		return false, datchuan.Errorf(datchuan.EINVALID, "Thư chưa có khóa (mail without a key)")
	}
	db := s.db
	at := db.orNow(m.CreatedAt)
	var id int64
	err = db.q().QueryRowContext(ctx, db.rebind(`
		INSERT INTO mails (key, recipient, subject, body, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`),
		m.Key, m.To, m.Subject, m.Body, db.ts(at)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	m.ID, m.CreatedAt, m.SentAt, m.Attempts, m.LastError = id, truncTime(at), time.Time{}, 0, ""
	return true, nil
}

// mailMaxFailures bounds the retries: a mail that failed more often than
// this (attempts counts claims, a lost one included) is no longer claimed;
// it stays in the outbox with its last error.
const mailMaxFailures = 10

const mailColumns = `id, recipient, subject, body, key, created_at, sent_at, attempts, last_error`

// mailFields are the columns of mailColumns.
func mailFields(m *datchuan.Mail) []any {
	return []any{&m.ID, &m.To, &m.Subject, &m.Body, &m.Key, scanTime{&m.CreatedAt}, scanTime{&m.SentAt}, &m.Attempts, &m.LastError}
}

// ClaimMail claims for sender, oldest first, up to n unsent mails that no
// sender holds or whose claim is older than now-lease, and returns them by
// ID with attempts counting this claim. The claim is one UPDATE, so that
// two senders never get the same mail: PostgreSQL locks the chosen rows and
// skips those another sender has locked (and re-checks a row that changed
// meanwhile); SQLite runs it alone on its single writer.
func (s *NotifyService) ClaimMail(ctx context.Context, sender string, n int, now time.Time, lease time.Duration) (_ []*datchuan.Mail, err error) {
	defer wrap(&err, "sqldb: claim mail for %q", sender)
	if blank(sender) {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Chưa nêu tên bộ gửi thư (no sender name)")
	}
	if n <= 0 {
		return []*datchuan.Mail{}, nil
	}
	db := s.db
	lock := ""
	if db.engine == EnginePostgres {
		lock = ` FOR UPDATE SKIP LOCKED`
	}
	q := db.rebind(`
		UPDATE mails SET claimed_by = ?, claimed_at = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM mails
			WHERE sent_at IS NULL AND attempts <= ? AND (claimed_at IS NULL OR claimed_at < ?)
			ORDER BY id LIMIT ?` + lock + `)
		RETURNING ` + mailColumns)
	// The cutoff is truncated like the stored claims: a claim made in the
	// microsecond of the cutoff counts as fresh, never as expired early.
	cutoff := db.ts(now.Add(-lease))
	var mails []*datchuan.Mail
	err = db.write(ctx, func(tx *sql.Tx) (err error) {
		mails, err = queryAll(ctx, tx, mailFields, q, sender, db.ts(now), mailMaxFailures, cutoff, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	// RETURNING gives rows in no promised order.
	slices.SortFunc(mails, func(a, b *datchuan.Mail) int { return cmp.Compare(a.ID, b.ID) })
	return mails, nil
}

// MailSent records the outcome of a claimed mail and releases the claim:
// sent at at (default now), or failed with sendErr, kept as last_error, so
// that the next claim tries it again. ENOTFOUND when there is no such mail.
func (s *NotifyService) MailSent(ctx context.Context, id int64, at time.Time, sendErr error) (err error) {
	defer wrap(&err, "sqldb: record outcome of mail %d", id)
	db := s.db
	at = db.orNow(at)
	var res sql.Result
	if sendErr == nil {
		res, err = db.q().ExecContext(ctx, db.rebind(`
			UPDATE mails SET sent_at = ?, claimed_by = NULL, claimed_at = NULL WHERE id = ?`), db.ts(at), id)
	} else {
		res, err = db.q().ExecContext(ctx, db.rebind(`
			UPDATE mails SET last_error = ?, claimed_by = NULL, claimed_at = NULL WHERE id = ?`), sendErr.Error(), id)
	}
	return oneRow(res, err, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy thư %d (mail not found)", id))
}
