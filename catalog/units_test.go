package catalog_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/google/go-cmp/cmp"
)

func TestReadUnitsCSV(t *testing.T) {
	rec := func(level datchuan.Level, code, typ, short, parent string) datchuan.UnitRecord {
		return datchuan.UnitRecord{Code: code, Name: typ + " " + short, Type: typ, Level: level, ParentCode: parent}
	}
	const p, d, c = datchuan.LevelProvince, datchuan.LevelDistrict, datchuan.LevelCommune
	tests := []struct {
		name string
		csv  string
		want []datchuan.UnitRecord
	}{{
		name: "pre-2025",
		csv: `province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type
84,Tỉnh Trà Vinh,848,Huyện Cầu Ngang,Huyện,29416,Thị trấn Cầu Ngang,Thị trấn
84,Tỉnh Trà Vinh,848,Huyện Cầu Ngang,Huyện,29458,Xã Thạnh Hòa Sơn,Xã
84,Tỉnh Trà Vinh,851,Thị xã Duyên Hải,Thị xã,29512,Phường 1,Phường
`,
		want: []datchuan.UnitRecord{
			rec(p, "84", "Tỉnh", "Trà Vinh", ""),
			rec(d, "848", "Huyện", "Cầu Ngang", "84"),
			rec(d, "851", "Thị xã", "Duyên Hải", "84"),
			rec(c, "29416", "Thị trấn", "Cầu Ngang", "848"),
			rec(c, "29458", "Xã", "Thạnh Hòa Sơn", "848"),
			rec(c, "29512", "Phường", "1", "851"),
		},
	}, {
		name: "2025",
		csv: "\ufeffprovince_code,province_name,commune_code,commune_name,commune_type\n" +
			"79,Thành phố Hồ Chí Minh,26734,Phường Sài Gòn,Phường\n" +
			"79,Thành phố Hồ Chí Minh,27580,Đặc khu Côn Đảo,Đặc khu\n" +
			"86,Tỉnh Vĩnh Long,29530,Xã Ngũ Lạc,Xã\n",
		want: []datchuan.UnitRecord{
			rec(p, "79", "Thành phố", "Hồ Chí Minh", ""),
			rec(p, "86", "Tỉnh", "Vĩnh Long", ""),
			rec(c, "26734", "Phường", "Sài Gòn", "79"),
			rec(c, "27580", "Đặc khu", "Côn Đảo", "79"),
			rec(c, "29530", "Xã", "Ngũ Lạc", "86"),
		},
	}, {
		name: "districts",
		csv: `province_code,province_name,district_code,district_name,district_type,commune_count
31,Thành phố Hải Phòng,318,Huyện Bạch Long Vĩ,Huyện,0
84,Tỉnh Trà Vinh,850,Huyện Duyên Hải,Huyện,7
`,
		want: []datchuan.UnitRecord{
			rec(p, "31", "Thành phố", "Hải Phòng", ""),
			rec(p, "84", "Tỉnh", "Trà Vinh", ""),
			rec(d, "318", "Huyện", "Bạch Long Vĩ", "31"),
			rec(d, "850", "Huyện", "Duyên Hải", "84"),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalog.ReadUnitsCSV(tt.name+".csv", strings.NewReader(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The first 60 lines of the 2022 list, with line 57 replaced.
func unitsWithLine57(t *testing.T, line string) string {
	t.Helper()
	lines := strings.SplitN(string(mustRead(t, "data/vn-admin-units-2022.csv")), "\n", 61)[:60]
	if !strings.Contains(lines[56], ",00160,Phường Nghĩa Tân,") {
		t.Fatalf("line 57 is %q", lines[56])
	}
	if line != "" {
		lines[56] = line
	}
	return strings.Join(lines, "\n") + "\n"
}

// One bad row refuses the whole file, naming the file, the line and the
// column; every problem is listed.
func TestReadUnitsCSVRefusals(t *testing.T) {
	const file = "vn-admin-units-2022-bad.csv"
	if recs, err := catalog.ReadUnitsCSV(file, strings.NewReader(unitsWithLine57(t, ""))); err != nil || len(recs) != 1+5+59 {
		t.Fatalf("unchanged sample: %d records, %v", len(recs), err)
	}
	const row = "01,Thành phố Hà Nội,005,Quận Cầu Giấy,Quận,"
	tests := []struct {
		name   string
		line   string // the new line 57; "" for a header test
		header string
		want   string // "line:column: message part"
	}{
		{"4-digit commune code", row + "0160,Phường Nghĩa Tân,Phường", "", "57:6: cột commune_code: mã phải gồm đúng 5 chữ số"},
		{"letters in code", row + "0016O,Phường Nghĩa Tân,Phường", "", "57:6: cột commune_code: mã phải gồm đúng 5 chữ số"},
		{"name without its type", row + "00160,Nghĩa Tân,Phường", "", `57:7: cột commune_name: tên "Nghĩa Tân" phải là loại "Phường"`},
		{"name of another type", row + "00160,Xã Nghĩa Tân,Phường", "", `57:7: cột commune_name: tên "Xã Nghĩa Tân" phải là loại "Phường"`},
		{"type word only", row + "00160,Phường ,Phường", "", "57:7: cột commune_name: tên \"Phường \" có khoảng trắng thừa"},
		{"double space", row + "00160,Phường  Nghĩa Tân,Phường", "", "57:7: cột commune_name: tên \"Phường  Nghĩa Tân\" có khoảng trắng thừa"},
		{"not NFC", row + "00160,Phường Nghi\u0303a Tân,Phường", "", "57:7: cột commune_name: tên"},
		{"unknown commune type", row + "00160,Đặc khu Nghĩa Tân,Đặc khu", "", `57:8: cột commune_type: loại đơn vị không rõ "Đặc khu"`},
		{"unknown district type", "01,Thành phố Hà Nội,005,Quận Cầu Giấy,Quan,00160,Phường Nghĩa Tân,Phường", "", `57:5: cột district_type: loại đơn vị không rõ "Quan"`},
		{"province without type", "01,Hà Nội,005,Quận Cầu Giấy,Quận,00160,Phường Nghĩa Tân,Phường", "", `57:2: cột province_name: tên "Hà Nội" phải bắt đầu bằng loại đơn vị`},
		{"province code of 3 digits", "001,Thành phố Hà Nội,005,Quận Cầu Giấy,Quận,00160,Phường Nghĩa Tân,Phường", "", "57:1: cột province_code: mã phải gồm đúng 2 chữ số"},
		{"duplicate commune", row + "00157,Phường Nghĩa Đô,Phường", "", "57:6: cột commune_code: mã 00157 lặp lại, đã có ở dòng 56"},
		{"district with two names", "01,Thành phố Hà Nội,005,Quận Cầu Giây,Quận,00160,Phường Nghĩa Tân,Phường", "", `57:3: cột district_code: mã 005 đã có ở dòng 56 với tên "Quận Cầu Giấy"`},
		{"district with two parents", "79,Thành phố Hồ Chí Minh,005,Quận Cầu Giấy,Quận,00160,Phường Nghĩa Tân,Phường", "", `57:3: cột district_code: mã 005 đã có ở dòng 56`},
		{"province with two names", "01,Thành phố Hà Nội Mới,005,Quận Cầu Giấy,Quận,00160,Phường Nghĩa Tân,Phường", "", `57:1: cột province_code: mã 01 đã có ở dòng 2 với tên "Thành phố Hà Nội"`},
		{"extra field", row + "00160,Phường Nghĩa Tân,Phường,x", "", "57:0: dòng có 9 cột, cần 8"},
		{"quote error", row + `00160,"Phường Nghĩa Tân,Phường`, "", "57:0: dòng CSV không đọc được"},
		{"header", "", "province,province_name", "1:0: dòng tiêu đề không đúng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := unitsWithLine57(t, tt.line)
			if tt.header != "" {
				src = tt.header + src[strings.Index(src, "\n"):]
			}
			recs, err := catalog.ReadUnitsCSV(file, strings.NewReader(src))
			if recs != nil {
				t.Errorf("%d records returned with the error", len(recs))
			}
			var le *catalog.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("want a *LoadError, got %v", err)
			}
			p := le.Problems[0]
			got := file + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) + ": " + p.Message
			if p.File != file || !strings.HasPrefix(got, file+":"+tt.want) {
				t.Errorf("got  %s\nwant %s:%s…", got, file, tt.want)
			}
			if !strings.HasPrefix(err.Error(), file+":"+strconv.Itoa(p.Line)+": ") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestReadUnitsCSVProblemLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("province_code,province_name,commune_code,commune_name,commune_type\n")
	for range 30 {
		b.WriteString("86,Tỉnh Vĩnh Long,2953,Xã Ngũ Lạc,Xã\n")
	}
	_, err := catalog.ReadUnitsCSV("many.csv", strings.NewReader(b.String()))
	var le *catalog.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 21 || le.Problems[19].Line != 21 {
		t.Fatalf("got %v", err)
	}
}

// memStore applies unit snapshots the way a storage adapter does, with
// datchuan.PlanUnitSnapshot, keeping every version and link in memory.
type memStore struct {
	units []*datchuan.Unit
	links []datchuan.UnitLink
	next  int64
}

func (s *memStore) apply(t *testing.T, snap datchuan.UnitSnapshot) datchuan.UnitPlan {
	t.Helper()
	var open []*datchuan.Unit
	for _, u := range s.units {
		if u.ValidTo.IsZero() {
			open = append(open, u)
		}
	}
	plan, err := datchuan.PlanUnitSnapshot(open, snap)
	if err != nil {
		t.Fatalf("%s: %v", snap.Name, err)
	}
	for _, u := range plan.Close {
		u.ValidTo = snap.EffectiveFrom
	}
	ids := map[datchuan.UnitKey]int64{}
	for _, u := range plan.Keep {
		ids[u.Key()] = u.ID
	}
	for _, r := range plan.Open {
		s.next++
		s.units = append(s.units, &datchuan.Unit{ID: s.next, Code: r.Code, Name: r.Name, Type: r.Type, Level: r.Level,
			ParentCode: r.ParentCode, ValidFrom: snap.EffectiveFrom, Source: snap.Name, Classifiers: r.Classifiers})
		ids[r.Key()] = s.next
	}
	for _, l := range plan.Links {
		to, ok := ids[l.To]
		if !ok {
			t.Fatalf("%s: link to %v has no unit", snap.Name, l.To)
		}
		s.links = append(s.links, datchuan.UnitLink{FromID: l.FromID, ToID: to, Kind: l.Kind, On: snap.EffectiveFrom})
	}
	return plan
}

// find returns the units of a level in force on d, with the given parent
// (any when "").
func (s *memStore) find(level datchuan.Level, parent string, d datchuan.Date) []*datchuan.Unit {
	var out []*datchuan.Unit
	for _, u := range s.units {
		if u.Level == level && (parent == "" || u.ParentCode == parent) && u.ValidOn(d) {
			out = append(out, u)
		}
	}
	return out
}

func (s *memStore) one(t *testing.T, level datchuan.Level, code string, d datchuan.Date) *datchuan.Unit {
	t.Helper()
	var found *datchuan.Unit
	for _, u := range s.units {
		if u.Level == level && u.Code == code && u.ValidOn(d) {
			if found != nil {
				t.Fatalf("two versions of %s on %v", code, d)
			}
			found = u
		}
	}
	if found == nil {
		t.Fatalf("no %s %s on %v", level, code, d)
	}
	return found
}

func (s *memStore) unit(id int64) *datchuan.Unit {
	for _, u := range s.units {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// formedFrom returns "code kind" of the units that u was formed from.
func (s *memStore) formedFrom(u *datchuan.Unit) []string {
	var out []string
	for _, l := range s.links {
		if l.ToID == u.ID {
			from := s.unit(l.FromID)
			out = append(out, from.Code+" "+string(l.Kind))
		}
	}
	return out
}

func TestSnapshotsHistory(t *testing.T) {
	start := time.Now()
	snaps, err := catalog.Snapshots()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Snapshots() took %v", time.Since(start))
	var names []string
	for _, s := range snaps {
		names = append(names, s.Name+" "+s.EffectiveFrom.String())
	}
	if diff := cmp.Diff([]string{"vn-admin-units-2022 ", "vn-admin-units-2024 2024-09-01", "vn-admin-units-2025 2025-07-01"}, names); diff != "" {
		t.Fatalf("snapshots (-want +got):\n%s", diff)
	}
	counts := func(s datchuan.UnitSnapshot) map[datchuan.Level]int {
		n := map[datchuan.Level]int{}
		for _, u := range s.Units {
			n[u.Level]++
		}
		return n
	}
	for i, want := range []map[datchuan.Level]int{
		{"province": 63, "district": 705, "commune": 10599},
		{"province": 63, "district": 704, "commune": 10542},
		{"province": 34, "commune": 3321},
	} {
		if diff := cmp.Diff(want, counts(snaps[i])); diff != "" {
			t.Errorf("%s counts (-want +got):\n%s", snaps[i].Name, diff)
		}
	}
	// 10,604 mapping rows, 15 of them dropped, and 64 province links (63 old
	// provinces, one of which was split between two new ones).
	if n := len(snaps[2].Links); n != 10604-15+64 {
		t.Errorf("2025 links: %d", n)
	}

	var s memStore
	for _, snap := range snaps {
		s.apply(t, snap)
	}
	case2022 := datchuan.NewDate(2022, 6, 22)
	after := datchuan.NewDate(2025, 7, 1)

	// Trà Vinh on the day of Plan 45.
	districts := s.find(datchuan.LevelDistrict, "84", case2022)
	communes := 0
	for _, d := range districts {
		communes += len(s.find(datchuan.LevelCommune, d.Code, case2022))
	}
	if len(districts) != 9 || communes != 106 {
		t.Errorf("Trà Vinh on 22/06/2022: %d districts, %d communes", len(districts), communes)
	}
	types := map[string]int{}
	for _, u := range s.find(datchuan.LevelCommune, "848", case2022) {
		types[u.Type]++
		if u.Region != "DBSCL" {
			t.Errorf("%s %s region %q", u.Code, u.Name, u.Region)
		}
	}
	if diff := cmp.Diff(map[string]int{"Thị trấn": 2, "Xã": 13}, types); diff != "" {
		t.Errorf("Huyện Cầu Ngang communes (-want +got):\n%s", diff)
	}
	if n := len(s.find(datchuan.LevelCommune, "850", case2022)); n != 7 {
		t.Errorf("Huyện Duyên Hải: %d communes", n)
	}
	if d := s.one(t, datchuan.LevelDistrict, "850", case2022); d.Name != "Huyện Duyên Hải" || d.ValidTo != after {
		t.Errorf("850: %+v", d)
	}

	// Trà Vinh did not change between 2022 and 2024: the same versions.
	tv := s.one(t, datchuan.LevelProvince, "84", case2022)
	if tv.ValidFrom != (datchuan.Date{}) || tv.ValidTo != after || tv.Source != "vn-admin-units-2022" || tv.Region != "DBSCL" {
		t.Errorf("province 84: %+v", tv)
	}
	if n := len(s.find(datchuan.LevelProvince, "84", after)); n != 0 {
		t.Error("province 84 still in force on 01/07/2025")
	}

	// Xã Thạnh Hòa Sơn went into Xã Ngũ Lạc, across the old district border.
	ths := s.one(t, datchuan.LevelCommune, "29458", case2022)
	var into []string
	for _, l := range s.links {
		if l.FromID == ths.ID {
			u := s.unit(l.ToID)
			into = append(into, u.Code+" "+u.Name+" "+u.ParentCode+" "+string(l.Kind)+" "+l.On.String())
		}
	}
	if diff := cmp.Diff([]string{"29530 Xã Ngũ Lạc 86 full 2025-07-01"}, into); diff != "" {
		t.Errorf("29458 went into (-want +got):\n%s", diff)
	}

	// The new Xã Cầu Ngang reuses the code of the old town.
	cn := s.one(t, datchuan.LevelCommune, "29416", after)
	if cn.Name != "Xã Cầu Ngang" || cn.ParentCode != "86" || cn.ValidFrom != after || cn.Region != "DBSCL" {
		t.Errorf("new 29416: %+v", cn)
	}
	if diff := cmp.Diff([]string{"29416 full", "29428 full", "29440 full"}, sorted(s.formedFrom(cn))); diff != "" {
		t.Errorf("Xã Cầu Ngang formed from (-want +got):\n%s", diff)
	}
	if old := s.one(t, datchuan.LevelCommune, "29416", case2022); old.Name != "Thị trấn Cầu Ngang" || old.ValidTo != after || old.ID == cn.ID {
		t.Errorf("old 29416: %+v", old)
	}
	for _, code := range []string{"29530", "29419", "29533"} {
		if u := s.one(t, datchuan.LevelCommune, code, after); u.Region != "DBSCL" {
			t.Errorf("%s region %q", code, u.Region)
		}
	}

	// The new Tỉnh Vĩnh Long is a new version: it took Trà Vinh and Bến Tre.
	vl := s.one(t, datchuan.LevelProvince, "86", after)
	oldVL := s.one(t, datchuan.LevelProvince, "86", case2022)
	if vl.ID == oldVL.ID || vl.Name != "Tỉnh Vĩnh Long" || oldVL.ValidTo != after || vl.Region != "DBSCL" {
		t.Errorf("86: new %+v, old %+v", vl, oldVL)
	}
	if diff := cmp.Diff([]string{"83 full", "84 full", "86 full"}, sorted(s.formedFrom(vl))); diff != "" {
		t.Errorf("Tỉnh Vĩnh Long formed from (-want +got):\n%s", diff)
	}

	// An island district goes into its Đặc khu.
	var dk *datchuan.Unit
	for _, u := range s.find(datchuan.LevelCommune, "", after) {
		if u.Name == "Đặc khu Côn Đảo" {
			dk = u
		}
	}
	if dk == nil {
		t.Fatal("no Đặc khu Côn Đảo")
	}
	if diff := cmp.Diff([]string{"755 full"}, s.formedFrom(dk)); diff != "" {
		t.Errorf("Đặc khu Côn Đảo formed from (-want +got):\n%s", diff)
	}

	// After the reform: 34 provinces and 3,321 communes, no district.
	if p, d, c := len(s.find(datchuan.LevelProvince, "", after)), len(s.find(datchuan.LevelDistrict, "", after)), len(s.find(datchuan.LevelCommune, "", after)); p != 34 || d != 0 || c != 3321 {
		t.Errorf("in force on 01/07/2025: %d provinces, %d districts, %d communes", p, d, c)
	}
	// Every 2025 commune has a region.
	for _, u := range s.find(datchuan.LevelCommune, "", after) {
		if u.Region == "" {
			t.Errorf("%s %s has no region", u.Code, u.Name)
		}
	}
	// A 2025 province merged from provinces of two regions has none in the
	// snapshot (PlanUnitSnapshot then keeps the old version's region when
	// the code is reused).
	var mixed []string
	for _, u := range snaps[2].Units {
		if u.Region == "" {
			mixed = append(mixed, u.Code+" "+u.Name)
		}
	}
	if len(mixed) != 7 {
		t.Errorf("2025 units without a region: %v", mixed)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestRegions(t *testing.T) {
	got, err := catalog.Regions()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range got {
		codes = append(codes, r.Code)
		if r.NameVi == "" || r.NameEn == "" {
			t.Errorf("region %+v", r)
		}
	}
	if diff := cmp.Diff([]string{"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"}, codes); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
}

// The 2024 district list agrees with the districts of the 2024 commune list.
func TestDistrictListAgrees(t *testing.T) {
	read := func(name string) []datchuan.UnitRecord {
		f, err := os.Open("data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := catalog.ReadUnitsCSV(name, f)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	byKey := map[datchuan.UnitKey]datchuan.UnitRecord{}
	for _, r := range read("vn-admin-districts-2024.csv") {
		byKey[r.Key()] = r
	}
	n := 0
	for _, r := range read("vn-admin-units-2024.csv") {
		if r.Level == datchuan.LevelCommune {
			continue
		}
		if diff := cmp.Diff(r, byKey[r.Key()]); diff != "" {
			t.Errorf("%s differs (-units +districts):\n%s", r.Code, diff)
		}
		n++
	}
	if n != 63+699 {
		t.Errorf("%d provinces and districts", n)
	}
}

func BenchmarkSnapshots(b *testing.B) {
	for b.Loop() {
		if _, err := catalog.Snapshots(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSnapshotNames(t *testing.T) {
	snaps, err := catalog.Snapshots()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range snaps {
		names = append(names, s.Name)
	}
	if diff := cmp.Diff(catalog.SnapshotNames(), names); diff != "" {
		t.Errorf("(-SnapshotNames +Snapshots):\n%s", diff)
	}
}
