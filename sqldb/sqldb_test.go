package sqldb_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// postgresEnv names the variable that holds the URL of a PostgreSQL server
// for the tests; each test gets its own schema there.
const postgresEnv = "DATCHUAN_TEST_POSTGRES"

// testNow is the clock of every test database: 22/06/2022 08:30 in Vietnam,
// with nanoseconds that the databases must drop.
var testNow = time.Date(2022, 6, 22, 8, 30, 0, 123456789, datchuan.Vietnam())

// forEachEngine runs fn against a fresh SQLite database and, when
// DATCHUAN_TEST_POSTGRES is set, a fresh PostgreSQL schema, in parallel.
func forEachEngine(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, MustOpen(t, engine))
		})
	}
}

// MustOpen opens a fresh, migrated database of the engine, closed when the
// test ends. For PostgreSQL it skips the test unless DATCHUAN_TEST_POSTGRES
// is set.
func MustOpen(tb testing.TB, engine string) *sqldb.DB {
	tb.Helper()
	return mustOpenConfig(tb, mustConfig(tb, engine))
}

// mustConfig returns the Config of a fresh database of the engine.
func mustConfig(tb testing.TB, engine string) sqldb.Config {
	tb.Helper()
	cfg := sqldb.Config{Now: func() time.Time { return testNow }}
	switch engine {
	case sqldb.EngineSQLite:
		cfg.DataDir = filepath.Join(tb.TempDir(), "data")
	case sqldb.EnginePostgres:
		cfg.DatabaseURL = mustSchema(tb)
	default:
		tb.Fatalf("unknown engine %q", engine)
	}
	return cfg
}

func mustOpenConfig(tb testing.TB, cfg sqldb.Config) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

// mustSchema creates a schema of its own for the test on the server of
// DATCHUAN_TEST_POSTGRES, dropped when the test ends, and returns a URL whose
// search_path selects it.
func mustSchema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		tb.Skipf("%s is not set; skipping the PostgreSQL run (e.g. %s=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)", postgresEnv, postgresEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", postgresEnv, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open %s: %v", postgresEnv, err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// forEachEngineRaw is forEachEngine with, beside the database, a plain
// database/sql handle on it that bypasses the package: what anyone at a
// SQL prompt could do.
func forEachEngineRaw(t *testing.T, fn func(t *testing.T, db *sqldb.DB, raw *sql.DB)) {
	t.Helper()
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, engine)
			db := mustOpenConfig(t, cfg)
			fn(t, db, mustRaw(t, cfg))
		})
	}
}

// mustRaw opens a database/sql handle of its own on the database of cfg,
// closed when the test ends.
func mustRaw(tb testing.TB, cfg sqldb.Config) *sql.DB {
	tb.Helper()
	driver, dsn := "pgx", cfg.DatabaseURL
	if dsn == "" {
		driver, dsn = "sqlite", filepath.Join(cfg.DataDir, sqldb.FileName)+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", driver, err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

// mustCount returns the number of rows of a table that match cond (SQL
// without placeholders, e.g. "id = 3"; "" for every row).
func mustCount(tb testing.TB, raw *sql.DB, table, cond string) int {
	tb.Helper()
	q := `SELECT COUNT(*) FROM ` + table
	if cond != "" {
		q += ` WHERE ` + cond
	}
	var n int
	if err := raw.QueryRow(q).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

// wantCode fails the test unless err carries the domain error code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := datchuan.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	if code != "" {
		var de *datchuan.Error
		if !errors.As(err, &de) || de.Message == "" {
			tb.Fatalf("error %v has no message for users", err)
		}
	}
}

// wantMessage fails the test unless err's message for users contains part.
func wantMessage(tb testing.TB, err error, part string) {
	tb.Helper()
	if msg := datchuan.ErrorText(err).String(); !strings.Contains(msg, part) { // either language
		tb.Errorf("message %q does not contain %q", msg, part)
	}
}

// wantEqual fails the test, showing the difference, unless got equals
// want; format and args say what was compared.
func wantEqual(tb testing.TB, want, got any, format string, args ...any) {
	tb.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		tb.Errorf("%s (-want +got):\n%s", fmt.Sprintf(format, args...), diff)
	}
}

