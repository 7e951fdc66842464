package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// RoundService stores the rounds of weekly reports and their reports
// (report.go).
type RoundService struct{ db *DB }

var _ datchuan.RoundService = (*RoundService)(nil)

// roundReporters holds the agencies a round expects a report from.
var roundReporters = childTable{"round_reporters", "round_id", "agency_id"}

var versionedRounds = versioned{"rounds", "Đợt báo cáo", "the round", roundNotFound}

func roundNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy đợt báo cáo %d (round not found)", id)
}

// roundRefused turns the constraint a new round broke into an error: the
// weekly round of its plan and week exists already (ECONFLICT: another
// instance, or another person, opened it first), an unknown plan or
// creator, or (the CHECK and NOT NULL of the table) no kind, week or
// deadline (EINVALID).
func roundRefused(r *datchuan.Round, err error) error {
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Đợt báo cáo tuần %s của kế hoạch này đã được mở (the weekly round of that week is open already)", r.Week.VN())
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Kế hoạch %d hoặc người tạo %d không tồn tại (unknown plan or creator)", r.PlanID, r.CreatedBy)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đợt báo cáo cần loại (tuần hoặc đột xuất), tuần và hạn gửi (a round needs a kind, a week and a deadline)")
	}
	return nil
}

// OpenRound stores r, open, with its reporters (each once, in order) and
// sets r.ID and r.Version (1); OpenedAt defaults to now. A weekly round of
// a plan and week that has one already is ECONFLICT: of several app
// instances opening the week at once, one does. An unknown plan, creator
// or reporter, or a round the table refuses (roundRefused), is EINVALID.
func (s *RoundService) OpenRound(ctx context.Context, r *datchuan.Round) (err error) {
	defer wrap(&err, "sqldb: open round of plan %d, week %s", r.PlanID, r.Week)
	db := s.db
	at := db.orNow(r.OpenedAt)
	reporters := uniq(r.Reporters)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO rounds (plan_id, kind, week, title, deadline, opened_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			r.PlanID, string(r.Kind), r.Week, r.Title, db.tsOrNull(r.Deadline), db.ts(at), orNull(r.CreatedBy)).
			Scan(&id, &version)
		if refused := roundRefused(r, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return putList(ctx, db, tx, roundReporters, id, reporters, func(a int64) error {
			return datchuan.Errorf(datchuan.EINVALID, "Cơ quan báo cáo %d không tồn tại (unknown reporting agency)", a)
		})
	})
	if err != nil {
		return err
	}
	r.ID, r.Reporters, r.Version = id, reporters, version
	r.Deadline, r.OpenedAt, r.ClosedAt = truncTime(r.Deadline), truncTime(at), time.Time{}
	return nil
}

// Round returns the round with the given ID, or ENOTFOUND.
func (s *RoundService) Round(ctx context.Context, id int64) (_ *datchuan.Round, err error) {
	defer wrap(&err, "sqldb: round %d", id)
	list, err := s.findRounds(ctx, whereOf(s.db, "r.id = ?", id), 0)
	return only(list, err, roundNotFound(id))
}

// Rounds returns the rounds f selects, the latest deadline first (then the
// later ID), at most f.Limit of them when it is not 0. A nil IDs or PlanIDs
// does not filter; an empty, non-nil one matches nothing.
func (s *RoundService) Rounds(ctx context.Context, f datchuan.RoundFilter) (_ []*datchuan.Round, err error) {
	defer wrap(&err, "sqldb: rounds")
	w := &where{db: s.db}
	w.in("r.id", f.IDs)
	w.in("r.plan_id", f.PlanIDs)
	w.eq("r.kind", string(f.Kind))
	if f.Open {
		w.add("r.closed_at IS NULL")
	}
	if f.Closed {
		w.add("r.closed_at IS NOT NULL")
	}
	return s.findRounds(ctx, w, f.Limit)
}

// findRounds reads the rounds with their reporters in one statement, so
// that a round and its list are consistent.
func (s *RoundService) findRounds(ctx context.Context, w *where, limit int) ([]*datchuan.Round, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	q := `SELECT r.id, r.plan_id, r.kind, r.week, r.title, r.deadline, ` +
		db.jsonList(roundReporters.value, roundReporters.name, `round_id = r.id`) + `,
			r.opened_at, r.closed_at, r.reminded_on, r.created_by, r.version
		FROM rounds r` + w.String() + ` ORDER BY r.deadline DESC, r.id DESC`
	args := w.args
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return queryAll(ctx, db.r(), roundFields, db.rebind(q), args...)
}

// roundFields are the columns findRounds selects.
func roundFields(r *datchuan.Round) []any {
	return []any{&r.ID, &r.PlanID, &r.Kind, &r.Week, &r.Title, scanTime{&r.Deadline}, scanList[int64]{&r.Reporters},
		scanTime{&r.OpenedAt}, scanTime{&r.ClosedAt}, &r.RemindedOn, scanID{&r.CreatedBy}, &r.Version}
}

// CloseRound closes the open round id at at (zero: now) if it is still at
// version, which closing moves on. ECONFLICT when someone changed or
// closed the round since that version, ENOTFOUND when it is gone (its plan
// deleted).
func (s *RoundService) CloseRound(ctx context.Context, id int64, at time.Time, version int) (err error) {
	defer wrap(&err, "sqldb: close round %d", id)
	db := s.db
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE rounds SET closed_at = ?, version = version + 1 WHERE id = ? AND version = ? AND closed_at IS NULL`),
			db.ts(db.orNow(at)), id, version)
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return db.staleOrGone(ctx, tx, versionedRounds, id)
	})
}

// MarkReminded records that the open round id's missing reporters were
// reminded on day, unless they were already that day: of several app
// instances reminding at once, one does, and the others get ECONFLICT (as
// for a closed round). The version does not move: a reminder changes
// nothing a person edits, so a close form opened before it stays valid.
// ENOTFOUND when the round is gone.
func (s *RoundService) MarkReminded(ctx context.Context, id int64, day datchuan.Date) (err error) {
	defer wrap(&err, "sqldb: mark round %d reminded", id)
	db := s.db
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE rounds SET reminded_on = ? WHERE id = ? AND closed_at IS NULL AND (reminded_on IS NULL OR reminded_on < ?)`),
			day, id, day)
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		if err := db.requireRow(ctx, tx, "rounds", id, roundNotFound(id)); err != nil {
			return err
		}
		return datchuan.Errorf(datchuan.ECONFLICT, "Đợt báo cáo đã đóng hoặc đã nhắc hôm nay (the round is closed or was reminded today)")
	})
}

// tsOrNull is ts for an optional timestamp column: the zero time is NULL.
func (db *DB) tsOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.ts(t)
}

// jsonObjects is jsonList for rows of several columns: a JSON array, in
// pos order, of one object per row of table matching cond, whose keys are
// the column names (which a Go type's json tags then read).
func (db *DB) jsonObjects(table, cond string, cols ...string) string {
	pairs := make([]string, len(cols))
	for i, c := range cols {
		pairs[i] = "'" + c + "', " + c
	}
	object := "json_object("
	if db.engine == EnginePostgres {
		object = "json_build_object("
	}
	return db.jsonList(object+strings.Join(pairs, ", ")+")", table, cond)
}
