package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"golang.org/x/text/unicode/norm"
)

// maxCSVProblems is how many problems a CSV read reports before it stops
// listing them.
const maxCSVProblems = 20

// The CSV formats of the administrative-unit lists (catalog/data/SOURCES.md).
var (
	headerUnits     = []string{"province_code", "province_name", "district_code", "district_name", "district_type", "commune_code", "commune_name", "commune_type"}
	headerUnits2025 = []string{"province_code", "province_name", "commune_code", "commune_name", "commune_type"}
	headerDistricts = []string{"province_code", "province_name", "district_code", "district_name", "district_type", "commune_count"}
	headerMapping   = []string{"old_province_code", "old_province_name", "old_district_code", "old_district_name", "old_commune_code", "old_commune_name",
		"new_province_code", "new_province_name", "new_commune_code", "new_commune_name", "merge_type"}
	headerRegions = []string{"province_code", "province_name", "region_code", "region_name", "region_name_en"}
)

// The type words of each level: a unit's name is its type word, a space and
// its short name.
var (
	provinceTypes    = []string{"Tỉnh", "Thành phố"}
	districtTypes    = []string{"Huyện", "Quận", "Thị xã", "Thành phố"}
	communeTypesPre  = []string{"Xã", "Phường", "Thị trấn"} // before 01/07/2025
	communeTypes2025 = []string{"Xã", "Phường", "Đặc khu"}
)

// csvRows reads a strict CSV file: the header must be one of the wanted
// ones, every row must have its number of fields. rows is called with each
// row and its line; it reports problems through ps.
type csvRows struct {
	name string
	ps   *problems
	cr   *csv.Reader
	head []string
}

func newCSVRows(name string, r io.Reader, ps *problems) *csvRows {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &csvRows{name: name, ps: ps, cr: cr}
}

// header reads the header and returns which of the wanted ones it is, or -1
// (reported).
func (c *csvRows) header(wanted ...[]string) int {
	rec, err := c.cr.Read()
	if err != nil {
		if err == io.EOF {
			c.ps.addf(c.name, 1, 0, "tệp rỗng, thiếu dòng tiêu đề (empty file, no header)")
		} else {
			c.readErr(err)
		}
		return -1
	}
	got := append([]string(nil), rec...)
	if len(got) > 0 {
		got[0] = strings.TrimPrefix(got[0], "\ufeff")
	}
	c.head = got
	for i, w := range wanted {
		if equalStrings(got, w) {
			return i
		}
	}
	alts := make([]string, len(wanted))
	for i, w := range wanted {
		alts[i] = strings.Join(w, ",")
	}
	c.ps.addf(c.name, 1, 0, "dòng tiêu đề không đúng: %q; cần một trong: %s (unexpected header)", strings.Join(got, ","), strings.Join(alts, " | "))
	return -1
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// next returns the next row with its line; ok is false at the end or after
// an unreadable line. Rows with a wrong number of fields are reported and
// skipped.
func (c *csvRows) next() (rec []string, line int, ok bool) {
	for {
		rec, err := c.cr.Read()
		if err == io.EOF {
			return nil, 0, false
		}
		if err != nil {
			c.readErr(err)
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				continue // the reader resumes after the bad record
			}
			return nil, 0, false
		}
		line, _ := c.cr.FieldPos(0)
		if len(rec) != len(c.head) {
			c.ps.addf(c.name, line, 0, "dòng có %d cột, cần %d (wrong number of fields)", len(rec), len(c.head))
			continue
		}
		return rec, line, true
	}
}

func (c *csvRows) readErr(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line, col := pe.StartLine, 0 // where the record began: an open quote runs on
		if line == 0 || line == pe.Line {
			line, col = pe.Line, pe.Column
		}
		c.ps.addf(c.name, line, col, "dòng CSV không đọc được: %v (unreadable CSV)", pe.Err)
		return
	}
	c.ps.addf(c.name, 0, 0, "không đọc được tệp: %v (read error)", err)
}

// fieldf reports a problem with field i of the current row.
func (c *csvRows) fieldf(line, i int, format string, args ...any) {
	c.ps.addf(c.name, line, i+1, "cột %s: %s", c.head[i], fmt.Sprintf(format, args...))
}

