package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/datchuan/datchuan"
)

// rowWriter writes the rows of a load, checked and with their IDs: the
// reports, their reviews and their evidence links, a chunk at a time.
type rowWriter struct {
	db       *DB
	tx       *sql.Tx
	conn     *sql.Conn // PostgreSQL: COPY through it; nil: INSERTs
	prepared bool      // full batches through prepared statements
	bare     bool      // the baseline: no evidence links
	stmts    map[string]*sql.Stmt
}

// args appends the arguments of row i to dst.
type args func(i int, dst []any) ([]any, error)

func (w *rowWriter) write(ctx context.Context, rows []datchuan.Value, res *datchuan.LoadResult, progress func(int)) error {
	defer w.close()
	for start := 0; start < len(rows); start += loadChunk {
		chunk := rows[start:min(start+loadChunk, len(rows))]
		copying := w.conn != nil
		err := w.rows(ctx, "reported_values", valueColumns, len(chunk), func(i int, dst []any) ([]any, error) {
			return w.valueArgs(&chunk[i], dst, copying)
		})
		if err != nil {
			return fmt.Errorf("reports: %w", err)
		}
		var idx []int
		for i := range chunk {
			if reviewed(&chunk[i]) {
				idx = append(idx, i)
			}
		}
		err = w.rows(ctx, "reviews", reviewColumns, len(idx), func(i int, dst []any) ([]any, error) {
			return w.reviewArgs(&chunk[idx[i]], dst, copying), nil
		})
		if err != nil {
			return fmt.Errorf("reviews: %w", err)
		}
		res.Values += len(chunk)
		res.Reviews += len(idx)
		if !w.bare {
			n, err := w.links(ctx, chunk)
			if err != nil {
				return err
			}
			res.Links += n
		}
		if progress != nil {
			progress(res.Values)
		}
	}
	return nil
}

func (w *rowWriter) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

// valueArgs appends a report's columns (valueColumns). COPY takes the
// as-of date and the report time as they are; INSERTs take them the way
// ReportValue passes them.
func (w *rowWriter) valueArgs(v *datchuan.Value, dst []any, copying bool) ([]any, error) {
	ev, err := evidenceJSON(v.Evidence)
	if err != nil {
		return nil, err
	}
	var asOf, at any = v.AsOf, w.db.ts(v.ReportedAt)
	if copying {
		asOf, at = v.AsOf.Time(time.UTC), v.ReportedAt
	}
	m := &v.Measure
	return append(dst, v.ID, v.UnitID, v.SetID, v.IndicatorCode, asOf, string(m.Kind), m.Bool,
		m.Number, m.Numerator, m.Denominator, orNull(v.ReportedBy), at, ev, v.Comment), nil
}

// reviewArgs appends the columns of a row's review (reviewColumns).
func (w *rowWriter) reviewArgs(v *datchuan.Value, dst []any, copying bool) []any {
	var at any = w.db.ts(v.ReviewedAt)
	if copying {
		at = v.ReviewedAt
	}
	reason := ""
	if v.State == datchuan.StateReturned {
		reason = v.ReturnReason
	}
	return append(dst, v.ID, string(v.State), orNull(v.ReviewedBy), at, reason)
}

// links links the chunk's evidence that names attachments, as ReportValue
// does; imports rarely cite files, so one statement per link is enough.
func (w *rowWriter) links(ctx context.Context, chunk []datchuan.Value) (int, error) {
	n := 0
	for i := range chunk {
		v := &chunk[i]
		seen := map[string]bool{}
		for _, ref := range v.Evidence {
			if datchuan.IsAttachmentID(ref) && !seen[ref] {
				seen[ref] = true
				n++
			}
		}
		if len(seen) > 0 {
			if err := w.db.linkEvidence(ctx, w.tx, v.ID, v.Evidence); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// rows writes n rows into table: by COPY when the writer has the
// connection, else by multi-row INSERTs.
func (w *rowWriter) rows(ctx context.Context, table string, cols []string, n int, row args) error {
	if n == 0 {
		return nil
	}
	if w.conn != nil {
		return w.copy(ctx, table, cols, n, row)
	}
	return w.insert(ctx, table, cols, n, row)
}

// copy streams the rows to PostgreSQL's COPY on the transaction's
// connection, through pgx beneath database/sql.
func (w *rowWriter) copy(ctx context.Context, table string, cols []string, n int, row args) error {
	return w.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy: the connection is a %T, not pgx's", dc)
		}
		buf := make([]any, 0, len(cols))
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return row(i, buf[:0])
		}))
		return err
	})
}

// insert writes the rows by INSERTs of insertBatch rows each; the last,
// shorter one is a statement of its own.
func (w *rowWriter) insert(ctx context.Context, table string, cols []string, n int, row args) error {
	buf := make([]any, 0, insertBatch*len(cols))
	for start := 0; start < n; start += insertBatch {
		k := min(insertBatch, n-start)
		buf = buf[:0]
		var err error
		for i := start; i < start+k; i++ {
			if buf, err = row(i, buf); err != nil {
				return err
			}
		}
		if k == insertBatch && w.prepared {
			var stmt *sql.Stmt
			if stmt, err = w.stmt(ctx, table, cols); err == nil {
				_, err = stmt.ExecContext(ctx, buf...)
			}
		} else {
			_, err = w.tx.ExecContext(ctx, w.db.rebind(insertSQL(table, cols, k)), buf...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stmt is the prepared INSERT of a full batch into table.
func (w *rowWriter) stmt(ctx context.Context, table string, cols []string) (*sql.Stmt, error) {
	if s, ok := w.stmts[table]; ok {
		return s, nil
	}
	s, err := w.tx.PrepareContext(ctx, w.db.rebind(insertSQL(table, cols, insertBatch)))
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if w.stmts == nil {
		w.stmts = map[string]*sql.Stmt{}
	}
	w.stmts[table] = s
	return s, nil
}

// insertSQL is "INSERT INTO table (cols) VALUES (?, ...), ..." for n rows.
func insertSQL(table string, cols []string, n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var b strings.Builder
	b.Grow(32 + len(table) + 16*len(cols) + n*(len(one)+2))
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}
