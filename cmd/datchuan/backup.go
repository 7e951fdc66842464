package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// runBackup writes a backup of the database to a file while the server
// runs: on SQLite a consistent copy (VACUUM INTO), on PostgreSQL pg_dump's
// archive (-Fc). It neither migrates nor writes to the database.
func runBackup(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg, finish := configFlags(fs, e, false)
	force := fs.Bool("force", false, "ghi đè tệp đã có (overwrite an existing file)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("cách dùng: datchuan backup [-force] TỆP (usage: datchuan backup [-force] FILE)")
	}
	b, err := sqldb.TakeBackup(ctx, sqldb.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Now: e.now}, fs.Arg(0), *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Đã sao lưu cơ sở dữ liệu %s vào %s (%d byte), lúc %s (backup written)\n",
		b.Engine, b.File, b.Size, b.MadeAt.In(datchuan.Vietnam()).Format("02/01/2006 15:04:05"))
	return nil
}
