package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// migrations holds the schema of each engine: migrations/<engine>/NNNN_name.sql,
// applied in name order. A migration, once released, is never edited; a
// change is a new file in both directories.
//
//go:embed migrations
var migrations embed.FS

// schemaMigrations returns the DDL of the bookkeeping table, the only DDL
// outside the files.
func (db *DB) schemaMigrations() string {
	ts := "TEXT"
	if db.engine == EnginePostgres {
		ts = "TIMESTAMPTZ"
	}
	return `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    TEXT PRIMARY KEY,
		applied_at ` + ts + ` NOT NULL
	)`
}

// Migrate applies the migrations that the database lacks, each in its own
// transaction together with its row in schema_migrations, and returns the
// versions it applied (none when the schema is current). Concurrent callers,
// in this process or another, apply each migration once.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	defer wrap(&err, "sqldb: migrate")
	files, err := fs.Glob(migrations, "migrations/"+db.engine+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lock(ctx, tx, lockMigrate); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.schemaMigrations())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, f := range files {
		version := strings.TrimSuffix(path.Base(f), ".sql")
		body, err := migrations.ReadFile(f)
		if err != nil {
			return applied, err
		}
		done, err := db.migrateOne(ctx, version, string(body))
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, version)
		}
	}
	return applied, nil
}

// migrateOne applies one migration unless it has been applied.
func (db *DB) migrateOne(ctx context.Context, version, body string) (done bool, err error) {
	defer wrap(&err, "%s", version)
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lock(ctx, tx, lockMigrate); err != nil {
			return err
		}
		var n int
		err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, body); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
			version, db.ts(db.now()))
		done = err == nil
		return err
	})
	return done, err
}
