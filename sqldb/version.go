package sqldb

import (
	"context"
	"database/sql"

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

// versioned is a table of versioned rows and how a message names one of
// its rows: vi and en ("Kế hoạch", "the plan") for datchuan.Stale, notFound
// for one that is gone.
type versioned struct {
	table    string
	vi, en   string
	notFound func(id int64) error
}

var (
	versionedPlans       = versioned{"plans", "Kế hoạch", "the plan", planNotFound}
	versionedAssignments = versioned{"assignments", "Phân công", "the assignment", assignmentNotFound}
	versionedTasks       = versioned{"tasks", "Nhiệm vụ", "the task", taskNotFound}
	versionedApprovals   = versioned{"approvals", "Hồ sơ trình phê duyệt", "the approval", approvalNotFound}
	versionedUsers       = versioned{"users", "Tài khoản", "the account", userNotFound}
)

// staleOrGone explains a versioned statement on row id of v that changed
// nothing: the row is gone (ENOTFOUND) or at another version (ECONFLICT,
// stale).
func (db *DB) staleOrGone(ctx context.Context, tx *sql.Tx, v versioned, id int64) error {
	if err := db.requireRow(ctx, tx, v.table, id, v.notFound(id)); err != nil {
		return err
	}
	return datchuan.Stale(v.vi, v.en)
}
