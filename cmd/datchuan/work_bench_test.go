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
	for _, login := range []string{"vpdp", "so-tnmt", "so-xd", "xa-nhitruong"} {
		b.Run(login, func(b *testing.B) {
			u, err := a.stores.Users.UserByLogin(ctx, login)
			if err != nil {
				b.Fatal(err)
			}
			acc, err := datchuan.LoadAccess(ctx, u, datchuan.NewUnitTree(a.stores.Units, clock.Now), a.stores.Agencies)
			if err != nil {
				b.Fatal(err)
			}
			day := datchuan.NewDate(2022, 9, 1)
			for b.Loop() {
				// A tree per request, as the pages make one.
				tree := datchuan.NewUnitTree(a.stores.Units, clock.Now)
				if _, err := work.NewFinder(a.stores, a.sets, tree).For(ctx, u, acc, day); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
