package service

import (
	"context"
	"fmt"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/work"
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

// Work is what waits for the user u (whose access c carries): values to
// confirm, values returned, assignments and tasks, as of today. The
// navigation of every page counts it, so it is kept until the next write
// (memo): between two writes, a user's pages count it once.
func (s *Service) Work(ctx context.Context, c Caller, u *datchuan.User) (*work.Work, error) {
	today := s.Today()
	key := fmt.Sprintf("work/%d/%s", u.ID, today)
	return memo(s, key, func() (*work.Work, error) {
		return work.NewFinder(s.cfg.Stores, s.cfg.Sets, c.Tree).For(ctx, u, c.Access, today)
	})
}
