package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
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
	// Opening the app migrated the schema and imported the unit lists:
	// report what that did.
	applied := a.db.Applied()
	fmt.Fprintf(e.Stdout, "Cơ sở dữ liệu %s đã cập nhật (database up to date); lần này áp dụng thêm %d migration", a.db.Engine(), len(applied))
	if len(applied) > 0 {
		fmt.Fprintf(e.Stdout, " (%s)", strings.Join(applied, ", "))
	}
	fmt.Fprintln(e.Stdout, ".")
	return nil
}
