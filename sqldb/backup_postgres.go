package sqldb

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// PostgreSQL's backups are made and restored by its own tools, pg_dump and
// pg_restore, of the server's major version or newer: an older pg_dump
// refuses a newer server.

// pgTool is an installed pg_dump or pg_restore and its major version.
type pgTool struct {
	path  string
	major int
}

// toolDirs are where PostgreSQL's tools of each version live besides PATH:
// Debian and Ubuntu, then the PGDG packages of Red Hat and the like.
var toolDirs = []string{"/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin"}

var toolVersion = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// findTool returns the newest installed name (pg_dump, pg_restore) of
// major version min or newer, or an error saying what to install.
func findTool(ctx context.Context, name string, min int) (pgTool, error) {
	var paths []string
	if p, err := exec.LookPath(name); err == nil {
		paths = append(paths, p)
	}
	for _, dir := range toolDirs {
		found, _ := filepath.Glob(filepath.Join(dir, name))
		paths = append(paths, found...)
	}
	var best pgTool
	var seen []string
	for _, p := range paths {
		out, err := exec.CommandContext(ctx, p, "--version").Output()
		m := toolVersion.FindSubmatch(out)
		if err != nil || m == nil {
			continue
		}
		major, _ := strconv.Atoi(string(m[1]))
		seen = append(seen, fmt.Sprintf("%s %d", p, major))
		if major > best.major {
			best = pgTool{path: p, major: major}
		}
	}
	if best.major >= min {
		return best, nil
	}
	have := "không có (none)"
	if len(seen) > 0 {
		have = strings.Join(seen, ", ")
	}
	return pgTool{}, fmt.Errorf("cần %s của PostgreSQL %d trở lên, hãy cài gói postgresql-client-%d (Debian/Ubuntu) hoặc postgresql%d (needs %s %d or newer: install postgresql-client-%d); đã thấy: %s",
		name, min, min, min, name, min, min, have)
}

// pgTarget is a database URL split for PostgreSQL's tools: libpq's URL
// without what it does not know (search_path, a pgx setting) nor the
// password, which goes in the environment rather than on a command line
// that any user of the machine can read.
type pgTarget struct {
	url    string
	schema string // from search_path; "" for the default
	env    []string
}

