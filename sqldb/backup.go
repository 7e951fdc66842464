package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// A backup is one file: on SQLite a copy of the database made with VACUUM
// INTO, which reads one snapshot while the server goes on writing; on
// PostgreSQL an archive of pg_dump's custom format (-Fc), which also dumps
// one snapshot. Restore puts a backup of its engine back into an empty
// database (or, with force, over one in use: the server must be stopped).

// Backup is what Backup wrote, or what Restore read.
type Backup struct {
	Engine string    `json:"engine"`
	File   string    `json:"file"`
	Size   int64     `json:"size"`
	MadeAt time.Time `json:"made_at"` // when the snapshot was taken
}

// metaBackupMadeAt is the meta key that a SQLite backup keeps its time in.
const metaBackupMadeAt = "backup_made_at"

// File signatures: the first bytes of each engine's backups.
var (
	sqliteMagic  = []byte("SQLite format 3\x00")
	archiveMagic = []byte("PGDMP")
)

// TakeBackup writes a consistent copy of the database that cfg names to
// file while the database stays in use. An existing file is EINVALID
// unless force; the copy is written beside it and renamed into place, so a
// failed backup leaves no partial file under the name.
func TakeBackup(ctx context.Context, cfg Config, file string, force bool) (_ *Backup, err error) {
	defer wrap(&err, "sqldb: backup to %s", file)
	if !force {
		if _, err := os.Stat(file); err == nil {
			return nil, datchuan.Errorf(datchuan.EINVALID, "Tệp %s đã có; chọn tên khác hoặc thêm -force để ghi đè (the file exists: choose another name, or -force to overwrite)", file)
		}
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	tmp := file + ".tmp"
	os.Remove(tmp) // left by a backup that died
	defer os.Remove(tmp)
	b := &Backup{File: file, MadeAt: truncTime(now())}
	if cfg.DatabaseURL == "" {
		b.Engine = EngineSQLite
		err = backupSQLite(ctx, filepath.Join(cfg.DataDir, FileName), tmp, b.MadeAt)
	} else {
		b.Engine = EnginePostgres
		err = backupPostgres(ctx, cfg.DatabaseURL, tmp)
	}
	if err != nil {
		return nil, err
	}
	if err := syncFile(tmp); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, file); err != nil {
		return nil, err
	}
	if err := syncDir(filepath.Dir(file)); err != nil {
		return nil, err
	}
	info, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	b.Size = info.Size()
	return b, nil
}

// backupSQLite copies the database at path into tmp with VACUUM INTO, from
// a read-only connection of its own: one read transaction, so one
// snapshot, while the server's writer goes on (WAL). The copy then records
// when it was made.
func backupSQLite(ctx context.Context, path, tmp string, at time.Time) error {
	if _, err := os.Stat(path); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Không có cơ sở dữ liệu %s (no database at %s)", path, path)
	}
	src, err := sql.Open("sqlite", sqliteURI(path, "ro"))
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("vacuum into: %w", err)
	}
	dst, err := sql.Open("sqlite", sqliteURI(tmp, "rw"))
	if err != nil {
		return err
	}
	defer dst.Close()
	_, err = dst.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		metaBackupMadeAt, at.Format(tsLayout))
	if err != nil {
		return fmt.Errorf("record the time of the backup: %w", err)
	}
	return dst.Close()
}

// sqliteURI is the URI of a SQLite file opened in mode (ro, rw) with a
// busy timeout.
func sqliteURI(path, mode string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=" + mode +
		fmt.Sprintf("&_pragma=busy_timeout(%d)", busyTimeout.Milliseconds())
}

// Restore puts the backup in file back into the database that cfg names,
// which must be empty (no SQLite file in the data folder; no table in the
// PostgreSQL schema) unless force, which replaces what is there. It checks
// that the file is a backup of the engine. The database is not migrated:
// Open does that.
func Restore(ctx context.Context, cfg Config, file string, force bool) (_ *Backup, err error) {
	defer wrap(&err, "sqldb: restore %s", file)
	head, err := readHead(file, len(sqliteMagic))
	if err != nil {
		return nil, err
	}
	isSQLite, isArchive := bytes.HasPrefix(head, sqliteMagic), bytes.HasPrefix(head, archiveMagic)
	switch {
	case !isSQLite && !isArchive:
		return nil, datchuan.Errorf(datchuan.EINVALID, "%s không phải bản sao lưu của datchuan (not a datchuan backup)", file)
	case cfg.DatabaseURL == "" && isArchive:
		return nil, datchuan.Errorf(datchuan.EINVALID, "%s là bản sao lưu PostgreSQL: đặt DATABASE_URL để khôi phục vào PostgreSQL (a PostgreSQL backup: set DATABASE_URL)", file)
	case cfg.DatabaseURL != "" && isSQLite:
		return nil, datchuan.Errorf(datchuan.EINVALID, "%s là bản sao lưu SQLite: bỏ DATABASE_URL để khôi phục vào thư mục dữ liệu (a SQLite backup: unset DATABASE_URL)", file)
	}
	info, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	b := &Backup{File: file, Size: info.Size(), MadeAt: info.ModTime().UTC()}
	if isSQLite {
		b.Engine = EngineSQLite
		err = restoreSQLite(ctx, cfg.DataDir, file, force, b)
	} else {
		b.Engine = EnginePostgres
		err = restorePostgres(ctx, cfg.DatabaseURL, file, force, b)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

func readHead(file string, n int) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, n)
	k, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:k], nil
}