// wantUnchanged fails the test, showing the difference, unless after
// equals before; format and args say what was compared.
func wantUnchanged(tb testing.TB, before, after any, format string, args ...any) {
	tb.Helper()
	if diff := cmp.Diff(before, after); diff != "" {
		tb.Errorf("%s changed (-before +after):\n%s", fmt.Sprintf(format, args...), diff)
	}
}

// field returns f of each item, in order, never nil: the IDs, titles or
// numbers that a test compares.
func field[T, V any](items []T, f func(T) V) []V {
	out := []V{}
	for _, x := range items {
		out = append(out, f(x))
	}
	return out
}

// mustFind returns what find (a service's FindUnits, Tasks ...) finds for
// f; an error fails the test.
func mustFind[F, T any](tb testing.TB, find func(context.Context, F) ([]*T, error), f F) []*T {
	tb.Helper()
	got, err := find(context.Background(), f)
	if err != nil {
		tb.Fatalf("find %+v: %v", f, err)
	}
	return got
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"mysql://localhost/db", "sqlite:///tmp/x.db", "datchuan.db"} {
		_, err := sqldb.Open(context.Background(), sqldb.Config{DatabaseURL: u, DataDir: t.TempDir()})
		wantCode(t, err, datchuan.EINVALID)
	}
	_, err := sqldb.Open(context.Background(), sqldb.Config{})
	wantCode(t, err, datchuan.EINVALID)
}

func TestOpenCreatesDataDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a", "b")
	db := mustOpenConfig(t, sqldb.Config{DataDir: dir})
	if db.Engine() != sqldb.EngineSQLite {
		t.Errorf("Engine() = %q", db.Engine())
	}
	if _, err := os.Stat(filepath.Join(dir, sqldb.FileName)); err != nil {
		t.Fatal(err)
	}
}

func TestEngineAndPing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		if !strings.HasSuffix(t.Name(), "/"+db.Engine()) {
			t.Errorf("Engine() = %q in %s", db.Engine(), t.Name())
		}
		must(t, db.Ping(context.Background()))
	})
}

func TestMigrateIdempotent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for range 2 {
			applied, err := db.Migrate(ctx)
			must(t, err)
			if len(applied) != 0 {
				t.Errorf("Migrate after Open applied %v, want nothing", applied)
			}
		}
	})
}

// TestReopen opens the same database twice: the second Open finds no
// migration to apply and sees the data of the first.
func TestReopen(t *testing.T) {
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			cfg := mustConfig(t, engine)
			db, err := sqldb.Open(ctx, cfg)
			must(t, err)
			must(t, db.SetMeta(ctx, "demo", "1"))
			must(t, db.Close())
			db = mustOpenConfig(t, cfg)
			applied, err := db.Migrate(ctx)
			must(t, err)
			if len(applied) != 0 {
				t.Errorf("Migrate after reopening applied %v", applied)
			}
			if v, err := db.Meta(ctx, "demo"); err != nil || v != "1" {
				t.Errorf(`Meta("demo") after reopening = %q, %v; want "1"`, v, err)
			}
		})
	}
}

// TestConcurrentOpen opens one database from several goroutines at once, as
// app instances starting together do: each migration is applied once.
func TestConcurrentOpen(t *testing.T) {
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, engine)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() {
					db, err := sqldb.Open(context.Background(), cfg)
					if err == nil {
						err = db.Close()
					}
					errs[i] = err
				})
			}
			wg.Wait()
			must(t, errors.Join(errs...))
		})
	}
}

func TestMeta(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		_, err := db.Meta(ctx, "demo")
		wantCode(t, err, datchuan.ENOTFOUND)
		must(t, db.SetMeta(ctx, "demo", "1"))
		must(t, db.SetMeta(ctx, "demo", "0"))
		must(t, db.SetMeta(ctx, "other", "x"))
		if v, err := db.Meta(ctx, "demo"); err != nil || v != "0" {
			t.Errorf(`Meta("demo") = %q, %v; want "0"`, v, err)
		}
		wantCode(t, db.SetMeta(ctx, "", "x"), datchuan.EINVALID)
	})
}
