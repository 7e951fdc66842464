package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/datchuan/datchuan"
)

// unitColumns is the header of a values file that names its units
// (docs/evaluate.md): the unit's code, its type (blank for the unit the set
// evaluates; Xã or Thị trấn for a member of a district), the tier whose set
// the indicator belongs to (members only), the indicator, the value.
var unitColumns = []string{"unit", "type", "tier", "indicator_code", "value"}

// maxValueProblems bounds the problems listed: past that, a file is wrong
// throughout, and a longer list helps nobody fix it.
const maxValueProblems = 200

// whatIf is what a values file says.
type whatIf struct {
	unit    string            // the evaluated unit's code; "" when the file has no unit column
	values  []*datchuan.Value // the evaluated unit's, with a district's boolean conditions
	members []*whatIfMember   // a district's communes and towns, in file order
}

// whatIfMember is a commune or town of the evaluated district.
type whatIfMember struct {
	code, typ string
	line      int               // where the file first names it
	tiers     []datchuan.Tier   // the tiers its rows name
	values    []*datchuan.Value // of the sets of those tiers
}

// memberValues reports whether any member has a value.
func (w whatIf) memberValues() bool {
	return slices.ContainsFunc(w.members, func(m *whatIfMember) bool { return len(m.values) > 0 })
}

// valueKey is what a value is reported for: a row for the same key twice is
// a duplicate.
type valueKey struct {
	member          bool
	unit, set, code string
}

type valuesReader struct {
	name     string
	set      *datchuan.CriteriaSet
	tierSet  func(datchuan.Tier) (*datchuan.CriteriaSet, error) // a member tier's set, as evaluated
	units    bool                                               // the file has the unit column
	unitLine int                                                // where the evaluated unit is first named
	problems []string
	more     bool // problems past maxValueProblems were not listed
	seen     map[valueKey]int
	members  map[string]*whatIfMember
	out      whatIf
}

// readWhatIfValues reads a values file: rows "indicator_code,value" for one
// unit, or, after the header unitColumns, rows naming their unit. A value
// may hold a decimal comma unquoted (17.1,95,5): everything after the
// column before it is the value. A header row, blank lines and lines
// starting with # are skipped. Every problem is reported with its line;
// any problem fails the whole file. tierSet gives the set a member's tier
// is evaluated on.
func readWhatIfValues(name string, r io.Reader, set *datchuan.CriteriaSet, tierSet func(datchuan.Tier) (*datchuan.CriteriaSet, error)) (whatIf, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	rd := &valuesReader{name: name, set: set, tierSet: tierSet, seen: map[valueKey]int{}, members: map[string]*whatIfMember{}}
	first := true
	for !rd.more {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return whatIf{}, fmt.Errorf("evaluate: read %s: %w", name, err)
			}
			// A quote out of place: the reader cannot tell where the
			// line ends, so nothing after it can be trusted.
			rd.problem(pe.StartLine, "dòng CSV không đọc được: dấu ngoặc kép (\") đặt sai hoặc chưa đóng; phần sau của tệp chưa được đọc (unreadable CSV line: a misplaced or unclosed double quote; the rest of the file was not read)")
			break
		}
		line, _ := cr.FieldPos(0)
		rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
		if blankRecord(rec) {
			continue
		}
		if first {
			first = false
			if rd.header(line, rec) {
				continue
			}
		}
		if rd.units {
			rd.unitRow(line, rec)
		} else {
			rd.plainRow(line, rec)
		}
	}
	if len(rd.problems) > 0 {
		return whatIf{}, rd.err()
	}
	return rd.out, nil
}

func (rd *valuesReader) problem(line int, format string, args ...any) {
	if len(rd.problems) == maxValueProblems {
		rd.more = true
		return
	}
	rd.problems = append(rd.problems, fmt.Sprintf("%s:%d: ", rd.name, line)+fmt.Sprintf(format, args...))
}