// code checks that field i is a code of n digits.
func (c *csvRows) code(rec []string, line, i, n int) (string, bool) {
	s := rec[i]
	if len(s) != n || strings.Trim(s, "0123456789") != "" {
		c.fieldf(line, i, "mã phải gồm đúng %d chữ số, có %q (code must have %d digits)", n, s, n)
		return s, false
	}
	return s, true
}

// name checks that field i is a clean full name starting with typ and a
// space; typ "" means: one of types, found from the name itself.
func (c *csvRows) fullName(rec []string, line, i int, typ string, types []string) (name, typeWord string, ok bool) {
	s := rec[i]
	switch {
	case s == "":
		c.fieldf(line, i, "tên trống (empty name)")
		return s, "", false
	case strings.TrimSpace(s) != s || strings.Contains(s, "  "):
		c.fieldf(line, i, "tên %q có khoảng trắng thừa (extra spaces)", s)
		return s, "", false
	case !norm.NFC.IsNormalString(s):
		c.fieldf(line, i, "tên %q không ở dạng Unicode NFC (not NFC)", s)
		return s, "", false
	}
	if typ == "" {
		for _, t := range types {
			if strings.HasPrefix(s, t+" ") && len(s) > len(t)+1 {
				typ = t
				break
			}
		}
		if typ == "" {
			c.fieldf(line, i, "tên %q phải bắt đầu bằng loại đơn vị (%s) và một dấu cách (name must start with its type)", s, strings.Join(types, ", "))
			return s, "", false
		}
		return s, typ, true
	}
	if !strings.HasPrefix(s, typ+" ") || len(s) == len(typ)+1 {
		c.fieldf(line, i, "tên %q phải là loại %q, một dấu cách và tên riêng (name must be type + \" \" + short name)", s, typ)
		return s, typ, false
	}
	return s, typ, true
}

// typeWord checks that field i is one of types.
func (c *csvRows) typeWord(rec []string, line, i int, types []string) (string, bool) {
	s := rec[i]
	for _, t := range types {
		if s == t {
			return s, true
		}
	}
	c.fieldf(line, i, "loại đơn vị không rõ %q; có: %s (unknown type)", s, strings.Join(types, ", "))
	return s, false
}

// unitTable is what a units CSV holds, level by level, each unit once.
type unitTable struct {
	provinces, districts, communes []datchuan.UnitRecord
	communeCount                   map[string]int // districts format: commune_count by district code
	seen                           map[datchuan.UnitKey]seenUnit
}

type seenUnit struct {
	rec  datchuan.UnitRecord
	line int
}

// add records a unit; a code seen before must come with the same name,
// type and parent. Communes (and the districts of the districts format)
// have one row each: a repeated one is a problem.
func (t *unitTable) add(c *csvRows, line, col int, r datchuan.UnitRecord, once bool) {
	k := r.Key()
	if first, ok := t.seen[k]; ok {
		switch {
		case once:
			c.fieldf(line, col, "mã %s lặp lại, đã có ở dòng %d (duplicate code)", r.Code, first.line)
		case first.rec.Name != r.Name || first.rec.ParentCode != r.ParentCode:
			c.fieldf(line, col, "mã %s đã có ở dòng %d với tên %q, cấp trên %q; ở đây: %q, %q (same code, different unit)",
				r.Code, first.line, first.rec.Name, first.rec.ParentCode, r.Name, r.ParentCode)
		}
		return
	}
	t.seen[k] = seenUnit{r, line}
	switch r.Level {
	case datchuan.LevelProvince:
		t.provinces = append(t.provinces, r)
	case datchuan.LevelDistrict:
		t.districts = append(t.districts, r)
	default:
		t.communes = append(t.communes, r)
	}
}

func (t *unitTable) records() []datchuan.UnitRecord {
	out := make([]datchuan.UnitRecord, 0, len(t.provinces)+len(t.districts)+len(t.communes))
	out = append(out, t.provinces...)
	out = append(out, t.districts...)
	return append(out, t.communes...)
}