// restoreSQLite checks the backup, then copies it into the data folder
// beside the database and renames it into place, after removing the WAL of
// the database it replaces (which SQLite would otherwise apply to it).
func restoreSQLite(ctx context.Context, dir, file string, force bool, b *Backup) error {
	if dir == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Chưa chọn thư mục dữ liệu (no data directory)")
	}
	path := filepath.Join(dir, FileName)
	if info, err := os.Stat(path); err == nil && info.Size() > 0 && !force {
		return datchuan.Errorf(datchuan.EINVALID, "Thư mục %s đã có cơ sở dữ liệu; khôi phục vào thư mục trống, hoặc thêm -force để thay nó (the data folder holds a database: -force replaces it)", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := checkSQLiteBackup(ctx, file, b); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	tmp := path + ".restore"
	defer os.Remove(tmp)
	if err := copyFile(file, tmp); err != nil {
		return err
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// checkSQLiteBackup checks that file is a whole SQLite database holding
// datchuan's tables, and reads when it was made.
func checkSQLiteBackup(ctx context.Context, file string, b *Backup) error {
	db, err := sql.Open("sqlite", sqliteURI(file, "ro"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := sqliteIntegrity(ctx, db); err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "Bản sao lưu %s bị hỏng: %v (the backup %s is damaged: %v)", file, err, file, err)
	}
	var made string
	err = db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaBackupMadeAt).Scan(&made)
	switch {
	case errors.Is(err, sql.ErrNoRows): // a copy of another kind: its file time stands
	case err != nil:
		return datchuan.Errorf(datchuan.EINVALID, "%s không phải cơ sở dữ liệu datchuan (%s is not a datchuan database)", file, file)
	default:
		if t, err := time.Parse(time.RFC3339Nano, made); err == nil {
			b.MadeAt = t.UTC()
		}
	}
	return nil
}

// CheckIntegrity checks the whole database: on SQLite its pages and
// indexes (integrity_check) and every foreign key; on PostgreSQL, which
// checks pages as it reads them, that every constraint holds (none is left
// unvalidated) and that every table can be read through.
func (db *DB) CheckIntegrity(ctx context.Context) (err error) {
	defer wrap(&err, "sqldb: integrity check")
	if db.engine == EngineSQLite {
		return sqliteIntegrity(ctx, db.ro)
	}
	var n int
	err = db.ro.QueryRowContext(ctx, `SELECT count(*) FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
		WHERE s.nspname = current_schema() AND NOT c.convalidated`).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%d constraints not validated", n)
	}
	tables, err := scanAll(ctx, db.ro, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`, nil,
		func(rows *sql.Rows) (name string, err error) { return name, rows.Scan(&name) })
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.ro.ExecContext(ctx, `SELECT count(*) FROM `+quoteIdent(t)); err != nil {
			return fmt.Errorf("read %s: %w", t, err)
		}
	}
	return nil
}

// sqliteIntegrity runs integrity_check and foreign_key_check.
func sqliteIntegrity(ctx context.Context, q querier) error {
	problems, err := scanAll(ctx, q, `PRAGMA integrity_check`, nil,
		func(rows *sql.Rows) (s string, err error) { return s, rows.Scan(&s) })
	if err != nil {
		return err
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("integrity_check: %s", strings.Join(problems, "; "))
	}
	var fk []string
	err = eachRow(ctx, q, `PRAGMA foreign_key_check`, nil, func(rows *sql.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var n int
		if err := rows.Scan(&table, &rowid, &parent, &n); err != nil {
			return err
		}
		fk = append(fk, fmt.Sprintf("%s row %d names a missing %s", table, rowid.Int64, parent))
		return nil
	})
	if err != nil {
		return err
	}
	if len(fk) > 0 {
		return fmt.Errorf("foreign_key_check: %s", strings.Join(fk, "; "))
	}
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// syncFile and syncDir make a file, and a rename in a directory, durable.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
