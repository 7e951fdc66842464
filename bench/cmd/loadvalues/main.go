// Command loadvalues times how fast the values of the national synthetic
// data set go into an empty database, for bench/national-load.sh: the same
// rows as "datchuan national" makes (same year, history, seed and
// provinces), a transaction per province, either through the bulk load
// path (sqldb LoadValues: checks, prepared INSERTs on SQLite, COPY on
// PostgreSQL) or through a bare batched insert (InsertValuesBare), so
// that both are measured on the same machine in the same run. Only the
// unit lists and the values are written: no agencies, targets or accounts.
//
//	go run ./bench/cmd/loadvalues -mode bare|load [-data DIR] [-provinces 84,83] [-year 2024] [-history 12] [-seed 45]
//
// DATABASE_URL selects PostgreSQL, as for datchuan; the database must be
// empty.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/sqldb"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadvalues:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadvalues", flag.ContinueOnError)
	mode := fs.String("mode", "load", "load (the bulk load path) or bare (a bare batched insert)")
	dir := fs.String("data", "loadvalues-data", "SQLite data directory, when DATABASE_URL is not set")
	provinces := fs.String("provinces", "", "province codes, comma-separated; default all")
	year := fs.Int("year", 2024, "year of the values")
	history := fs.Int("history", 12, "months of dated history")
	seed := fs.Uint64("seed", 45, "seed of the generator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *mode != "load" && *mode != "bare" {
		return fmt.Errorf("-mode %q: load or bare", *mode)
	}
	db, err := sqldb.Open(ctx, sqldb.Config{DatabaseURL: os.Getenv("DATABASE_URL"), DataDir: *dir})
	if err != nil {
		return err
	}
	defer db.Close()
	if holds, err := db.HoldsData(ctx); err != nil || holds {
		return errors.Join(err, errors.New("the database is not empty"))
	}
	cat, err := catalog.Embedded()
	if err != nil {
		return err
	}
	sets, err := bench.LoadNationalSets(cat)
	if err != nil {
		return err
	}
	provs, err := units(ctx, db, *year, *provinces)
	if err != nil {
		return err
	}
	opt := bench.NationalOptions{Year: *year, Seed: *seed, Months: *history}
	var n, reviews int
	var took time.Duration
	cpu0 := cpuTime()
	for _, p := range provs {
		rows := bench.ProvinceValues(sets, p, opt)
		start := time.Now()
		var res datchuan.LoadResult
		if *mode == "bare" {
			res, err = db.InsertValuesBare(ctx, rows)
		} else {
			res, err = db.LoadValues(ctx, rows, datchuan.LoadOptions{Sets: cat})
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p.Unit.Code, err)
		}
		took += time.Since(start)
		n, reviews = n+res.Values, reviews+res.Reviews
	}
	cpu := cpuTime() - cpu0
	if err := db.Settle(ctx); err != nil {
		return err
	}
	size, err := db.Size(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s: %d values (%d reviews) in %.1f s: %.0f values/s; process CPU %.1f s (generation included); database %.1f MB\n",
		db.Engine(), *mode, n, reviews, took.Seconds(), float64(n)/took.Seconds(), cpu.Seconds(), float64(size)/(1<<20))
	return nil
}

// units imports the official unit lists and returns the provinces of the
// national data set.
func units(ctx context.Context, db *sqldb.DB, year int, codes string) ([]*bench.Province, error) {
	snaps, err := catalog.Snapshots()
	if err != nil {
		return nil, err
	}
	for _, s := range snaps {
		if _, err := db.Stores().Units.ApplyUnitSnapshot(ctx, s); err != nil {
			return nil, err
		}
	}
	var list []string
	for _, c := range strings.Split(codes, ",") {
		if c = strings.TrimSpace(c); c != "" {
			list = append(list, c)
		}
	}
	return bench.NationalUnits(ctx, db.Stores().Units, datchuan.NewDate(year, time.December, 31), list)
}

// cpuTime is the CPU time the process has used (PostgreSQL's own is not
// in it).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