// ReadUnitsCSV reads an official list of administrative units in one of the
// formats of catalog/data (see SOURCES.md there):
//
//   - the pre-2025 list, one row per commune (8 columns: province, district,
//     commune): provinces, districts and communes;
//   - the 2025 list (5 columns: province, commune): provinces and communes,
//     each commune's ParentCode being its province;
//   - the district list (6 columns, ending in commune_count): provinces and
//     districts.
//
// It returns provinces, then districts, then communes, each unit once.
// Every row is checked: codes of 2, 3 and 5 digits, names written as the
// type word, a space and the short name (in NFC, without extra spaces),
// known type words, and a code never given two different names or
// parents. Any problem refuses the whole file: the *LoadError names the
// file, the line and the column of each problem, up to 20 of them.
// Classifiers are left empty.
func ReadUnitsCSV(name string, r io.Reader) ([]datchuan.UnitRecord, error) {
	t, err := readUnitTable(name, r)
	if err != nil {
		return nil, err
	}
	return t.records(), nil
}

func readUnitTable(name string, r io.Reader) (*unitTable, error) {
	ps := newProblems(maxCSVProblems)
	c := newCSVRows(name, r, ps)
	format := c.header(headerUnits, headerUnits2025, headerDistricts)
	if format < 0 {
		return nil, ps.err()
	}
	t := &unitTable{seen: map[datchuan.UnitKey]seenUnit{}}
	if format == 2 {
		t.communeCount = map[string]int{}
	}
	for {
		rec, line, ok := c.next()
		if !ok {
			break
		}
		bad := false
		check := func(ok bool) {
			if !ok {
				bad = true
			}
		}
		pcode, ok := c.code(rec, line, 0, 2)
		check(ok)
		pname, ptype, ok := c.fullName(rec, line, 1, "", provinceTypes)
		check(ok)
		province := datchuan.UnitRecord{Code: pcode, Name: pname, Type: ptype, Level: datchuan.LevelProvince}
		var district, commune datchuan.UnitRecord
		var count int
		switch format {
		case 0, 2: // a district in columns 2-4
			dcode, ok := c.code(rec, line, 2, 3)
			check(ok)
			dtype, ok := c.typeWord(rec, line, 4, districtTypes)
			check(ok)
			if ok {
				_, _, ok = c.fullName(rec, line, 3, dtype, nil)
				check(ok)
			}
			district = datchuan.UnitRecord{Code: dcode, Name: rec[3], Type: dtype, Level: datchuan.LevelDistrict, ParentCode: pcode}
		}
		switch format {
		case 0:
			commune = c.commune(rec, line, 5, communeTypesPre, district.Code, check)
		case 1:
			commune = c.commune(rec, line, 2, communeTypes2025, pcode, check)
		case 2:
			n, err := strconv.Atoi(rec[5])
			if err != nil || n < 0 {
				c.fieldf(line, 5, "số xã phải là số nguyên không âm, có %q (commune_count must be a whole number)", rec[5])
				bad = true
			}
			count = n
		}
		if bad {
			continue
		}
		t.add(c, line, 0, province, false)
		switch format {
		case 0:
			t.add(c, line, 2, district, false)
			t.add(c, line, 5, commune, true)
		case 1:
			t.add(c, line, 2, commune, true)
		case 2:
			t.add(c, line, 2, district, true)
			t.communeCount[district.Code] = count
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(t.provinces) == 0 {
		return nil, &LoadError{Problems: []Problem{{File: name, Message: "tệp không có dòng dữ liệu nào (no rows)"}}}
	}
	return t, nil
}

// commune reads a commune from the three columns starting at i.
func (c *csvRows) commune(rec []string, line, i int, types []string, parent string, check func(bool)) datchuan.UnitRecord {
	code, ok := c.code(rec, line, i, 5)
	check(ok)
	typ, ok := c.typeWord(rec, line, i+2, types)
	check(ok)
	if ok {
		_, _, ok = c.fullName(rec, line, i+1, typ, nil)
		check(ok)
	}
	return datchuan.UnitRecord{Code: code, Name: rec[i+1], Type: typ, Level: datchuan.LevelCommune, ParentCode: parent}
}
