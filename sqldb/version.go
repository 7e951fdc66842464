package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/datchuan/datchuan"
)

// Versioned rows (plans, assignments, tasks, guidance, approvals, users;
// see datchuan.Versioned) are updated by one conditional statement,
//
//	UPDATE t SET ..., version = version + 1 WHERE id = ? AND version = ?
//
// (or DELETE ... WHERE id = ? AND version = ?), so that of two edits made
// from the same version exactly one applies: in SQLite the single writer
// runs them one after the other; in PostgreSQL the second waits for the
// first and then finds the version changed. When the statement changes no
// row, staleOrGone tells why, in the same transaction.

// staleOrGone explains a versioned statement on row id of table that
// changed nothing: the row is gone (ENOTFOUND, gone) or at another version
// (ECONFLICT, stale).
func (db *DB) staleOrGone(ctx context.Context, tx *sql.Tx, table string, id int64, gone, stale error) error {
	var n int
	if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM `+table+` WHERE id = ?`), id).Scan(&n); err != nil {
		return fmt.Errorf("check %s %d: %w", table, id, err)
	}
	if n == 0 {
		return gone
	}
	return stale
}

// staleError is the ECONFLICT of an edit made from a version that is no
// longer the stored one: someone else changed the thing meanwhile. vi and
// en name the thing ("Kế hoạch", "the plan").
func staleError(vi, en string) error {
	return datchuan.Errorf(datchuan.ECONFLICT,
		"%s đã được người khác sửa sau khi bạn mở trang; hãy tải lại trang và sửa lại (%s was changed by someone else since you opened it; reload and edit again)",
		vi, en)
}
