package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/datchuan/datchuan"
)

// What "datchuan national" asks of a database before and after it loads.

// HoldsData reports whether the database holds anything beyond the
// official unit lists that every start imports: an agency, a person, an
// account, a target, a value or a plan.
func (db *DB) HoldsData(ctx context.Context) (_ bool, err error) {
	defer wrap(&err, "sqldb: holds data")
	for _, table := range []string{"agencies", "persons", "users", "targets", "reported_values", "plans"} {
		var one int
		err := db.r().QueryRowContext(ctx, `SELECT 1 FROM `+table+` LIMIT 1`).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("%s: %w", table, err)
		}
		return true, nil
	}
	return false, nil
}

// Erase removes the database cfg names, which must not be open: the
// SQLite file (with its WAL), or every table of the PostgreSQL schema in
// use (the schema is dropped and made again, as "datchuan restore -force"
// does). The next Open starts from an empty database.
func Erase(ctx context.Context, cfg Config) (err error) {
	defer wrap(&err, "sqldb: erase")
	if cfg.DatabaseURL == "" {
		path := filepath.Join(cfg.DataDir, FileName)
		for _, f := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
			if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	}
	pg, err := sql.Open("pgx", cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pg.Close()
	var schema sql.NullString
	if err := pg.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	if !schema.Valid {
		return datchuan.Errorf(datchuan.EINVALID, "Cơ sở dữ liệu chưa có schema nào trong search_path (no schema in the search path)")
	}
	_, err = pg.ExecContext(ctx, `DROP SCHEMA `+quoteIdent(schema.String)+` CASCADE; CREATE SCHEMA `+quoteIdent(schema.String))
	return err
}

// Settle readies the database for reading after a load: SQLite moves the
// WAL into the database file (the file then holds everything, and its
// size says so); PostgreSQL gathers the statistics its planner needs,
// which autovacuum would otherwise gather some time later.
func (db *DB) Settle(ctx context.Context) (err error) {
	defer wrap(&err, "sqldb: settle")
	q := `PRAGMA wal_checkpoint(TRUNCATE)`
	if db.engine == EnginePostgres {
		q = `ANALYZE`
	}
	_, err = db.rw.ExecContext(ctx, q)
	return err
}

// Size returns the bytes the database takes: the SQLite file without its
// WAL, or the tables of the PostgreSQL schema in use with their indexes.
func (db *DB) Size(ctx context.Context) (n int64, err error) {
	defer wrap(&err, "sqldb: size")
	q := `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`
	if db.engine == EnginePostgres {
		q = `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT FROM pg_class c
			JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind = 'r'`
	}
	err = db.r().QueryRowContext(ctx, q).Scan(&n)
	return n, err
}
