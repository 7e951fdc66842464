package live

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/datchuan/datchuan"
)

// reach is what an entry of the log touches of what the model keeps.
type reach int

const (
	untouched  reach = iota // plans, tasks, accounts …: read from the database anyway
	oneUnit                 // a unit's values
	everything              // units, targets, many values at once
)

// wholesale are the entities whose entries change what the model keeps in
// bulk: a seeding, a unit list, a restored database, targets, a batch of
// values loaded or imported.
var wholesale = map[string]bool{"demo": true, "units": true, "database": true, "target": true, "targets": true,
	"values": true, "import": true, "national": true}

// reachOf says what the entry h changes of the model.
func reachOf(h datchuan.ChangeHead) reach {
	switch {
	case wholesale[h.Entity]:
		return everything
	case h.Entity == "value" && h.UnitID != 0:
		return oneUnit
	case h.Entity == "value":
		return everything // a value entry that names no unit: be safe
	}
	return untouched
}

// Sync brings the model up to date with the log: one indexed read when
// nothing was recorded since the last call. Pages call it before reading,
// so that a write made anywhere is seen at the next request.
func (m *Model) Sync(ctx context.Context) error {
	m.catchUp.Lock()
	defer m.catchUp.Unlock()
	m.mu.RLock()
	seq, gaps, loaded := m.seq, slices.Sorted(maps.Keys(m.gaps)), m.loads > 0
	m.mu.RUnlock()
	if !loaded {
		return m.load(ctx)
	}
	heads, err := m.db.Changes.Tail(ctx, seq, gaps)
	if err != nil {
		return fmt.Errorf("live: read the change log: %w", err)
	}
	now := m.now()
	next, nextGaps := m.advance(seq, heads, now)
	if len(heads) == 0 {
		m.mu.Lock()
		m.gaps = nextGaps
		m.mu.Unlock()
		return nil
	}
	units := map[int64]bool{}
	for _, h := range heads {
		switch reachOf(h) {
		case everything:
			return m.reload(ctx, next, nextGaps)
		case oneUnit:
			units[h.UnitID] = true
		}
	}
	return m.refresh(ctx, slices.Sorted(maps.Keys(units)), next, nextGaps)
}

// advance returns the log position after heads and the entries still
// missing: those missing before and not seen now, and the new holes below
// the latest entry, each forgotten after gapWait.
func (m *Model) advance(seq int64, heads []datchuan.ChangeHead, now time.Time) (int64, map[int64]time.Time) {
	m.mu.RLock()
	gaps := maps.Clone(m.gaps)
	m.mu.RUnlock()
	var fresh []datchuan.ChangeHead
	for _, h := range heads {
		delete(gaps, h.ID)
		if h.ID > seq {
			fresh = append(fresh, h)
		}
	}
	maps.Copy(gaps, gapsIn(fresh, seq, now))
	for id, since := range gaps {
		if now.Sub(since) > gapWait {
			delete(gaps, id)
		}
	}
	if n := len(fresh); n > 0 {
		seq = fresh[n-1].ID
	}
	return seq, gaps
}

// refresh reads again the current values of the units among units whose
// values are kept, and moves the model to log position seq. The caller
// holds catchUp.
func (m *Model) refresh(ctx context.Context, units []int64, seq int64, gaps map[int64]time.Time) error {
	m.mu.RLock()
	var kept []int64
	for _, id := range units {
		if _, ok := m.values[id]; ok {
			kept = append(kept, id)
		}
	}
	m.mu.RUnlock()
	if err := m.readValues(ctx, kept); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq, m.gaps = seq, gaps
	return nil
}
