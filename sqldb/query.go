package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// A read names the columns it selects once, in a fields function that
// returns the scan destinations of a row in the order of its SELECT
// (agencyFields, planFields ...). The helpers below then run the query,
// scan each row into a new value and close the rows, for every finder.

// eachRow runs query through q and calls fn on each row it returns; the
// rows are closed however it ends.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanAll returns the rows of query, each read by scan, in order: an empty
// list, never nil, when there are none, so that a read compares equal to
// what was written.
func scanAll[T any](ctx context.Context, q querier, query string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	list := []T{}
	err := eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		x, err := scan(rows)
		list = append(list, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// queryAll returns the rows of query, each scanned into the fields of a
// new T, in order (scanAll).
func queryAll[T any](ctx context.Context, q querier, fields func(*T) []any, query string, args ...any) ([]*T, error) {
	return scanAll(ctx, q, query, args, func(rows *sql.Rows) (*T, error) {
		x := new(T)
		return x, rows.Scan(fields(x)...)
	})
}

// queryIDs returns the IDs, the one column of each row, that query
// selects, in order (scanAll).
func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	return scanAll(ctx, q, query, args, func(rows *sql.Rows) (id int64, err error) {
		err = rows.Scan(&id)
		return id, err
	})
}

// queryOne returns the row of a query by key scanned into the fields of a
// new T, or notFound when there is none.
func queryOne[T any](ctx context.Context, q querier, fields func(*T) []any, notFound error, query string, args ...any) (*T, error) {
	x := new(T)
	err := q.QueryRowContext(ctx, query, args...).Scan(fields(x)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	return x, nil
}

// only returns what a find by key found, its one item, or notFound when it
// found nothing.
func only[T any](list []*T, err, notFound error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound
	}
	return list[0], nil
}

// requireRow returns missing unless table has a row with the given ID.
func (db *DB) requireRow(ctx context.Context, q querier, table string, id int64, missing error) error {
	var n int
	if err := q.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM `+table+` WHERE id = ?`), id).Scan(&n); err != nil {
		return fmt.Errorf("check %s %d: %w", table, id, err)
	}
	if n == 0 {
		return missing
	}
	return nil
}

// orNow returns t, or now when t is zero: the default of every instant a
// caller may leave out.
func (db *DB) orNow(t time.Time) time.Time {
	if t.IsZero() {
		return db.now()
	}
	return t
}

// where collects the conditions of a WHERE clause and their arguments.
type where struct {
	db    *DB
	conds []string
	args  []any
	err   error
}

// whereOf returns a where of one condition, as a find by key needs.
func whereOf(db *DB, cond string, args ...any) *where {
	w := &where{db: db}
	w.add(cond, args...)
	return w
}

func (w *where) add(cond string, args ...any) {
	w.conds, w.args = append(w.conds, cond), append(w.args, args...)
}

// eq adds "col = value" unless value is zero: a field of a filter left
// zero does not filter.
func (w *where) eq(col string, value any) {
	if !reflect.ValueOf(value).IsZero() {
		w.add(col+" = ?", value)
	}
}

// in adds "col is one of values" (db.inList) unless values is nil: a nil
// list does not filter, while an empty, non-nil one matches nothing.
func (w *where) in(col string, values any) { w.inside("%s", col, values) }

// inside is in with the condition wrapped in format, as in
// "id IN (SELECT owner FROM child WHERE %s)".
func (w *where) inside(format, col string, values any) {
	if reflect.ValueOf(values).IsNil() {
		return
	}
	cond, arg, err := w.db.inList(col, values)
	if err != nil {
		w.err = err
		return
	}
	w.add(fmt.Sprintf(format, cond), arg)
}

// String returns " WHERE c1 AND c2 ..." or "" when nothing filters.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(w.conds, " AND ")
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