func splitURL(dsn string) (pgTarget, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return pgTarget{}, datchuan.Errorf(datchuan.EINVALID, "DATABASE_URL không đọc được (unreadable database URL)")
	}
	t := pgTarget{env: os.Environ()}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		t.schema = strings.TrimSpace(strings.Split(sp, ",")[0])
		q.Del("search_path")
		t.env = append(t.env, "PGOPTIONS=-c search_path="+t.schema)
	}
	u.RawQuery = q.Encode()
	if pw, ok := u.User.Password(); ok {
		t.env = append(t.env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	t.url = u.String()
	return t, nil
}

// serverMajor is the major version of the server that db reaches.
func serverMajor(ctx context.Context, db *sql.DB) (int, error) {
	var num string
	if err := db.QueryRowContext(ctx, `SHOW server_version_num`).Scan(&num); err != nil {
		return 0, fmt.Errorf("server version: %w", err)
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, fmt.Errorf("server version %q: %w", num, err)
	}
	return n / 10000, nil
}

// toolFor opens the database the URL names and finds the PostgreSQL tool
// (pg_dump, pg_restore) of its server's major version or newer. The
// caller closes the database.
func toolFor(ctx context.Context, dsn, name string) (pgTarget, *sql.DB, pgTool, error) {
	t, err := splitURL(dsn)
	if err != nil {
		return pgTarget{}, nil, pgTool{}, err
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return pgTarget{}, nil, pgTool{}, err
	}
	major, err := serverMajor(ctx, db)
	if err == nil {
		var tool pgTool
		if tool, err = findTool(ctx, name, major); err == nil {
			return t, db, tool, nil
		}
	}
	db.Close()
	return pgTarget{}, nil, pgTool{}, err
}

// backupPostgres dumps the database (the schema of search_path, when the
// URL names one) into tmp in pg_dump's custom format.
func backupPostgres(ctx context.Context, dsn, tmp string) error {
	t, db, dump, err := toolFor(ctx, dsn, "pg_dump")
	if err != nil {
		return err
	}
	db.Close()
	args := []string{"--format=custom", "--file=" + tmp, "--dbname=" + t.url}
	if t.schema != "" {
		args = append(args, "--schema="+t.schema)
	}
	return runTool(ctx, dump, t, args...)
}

// restorePostgres restores the archive into the schema the URL selects:
// empty, or emptied when force (dropped and made anew, with everything in
// it). The archive must be of that schema, since pg_dump names the schema
// of every object it dumps. The archive's own CREATE SCHEMA is left out:
// the schema is there already.
func restorePostgres(ctx context.Context, dsn, file string, force bool, b *Backup) error {
	t, db, restore, err := toolFor(ctx, dsn, "pg_restore")
	if err != nil {
		return err
	}
	defer db.Close()
	toc, err := exec.CommandContext(ctx, restore.path, "--list", file).Output()
	if err != nil {
		return datchuan.Errorf(datchuan.EINVALID, "%s không đọc được bằng %s (%s is unreadable by %s)", file, restore.path, file, restore.path)
	}
	list, schema, made := readTOC(toc)
	if !made.IsZero() {
		b.MadeAt = made
	}
	var current string
	var tables int
	err = db.QueryRowContext(ctx, `SELECT current_schema(), (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&current, &tables)
	if err != nil {
		return fmt.Errorf("target schema: %w", err)
	}
	if schema != "" && schema != current {
		return datchuan.Errorf(datchuan.EINVALID, "Bản sao lưu là của schema %s, cơ sở dữ liệu đích dùng schema %s (the backup is of schema %s, the database uses %s)", schema, current, schema, current)
	}
	if tables > 0 && !force {
		return datchuan.Errorf(datchuan.EINVALID, "Cơ sở dữ liệu đích đã có %d bảng; khôi phục vào cơ sở dữ liệu trống, hoặc thêm -force để thay nó (the database has %d tables: restore into an empty one, or -force replaces it)", tables, tables)
	}
	if tables > 0 {
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+quoteIdent(current)+` CASCADE; CREATE SCHEMA `+quoteIdent(current)); err != nil {
			return fmt.Errorf("empty schema %s: %w", current, err)
		}
	}
	listFile, err := os.CreateTemp("", "datchuan-restore-*.list")
	if err != nil {
		return err
	}
	defer os.Remove(listFile.Name())
	if _, err := listFile.Write(list); err != nil {
		listFile.Close()
		return err
	}
	if err := listFile.Close(); err != nil {
		return err
	}
	return runTool(ctx, restore, t, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
		"--use-list="+listFile.Name(), "--dbname="+t.url, file)
}

// readTOC reads pg_restore's list of an archive: the list without the
// entries that create schemas, the schema of the archive's tables, and
// when the archive was made.
func readTOC(toc []byte) (list []byte, schema string, made time.Time) {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(toc))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if at, ok := strings.CutPrefix(strings.TrimLeft(line, "; "), "Archive created at "); ok {
			made = parseArchiveTime(at)
		}
		// "215; 1259 16386 TABLE public files postgres"
		f := strings.Fields(line)
		if len(f) >= 6 && !strings.HasPrefix(line, ";") {
			switch f[3] {
			case "SCHEMA":
				continue
			case "TABLE":
				if schema == "" {
					schema = f[4]
				}
			}
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return out.Bytes(), schema, made
}

// parseArchiveTime reads "2025-06-01 10:00:00 UTC" or "... +07"; zero when
// it cannot.
func parseArchiveTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -07", "2006-01-02 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// runTool runs a PostgreSQL tool; its error output is the error.
func runTool(ctx context.Context, tool pgTool, t pgTarget, args ...string) error {
	cmd := exec.CommandContext(ctx, tool.path, args...)
	// In UTC, the time an archive records is read back exactly.
	cmd.Env = append(t.env, "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return fmt.Errorf("%s: %w: %s", filepath.Base(tool.path), err, msg)
	}
	return nil
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
