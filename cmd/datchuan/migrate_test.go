package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// TestMigrate: on a new database, migrate says which migrations it applied
// and records the unit lists it imported in the change log, by
// "system:migrate"; run again, it applies none and imports nothing.
func TestMigrate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	migrate := func() string {
		t.Helper()
		var out, errb bytes.Buffer
		e := env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errb}
		if err := run(context.Background(), []string{"migrate", "-data", dir}, e); err != nil {
			t.Fatalf("migrate: %v\n%s", err, errb.String())
		}
		return out.String()
	}
	// Every migration of the release, in order.
	files, err := filepath.Glob(filepath.Join("..", "..", "sqldb", "migrations", "sqlite", "*.sql"))
	if err != nil || len(files) < 5 {
		t.Fatalf("the SQLite migrations: %v %v", files, err)
	}
	var versions []string
	for _, f := range files {
		versions = append(versions, strings.TrimSuffix(filepath.Base(f), ".sql"))
	}
	first := migrate()
	if want := fmt.Sprintf("áp dụng thêm %d migration (%s).", len(versions), strings.Join(versions, ", ")); !strings.Contains(first, want) {
		t.Errorf("first migrate says %q, want %q", first, want)
	}
	if again := migrate(); !strings.Contains(again, "áp dụng thêm 0 migration.") {
		t.Errorf("second migrate says %q, want none applied", again)
	}
	a, err := openApp(context.Background(), Config{DataDir: dir}, quietEnv(), quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	chs, err := a.stores.Changes.Changes(context.Background(), datchuan.ChangeFilter{Entity: "units"})
	if err != nil {
		t.Fatal(err)
	}
	if len(chs) != 3 {
		t.Fatalf("%d unit-list imports in the change log, want the 3 lists applied once each", len(chs))
	}
	for _, c := range chs {
		if c.Actor.Name != "system:migrate" || c.Action != datchuan.ActUnitsImport {
			t.Errorf("unit import logged as %q by %q", c.Action, c.Actor.Name)
		}
	}
}
