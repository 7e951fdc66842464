package bench_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/datchuan/datchuan/bench"
)

func TestWriteTables(t *testing.T) {
	set := bench.FillUnknown(mustRealSet(t))
	units, err := bench.ReadCommunesDir(data)
	if err != nil {
		t.Fatal(err)
	}
	d := bench.Generate(set, units[:50], year, seed)
	dir := t.TempDir()
	if err := bench.WriteTables(dir, set, d); err != nil {
		t.Fatal(err)
	}
	rows := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	if n := len(rows("units.csv")); n != 50 {
		t.Errorf("units.csv: %d rows, want 50", n)
	}
	if n := len(rows("indicators.csv")); n != set.IndicatorCount() {
		t.Errorf("indicators.csv: %d rows, want %d", n, set.IndicatorCount())
	}
	if n := len(rows("criteria.csv")); n != len(set.Criteria) {
		t.Errorf("criteria.csv: %d rows, want %d", n, len(set.Criteria))
	}
	vals := rows("values.csv")
	if len(vals) != len(d.Values) {
		t.Fatalf("values.csv: %d rows, want %d", len(vals), len(d.Values))
	}
	for i, rec := range vals {
		v := d.Values[i]
		num, _ := strconv.ParseFloat(rec[5], 64)
		numer, _ := strconv.ParseFloat(rec[6], 64)
		den, _ := strconv.ParseFloat(rec[7], 64)
		if rec[1] != v.IndicatorCode || rec[2] != string(v.State) || rec[3] != string(v.Measure.Kind) ||
			num != v.Measure.Number || numer != v.Measure.Numerator || den != v.Measure.Denominator {
			t.Fatalf("row %d: %v does not read back as %+v", i, rec, v)
		}
	}
	for _, rec := range rows("bounds.csv") {
		if rec[2] != "true" {
			t.Errorf("bounds.csv: %v unknown in the filled set", rec)
		}
	}
}
