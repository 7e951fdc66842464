package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"

	datchuan "github.com/datchuan/datchuan"
)

// Data file names in catalog/data.
const (
	UnitsFile   = "vn-admin-units-2024.csv"
	RegionsFile = "vn-regions-2024.csv"
)

// ReadCommunes reads the commune-level units of an official list (header
// province_code,...,commune_code,commune_name,commune_type) and gives each
// the region of its province from regions (province_code → region_code).
// Units get IDs 1, 2, ... in file order.
func ReadCommunes(units, regions io.Reader) ([]*datchuan.Unit, error) {
	regionOf := make(map[string]string)
	err := readCSV(regions, []string{"province_code", "region_code"}, func(f []string) error {
		regionOf[f[0]] = f[1]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	var out []*datchuan.Unit
	cols := []string{"province_code", "district_code", "commune_code", "commune_name", "commune_type"}
	err = readCSV(units, cols, func(f []string) error {
		region, ok := regionOf[f[0]]
		if !ok {
			return fmt.Errorf("commune %s: province %s has no region", f[2], f[0])
		}
		out = append(out, &datchuan.Unit{
			ID:          int64(len(out) + 1),
			Code:        f[2],
			Name:        f[3],
			Type:        f[4],
			Level:       datchuan.LevelCommune,
			ParentCode:  f[1],
			Source:      "vn-admin-units-2024",
			Classifiers: datchuan.Classifiers{Region: region},
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return out, nil
}

// ReadCommunesDir reads UnitsFile and RegionsFile from dir (catalog/data).
func ReadCommunesDir(dir string) ([]*datchuan.Unit, error) {
	units, err := os.Open(filepath.Join(dir, UnitsFile))
	if err != nil {
		return nil, err
	}
	defer units.Close()
	regions, err := os.Open(filepath.Join(dir, RegionsFile))
	if err != nil {
		return nil, err
	}
	defer regions.Close()
	return ReadCommunes(units, regions)
}

// readCSV calls row with the named columns of every record of r.
func readCSV(r io.Reader, cols []string, row func([]string) error) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return err
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range header {
			if h == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return fmt.Errorf("no column %q", c)
		}
	}
	fields := make([]string, len(cols))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		for i, j := range idx {
			fields[i] = rec[j]
		}
		if err := row(fields); err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}
