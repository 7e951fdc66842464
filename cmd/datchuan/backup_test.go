package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestBackupUnderLoad backs the database up while writers keep reporting
// values, restores the backup into an empty database, and finds there
// every value acknowledged before the backup started; the restored
// database opens, is migrated, passes the integrity checks and its change
// log names the restore.
func TestBackupUnderLoad(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				if _, err := exec.LookPath("pg_dump"); err != nil {
					t.Skip("pg_dump is not installed (apt-get install postgresql-client): skipping the PostgreSQL round trip")
				}
			}
			ctx := context.Background()
			from, into := cfgFor(t), cfgFor(t)
			a, err := openApp(ctx, from, quietEnv(), quietLog())
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			units, err := a.stores.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelProvince})
			if err != nil || len(units) == 0 {
				t.Fatalf("no province: %v", err)
			}

			w := &writers{report: func(i int) (int64, error) {
				v := &datchuan.Value{UnitID: units[0].ID, SetID: "s", IndicatorCode: "1.1", AsOf: datchuan.NewDate(2022, 9, 1),
					Measure: datchuan.BoolMeasure(true), Comment: fmt.Sprintf("report %d", i)}
				err := a.stores.Values.ReportValue(ctx, v)
				return v.ID, err
			}}
			stop := w.start(4)
			w.waitFor(t, 50)
			acked := w.acked() // acknowledged before the backup started
			file := filepath.Join(t.TempDir(), "datchuan.backup")
			if code, out, errs := runWith(t, from, "backup", file); code != 0 {
				t.Fatalf("backup: exit %d\n%s%s", code, out, errs)
			}
			during := len(w.acked()) - len(acked)
			time.Sleep(50 * time.Millisecond)
			if err := stop(); err != nil {
				t.Fatalf("a writer failed: %v", err)
			}
			t.Logf("%d values acknowledged before the backup, %d while it ran", len(acked), during)

			if code, out, errs := runWith(t, into, "restore", file); code != 0 {
				t.Fatalf("restore: exit %d\n%s%s", code, out, errs)
			}
			db, err := sqldb.Open(ctx, sqldb.Config{DatabaseURL: into.DatabaseURL, DataDir: into.DataDir})
			if err != nil {
				t.Fatalf("open the restored database: %v", err)
			}
			defer db.Close()
			if err := db.CheckIntegrity(ctx); err != nil {
				t.Error(err)
			}
			restored, err := db.Stores().Values.Values(ctx, datchuan.ValueFilter{History: true, UnitIDs: []int64{units[0].ID}})
			if err != nil {
				t.Fatal(err)
			}
			have := map[int64]string{}
			for _, v := range restored {
				have[v.ID] = v.Comment
			}
			lost := 0
			for id, comment := range acked {
				if have[id] != comment {
					lost++
				}
			}
			if lost > 0 {
				t.Errorf("%d of %d values acknowledged before the backup are not in the restored database", lost, len(acked))
			}
			log, err := db.Stores().Changes.Changes(ctx, datchuan.ChangeFilter{Entity: "database"})
			if err != nil {
				t.Fatal(err)
			}
			if len(log) != 1 || log[0].Actor.Name != "system:restore" || log[0].Action != datchuan.ActDatabaseRestore || !strings.Contains(log[0].Summary, file) {
				t.Errorf("the change log of the restore: %+v", log)
			}

			// Restoring again over the restored database is refused without -force.
			if code, _, errs := runWith(t, into, "restore", file); code != 2 || !strings.Contains(errs, "-force") {
				t.Errorf("restore over a database: exit %d, %s", code, errs)
			}
		})
	}
}

// runWith runs a verb on the database of cfg.
func runWith(t *testing.T, cfg Config, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	vars := map[string]string{"DATABASE_URL": cfg.DatabaseURL}
	if cfg.DatabaseURL == "" {
		args = append([]string{args[0], "-data", cfg.DataDir}, args[1:]...)
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), args, env{Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &errb})
	return exitCode(err, &errb), out.String(), errb.String()
}

// writers keep making writes and keep what each acknowledged.
type writers struct {
	report func(i int) (id int64, err error)
	mu     sync.Mutex
	done   map[int64]string // ID → comment, of every acknowledged write
	n      int
}

// start starts n writers; the function returned stops them and returns
// the first error of any.
func (w *writers) start(n int) func() error {
	w.done = map[int64]string{}
	quit := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-quit:
					return
				default:
				}
				w.mu.Lock()
				i := w.n
				w.n++
				w.mu.Unlock()
				id, err := w.report(i)
				if err != nil {
					errs <- err
					return
				}
				w.mu.Lock()
				w.done[id] = fmt.Sprintf("report %d", i)
				w.mu.Unlock()
			}
		}()
	}
	return func() error {
		close(quit)
		wg.Wait()
		close(errs)
		return <-errs
	}
}

func (w *writers) acked() map[int64]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[int64]string, len(w.done))
	for id, c := range w.done {
		out[id] = c
	}
	return out
}

// waitFor waits until n writes are acknowledged.
func (w *writers) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(w.acked()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes in 30 s", len(w.acked()))
		}
		time.Sleep(5 * time.Millisecond)
	}
}
