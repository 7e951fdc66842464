package catalog

import (
	"bytes"
	"embed"
	"fmt"
	"sort"

	"github.com/datchuan/datchuan"
)

//go:embed data/*.csv
var dataFS embed.FS

const dataPrefix = "catalog/data/"

// The embedded history of administrative units.
const (
	snapshot2022 = "vn-admin-units-2022"
	snapshot2024 = "vn-admin-units-2024"
	snapshot2025 = "vn-admin-units-2025"
)

// SnapshotNames returns the names of the snapshots Snapshots returns, in
// order, without reading them: a database that has applied them all can
// skip the parse.
func SnapshotNames() []string { return []string{snapshot2022, snapshot2024, snapshot2025} }

// Snapshots returns the embedded history of Vietnam's administrative units
// as three official lists, to be applied in order:
//
//  1. "vn-admin-units-2022": the GSO list of 01/10/2022, with EffectiveFrom
//     zero, i.e. taken as valid since before any date we record. This is an
//     approximation: units that changed before 01/10/2022 (for instance by
//     Resolutions 569 and 570/NQ-UBTVQH15, in force that day) show their
//     01/10/2022 state for earlier dates too. Trà Vinh did not change. The 5
//     island districts without communes are added from
//     vn-admin-districts-2024.csv.
//  2. "vn-admin-units-2024": in force from 01/09/2024, with the same 5 island
//     districts.
//  3. "vn-admin-units-2025": in force from 01/07/2025, when the district level
//     was abolished: provinces and communes only, communes under their
//     province. Its Links come from vn-admin-units-2025-mapping.csv:
//     commune → commune (full or partial), island district → its Đặc khu, and
//     province → province, derived from the commune rows (full when all of the
//     old province's rows go to that new province, partial otherwise).
//
// The mapping describes the units of 01/03/2025, not those of our 2024 list:
// the 15 mapping rows whose old commune code is absent from the 2024 list
// (15 codes, created between 09/2024 and 03/2025) are dropped rather than
// linked to a wrong unit, and the 510 communes of the 2024 list that were
// merged before 03/2025 (e.g. 29245 and 29251 in Trà Vinh, Resolution
// 1277/NQ-UBTVQH15) close on 01/07/2025 without a link. Both gaps are the
// interim arrangement of 01/01/2025, which the embedded data does not hold.
//
// Classifiers.Region: units before 2025 take the region of their province
// (vn-regions-2024.csv); a 2025 commune or province takes the region of the
// old provinces its mapping rows come from when they all agree, and none
// when they differ (some 2025 provinces merged provinces of two regions).
//
// The CSV files are parsed on every call (about 0.1 s).
func Snapshots() ([]datchuan.UnitSnapshot, error) {
	regions, _, err := readRegions()
	if err != nil {
		return nil, err
	}
	districts, err := readEmbeddedTable("vn-admin-districts-2024.csv")
	if err != nil {
		return nil, err
	}
	var islands []datchuan.UnitRecord
	for _, d := range districts.districts {
		if districts.communeCount[d.Code] == 0 {
			islands = append(islands, d)
		}
	}

	pre := func(name string, from datchuan.Date) (datchuan.UnitSnapshot, error) {
		t, err := readEmbeddedTable(name + ".csv")
		if err != nil {
			return datchuan.UnitSnapshot{}, err
		}
		if err := addIslands(name, t, districts, islands); err != nil {
			return datchuan.UnitSnapshot{}, err
		}
		units := t.records()
		if err := setPreRegions(name, units, regions); err != nil {
			return datchuan.UnitSnapshot{}, err
		}
		return datchuan.UnitSnapshot{Name: name, EffectiveFrom: from, Units: units}, nil
	}
	s2022, err := pre(snapshot2022, datchuan.Date{})
	if err != nil {
		return nil, err
	}
	s2024, err := pre(snapshot2024, datchuan.NewDate(2024, 9, 1))
	if err != nil {
		return nil, err
	}
	s2025, err := build2025(s2024, regions)
	if err != nil {
		return nil, err
	}
	return []datchuan.UnitSnapshot{s2022, s2024, s2025}, nil
}

