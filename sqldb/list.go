package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/datchuan/datchuan"
)

// A list that a row owns (a plan's targets and files, a task's files, an
// approval's units and files) is stored in a child table, one row a value
// with its position, and read back with its owner through jsonList.

// childTable names a table that holds a list of a row (see the 0003 and
// 0005 migrations): the table, its column of the owner and its column of values.
type childTable struct{ name, owner, value string }

var (
	planTargets   = childTable{"plan_targets", "plan_id", "target_id"}
	planFiles     = childTable{"plan_files", "plan_id", "attachment_id"}
	taskFiles     = childTable{"task_files", "task_id", "attachment_id"}
	approvalUnits = childTable{"approval_units", "approval_id", "unit_id"}
	approvalFiles = childTable{"approval_files", "approval_id", "attachment_id"}
)

// putList makes values, in order, the list of owner in the child table t,
// in the transaction that writes owner. A value that its foreign key
// refuses is the error unknown(value), which names it.
func putList[T comparable](ctx context.Context, db *DB, tx *sql.Tx, t childTable, owner int64, values []T, unknown func(T) error) error {
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM `+t.name+` WHERE `+t.owner+` = ?`), owner); err != nil {
		return fmt.Errorf("clear %s: %w", t.name, err)
	}
	insert := db.rebind(`INSERT INTO ` + t.name + ` (` + t.owner + `, ` + t.value + `, pos) VALUES (?, ?, ?)`)
	for i, v := range values {
		_, err := tx.ExecContext(ctx, insert, owner, v, i)
		if violationOf(err) == foreignKeyViolation {
			return unknown(v)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", t.name, err)
		}
	}
	return nil
}

// unknownFile is putList's error for an attachment that is not stored.
func unknownFile(id string) error {
	return datchuan.Errorf(datchuan.EINVALID, "Tệp %s không tồn tại (file not found)", id)
}

// jsonList returns a scalar subquery giving, as a JSON array in pos order,
// the col of the rows of a child table that match cond (which refers to
// the outer row). A list thus comes in the statement that reads its owner,
// consistent with it, and an empty list is '[]' in both engines.
func (db *DB) jsonList(col, table, cond string) string {
	if db.engine == EnginePostgres {
		return `(SELECT COALESCE(json_agg(` + col + ` ORDER BY pos), '[]')::text FROM ` + table + ` WHERE ` + cond + `)`
	}
	return `(SELECT json_group_array(` + col + ` ORDER BY pos) FROM ` + table + ` WHERE ` + cond + `)`
}

// scanList scans a JSON array (jsonList, or a JSON text column) into a
// slice, never nil, so that a read compares equal to what was written.
type scanList[T any] struct{ list *[]T }

func (s scanList[T]) Scan(src any) error {
	*s.list = []T{}
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(v), s.list)
	case []byte:
		return json.Unmarshal(v, s.list)
	}
	return fmt.Errorf("scan list: unsupported type %T", src)
}

// uniq returns values without repeats, in first-seen order, never nil.
func uniq[T comparable](values []T) []T {
	out := make([]T, 0, len(values))
	seen := make(map[T]bool, len(values))
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
