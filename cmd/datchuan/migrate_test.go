package main

import (
	"bytes"
	"context"
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
	first := migrate()
	if !strings.Contains(first, "áp dụng thêm 4 migration (0001_init, 0002_accounts, 0003_plans, 0004_changes)") {
		t.Errorf("first migrate says %q, want the 4 migrations it applied", first)
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