func readEmbeddedTable(file string) (*unitTable, error) {
	src, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return nil, fmt.Errorf("catalog: embedded %s: %w", file, err)
	}
	return readUnitTable(dataPrefix+file, bytes.NewReader(src))
}

// addIslands adds the island districts (no communes) to a pre-2025 list,
// checking that their province is in it under the same name.
func addIslands(name string, t *unitTable, districts *unitTable, islands []datchuan.UnitRecord) error {
	ps := newProblems(maxCSVProblems)
	for _, d := range islands {
		p, ok := t.seen[datchuan.UnitKey{Level: datchuan.LevelProvince, Code: d.ParentCode}]
		dp := districts.seen[datchuan.UnitKey{Level: datchuan.LevelProvince, Code: d.ParentCode}]
		switch {
		case !ok:
			ps.addf(dataPrefix+name+".csv", 0, 0, "huyện đảo %s %s: tỉnh %s không có trong danh sách (island district's province missing)", d.Code, d.Name, d.ParentCode)
		case p.rec.Name != dp.rec.Name:
			ps.addf(dataPrefix+name+".csv", p.line, 0, "huyện đảo %s %s: tỉnh %s tên %q, trong danh sách huyện là %q (province name differs)", d.Code, d.Name, d.ParentCode, p.rec.Name, dp.rec.Name)
		case t.seen[d.Key()] != (seenUnit{}):
			ps.addf(dataPrefix+name+".csv", t.seen[d.Key()].line, 0, "huyện đảo %s đã có trong danh sách (island district already listed)", d.Code)
		default:
			t.seen[d.Key()] = seenUnit{rec: d}
			t.districts = append(t.districts, d)
		}
	}
	return ps.err()
}

// setPreRegions sets the region of every unit of a pre-2025 list from its
// province.
func setPreRegions(name string, units []datchuan.UnitRecord, regions map[string]string) error {
	provinceOf := map[string]string{}
	ps := newProblems(maxCSVProblems)
	for i := range units {
		u := &units[i]
		p := u.Code
		switch u.Level {
		case datchuan.LevelDistrict:
			p = u.ParentCode
			provinceOf[u.Code] = p
		case datchuan.LevelCommune:
			p = provinceOf[u.ParentCode]
		}
		u.Region = regions[p]
		if u.Level == datchuan.LevelProvince && u.Region == "" {
			ps.addf(dataPrefix+"vn-regions-2024.csv", 0, 0, "%s: tỉnh %s %s không có vùng (province without a region)", name, u.Code, u.Name)
		}
	}
	return ps.err()
}

// mappingRow is one row of vn-admin-units-2025-mapping.csv.
type mappingRow struct {
	line                                 int
	oldProvince, oldDistrict, oldCommune string
	newProvince, newCommune              string
	kind                                 datchuan.LinkKind
}

