// Package live keeps what the status pages read most — the unit list,
// every unit's current values and the targets — in memory, fresh on the
// next request after any write, on this instance or another one over the
// same database.
//
// The database stays the source of truth. Every write commits its
// change-log entry in the same transaction (the house rule), so the log is
// a complete feed of changes: before each request the model reads the
// entries recorded since the last one it applied (one lookup on the log's
// primary key when nothing changed) and reloads what they touched — a
// unit's values after a report or a review, everything after a seeding, a
// unit list or a restore. A restart rebuilds the model from the database.
//
// The model serves reads through Stores: the same services as the
// database's, whose reads of current values, targets and units are
// answered from memory and whose other reads and all writes go to the
// database. Past dates (values known at an earlier instant) are answered
// by the database, from the dated values, as before.
package live

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/datchuan/datchuan"
)

// gapWait is how long an entry seen missing (an ID below the latest, not
// yet committed when the log was read) is looked for again. On PostgreSQL
// two transactions take IDs in one order and may commit in the other; a
// write holds its transaction for milliseconds, so a minute is ample. An
// entry of a transaction rolled back never comes, and is forgotten.
const gapWait = time.Minute

// Model is the in-memory read side. It is safe for concurrent use: many
// requests read while one brings it up to date.
type Model struct {
	db  datchuan.Stores // the database's services, outside any transaction
	now func() time.Time

	catchUp sync.Mutex // one catch-up at a time

	mu   sync.RWMutex
	seq  int64               // the latest entry applied
	gaps map[int64]time.Time // entries below seq not seen yet, and since when
	// values are the current values of the units read so far (a unit's
	// are read the first time a page asks for them, so that a national
	// database starts at once and holds in memory what is looked at);
	// stamp is, by unit, the latest report or review among them.
	values map[int64][]cell
	stamp  map[int64]time.Time
	names  names // the texts cells repeat
	target map[int64][]*datchuan.Target
	units  *unitIndex
	loads  int // full loads, for tests and the log

	memo    map[string]any // Memo's answers, valid at log position memoSeq
	memoSeq int64
}

// New returns a model over the database's services db; Load fills it.
func New(db datchuan.Stores, now func() time.Time) *Model {
	return &Model{db: db, now: now, gaps: map[int64]time.Time{}}
}

// Load reads everything the model keeps from the database: the log's
// position first, so that a write committed while loading is applied again
// by the next Sync rather than missed.
func (m *Model) Load(ctx context.Context) error {
	m.catchUp.Lock()
	defer m.catchUp.Unlock()
	return m.load(ctx)
}

func (m *Model) load(ctx context.Context) error {
	heads, err := m.db.Changes.Tail(ctx, 0, nil)
	if err != nil {
		return fmt.Errorf("live: read the change log: %w", err)
	}
	var seq int64
	if n := len(heads); n > 0 {
		seq = heads[n-1].ID
	}
	return m.reload(ctx, seq, gapsIn(heads, 0, m.now()))
}

// reload replaces the whole model by what the database holds, at log
// position seq with the entries gaps still to come: the units and targets
// at once, the values of each unit when it is first asked for.
func (m *Model) reload(ctx context.Context, seq int64, gaps map[int64]time.Time) error {
	units, err := m.db.Units.FindUnits(ctx, datchuan.UnitFilter{})
	if err != nil {
		return fmt.Errorf("live: load units: %w", err)
	}
	ts, err := m.db.Targets.FindTargets(ctx, datchuan.TargetFilter{})
	if err != nil {
		return fmt.Errorf("live: load targets: %w", err)
	}
	targets := map[int64][]*datchuan.Target{}
	for _, t := range ts {
		targets[t.UnitID] = append(targets[t.UnitID], t)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq, m.gaps, m.target, m.units = seq, gaps, targets, newUnitIndex(units)
	m.values, m.stamp = map[int64][]cell{}, map[int64]time.Time{}
	m.loads++
	return nil
}

// readChunk bounds the units of one query when values are read: a
// province's communes in one or two.
const readChunk = 2000

// readValues reads from the database the current values of units and
// keeps them, replacing what was kept of those units. The caller holds
// catchUp, so that no Sync runs between the read and the keeping (a write
// it would skip, its unit not read yet, could be missed).
func (m *Model) readValues(ctx context.Context, units []int64) error {
	for len(units) > 0 {
		n := min(len(units), readChunk)
		chunk := units[:n]
		units = units[n:]
		vals, err := m.db.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: chunk})
		if err != nil {
			return fmt.Errorf("live: read values: %w", err)
		}
		m.mu.Lock()
		byUnit := make(map[int64][]cell, len(chunk))
		for _, v := range vals {
			byUnit[v.UnitID] = append(byUnit[v.UnitID], m.cellOf(v))
		}
		for _, id := range chunk {
			var stamp int64
			for i := range byUnit[id] {
				stamp = max(stamp, byUnit[id][i].stamp())
			}
			m.values[id], m.stamp[id] = slices.Clip(byUnit[id]), timeOf(stamp)
		}
		m.mu.Unlock()
	}
	return nil
}

// ensure reads the values of the units among ids not read yet.
func (m *Model) ensure(ctx context.Context, ids []int64) error {
	missing := m.unread(ids)
	if len(missing) == 0 {
		return nil
	}
	m.catchUp.Lock()
	defer m.catchUp.Unlock()
	return m.readValues(ctx, m.unread(missing)) // another request may have read some meanwhile
}

// unread returns the units among ids whose values are not kept.
func (m *Model) unread(ids []int64) []int64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []int64
	for _, id := range ids {
		if _, ok := m.values[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// gapsIn returns the IDs missing between from and the last of heads (the
// entries not committed yet when the log was read), noted at now.
func gapsIn(heads []datchuan.ChangeHead, from int64, now time.Time) map[int64]time.Time {
	gaps := map[int64]time.Time{}
	next := from + 1
	for _, h := range heads {
		for id := next; id < h.ID; id++ {
			gaps[id] = now
		}
		if h.ID >= next {
			next = h.ID + 1
		}
	}
	return gaps
}

// Loads counts the model's full loads (the first one included).
func (m *Model) Loads() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.loads
}

// Seq is the latest entry of the log the model has applied.
func (m *Model) Seq() int64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.seq
}
