package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// Loading many values at once (datchuan.ValueLoader): the national
// synthetic data set and the Excel/CSV value import. See the domain's
// valueload.go for who checks what; here each row is checked as
// ReportValue checks a report (checkStorable, the unit and the people it
// names exist) and as the domain's ValidateRow does, then the batch is
// written in one transaction: on SQLite by multi-row INSERTs through
// prepared statements, on PostgreSQL by COPY.

var _ datchuan.ValueLoader = (*ValueService)(nil)

const (
	// insertBatch is how many rows one multi-row INSERT carries: 500 rows
	// of 14 columns stay well under SQLite's 32766 and PostgreSQL's 65535
	// parameters.
	insertBatch = 500
	// loadChunk is how many rows are written between two progress reports.
	loadChunk = 10000
)

// The columns a load writes, in the order of the rows' arguments.
var (
	valueColumns  = []string{"id", "unit_id", "set_id", "indicator_code", "as_of", "measure_kind", "bool_value", "number_value", "numerator", "denominator", "reported_by", "reported_at", "evidence", "comment"}
	reviewColumns = []string{"value_id", "decision", "reviewed_by", "reviewed_at", "reason"}
)

// LoadValues implements datchuan.ValueLoader. Outside a transaction it runs
// its own; within Atomically it writes in that transaction (by INSERTs on
// both engines, since database/sql does not reach the connection under
// a transaction); within Loading it writes in that transaction, by COPY on
// PostgreSQL.
func (s *ValueService) LoadValues(ctx context.Context, rows []datchuan.Value, opt datchuan.LoadOptions) (res datchuan.LoadResult, err error) {
	defer wrap(&err, "sqldb: load %d values", len(rows))
	db := s.db
	if opt.Sets == nil {
		return res, errors.New("no criteria sets to check the rows against")
	}
	today := opt.Today
	if today.IsZero() {
		today = datchuan.Today(db.now)
	}
	now := db.now()
	check := rowChecker{sets: opt.Sets, today: today, indicators: map[indicatorKey]*datchuan.Indicator{}}
	for i := range rows {
		v := &rows[i]
		if err := check.row(v); err != nil {
			return res, datchuan.AtRow(i+1, err)
		}
		if v.State == "" {
			v.State = datchuan.StateReported
		}
		v.ReportedAt = truncTime(orTime(v.ReportedAt, now))
		if reviewed(v) {
			v.ReviewedAt = truncTime(orTime(v.ReviewedAt, now))
		}
	}
	err = db.bulk(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
		if err := db.checkReferences(ctx, tx, rows); err != nil {
			return err
		}
		if err := db.assignIDs(ctx, tx, rows); err != nil {
			return err
		}
		w := rowWriter{db: db, tx: tx, conn: conn, prepared: true}
		return w.write(ctx, rows, &res, opt.Progress)
	})
	if err != nil {
		for i := range rows {
			rows[i].ID = 0
		}
		return datchuan.LoadResult{}, err
	}
	return res, nil
}

// InsertValuesBare stores rows as a plain batched insert would, for the
// benchmarks to measure LoadValues against: one transaction, multi-row
// INSERTs (not prepared) of the reports then their reviews, and nothing
// else — no check, no default, no COPY, no evidence links. The rows must
// be complete; their IDs are set.
func (s *ValueService) InsertValuesBare(ctx context.Context, rows []datchuan.Value) (res datchuan.LoadResult, err error) {
	defer wrap(&err, "sqldb: insert %d values", len(rows))
	db := s.db
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := db.assignIDs(ctx, tx, rows); err != nil {
			return err
		}
		w := rowWriter{db: db, tx: tx, bare: true}
		return w.write(ctx, rows, &res, nil)
	})
	return res, err
}

// LoadValues is ValueService.LoadValues of db.
func (db *DB) LoadValues(ctx context.Context, rows []datchuan.Value, opt datchuan.LoadOptions) (datchuan.LoadResult, error) {
	return (&ValueService{db: db}).LoadValues(ctx, rows, opt)
}

// InsertValuesBare is ValueService.InsertValuesBare of db.
func (db *DB) InsertValuesBare(ctx context.Context, rows []datchuan.Value) (datchuan.LoadResult, error) {
	return (&ValueService{db: db}).InsertValuesBare(ctx, rows)
}

// Loading runs fn as Atomically does, all of it in one transaction, but
// keeps the transaction's connection so that LoadValues within fn writes
// by COPY on PostgreSQL: an import stores its rows and its change-log
// entry together at COPY speed. On SQLite it is Atomically. fn's error
// is returned as is.
func (db *DB) Loading(ctx context.Context, fn func(datchuan.Stores) error) error {
	if db.tx != nil { // already bound: fn joins that transaction
		return fn(db.Stores())
	}
	if db.engine != EnginePostgres {
		return db.Atomically(ctx, fn)
	}
	conn, err := db.rw.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: loading: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: loading: begin: %w", err)
	}
	defer tx.Rollback() // after Commit, a no-op
	bound := *db
	bound.tx, bound.conn = tx, conn
	if err := fn(bound.Stores()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: loading: commit: %w", err)
	}
	return nil
}

