// Package housekeep keeps the database from growing without bound: every
// hour it removes the uploads that nothing cites once they are a day old
// (the files of forms that were refused and never sent again, or never
// cited), with their content when no other upload shares it.
//
// It is its own package, not part of remind, because it runs whether mail
// is on or off, and it needs no claim: a deletion is idempotent, so when
// two app instances run it at once the second finds nothing left to remove
// and writes nothing to the change log.
package housekeep

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/datchuan/datchuan"
)

// Actor is who the change log names for the job's deletions.
var Actor = datchuan.SystemActor("housekeeping")

// Job is the housekeeping of one app instance.
type Job struct {
	Tx  datchuan.Transactor
	Now func() time.Time
	Log *slog.Logger
}

// Tick removes the unused uploads older than datchuan.UnusedAfter and,
// when it removed any, records what in the change log, in the same
// transaction.
func (j *Job) Tick(ctx context.Context) (datchuan.Removed, error) {
	var out datchuan.Removed
	err := j.Tx.Atomically(ctx, func(tx datchuan.Stores) error {
		removed, err := tx.Files.RemoveUnused(ctx, j.Now().Add(-datchuan.UnusedAfter))
		if err != nil || removed.Attachments == 0 {
			return err
		}
		out = removed
		summary := fmt.Sprintf("Xóa %d tệp tải lên không được dùng đến sau %d giờ: %d nội dung, %d byte",
			removed.Attachments, int(datchuan.UnusedAfter.Hours()), removed.Contents, removed.Bytes)
		return tx.Changes.Record(ctx, datchuan.NewChange(Actor, datchuan.ActFilesRemove, "file", 0, summary, nil, removed))
	})
	if err != nil {
		return datchuan.Removed{}, fmt.Errorf("housekeeping: %w", err)
	}
	return out, nil
}

// Run ticks at once and then every interval, until ctx ends.
func (j *Job) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		removed, err := j.Tick(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			j.log().Error("housekeeping", "err", err)
		case removed.Attachments > 0:
			j.log().Info("removed unused uploads", "attachments", removed.Attachments, "contents", removed.Contents, "bytes", removed.Bytes)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (j *Job) log() *slog.Logger {
	if j.Log != nil {
		return j.Log
	}
	return slog.Default()
}