func (rd *valuesReader) err() error {
	if rd.more {
		return usagef("evaluate: hơn %d lỗi trong %s (more than %d errors):\n%s\n… và còn lỗi khác không hiển thị (and more errors not shown)",
			maxValueProblems, rd.name, maxValueProblems, strings.Join(rd.problems, "\n"))
	}
	return usagef("evaluate: %d lỗi trong %s (errors):\n%s", len(rd.problems), rd.name, strings.Join(rd.problems, "\n"))
}

// header reads the first row: true when it is a header. The header
// unitColumns switches the file to rows naming their unit.
func (rd *valuesReader) header(line int, rec []string) bool {
	switch strings.ToLower(strings.TrimSpace(rec[0])) {
	case "indicator_code":
		return true
	case "unit":
		rd.units = true
		got := make([]string, len(rec))
		for i, h := range rec {
			got[i] = strings.ToLower(strings.TrimSpace(h))
		}
		if !slices.Equal(got, unitColumns) {
			rd.problem(line, "dòng tiêu đề phải là %s; tệp ghi %s (the header must be %s)",
				strings.Join(unitColumns, ","), strings.Join(rec, ","), strings.Join(unitColumns, ","))
			rd.more = true // the rows cannot be read without their columns
		}
		return true
	}
	return false
}

// plainRow reads "indicator_code,value", a value of the evaluated unit.
func (rd *valuesReader) plainRow(line int, rec []string) {
	code := strings.TrimSpace(rec[0])
	if len(rec) < 2 {
		rd.problem(line, "thiếu giá trị; cần dạng mã_chỉ_tiêu,giá_trị (missing value)")
		return
	}
	rd.value(line, valueKey{set: rd.set.ID, code: code}, rd.set, strings.Join(rec[1:], ","), &rd.out.values)
}

