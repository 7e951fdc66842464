package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/datchuan/datchuan"
)

// ChangeLog keeps the append-only change log. It has no method that edits
// or deletes an entry, and the table's triggers refuse any UPDATE or
// DELETE (and, in PostgreSQL, TRUNCATE) from whatever statement: the log
// is the record of who changed what, and nothing rewrites it. Record it
// within Atomically, beside the change it describes, so that both are
// stored or neither.
type ChangeLog struct{ db *DB }

// Record appends c and sets c.ID; c.At defaults to now and is set to what
// is stored (UTC, whole microseconds). The user, person and unit are kept
// as numbers without foreign keys, so that no later delete touches the
// entry and no entry blocks a write. An empty action or entity is
// EINVALID: an entry must say what happened to what.
func (l *ChangeLog) Record(ctx context.Context, c *datchuan.Change) (err error) {
	defer wrap(&err, "sqldb: record change %q", c.Action)
	db := l.db
	at := db.orNow(c.At)
	var id int64
	err = db.q().QueryRowContext(ctx, db.rebind(`
		INSERT INTO changes (at, user_id, person_id, actor, addr, action, entity, entity_id, unit_id, province,
			summary, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		db.ts(at), orNull(c.Actor.UserID), orNull(c.Actor.PersonID), c.Actor.Name, c.Actor.Addr, c.Action, c.Entity,
		c.EntityID, orNull(c.UnitID), c.Province, c.Summary, c.Before, c.After).Scan(&id)
	if violationOf(err) == checkViolation {
		return datchuan.Errorf(datchuan.EINVALID, "Mục nhật ký cần hành động và đối tượng (a change needs an action and an entity)")
	}
	if err != nil {
		return err
	}
	c.ID, c.At = id, truncTime(at)
	return nil
}

// Changes returns the entries f selects, newest first (by ID, the order
// they were recorded in). From and To bound At (From <= At < To); BeforeID
// pages back: the entries older than that one. A nil Provinces or UnitIDs
// does not filter; an empty, non-nil one matches nothing. Limit 0 is no
// limit.
func (l *ChangeLog) Changes(ctx context.Context, f datchuan.ChangeFilter) (_ []*datchuan.Change, err error) {
	defer wrap(&err, "sqldb: changes")
	db := l.db
	w := changeWhere(db, f)
	if w.err != nil {
		return nil, w.err
	}
	q := `SELECT id, at, user_id, person_id, actor, addr, action, entity, entity_id, unit_id, province,
			summary, before_json, after_json
		FROM changes` + w.String() + ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		w.args = append(w.args, f.Limit)
	}
	return queryAll(ctx, db.r(), changeFields, db.rebind(q), w.args...)
}

// Latest returns the greatest At of the log, zero when it is empty: the
// latest recorded event, even when a clock set back (a demo restarted)
// recorded later entries with earlier times.
func (l *ChangeLog) Latest(ctx context.Context) (at time.Time, err error) {
	defer wrap(&err, "sqldb: latest change")
	err = l.db.r().QueryRowContext(ctx, `SELECT MAX(at) FROM changes`).Scan(scanTime{&at})
	return at, err
}

// Tail returns the heads of the entries after the entry after, and of
// the entries also, by ID. It reads the primary key's index from after
// on: when nothing was recorded since, it costs one indexed lookup.
func (l *ChangeLog) Tail(ctx context.Context, after int64, also []int64) (_ []datchuan.ChangeHead, err error) {
	defer wrap(&err, "sqldb: changes after %d", after)
	db := l.db
	w := whereOf(db, "id > ?", after)
	if len(also) > 0 {
		cond, arg, err := db.inList("id", also)
		if err != nil {
			return nil, err
		}
		w = whereOf(db, "(id > ? OR "+cond+")", after, arg)
	}
	var out []datchuan.ChangeHead
	err = eachRow(ctx, db.r(), db.rebind(`SELECT id, action, entity, unit_id FROM changes`+w.String()+` ORDER BY id`), w.args,
		func(rows *sql.Rows) error {
			var h datchuan.ChangeHead
			if err := rows.Scan(&h.ID, &h.Action, &h.Entity, scanID{&h.UnitID}); err != nil {
				return err
			}
			out = append(out, h)
			return nil
		})
	return out, err
}

// changeFields are the columns Changes selects.
func changeFields(c *datchuan.Change) []any {
	a := &c.Actor
	return []any{&c.ID, scanTime{&c.At}, scanID{&a.UserID}, scanID{&a.PersonID}, &a.Name, &a.Addr, &c.Action,
		&c.Entity, &c.EntityID, scanID{&c.UnitID}, &c.Province, &c.Summary, &c.Before, &c.After}
}

// changeWhere is the condition of a ChangeFilter. Stored instants are whole
// microseconds, so both bounds are rounded up (tsAfter): "at >= From" and
// "at < To" then hold exactly when they hold for the untruncated bounds.
func changeWhere(db *DB, f datchuan.ChangeFilter) *where {
	w := &where{db: db}
	w.in("province", f.Provinces)
	w.in("unit_id", f.UnitIDs)
	w.eq("user_id", f.UserID)
	w.eq("entity", f.Entity)
	w.eq("entity_id", f.EntityID)
	if !f.From.IsZero() {
		w.add("at >= ?", db.tsAfter(f.From))
	}
	if !f.To.IsZero() {
		w.add("at < ?", db.tsAfter(f.To))
	}
	if f.BeforeID != 0 {
		w.add("id < ?", f.BeforeID)
	}
	return w
}
