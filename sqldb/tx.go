package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/datchuan/datchuan"
)

// querier is what a connection pool and a transaction both offer: the
// services write their statements once for either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q is where a single-statement write goes: the transaction of Atomically
// when db is bound to one, else the write pool.
func (db *DB) q() querier {
	if db.tx != nil {
		return db.tx
	}
	return db.rw
}

// r is where a read goes: the transaction of Atomically when db is bound
// to one, so that it sees the writes made earlier in it (and, in SQLite,
// never waits for the one write connection that the transaction holds);
// else the read pool.
func (db *DB) r() querier {
	if db.tx != nil {
		return db.tx
	}
	return db.ro
}

// write runs fn in a transaction of the write pool, committing when fn
// returns nil and rolling back otherwise (or when fn panics). fn's error
// is returned as is. When db is bound to the transaction of Atomically, fn
// runs in that transaction instead: its writes commit or roll back with
// everything else Atomically's fn does.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.tx != nil {
		return fn(db.tx)
	}
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // after Commit, a no-op
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Atomically runs fn with every service bound to one transaction,
// committed when fn returns nil and rolled back when it returns an error,
// which Atomically returns as is: a change, its change-log entry and the
// notices and mails it causes are stored together or not at all.
//
// Inside fn every read and write of the stores goes through the
// transaction, so a read sees what fn wrote before it; a service that
// needs several statements runs them in the same transaction (there is no
// nested transaction nor savepoint). A store error leaves the transaction
// unusable in PostgreSQL and possibly half-written in SQLite: fn must
// return it (or another error), never carry on. fn uses the stores from
// one goroutine, and not after it returns.
func (db *DB) Atomically(ctx context.Context, fn func(datchuan.Stores) error) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: atomically: begin: %w", err)
	}
	defer tx.Rollback() // after Commit, a no-op; also when fn panics
	bound := *db
	bound.tx = tx
	if err := fn(bound.Stores()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: atomically: commit: %w", err)
	}
	return nil
}

// Stores returns every service of db. Outside Atomically each write is a
// transaction of its own.
func (db *DB) Stores() datchuan.Stores {
	return datchuan.Stores{
		Units:     &UnitService{db: db},
		Agencies:  &AgencyService{db: db},
		Targets:   &TargetService{db: db},
		Values:    &ValueService{db: db},
		Users:     &UserService{db: db},
		Sessions:  &SessionService{db: db},
		Throttle:  &LoginThrottle{db: db},
		Files:     &AttachmentService{db: db},
		Plans:     &PlanService{db: db},
		Tasks:     &TaskService{db: db},
		Guidance:  &GuidanceService{db: db},
		Approvals: &ApprovalService{db: db},
		Notify:    &NotifyService{db: db},
		Changes:   &ChangeLog{db: db},
		Rounds:    &RoundService{db: db},
		Snapshots: &SnapshotService{db: db},
		Obstacles: &ObstacleService{db: db},

		Inspections: &InspectionService{db: db},
		Dossiers:    &DossierService{db: db},
		Decisions:   &RecognitionService{db: db},
		Meetings:    &MeetingService{db: db},
	}
}
