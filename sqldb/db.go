package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/datchuan/datchuan"
)

// Engine names, as returned by (*DB).Engine.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// FileName is the name of the SQLite database file inside the data directory.
const FileName = "datchuan.db"

// Config says which database to open.
type Config struct {
	// DatabaseURL is empty for SQLite in DataDir, or a postgres:// (or
	// postgresql://) URL for PostgreSQL.
	DatabaseURL string
	// DataDir is the directory of the SQLite file; it is created if needed.
	DataDir string
	// Now is the clock for default timestamps; nil means time.Now.
	Now func() time.Time
}

// DB is an open database with its schema migrated. Within Atomically a
// copy of it is bound to one transaction (tx), and the services built on
// that copy read and write through it alone.
type DB struct {
	engine string
	rw     *sql.DB // writes; SQLite: one connection, BEGIN IMMEDIATE
	ro     *sql.DB // reads; SQLite: query-only connections; PostgreSQL: rw
	tx     *sql.Tx // the transaction of Atomically; nil outside
	now    func() time.Time
	// opened are the migrations Open applied: "datchuan migrate" reports
	// them, since by the time it asks, Open has migrated already.
	opened []string

	// conn is the connection of Loading's transaction, through which
	// LoadValues runs COPY on PostgreSQL; nil outside Loading.
	conn *sql.Conn
}

// Open opens the database that cfg names and applies the pending migrations.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	db := &DB{now: cfg.Now}
	if db.now == nil {
		db.now = time.Now
	}
	var err error
	switch u := cfg.DatabaseURL; {
	case u == "":
		err = db.openSQLite(cfg.DataDir)
	case strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://"):
		err = db.openPostgres(u)
	default:
		err = datchuan.Errorf(datchuan.EINVALID, "Địa chỉ cơ sở dữ liệu phải bắt đầu bằng postgres:// hoặc để trống để dùng SQLite (unsupported database URL)")
	}
	if err != nil {
		wrap(&err, "sqldb: open")
		return nil, err
	}
	if db.opened, err = db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Applied returns the versions of the migrations that Open applied (none
// when the schema was current).
func (db *DB) Applied() []string { return append([]string(nil), db.opened...) }

func (db *DB) openSQLite(dir string) error {
	if dir == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Chưa chọn thư mục dữ liệu (no data directory)")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	path := filepath.Join(dir, FileName)
	rwq := url.Values{"_txlock": {"immediate"}}
	for k, v := range q {
		rwq[k] = v
	}
	rw, err := sql.Open("sqlite", path+"?"+rwq.Encode())
	if err != nil {
		return err
	}
	rw.SetMaxOpenConns(1)
	rw.SetMaxIdleConns(1)
	rw.SetConnMaxLifetime(0)
	rw.SetConnMaxIdleTime(0)
	// The writer creates the file and turns WAL on before any reader opens it.
	if err := pingWhileBusy(rw); err != nil {
		rw.Close()
		return err
	}
	q.Add("_pragma", "query_only(1)")
	ro, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		rw.Close()
		return err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	ro.SetMaxOpenConns(n)
	ro.SetMaxIdleConns(n)
	db.engine, db.rw, db.ro = EngineSQLite, rw, ro
	return nil
}

// busyTimeout is how long a SQLite connection waits for a lock that
// another connection holds.
const busyTimeout = 5 * time.Second

// pingWhileBusy opens the first connection of the SQLite write pool, which
// creates the file and turns WAL on. Turning WAL on answers BUSY at once,
// without waiting out the busy timeout, when another process does the same
// to the same new file at that moment (two app instances starting
// together): such an answer is tried again, for as long as the busy
// timeout would have waited.
func pingWhileBusy(rw *sql.DB) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		err := rw.Ping()
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (db *DB) openPostgres(dsn string) error {
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	pg.SetMaxOpenConns(16) // several app instances share the server's max_connections
	pg.SetMaxIdleConns(8)
	pg.SetConnMaxIdleTime(5 * time.Minute)
	db.engine, db.rw, db.ro = EnginePostgres, pg, pg
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.rw.Close()
	if db.ro != db.rw {
		err = errors.Join(err, db.ro.Close())
	}
	if err != nil {
		return fmt.Errorf("sqldb: close: %w", err)
	}
	return nil
}

// Engine returns EngineSQLite or EnginePostgres.
func (db *DB) Engine() string { return db.engine }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "sqldb: ping")
	if err := db.rw.PingContext(ctx); err != nil {
		return err
	}
	if db.ro != db.rw {
		return db.ro.PingContext(ctx)
	}
	return nil
}

