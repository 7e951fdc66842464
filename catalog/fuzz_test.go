package catalog

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzSetFile feeds the criteria-set decoder the shipped set files and
// random edits of them. It never panics, and it answers either sets that
// pass the catalogue's checks or a *LoadError whose every problem names
// the file (and, within it, a line when it has one). The seeds run as an
// ordinary test; `go test -fuzz FuzzSetFile ./catalog` searches further.
func FuzzSetFile(f *testing.F) {
	names, err := fs.Glob(embeddedSets, "sets/*.yaml")
	if err != nil || len(names) == 0 {
		f.Fatalf("no shipped sets: %v", err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(embeddedSets, n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		// The same file cut short, and with a threshold made nonsense.
		f.Add(b[:len(b)/2])
		f.Add(bytes.Replace(b, []byte("value: "), []byte("value: -x"), 1))
	}
	f.Add([]byte("id: [\n"))
	f.Add([]byte("\xff\xfe not UTF-8"))
	base, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, err := LoadWith(base, fstest.MapFS{"set.yaml": {Data: data}})
		var le *LoadError
		switch {
		case errors.As(err, &le):
			if len(le.Problems) == 0 {
				t.Fatal("a LoadError with no problem")
			}
			for _, p := range le.Problems {
				if p.File != "set.yaml" || strings.TrimSpace(p.Message) == "" || p.Line < 0 {
					t.Fatalf("a problem that does not say where or what: %+v", p)
				}
			}
		case err != nil:
			t.Fatalf("LoadWith failed other than with a LoadError: %v", err)
		default:
			for _, s := range cat.Sets() {
				if s.ID == "" || len(s.Criteria) == 0 {
					t.Fatalf("an empty set was accepted: %+v", s)
				}
			}
		}
	})
}

// FuzzUnitsCSV feeds the unit-list reader the shipped lists' first lines
// and random edits of them: never a panic; units, or a *LoadError naming
// the file and the line of each problem.
func FuzzUnitsCSV(f *testing.F) {
	for _, n := range []string{"data/vn-admin-units-2024.csv", "data/vn-admin-districts-2024.csv", "data/vn-admin-units-2025.csv"} {
		b, err := fs.ReadFile(dataFS, n)
		if err != nil {
			f.Fatal(err)
		}
		lines := bytes.SplitAfterN(b, []byte("\n"), 40)
		f.Add(bytes.Join(lines[:len(lines)-1], nil))
	}
	f.Add([]byte("ma,ten\n1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		units, err := ReadUnitsCSV("units.csv", bytes.NewReader(data))
		var le *LoadError
		switch {
		case errors.As(err, &le):
			for _, p := range le.Problems {
				if p.File != "units.csv" || strings.TrimSpace(p.Message) == "" {
					t.Fatalf("a problem that does not say where or what: %+v", p)
				}
			}
		case err != nil:
			t.Fatalf("ReadUnitsCSV failed other than with a LoadError: %v", err)
		default:
			for _, u := range units {
				if u.Code == "" || u.Name == "" {
					t.Fatalf("a unit without code or name was accepted: %+v", u)
				}
			}
		}
	})
}
