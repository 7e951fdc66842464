package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// runRestore puts a backup back into an empty database or data folder (or,
// with -force, in place of the one there: stop the server first), then
// opens it as the server would, which migrates it, checks its integrity
// and records the restore in its change log.
func runRestore(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg, finish := configFlags(fs, e, false)
	force := fs.Bool("force", false, "thay cơ sở dữ liệu đang có (replace the database there; stop the server first)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("cách dùng: datchuan restore [-force] TỆP (usage: datchuan restore [-force] FILE)")
	}
	file := fs.Arg(0)
	b, err := sqldb.Restore(ctx, sqldb.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Now: e.now}, file, *force)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg, e, slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return fmt.Errorf("open the restored database: %w", err)
	}
	defer a.Close()
	if err := a.db.CheckIntegrity(ctx); err != nil {
		return fmt.Errorf("the restored database: %w", err)
	}
	if abs, err := filepath.Abs(file); err == nil {
		b.File = abs
	}
	made := b.MadeAt.In(datchuan.Vietnam()).Format("02/01/2006 15:04:05")
	err = a.db.Atomically(ctx, func(tx datchuan.Stores) error {
		return tx.Changes.Record(ctx, datchuan.NewChange(datchuan.SystemActor("restore"), datchuan.ActDatabaseRestore, "database", 0,
			fmt.Sprintf("Khôi phục cơ sở dữ liệu từ bản sao lưu %s, lập lúc %s (giờ Việt Nam)", b.File, made), nil, b))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Đã khôi phục cơ sở dữ liệu %s từ %s, bản sao lưu lúc %s (restored)\n", b.Engine, b.File, made)
	return nil
}