// unitRow reads "unit,type,tier,indicator_code,value". A row without
// indicator names its unit only: a member listed so, without values,
// counts in the district's conditions as meeting nothing.
func (rd *valuesReader) unitRow(line int, rec []string) {
	col := func(i int) string {
		if i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	unit, typ, tier, code := col(0), col(1), col(2), col(3)
	text := ""
	if len(rec) > 4 {
		text = strings.Join(rec[4:], ",")
	}
	switch {
	case unit == "":
		rd.problem(line, "thiếu mã đơn vị ở cột unit (missing unit code)")
	case typ == "":
		rd.ownRow(line, unit, tier, code, text)
	default:
		rd.memberRow(line, unit, typ, tier, code, text)
	}
}

// ownRow reads a row of the unit the set evaluates.
func (rd *valuesReader) ownRow(line int, unit, tier, code, text string) {
	switch {
	case tier != "" && tier != string(rd.set.Tier):
		rd.problem(line, "cột tier %q chỉ dành cho xã, thị trấn của huyện: ghi cả cột type (Xã hoặc Thị trấn), hoặc để trống tier cho đơn vị được đánh giá (tier is for a district's members: give their type too)", tier)
		return
	case rd.out.unit == "":
		rd.out.unit, rd.unitLine = unit, line
	case unit != rd.out.unit:
		rd.problem(line, "tệp đánh giá một đơn vị, %s (dòng %d); dòng này ghi %s mà không có loại đơn vị: xã, thị trấn của huyện cần cột type (one evaluated unit per file; a member needs its type)",
			rd.out.unit, rd.unitLine, unit)
		return
	}
	if code != "" || text != "" {
		rd.value(line, valueKey{unit: unit, set: rd.set.ID, code: code}, rd.set, text, &rd.out.values)
	}
}

// memberRow reads a row of a commune or town of the evaluated district.
func (rd *valuesReader) memberRow(line int, unit, typ, tier, code, text string) {
	if rd.set.Level != datchuan.LevelDistrict {
		rd.problem(line, "bộ %s đánh giá một xã: xã, thị trấn thành viên (cột type) chỉ dùng với bộ cấp huyện (members need a district set)", rd.set.ID)
		return
	}
	t, ok := memberType(typ)
	if !ok {
		rd.problem(line, "loại đơn vị %q: ghi %s hoặc %s (unit type: commune or town)", typ, datchuan.TypeCommune, datchuan.TypeTown)
		return
	}
	m := rd.members[unit]
	switch {
	case m == nil:
		m = &whatIfMember{code: unit, typ: t, line: line}
		rd.members[unit] = m
		rd.out.members = append(rd.out.members, m)
	case m.typ != t:
		rd.problem(line, "đơn vị %s đã ghi là %s ở dòng %d (unit %s was given another type on line %d)", unit, m.typ, m.line, unit, m.line)
		return
	}
	if tier == "" && code == "" && text == "" {
		return // the member is listed, without values
	}
	cs, ok := rd.memberSet(line, t, tier)
	if !ok {
		return
	}
	if !slices.Contains(m.tiers, cs.Tier) {
		m.tiers = append(m.tiers, cs.Tier)
	}
	rd.value(line, valueKey{member: true, unit: unit, set: cs.ID, code: code}, cs, text, &m.values)
}

// memberSet is the set of a member's row: the set its tier is evaluated on.
func (rd *valuesReader) memberSet(line int, typ, tier string) (*datchuan.CriteriaSet, bool) {
	var tiers []string
	for _, t := range memberTierOrder {
		if t.UnitType() == typ {
			tiers = append(tiers, string(t))
		}
	}
	if tier == "" || datchuan.Tier(tier).UnitType() != typ {
		rd.problem(line, "tier %q không dùng cho %s; ghi một trong: %s (tier not for this unit type)", tier, typ, strings.Join(tiers, ", "))
		return nil, false
	}
	cs, err := rd.tierSet(datchuan.Tier(tier))
	if err != nil {
		rd.problem(line, "%s", err)
		return nil, false
	}
	return cs, true
}

// value reads one value of indicator key.code of set, appended to to. The
// line's own problems come first: a line is never reported only as a
// duplicate of an earlier one when its own value is wrong too.
func (rd *valuesReader) value(line int, key valueKey, set *datchuan.CriteriaSet, text string, to *[]*datchuan.Value) {
	kind, ok := indicatorKind(set, key.code)
	if !ok {
		rd.problem(line, "chỉ tiêu %q không có trong bộ %s (unknown indicator)", key.code, set.ID)
		return
	}
	m, err := datchuan.ParseMeasure(kind, text)
	if err != nil {
		rd.problem(line, "chỉ tiêu %s: %s", key.code, datchuan.ErrorText(err))
	} else if err = m.Fits(kind); err != nil {
		// The rule the app applies to every report: a share is no
		// answer to "is there any?", a yes/no no amount.
		rd.problem(line, "chỉ tiêu %s, giá trị %q: %s", key.code, strings.TrimSpace(text), datchuan.ErrorText(err))
	}
	first, dup := rd.seen[key]
	if dup {
		rd.problem(line, "chỉ tiêu %s đã có ở dòng %d (duplicate indicator)", key.code, first)
	} else {
		rd.seen[key] = line
	}
	if err == nil && !dup {
		*to = append(*to, &datchuan.Value{SetID: set.ID, IndicatorCode: key.code, Measure: m, State: datchuan.StateConfirmed})
	}
}

// indicatorKind is the kind of an indicator of set, or of a district's
// boolean condition, which is reported like a pass/fail indicator.
func indicatorKind(set *datchuan.CriteriaSet, code string) (datchuan.IndicatorKind, bool) {
	if ind, _ := set.Indicator(code); ind != nil {
		return ind.Kind, true
	}
	for _, c := range set.Conditions {
		if c.Code == code && c.Kind == datchuan.CondBoolean {
			return datchuan.KindPassFail, true
		}
	}
	return "", false
}

// memberType reads a member's type: Xã or Thị trấn, with or without marks.
func memberType(s string) (string, bool) {
	for _, t := range []string{datchuan.TypeCommune, datchuan.TypeTown} {
		if datchuan.Fold(s) == datchuan.Fold(t) {
			return t, true
		}
	}
	return "", false
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
