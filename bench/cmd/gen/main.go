// Command gen writes the synthetic national data set of package bench as CSV
// files for bench/sql-rollup.sh, and prints the rollup the status engine
// computes from it, for the database's answer to be checked against.
//
//	go run ./bench/cmd/gen -out bench/out [-set synthetic|real] [-year 2024] [-seed 45]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/status"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	out := fs.String("out", "bench/out", "directory to write the CSV files to")
	data := fs.String("data", "catalog/data", "directory of "+bench.UnitsFile+" and "+bench.RegionsFile)
	which := fs.String("set", "synthetic", "thresholds: synthetic (unknown ones filled) or real (as the catalog ships them)")
	year := fs.Int("year", 2024, "year of the values and thresholds")
	seed := fs.Uint64("seed", 45, "seed of the generator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set, err := loadSet(*which)
	if err != nil {
		return err
	}
	units, err := bench.ReadCommunesDir(*data)
	if err != nil {
		return err
	}
	d := bench.Generate(set, units, *year, *seed)
	if err := bench.WriteTables(*out, set, d); err != nil {
		return err
	}
	c, err := status.Compile(set)
	if err != nil {
		return err
	}
	batch := d.Batch(c)
	start := time.Now()
	r, err := c.Rollup(*year, batch)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "# %s (%s thresholds), %d: %d units, %d values, %d meet %d/%d; rollup took %v\n",
		set.ID, *which, *year, len(d.Units), len(d.Values), r.Meeting, r.Criteria, r.Criteria, took)
	fmt.Fprintln(stdout, "met,units")
	for k, n := range r.Histogram {
		if n > 0 {
			fmt.Fprintf(stdout, "%d,%d\n", k, n)
		}
	}
	return nil
}

func loadSet(which string) (*datchuan.CriteriaSet, error) {
	cat, err := catalog.Embedded()
	if err != nil {
		return nil, err
	}
	set, err := cat.Set("vn-ntm-commune-2021-2025")
	if err != nil {
		return nil, err
	}
	switch which {
	case "real":
		return set, nil
	case "synthetic":
		return bench.FillUnknown(set), nil
	}
	return nil, fmt.Errorf("-set %q: want synthetic or real", which)
}
