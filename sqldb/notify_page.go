package sqldb

import (
	"context"

	"github.com/datchuan/datchuan"
)

// NotificationPage returns at most limit notifications of a person (all
// when limit is 0), the last recorded first, recorded before the one
// beforeID (0: from the last). By ID, which only grows, so that a notice
// arriving while someone pages through moves no other between pages.
func (s *NotifyService) NotificationPage(ctx context.Context, personID, beforeID int64, limit int) (_ []*datchuan.Notification, err error) {
	defer wrap(&err, "sqldb: notifications of person %d", personID)
	db := s.db
	w := whereOf(db, "person_id = ?", personID)
	if beforeID > 0 {
		w.add("id < ?", beforeID)
	}
	q := `SELECT ` + notificationColumns + ` FROM notifications` + w.String() + ` ORDER BY id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		w.args = append(w.args, limit)
	}
	return queryAll(ctx, db.r(), notificationFields, db.rebind(q), w.args...)
}

// CountUnread counts a person's unread notifications.
func (s *NotifyService) CountUnread(ctx context.Context, personID int64) (n int, err error) {
	defer wrap(&err, "sqldb: unread notifications of person %d", personID)
	err = s.db.r().QueryRowContext(ctx, s.db.rebind(`SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL`), personID).Scan(&n)
	return n, err
}