// bulk runs fn in the transaction db is bound to, or in one of its own.
// conn is the transaction's connection when COPY may use it: on
// PostgreSQL, outside Atomically.
func (db *DB) bulk(ctx context.Context, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	if db.tx != nil {
		return fn(db.tx, db.conn)
	}
	if db.engine != EnginePostgres {
		return db.write(ctx, func(tx *sql.Tx) error { return fn(tx, nil) })
	}
	conn, err := db.rw.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // after Commit, a no-op
	if err := fn(tx, conn); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func orTime(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

// reviewed reports whether a row carries a review.
func reviewed(v *datchuan.Value) bool {
	return v.State == datchuan.StateConfirmed || v.State == datchuan.StateReturned
}

type indicatorKey struct{ set, code string }

// rowChecker checks rows one by one, remembering the indicators it found.
type rowChecker struct {
	sets       datchuan.CriteriaCatalog
	today      datchuan.Date
	indicators map[indicatorKey]*datchuan.Indicator
}

func (c *rowChecker) row(v *datchuan.Value) error {
	if err := checkStorable(v); err != nil {
		return err
	}
	k := indicatorKey{v.SetID, v.IndicatorCode}
	ind, ok := c.indicators[k]
	if !ok {
		set, err := c.sets.Set(v.SetID)
		if err != nil {
			return err
		}
		ind = set.ReportedIndicator(v.IndicatorCode)
		c.indicators[k] = ind
	}
	return v.ValidateRow(ind, c.today)
}

// checkReferences refuses, naming the first row that does, a batch whose
// rows name a unit, a person or an evidence file that does not exist,
// with the words ReportValue and ReviewValue use.
func (db *DB) checkReferences(ctx context.Context, q querier, rows []datchuan.Value) error {
	units, people, files := map[int64]bool{}, map[int64]bool{}, map[string]bool{}
	for i := range rows {
		v := &rows[i]
		units[v.UnitID] = false
		if v.ReportedBy != 0 {
			people[v.ReportedBy] = false
		}
		if reviewed(v) && v.ReviewedBy != 0 {
			people[v.ReviewedBy] = false
		}
		for _, ref := range v.Evidence {
			if datchuan.IsAttachmentID(ref) {
				files[ref] = false
			}
		}
	}
	if err := markExisting(ctx, db, q, "units", units); err != nil {
		return err
	}
	if err := markExisting(ctx, db, q, "persons", people); err != nil {
		return err
	}
	if err := markExisting(ctx, db, q, "attachments", files); err != nil {
		return err
	}
	for i := range rows {
		v := &rows[i]
		var err error
		switch {
		case !units[v.UnitID] || (v.ReportedBy != 0 && !people[v.ReportedBy]):
			err = datchuan.Errorf(datchuan.EINVALID, "Đơn vị %d hoặc người báo cáo %d không tồn tại (unknown unit or reporter)", v.UnitID, v.ReportedBy)
		case reviewed(v) && v.ReviewedBy != 0 && !people[v.ReviewedBy]:
			err = datchuan.Errorf(datchuan.EINVALID, "Người xem xét %d không tồn tại (unknown reviewer)", v.ReviewedBy)
		default:
			for _, ref := range v.Evidence {
				if datchuan.IsAttachmentID(ref) && !files[ref] {
					err = datchuan.Errorf(datchuan.EINVALID, "Tệp minh chứng không tồn tại (evidence file not found)")
				}
			}
		}
		if err != nil {
			return datchuan.AtRow(i+1, err)
		}
	}
	return nil
}

// markExisting sets to true the keys of ids that are IDs of table.
func markExisting[K int64 | string](ctx context.Context, db *DB, q querier, table string, ids map[K]bool) error {
	if len(ids) == 0 {
		return nil
	}
	list := make([]K, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	cond, arg, err := db.inList("id", list)
	if err != nil {
		return err
	}
	return eachRow(ctx, q, db.rebind(`SELECT id FROM `+table+` WHERE `+cond), []any{arg}, func(rows *sql.Rows) error {
		var id K
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids[id] = true
		return nil
	})
}

// assignIDs gives the rows the IDs they will be stored under, so that
// their reviews and evidence links can name them before any is written.
// SQLite's writer holds the database: the IDs after the greatest are
// free. PostgreSQL hands out IDs from the table's sequence, as INSERT
// would: others may take IDs between ours, never ours.
func (db *DB) assignIDs(ctx context.Context, tx *sql.Tx, rows []datchuan.Value) error {
	if len(rows) == 0 {
		return nil
	}
	if db.engine != EnginePostgres {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM reported_values`).Scan(&last); err != nil {
			return fmt.Errorf("last value id: %w", err)
		}
		for i := range rows {
			rows[i].ID = last + int64(i) + 1
		}
		return nil
	}
	i := 0
	err := eachRow(ctx, tx, `SELECT nextval(pg_get_serial_sequence('reported_values', 'id')) FROM generate_series(1, $1)`, []any{len(rows)},
		func(r *sql.Rows) error {
			if i == len(rows) {
				return errors.New("more IDs than rows")
			}
			if err := r.Scan(&rows[i].ID); err != nil {
				return err
			}
			i++
			return nil
		})
	if err == nil && i != len(rows) {
		err = fmt.Errorf("%d IDs for %d rows", i, len(rows))
	}
	if err != nil {
		return fmt.Errorf("value ids: %w", err)
	}
	return nil
}

// evidenceJSON is the evidence column of a report: a JSON array, or NULL.
func evidenceJSON(ev []string) (any, error) {
	if len(ev) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}
