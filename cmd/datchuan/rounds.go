package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/datchuan/datchuan/service"
)

// runRounds is the scheduler of weekly reporting: every interval it opens
// the week's round of each plan (closing the last one) and reminds the
// reporters that have not sent theirs, the day before and on the deadline.
// It runs whether mail is on or not: the notices are in the app and, when
// mail is on, in the daily digest. Several app instances may run it at
// once; the service makes each step happen once.
func runRounds(ctx context.Context, svc *service.Service, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := svc.OpenWeeklyRounds(ctx); err != nil && ctx.Err() == nil {
			log.Error("open weekly rounds", "err", err)
		} else if n > 0 {
			log.Info("weekly rounds opened", "rounds", n)
		}
		if _, err := svc.RemindReporters(ctx); err != nil && ctx.Err() == nil {
			log.Error("remind reporters", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