func readMapping() ([]mappingRow, error) {
	const file = "vn-admin-units-2025-mapping.csv"
	src, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return nil, fmt.Errorf("catalog: embedded %s: %w", file, err)
	}
	ps := newProblems(maxCSVProblems)
	c := newCSVRows(dataPrefix+file, bytes.NewReader(src), ps)
	if c.header(headerMapping) < 0 {
		return nil, ps.err()
	}
	var rows []mappingRow
	for {
		rec, line, ok := c.next()
		if !ok {
			break
		}
		m := mappingRow{line: line, oldProvince: rec[0], oldDistrict: rec[2], oldCommune: rec[4], newProvince: rec[6], newCommune: rec[8], kind: datchuan.LinkKind(rec[10])}
		good := true
		for _, f := range []struct{ i, n int }{{0, 2}, {6, 2}, {8, 5}} {
			if _, ok := c.code(rec, line, f.i, f.n); !ok {
				good = false
			}
		}
		switch {
		case m.oldCommune != "":
			_, ok = c.code(rec, line, 4, 5)
			good = good && ok
		case m.oldDistrict != "":
			_, ok = c.code(rec, line, 2, 3)
			good = good && ok
		default:
			c.fieldf(line, 4, "cần mã xã cũ hoặc mã huyện cũ (old commune or district code needed)")
			good = false
		}
		if m.kind != datchuan.LinkFull && m.kind != datchuan.LinkPartial {
			c.fieldf(line, 10, "merge_type phải là full hoặc partial, có %q (unknown merge type)", rec[10])
			good = false
		}
		if good {
			rows = append(rows, m)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// droppedMappingRows is how many mapping rows name an old commune that the
// 2024 list does not hold (see Snapshots); a test keeps it true.
const droppedMappingRows = 15

func build2025(prev datchuan.UnitSnapshot, regions map[string]string) (datchuan.UnitSnapshot, error) {
	const name = snapshot2025
	t, err := readEmbeddedTable(name + ".csv")
	if err != nil {
		return datchuan.UnitSnapshot{}, err
	}
	rows, err := readMapping()
	if err != nil {
		return datchuan.UnitSnapshot{}, err
	}
	old := make(map[datchuan.UnitKey]bool, len(prev.Units))
	for _, u := range prev.Units {
		old[u.Key()] = true
	}
	file := dataPrefix + "vn-admin-units-2025-mapping.csv"
	ps := newProblems(maxCSVProblems)
	var links []datchuan.LinkRecord
	type pair struct{ from, to string }
	provLinks := map[string]map[string]bool{} // old province -> new provinces
	newRegions := map[datchuan.UnitKey]map[string]bool{}
	addRegion := func(k datchuan.UnitKey, oldProvince string) {
		if newRegions[k] == nil {
			newRegions[k] = map[string]bool{}
		}
		newRegions[k][regions[oldProvince]] = true
	}
	seen := map[pair]bool{}
	dropped := 0
	for _, m := range rows {
		to := datchuan.UnitKey{Level: datchuan.LevelCommune, Code: m.newCommune}
		nu, ok := t.seen[to]
		switch {
		case !ok:
			ps.addf(file, m.line, 9, "mã xã mới %s không có trong %s.csv (new code not in the 2025 list)", m.newCommune, name)
			continue
		case nu.rec.ParentCode != m.newProvince:
			ps.addf(file, m.line, 7, "xã mới %s thuộc tỉnh %s, không phải %s (new province differs)", m.newCommune, nu.rec.ParentCode, m.newProvince)
			continue
		case !old[datchuan.UnitKey{Level: datchuan.LevelProvince, Code: m.oldProvince}]:
			ps.addf(file, m.line, 1, "tỉnh cũ %s không có trong %s (old province unknown)", m.oldProvince, prev.Name)
			continue
		case regions[m.oldProvince] == "":
			ps.addf(file, m.line, 1, "tỉnh cũ %s không có vùng (old province without a region)", m.oldProvince)
			continue
		}
		if provLinks[m.oldProvince] == nil {
			provLinks[m.oldProvince] = map[string]bool{}
		}
		provLinks[m.oldProvince][m.newProvince] = true
		addRegion(to, m.oldProvince)
		addRegion(datchuan.UnitKey{Level: datchuan.LevelProvince, Code: m.newProvince}, m.oldProvince)

		from := datchuan.UnitKey{Level: datchuan.LevelCommune, Code: m.oldCommune}
		if m.oldCommune == "" {
			from = datchuan.UnitKey{Level: datchuan.LevelDistrict, Code: m.oldDistrict}
		}
		switch {
		case !old[from] && from.Level == datchuan.LevelDistrict:
			ps.addf(file, m.line, 3, "huyện cũ %s không có trong %s (old district unknown)", m.oldDistrict, prev.Name)
			continue
		case !old[from]:
			dropped++
			continue
		}
		p := pair{string(from.Level) + from.Code, m.newCommune}
		if seen[p] {
			ps.addf(file, m.line, 5, "cặp %s → %s lặp lại (duplicate pair)", from.Code, m.newCommune)
			continue
		}
		seen[p] = true
		links = append(links, datchuan.LinkRecord{OldCode: from.Code, OldLevel: from.Level, NewCode: m.newCommune, NewLevel: datchuan.LevelCommune, Kind: m.kind})
	}
	if dropped != droppedMappingRows {
		ps.addf(file, 0, 0, "%d dòng có mã xã cũ không có trong %s, dự kiến %d (unexpected number of dropped rows)", dropped, prev.Name, droppedMappingRows)
	}
	for _, op := range sortedKeys(provLinks) {
		kind := datchuan.LinkFull
		if len(provLinks[op]) > 1 {
			kind = datchuan.LinkPartial
		}
		for _, np := range sortedKeys(provLinks[op]) {
			links = append(links, datchuan.LinkRecord{OldCode: op, OldLevel: datchuan.LevelProvince, NewCode: np, NewLevel: datchuan.LevelProvince, Kind: kind})
		}
	}
	units := t.records()
	for i := range units {
		u := &units[i]
		rs := newRegions[u.Key()]
		if rs == nil {
			ps.addf(dataPrefix+name+".csv", t.seen[u.Key()].line, 0, "%s %s không được dòng nào của bảng chuyển đổi dẫn tới (no mapping row)", u.Code, u.Name)
			continue
		}
		if len(rs) == 1 {
			for r := range rs {
				u.Region = r
			}
		}
	}
	if err := ps.err(); err != nil {
		return datchuan.UnitSnapshot{}, err
	}
	return datchuan.UnitSnapshot{Name: name, EffectiveFrom: datchuan.NewDate(2025, 7, 1), Units: units, Links: links}, nil
}

// regionOrder is the order in which the criteria sets list the regions,
// north to south.
var regionOrder = []string{"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"}

// Regions returns the 7 socio-economic regions that select the thresholds of
// the 2021–2025 criteria sets (vn-regions-2024.csv), north to south.
func Regions() ([]datchuan.ClassifierValue, error) {
	_, list, err := readRegions()
	return list, err
}

// readRegions returns the region of each pre-2025 province and the list of
// regions.
func readRegions() (map[string]string, []datchuan.ClassifierValue, error) {
	const file = "vn-regions-2024.csv"
	src, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return nil, nil, fmt.Errorf("catalog: embedded %s: %w", file, err)
	}
	ps := newProblems(maxCSVProblems)
	c := newCSVRows(dataPrefix+file, bytes.NewReader(src), ps)
	if c.header(headerRegions) < 0 {
		return nil, nil, ps.err()
	}
	byProvince := map[string]string{}
	values := map[string]datchuan.ClassifierValue{}
	for {
		rec, line, ok := c.next()
		if !ok {
			break
		}
		code, ok := c.code(rec, line, 0, 2)
		if !ok {
			continue
		}
		v := datchuan.ClassifierValue{Code: rec[2], NameVi: rec[3], NameEn: rec[4]}
		if v.Code == "" || v.NameVi == "" {
			c.fieldf(line, 2, "thiếu mã hoặc tên vùng (missing region)")
			continue
		}
		if first, ok := values[v.Code]; ok && first != v {
			c.fieldf(line, 3, "vùng %s đã có tên %q / %q (region named differently)", v.Code, first.NameVi, first.NameEn)
			continue
		}
		if _, dup := byProvince[code]; dup {
			c.fieldf(line, 0, "tỉnh %s lặp lại (duplicate province)", code)
			continue
		}
		values[v.Code] = v
		byProvince[code] = v.Code
	}
	if err := ps.err(); err != nil {
		return nil, nil, err
	}
	rank := func(code string) int {
		for i, c := range regionOrder {
			if c == code {
				return i
			}
		}
		return len(regionOrder)
	}
	list := make([]datchuan.ClassifierValue, 0, len(values))
	for _, v := range values {
		list = append(list, v)
	}
	sort.Slice(list, func(i, j int) bool {
		ri, rj := rank(list[i].Code), rank(list[j].Code)
		if ri != rj {
			return ri < rj
		}
		return list[i].Code < list[j].Code
	})
	return byProvince, list, nil
}
