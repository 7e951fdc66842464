package service

import (
	"context"

	"github.com/datchuan/datchuan"
)

// Notices lists the caller's notices, newest first; none for an account
// that stands for no person (an administrator, the program).
func (s *Service) Notices(ctx context.Context, c Caller) ([]*datchuan.Notification, error) {
	if c.Actor.PersonID == 0 {
		return nil, nil
	}
	return s.cfg.Stores.Notify.Notifications(ctx, c.Actor.PersonID, false)
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
