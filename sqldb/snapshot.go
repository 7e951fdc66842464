package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/datchuan/datchuan"
)

// SnapshotService keeps the statuses a round's synthesis told.
type SnapshotService struct{ db *DB }

var _ datchuan.SnapshotService = (*SnapshotService)(nil)

// snapshotChunk is how many snapshots one INSERT carries (5 values each).
const snapshotChunk = 500

// KeepSnapshots stores rows as the statuses of round roundID (the RoundID
// of each row is ignored), once: a round that has snapshots already is
// ECONFLICT, and a missing round ENOTFOUND. No rows keeps nothing. A
// status given twice for one unit, set and criterion, an unknown unit, or
// an empty set or status, is EINVALID.
//
// Of two app instances keeping a round's snapshots at once, one does: on
// PostgreSQL the round's row is locked first, so the second waits and
// then finds the snapshots there; SQLite has one writer.
func (s *SnapshotService) KeepSnapshots(ctx context.Context, roundID int64, rows []datchuan.Snapshot) (err error) {
	defer wrap(&err, "sqldb: keep snapshots of round %d", roundID)
	db := s.db
	return db.write(ctx, func(tx *sql.Tx) error {
		lock := `SELECT id FROM rounds WHERE id = ?`
		if db.engine == EnginePostgres {
			lock += ` FOR UPDATE`
		}
		var id int64
		err := tx.QueryRowContext(ctx, db.rebind(lock), roundID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return roundNotFound(roundID)
		}
		if err != nil {
			return fmt.Errorf("lock round: %w", err)
		}
		var n int
		err = tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM round_snapshots WHERE round_id = ?`), roundID).Scan(&n)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if n > 0 {
			return datchuan.Errorf(datchuan.ECONFLICT, "Trạng thái của đợt báo cáo %d đã được lưu (the statuses of the round are kept already)", roundID)
		}
		return s.insertSnapshots(ctx, tx, roundID, rows)
	})
}

func (s *SnapshotService) insertSnapshots(ctx context.Context, tx *sql.Tx, roundID int64, rows []datchuan.Snapshot) error {
	db := s.db
	const cols = 5
	args := make([]any, 0, min(len(rows), snapshotChunk)*cols)
	err := inChunks(ctx, tx, rows, snapshotChunk, func(n int) string {
		return db.rebind(`INSERT INTO round_snapshots (round_id, unit_id, set_id, criterion_code, status) VALUES ` +
			placeholders(n, cols))
	}, func(stmt *sql.Stmt, chunk []datchuan.Snapshot) error {
		args = args[:0]
		for _, r := range chunk {
			args = append(args, roundID, r.UnitID, r.SetID, r.CriterionCode, r.Status)
		}
		_, err := stmt.ExecContext(ctx, args...)
		return err
	})
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Một trạng thái được ghi hai lần cho cùng đơn vị và tiêu chí (a status is given twice for one unit and criterion)")
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị hành chính không tồn tại (unknown unit)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Mỗi trạng thái cần bộ tiêu chí và trạng thái (a snapshot needs a set and a status)")
	}
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	return nil
}

// Snapshots returns the snapshots f selects by round, unit, set and
// criterion (the whole set first). A nil RoundIDs or UnitIDs does not
// filter; an empty, non-nil one matches nothing.
func (s *SnapshotService) Snapshots(ctx context.Context, f datchuan.SnapshotFilter) (_ []datchuan.Snapshot, err error) {
	defer wrap(&err, "sqldb: snapshots")
	db := s.db
	w := &where{db: db}
	w.in("round_id", f.RoundIDs)
	w.in("unit_id", f.UnitIDs)
	w.eq("set_id", f.SetID)
	if w.err != nil {
		return nil, w.err
	}
	q := `SELECT round_id, unit_id, set_id, criterion_code, status FROM round_snapshots` + w.String() +
		` ORDER BY round_id, unit_id, set_id, criterion_code`
	return scanAll(ctx, db.r(), db.rebind(q), w.args, func(rows *sql.Rows) (x datchuan.Snapshot, err error) {
		err = rows.Scan(&x.RoundID, &x.UnitID, &x.SetID, &x.CriterionCode, &x.Status)
		return x, err
	})
}
