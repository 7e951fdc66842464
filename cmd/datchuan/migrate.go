package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
)

// runMigrate applies pending migrations and the official unit lists.
func runMigrate(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg, finish := configFlags(fs, e, false)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg, e, slog.New(slog.NewTextHandler(e.Stderr, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	applied, err := a.db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Cơ sở dữ liệu %s đã cập nhật (database up to date); lần này áp dụng thêm %d migration.\n", a.db.Engine(), len(applied))
	return nil
}
