package bench

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	datchuan "github.com/datchuan/datchuan"
)

// WriteTables writes d, evaluated against set, as CSV files for a database
// to load (bench/sql-rollup.sh): units.csv (unit_id, code, class after the
// override), criteria.csv (code, indicators), indicators.csv (code,
// criterion_code, kind), bounds.csv (class, indicator_code, known, value:
// the threshold that applies to each class in d.Year, resolved like
// ThresholdFor) and values.csv (unit_id, indicator_code, state, measure
// kind, bool, number, numerator, denominator). Numbers are written so that
// they read back to the same float64.
func WriteTables(dir string, set *datchuan.CriteriaSet, d *Data) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	classes := tableClasses(set, d)
	writers := []struct {
		name string
		rows func(emit func(...string))
	}{
		{"units.csv", func(emit func(...string)) {
			for _, u := range d.Units {
				emit(strconv.FormatInt(u.ID, 10), u.Code, set.ClassOf(u.Classifiers))
			}
		}},
		{"criteria.csv", func(emit func(...string)) {
			for _, c := range set.Criteria {
				emit(c.Code, strconv.Itoa(len(c.Indicators)))
			}
		}},
		{"indicators.csv", func(emit func(...string)) {
			for _, c := range set.Criteria {
				for _, ind := range c.Indicators {
					emit(ind.Code, c.Code, string(ind.Kind))
				}
			}
		}},
		{"bounds.csv", func(emit func(...string)) {
			for _, class := range classes {
				for _, c := range set.Criteria {
					for _, ind := range c.Indicators {
						th, ok := ind.ThresholdFor(class, d.Year)
						emit(class, ind.Code, strconv.FormatBool(ok && th.Known), float(th.Value))
					}
				}
			}
		}},
		{"values.csv", func(emit func(...string)) {
			for _, v := range d.Values {
				m := v.Measure
				emit(strconv.FormatInt(v.UnitID, 10), v.IndicatorCode, string(v.State), string(m.Kind),
					strconv.FormatBool(m.Bool), float(m.Number), float(m.Numerator), float(m.Denominator))
			}
		}},
	}
	for _, w := range writers {
		if err := writeCSV(filepath.Join(dir, w.name), w.rows); err != nil {
			return err
		}
	}
	return nil
}

// tableClasses lists every class a unit of d has under set, and the set's.
func tableClasses(set *datchuan.CriteriaSet, d *Data) []string {
	var out []string
	for _, c := range set.Classes {
		out = append(out, c.Code)
	}
	for _, u := range d.Units {
		out = append(out, set.ClassOf(u.Classifiers))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func float(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func writeCSV(name string, rows func(emit func(...string))) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := csv.NewWriter(f)
	rows(func(fields ...string) {
		if err == nil {
			err = w.Write(fields)
		}
	})
	w.Flush()
	if err == nil {
		err = w.Error()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