// SetMeta sets a key of the meta table (e.g. "demo" = "1").
func (db *DB) SetMeta(ctx context.Context, key, value string) (err error) {
	defer wrap(&err, "sqldb: set meta %q", key)
	if key == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Khóa trống (empty meta key)")
	}
	_, err = db.q().ExecContext(ctx, db.rebind(`
		INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
	return err
}

// Meta returns the value of a key of the meta table, or ENOTFOUND.
func (db *DB) Meta(ctx context.Context, key string) (value string, err error) {
	defer wrap(&err, "sqldb: meta %q", key)
	err = db.r().QueryRowContext(ctx, db.rebind(`SELECT value FROM meta WHERE key = ?`), key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", datchuan.Errorf(datchuan.ENOTFOUND, "Không có khóa %q (meta key not found)", key)
	}
	return value, err
}

// lock takes a transaction-scoped advisory lock in PostgreSQL, scoped to the
// current schema; SQLite's single writer already holds the database.
func (db *DB) lock(ctx context.Context, tx *sql.Tx, key int) error {
	if db.engine != EnginePostgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)`, key); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	return nil
}

// Advisory lock keys.
const (
	lockMigrate = 1
	lockUnits   = 2
)

// rebind rewrites ? placeholders to $1, $2 ... for PostgreSQL. Question
// marks inside single-quoted literals are left alone.
func (db *DB) rebind(query string) string {
	if db.engine != EnginePostgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// inList returns a condition "col is one of values" and its single argument.
// values is a []int64 or a []string. SQLite reads the list from a JSON array;
// PostgreSQL receives an array. Either way one placeholder takes any number
// of values, with no limit on variables.
func (db *DB) inList(col string, values any) (cond string, arg any, err error) {
	if db.engine == EnginePostgres {
		return col + " = ANY(?)", values, nil
	}
	b, err := json.Marshal(values)
	if err != nil {
		return "", nil, err
	}
	return col + " IN (SELECT value FROM json_each(?))", string(b), nil
}

// tsLayout is how SQLite stores timestamps: fixed width, UTC, microseconds.
const tsLayout = "2006-01-02T15:04:05.000000Z"

// ts returns t as a query argument for a timestamp column: truncated to the
// microsecond (what PostgreSQL keeps) and in UTC.
func (db *DB) ts(t time.Time) any {
	t = truncTime(t)
	if db.engine == EngineSQLite {
		return t.Format(tsLayout)
	}
	return t
}

// tsAfter is ts for the bound of "strictly before t": rounding t up to the
// microsecond keeps "stored < bound" equal to "stored time before t" for
// stored times, which have whole microseconds.
func (db *DB) tsAfter(t time.Time) any {
	if t.Truncate(time.Microsecond).Equal(t) {
		return db.ts(t)
	}
	return db.ts(t.Add(time.Microsecond))
}

// oneRow turns a statement that changed no row into notFound: an update or
// delete of something that is not there.
func oneRow(res sql.Result, err, notFound error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// truncTime is the time a timestamp column gives back for t.
func truncTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// scanTime scans a timestamp column (TIMESTAMPTZ or TEXT) into a UTC time;
// NULL is the zero time.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("scan timestamp: unsupported type %T", src)
	}
	return nil
}

func (s scanTime) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("scan timestamp: %w", err)
	}
	*s.t = t.UTC()
	return nil
}

// orNull is an optional value as a query argument: the zero value (0 for
// a reference, "" for a text) is NULL.
func orNull[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// scanNull scans an optional column; NULL is the zero value ("" for a
// text).
type scanNull[T any] struct{ v *T }

func (s scanNull[T]) Scan(src any) error {
	var n sql.Null[T]
	if err := n.Scan(src); err != nil {
		return err
	}
	*s.v = n.V
	return nil
}

// scanID scans an optional reference; NULL is 0.
type scanID = scanNull[int64]

// A violation is the kind of constraint a statement broke.
type violation int

const (
	noViolation violation = iota
	uniqueViolation
	foreignKeyViolation
	checkViolation // CHECK or NOT NULL
)

// violationOf classifies err from either engine.
func violationOf(err error) violation {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return uniqueViolation
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return foreignKeyViolation
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return checkViolation
		}
		return noViolation
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return uniqueViolation
		case "23503":
			return foreignKeyViolation
		case "23514", "23502":
			return checkViolation
		}
	}
	return noViolation
}

// wrap labels *err with the operation, once; domain errors pass untouched.
func wrap(err *error, format string, args ...any) {
	if *err == nil {
		return
	}
	var de *datchuan.Error
	if errors.As(*err, &de) {
		return
	}
	*err = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *err)
}
