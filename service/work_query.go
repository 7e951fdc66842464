package service

import (
	"context"

	"github.com/datchuan/datchuan"
)

// Notices lists a page of the caller's notices, the last first: at most
// limit, before the notice beforeID (0: from the last); none for an
// account that stands for no person (an administrator, the program).
func (s *Service) Notices(ctx context.Context, c Caller, beforeID int64, limit int) ([]*datchuan.Notification, error) {
	if c.Actor.PersonID == 0 {
		return nil, nil
	}
	return s.cfg.Stores.Notify.NotificationPage(ctx, c.Actor.PersonID, beforeID, limit)
}

// UnreadNotices counts the caller's unread notices.
func (s *Service) UnreadNotices(ctx context.Context, c Caller) (int, error) {
	if c.Actor.PersonID == 0 {
		return 0, nil
	}
	return s.cfg.Stores.Notify.CountUnread(ctx, c.Actor.PersonID)
}

// MarkNoticesRead marks every notice of the caller read. It writes no
// change-log entry: a person's own inbox is not the programme's data, and
// nobody else ever sees whether a notice was read.
func (s *Service) MarkNoticesRead(ctx context.Context, c Caller) error {
	if c.Actor.PersonID == 0 {
		return nil
	}
	return s.cfg.Stores.Notify.MarkRead(ctx, c.Actor.PersonID, nil, s.Now())
}
