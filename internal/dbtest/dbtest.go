// Package dbtest opens fresh databases for the tests of packages that run
// on both engines: SQLite in a temporary directory, PostgreSQL in a schema
// of its own on the server DATCHUAN_TEST_POSTGRES names (the test is
// skipped when it is unset; scripts/test.sh sets it when a server answers).
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan/sqldb"
)

// Engines are the engines every storage test runs on.
var Engines = []string{sqldb.EngineSQLite, sqldb.EnginePostgres}

// Open opens a fresh, migrated database of the engine on the clock now,
// closed when the test ends.
func Open(t testing.TB, engine string, now func() time.Time) *sqldb.DB {
	t.Helper()
	cfg := sqldb.Config{Now: now, DataDir: t.TempDir()}
	if engine == sqldb.EnginePostgres {
		cfg.DatabaseURL = Schema(t)
	}
	db, err := sqldb.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Schema creates a schema of its own on DATCHUAN_TEST_POSTGRES, dropped
// when the test ends, and returns the URL that works in it.
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("DATCHUAN_TEST_POSTGRES")
	if base == "" {
		t.Skip("DATCHUAN_TEST_POSTGRES is not set: skipping the PostgreSQL run")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	name := "t_" + strings.ToLower(rand.Text()[:16])
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
