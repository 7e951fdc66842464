package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/work"
)

// BenchmarkMyWork measures what every page a signed-in officer opens costs
// for the counts in its navigation: the whole work of the Trà Vinh
// coordination office (every value of the province, its assignments) on
// the demo's SQLite database.
func BenchmarkMyWork(b *testing.B) {
	ctx := context.Background()
	cfg := Config{DataDir: filepath.Join(b.TempDir(), "data"), Demo: true}
	clock := &testClock{}
	clock.Set("01/09/2022 08:00")
	a, err := openApp(ctx, cfg, env{Getenv: func(string) string { return "" }, Now: clock.Now}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	for _, login := range []string{"vpdp", "so-tnmt", "xa-nhitruong"} {
		b.Run(login, func(b *testing.B) {
			u, err := a.users.UserByLogin(ctx, login)
			if err != nil {
				b.Fatal(err)
			}
			acc, err := datchuan.LoadAccess(ctx, u, a.units, a.agencies)
			if err != nil {
				b.Fatal(err)
			}
			stores := work.Stores{Units: a.units, Agencies: a.agencies, Values: a.values, Plans: a.plans, Tasks: a.tasks, Sets: a.sets}
			day := datchuan.NewDate(2022, 9, 1)
			for b.Loop() {
				if _, err := work.NewFinder(stores).For(ctx, u, acc, day); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
