package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestMigrateAttachments opens a database at migration 0004 whose files
// are cited by a value, a plan, a task, a guidance document and an
// approval item, and migrates it: each file becomes an attachment with
// the name, uploader and time it had, every reference still names it, and
// the same bytes uploaded afterwards by someone else are an attachment of
// their own.
func TestMigrateAttachments(t *testing.T) {
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, engine)
			if cfg.DataDir != "" {
				must(t, os.MkdirAll(cfg.DataDir, 0o750))
			}
			raw := mustRaw(t, cfg)
			mustSchemaAt(t, raw, engine, "0004")
			minutes, plan := pdf, []byte("%PDF-1.4 Kế hoạch 45/KH-BCĐ")
			a, b := hashOf(minutes), hashOf(plan)
			const ts = "'2022-06-20T01:30:00.000000Z'"
			rebind := func(q string) string {
				for i := 1; engine == sqldb.EnginePostgres && strings.Contains(q, "?"); i++ {
					q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
				}
				return q
			}
			for _, st := range []struct {
				q    string
				args []any
			}{
				{`INSERT INTO units (id, code, name, type, level) VALUES (1, '84', 'Trà Vinh', 'Tỉnh', 'province'),
					(2, '29446', 'Nhị Trường', 'Xã', 'commune')`, nil},
				{`INSERT INTO users (id, login, login_key, created_at) VALUES (1, 'lan', 'lan', ` + ts + `), (2, 'minh', 'minh', ` + ts + `)`, nil},
				{`INSERT INTO persons (id, name) VALUES (1, 'Thạch Thị Sa Rươne')`, nil},
				{`INSERT INTO agencies (id, code, name, kind, unit_id) VALUES (1, '84-SXD', 'Sở Xây dựng', 'department', 1)`, nil},
				{`INSERT INTO files (hash, name, content_type, size, uploaded_by, uploaded_at, data)
					VALUES (?, 'bienban.pdf', 'application/pdf', ?, 1, ` + ts + `, ?)`, []any{a, len(minutes), minutes}},
				{`INSERT INTO files (hash, name, content_type, size, uploaded_by, uploaded_at, data)
					VALUES (?, '45-KH-BCD.pdf', 'application/pdf', ?, 2, '2022-06-21T02:00:00.000000Z', ?)`, []any{b, len(plan), plan}},
				{`INSERT INTO reported_values (id, unit_id, set_id, indicator_code, as_of, measure_kind, reported_at, evidence)
					VALUES (1, 2, 's', '1.1', '2022-06-01', 'bool', ` + ts + `, ?)`, []any{`["` + a + `","Báo cáo số 12/BC-UBND"]`}},
				{`INSERT INTO value_files (value_id, hash) VALUES (1, ?)`, []any{a}},
				{`INSERT INTO plans (id, province_id, number, issued_on, title, created_at) VALUES (1, 1, '45/KH-BCĐ', '2022-06-22', 'Kế hoạch', ` + ts + `)`, nil},
				{`INSERT INTO plan_files (plan_id, hash, pos) VALUES (1, ?, 0), (1, ?, 1)`, []any{b, a}},
				{`INSERT INTO tasks (id, unit_id, assignee_id, title, status, created_at, updated_at) VALUES (1, 2, 1, 'Rà soát', 'todo', ` + ts + `, ` + ts + `)`, nil},
				{`INSERT INTO task_files (task_id, hash, pos) VALUES (1, ?, 0)`, []any{a}},
				{`INSERT INTO guidance (id, agency_id, set_id, criterion_code, number, issued_on, title, file, created_at)
					VALUES (1, 1, 's', '1', '215/HD-SXD', '2022-06-20', 'Hướng dẫn', ?, ` + ts + `)`, []any{b}},
				{`INSERT INTO approvals (id, agency_id, title, state, created_at, updated_at) VALUES (1, 1, 'Danh sách xã', 'draft', ` + ts + `, ` + ts + `)`, nil},
				{`INSERT INTO approval_files (approval_id, hash, pos) VALUES (1, ?, 0)`, []any{b}},
			} {
				if _, err := raw.Exec(rebind(st.q), st.args...); err != nil {
					t.Fatalf("%s: %v", st.q, err)
				}
			}

			db := mustOpenConfig(t, cfg)
			if !slices.Contains(db.Applied(), "0005_attachments") {
				t.Fatalf("migrations applied on open: %v", db.Applied())
			}
			ctx := context.Background()
			st := db.Stores()
			got, err := st.Files.Attachments(ctx, []string{a, b})
			must(t, err)
			wantEqual(t, map[string]*datchuan.Attachment{
				a: {ID: a, Hash: a, Name: "bienban.pdf", ContentType: "application/pdf", Size: int64(len(minutes)), UploadedBy: 1,
					UploadedAt: time.Date(2022, 6, 20, 1, 30, 0, 0, time.UTC)},
				b: {ID: b, Hash: b, Name: "45-KH-BCD.pdf", ContentType: "application/pdf", Size: int64(len(plan)), UploadedBy: 2,
					UploadedAt: time.Date(2022, 6, 21, 2, 0, 0, 0, time.UTC)},
			}, got, "the files as attachments")
			if f, err := st.Files.Attachment(ctx, a); err != nil || string(f.Data) != string(minutes) {
				t.Errorf("the content of %s: %v", a, err)
			}
			vals := mustFind(t, st.Values.Values, datchuan.ValueFilter{IDs: []int64{1}, History: true})
			if len(vals) != 1 || !slices.Equal(vals[0].Evidence, []string{a, "Báo cáo số 12/BC-UBND"}) {
				t.Errorf("the value's evidence after migrating: %+v", vals)
			}
			units, err := st.Files.AttachmentUnits(ctx, a)
			must(t, err)
			wantEqual(t, []int64{2}, units, "the units citing the minutes")
			p, err := st.Plans.Plan(ctx, 1)
			must(t, err)
			wantEqual(t, []string{b, a}, p.Files, "the plan's files")
			task, err := st.Tasks.Task(ctx, 1)
			must(t, err)
			wantEqual(t, []string{a}, task.Files, "the task's files")
			g, err := st.Guidance.GuidanceByID(ctx, 1)
			must(t, err)
			wantEqual(t, b, g.File, "the guidance document")
			ap, err := st.Approvals.Approval(ctx, 1)
			must(t, err)
			wantEqual(t, []string{b}, ap.Files, "the approval item's files")

			// The same bytes uploaded now by someone else: their own name,
			// over the content already stored.
			again := &datchuan.Attachment{Name: "hd-215-sxd.pdf", Data: minutes, UploadedBy: 2}
			must(t, st.Files.PutAttachment(ctx, again))
			if again.ID == a || again.Hash != a {
				t.Errorf("uploading the bytes again: ID %s, hash %s", again.ID, again.Hash)
			}
			if f, err := st.Files.Attachment(ctx, a); err != nil || f.Name != "bienban.pdf" || f.UploadedBy != 1 {
				t.Errorf("the first upload after the second: %+v, %v", f, err)
			}
			if n := mustCount(t, raw, "files", ""); n != 2 {
				t.Errorf("%d contents after migrating two and uploading one again, want 2", n)
			}
		})
	}
}

// mustSchemaAt applies to a new database, through raw, the migrations of
// the engine up to and including version, as a release that stopped there
// did, and records them as applied.
func mustSchemaAt(tb testing.TB, raw *sql.DB, engine, version string) {
	tb.Helper()
	ts := "TEXT"
	if engine == sqldb.EnginePostgres {
		ts = "TIMESTAMPTZ"
	}
	if _, err := raw.Exec(`CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at ` + ts + ` NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("migrations", engine, "*.sql"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("migrations of %s: %v", engine, err)
	}
	slices.Sort(files)
	for _, f := range files {
		v := strings.TrimSuffix(path.Base(filepath.ToSlash(f)), ".sql")
		if v[:4] > version {
			break
		}
		body, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := raw.Exec(string(body)); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES ('` + v + `', '2022-06-20T01:00:00.000000Z')`); err != nil {
			tb.Fatal(err)
		}
	}
}
