package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// loader turns the rawSets of one load into criteria sets: it resolves
// derived sets, checks every set as a whole and builds the results.
type loader struct {
	ps     *problems
	sets   map[string]*rawSet // this load's sets by id
	order  []*rawSet          // in file order
	base   *Catalog           // sets that derived_from may also name; may be nil
	state  map[*rawSet]int    // materialisation: 0 to do, 1 in progress, 2 done
	failed map[*rawSet]bool   // derived sets whose base could not be found or is part of a cycle
}

func newLoader(ps *problems, base *Catalog) *loader {
	return &loader{ps: ps, sets: map[string]*rawSet{}, base: base, state: map[*rawSet]int{}, failed: map[*rawSet]bool{}}
}

// add registers a decoded set, refusing a second set with the same id.
func (l *loader) add(rs *rawSet) {
	if rs.set.ID != "" {
		if first := l.sets[rs.set.ID]; first != nil {
			l.ps.addf(rs.idPos.file, rs.idPos.line, rs.idPos.col,
				"mã bộ tiêu chí %q đã dùng ở %s:%d (duplicate set id)", rs.set.ID, first.idPos.file, first.idPos.line)
			return
		}
		l.sets[rs.set.ID] = rs
	}
	l.order = append(l.order, rs)
}

// materialise copies the base of every derived set into it and applies
// its overrides, bases first.
func (l *loader) materialise() {
	for _, rs := range l.order {
		l.resolve(rs, nil)
	}
}

func (l *loader) resolve(rs *rawSet, chain []*rawSet) {
	switch l.state[rs] {
	case 2:
		return
	case 1:
		// A cycle: report it once, at the derived_from of the set that closes it.
		start := 0
		for i, c := range chain {
			if c == rs {
				start = i
			}
		}
		ids := make([]string, 0, len(chain)+1)
		for _, c := range chain[start:] {
			ids = append(ids, c.set.ID)
			l.failed[c] = true
		}
		ids = append(ids, rs.set.ID)
		last := chain[len(chain)-1].derivedFrom.p
		l.ps.addf(last.file, last.line, last.col, "derived_from tạo vòng lặp: %s (derived_from cycle)", strings.Join(ids, " → "))
		return
	}
	l.state[rs] = 1
	defer func() { l.state[rs] = 2 }()
	if rs.derivedFrom.s == "" {
		return
	}
	base := l.sets[rs.derivedFrom.s]
	if base != nil {
		l.resolve(base, append(chain, rs))
	} else {
		base = l.base.rawBase(rs.derivedFrom.s)
	}
	switch {
	case base == nil:
		p := rs.derivedFrom.p
		l.ps.addf(p.file, p.line, p.col, "derived_from: không có bộ tiêu chí %q (unknown base set)", rs.derivedFrom.s)
		l.failed[rs] = true
		return
	case l.failed[base] || l.failed[rs]:
		l.failed[rs] = true // the base's problem is reported already
		return
	}
	inherit(rs, base)
	if rs.overrides != nil {
		l.applyOverrides(rs)
	}
}

// inherit copies into rs what its file does not say itself.
func inherit(rs, base *rawSet) {
	s, b := &rs.set, &base.set
	if !rs.present["period"] {
		s.PeriodFrom, s.PeriodTo, rs.periodPos = b.PeriodFrom, b.PeriodTo, base.periodPos
	}
	if !rs.present["level"] {
		s.Level = b.Level
	}
	if !rs.present["classifier"] {
		s.Classifier, rs.overridePos = b.Classifier, base.overridePos
		s.Classes = append([]datchuan.ClassifierValue(nil), b.Classes...)
		if b.Override != nil {
			o := *b.Override
			s.Override = &o
		}
	}
	if !rs.present["groups"] {
		s.Groups = append([]datchuan.CriteriaGroup(nil), b.Groups...)
		for k, v := range base.groupPos {
			rs.groupPos[k] = v
		}
	}
	if !rs.present["conditions"] {
		s.Conditions = append([]datchuan.Condition(nil), b.Conditions...)
		rs.condPos = append([]pos(nil), base.condPos...)
	}
	if !rs.present["revocation"] && b.Revocation != nil {
		r := *b.Revocation
		s.Revocation = &r
	}
	rs.criteria = copyCriteria(base.criteria)
}

func copyCriteria(in []rawCriterion) []rawCriterion {
	out := make([]rawCriterion, len(in))
	for i, c := range in {
		out[i] = c
		out[i].indicators = make([]rawIndicator, len(c.indicators))
		for j, ind := range c.indicators {
			out[i].indicators[j] = ind
			out[i].indicators[j].thresholds = append([]rawThreshold(nil), ind.thresholds...)
		}
	}
	return out
}

// applyOverrides applies, in this order: clear_thresholds, remove_criteria,
// remove_indicators, add_criteria, add_indicators, thresholds.
func (l *loader) applyOverrides(rs *rawSet) {
	ov := rs.overrides
	if ov.clear != nil {
		for i := range rs.criteria {
			for j := range rs.criteria[i].indicators {
				rs.criteria[i].indicators[j].thresholds = []rawThreshold{{
					th:  datchuan.Threshold{Provenance: *ov.clear},
					pos: ov.clearPos, classPos: ov.clearPos, yearPos: ov.clearPos, valuePos: ov.clearPos,
					hasValue: true, null: true,
				}}
			}
		}
	}
	for _, rm := range ov.removeCriteria {
		i := findCriterion(rs.criteria, rm.s)
		if i < 0 {
			l.ps.addf(rm.p.file, rm.p.line, rm.p.col, "overrides.remove_criteria: không có tiêu chí %q trong bộ gốc (unknown criterion)", rm.s)
			continue
		}
		rs.criteria = append(rs.criteria[:i], rs.criteria[i+1:]...)
	}
	for _, rm := range ov.removeIndicators {
		ci, ii := findIndicator(rs.criteria, rm.s)
		if ci < 0 {
			l.ps.addf(rm.p.file, rm.p.line, rm.p.col, "overrides.remove_indicators: không có chỉ tiêu %q trong bộ gốc (unknown indicator)", rm.s)
			continue
		}
		inds := rs.criteria[ci].indicators
		rs.criteria[ci].indicators = append(inds[:ii:ii], inds[ii+1:]...)
	}
	rs.criteria = append(rs.criteria, ov.addCriteria...)
	for _, add := range ov.addIndicators {
		ci := findCriterion(rs.criteria, add.criterion.s)
		if ci < 0 {
			p := add.criterion.p
			l.ps.addf(p.file, p.line, p.col, "overrides.add_indicators: không có tiêu chí %q (unknown criterion)", add.criterion.s)
			continue
		}
		rs.criteria[ci].indicators = append(rs.criteria[ci].indicators, add.ind)
	}
	for _, to := range ov.thresholds {
		ci, ii := findIndicator(rs.criteria, to.indicator.s)
		if ci < 0 {
			p := to.indicator.p
			l.ps.addf(p.file, p.line, p.col, "overrides.thresholds: không có chỉ tiêu %q (unknown indicator)", to.indicator.s)
			continue
		}
		rs.criteria[ci].indicators[ii].thresholds = to.thresholds
	}
}

func findCriterion(cs []rawCriterion, code string) int {
	for i := range cs {
		if cs[i].c.Code == code {
			return i
		}
	}
	return -1
}

func findIndicator(cs []rawCriterion, code string) (int, int) {
	for i := range cs {
		for j := range cs[i].indicators {
			if cs[i].indicators[j].ind.Code == code {
				return i, j
			}
		}
	}
	return -1, -1
}

// check validates a materialised set as a whole and sets the thresholds'
// Value and Known. A derived set whose base is missing is not checked: that
// problem was reported and the rest would only echo it.
func (l *loader) check(rs *rawSet) {
	if l.failed[rs] {
		return
	}
	s := &rs.set
	errAt := func(p pos, format string, args ...any) {
		l.ps.addf(p.file, p.line, p.col, "%s", fmt.Sprintf(format, args...))
	}
	if s.Override != nil {
		switch {
		case s.Classifier != datchuan.ByRegion:
			errAt(rs.overridePos, "classifier.override chỉ dùng với kind: region (override needs the region classifier)")
		case s.Override.Use != "" && !s.HasClass(s.Override.Use):
			errAt(rs.overridePos, "classifier.override.use: vùng %q không có trong classes (unknown class)", s.Override.Use)
		}
	}
	seenCond := map[string]bool{}
	for i, c := range s.Conditions {
		if c.Code != "" && seenCond[c.Code] {
			errAt(rs.condPos[i], "điều kiện %q lặp lại (duplicate condition code)", c.Code)
		}
		seenCond[c.Code] = true
	}
	if len(rs.criteria) == 0 && !rs.present["criteria"] && rs.derivedFrom.s == "" {
		return // "criteria" missing was reported when decoding
	}
	if len(rs.criteria) == 0 {
		errAt(rs.pos, "bộ %q không có tiêu chí nào (no criteria)", s.ID)
	}
	criteria := map[string]pos{}
	indicators := map[string]pos{}
	for ci := range rs.criteria {
		rc := &rs.criteria[ci]
		if first, dup := criteria[rc.c.Code]; dup && rc.c.Code != "" {
			errAt(rc.pos, "mã tiêu chí %q lặp lại trong bộ %s, đã có ở %s (duplicate criterion code)", rc.c.Code, s.ID, where(first, rc.pos))
		} else {
			criteria[rc.c.Code] = rc.pos
		}
		switch {
		case len(s.Groups) > 0 && rc.c.Group == "":
			errAt(rc.pos, "tiêu chí %s: thiếu group; bộ này có các nhóm %s (missing group)", rc.c.Code, groupCodes(s))
		case rc.c.Group != "" && rs.groupPos[rc.c.Group] == (pos{}):
			errAt(rc.groupPos, "tiêu chí %s: nhóm %q không có trong groups (unknown group)", rc.c.Code, rc.c.Group)
		}
		if len(rc.indicators) == 0 {
			errAt(rc.pos, "tiêu chí %s không có chỉ tiêu nào (criterion without indicators)", rc.c.Code)
		}
		for ii := range rc.indicators {
			ri := &rc.indicators[ii]
			code := ri.ind.Code
			if first, dup := indicators[code]; dup && code != "" {
				errAt(ri.pos, "mã chỉ tiêu %q lặp lại trong bộ %s, đã có ở %s (duplicate indicator code)", code, s.ID, where(first, ri.pos))
			} else {
				indicators[code] = ri.pos
			}
			if (ri.ind.NumeratorLabel != "" || ri.ind.DenominatorLabel != "") &&
				ri.ind.Kind != datchuan.KindPercentMin && ri.ind.Kind != datchuan.KindPercentMax {
				errAt(ri.labelPos, "chỉ tiêu %s: numerator/denominator chỉ dùng cho chỉ tiêu tỷ lệ percent_min/percent_max (ratio labels need a percent kind)", code)
			}
			l.checkThresholds(rs, ri)
		}
	}
}

// where names the place p for a problem found at at: its line, and its file
// when that is another one (a derived set's base).
func where(p, at pos) string {
	if p.line == 0 {
		return p.file
	}
	if p.file == at.file {
		return fmt.Sprintf("dòng %d", p.line)
	}
	return fmt.Sprintf("%s:%d", p.file, p.line)
}

func groupCodes(s *datchuan.CriteriaSet) string {
	codes := make([]string, len(s.Groups))
	for i, g := range s.Groups {
		codes[i] = g.Code
	}
	return strings.Join(codes, ", ")
}

// checkThresholds checks the thresholds of one indicator and sets their
// Value and Known from the text written.
func (l *loader) checkThresholds(rs *rawSet, ri *rawIndicator) {
	s := &rs.set
	code, kind := ri.ind.Code, ri.ind.Kind
	errAt := func(p pos, format string, args ...any) {
		l.ps.addf(p.file, p.line, p.col, "chỉ tiêu %s: %s", code, fmt.Sprintf(format, args...))
	}
	if len(ri.thresholds) == 0 {
		errAt(ri.pos, "không có ngưỡng nào; nếu chưa biết hãy viết một ngưỡng value: unknown (no thresholds)")
	}
	type key struct {
		class string
		year  int
	}
	seen := map[key]pos{}
	for ti := range ri.thresholds {
		rt := &ri.thresholds[ti]
		th := &rt.th
		if th.Class != "" && !s.HasClass(th.Class) {
			errAt(rt.classPos, "ngưỡng cho vùng/nhóm %q không có trong classes của bộ %s (%s) (threshold for an unknown class)", th.Class, s.ID, classCodes(s))
		}
		if th.Year != 0 && (th.Year < s.PeriodFrom || th.Year > s.PeriodTo) {
			errAt(rt.yearPos, "năm %d ngoài giai đoạn %d–%d của bộ %s (year outside the period)", th.Year, s.PeriodFrom, s.PeriodTo, s.ID)
		}
		k := key{th.Class, th.Year}
		if first, dup := seen[k]; dup {
			errAt(rt.pos, "ngưỡng cho %s, năm %s lặp lại (đã có ở dòng %d) (duplicate threshold)", orAll(th.Class), yearText(th.Year), first.line)
		} else {
			seen[k] = rt.pos
		}
		th.Known, th.Value = false, 0
		if !rt.hasValue {
			errAt(rt.pos, "ngưỡng thiếu value; nếu chưa biết hãy viết value: unknown (missing value)")
			continue
		}
		if rt.null || strings.EqualFold(rt.value, "unknown") {
			continue
		}
		if !kind.Valid() {
			continue // reported with the kind
		}
		switch kind {
		case datchuan.KindPassFail, datchuan.KindNoneAllowed:
			want := map[datchuan.IndicatorKind]string{datchuan.KindPassFail: "Đạt", datchuan.KindNoneAllowed: "Không"}[kind]
			if datchuan.Fold(rt.value) != datchuan.Fold(want) {
				errAt(rt.valuePos, "chỉ tiêu loại %s có ngưỡng %q hoặc unknown, không phải %q (bad value for kind)", kind, want, rt.value)
				continue
			}
			th.Known = true
		default:
			v, err := strconv.ParseFloat(rt.value, 64)
			if err != nil {
				errAt(rt.valuePos, "chỉ tiêu loại %s cần ngưỡng là một số (hoặc unknown), có %q (numeric kind without a numeric value)", kind, rt.value)
				continue
			}
			if (kind == datchuan.KindPercentMin || kind == datchuan.KindPercentMax) && (v < 0 || v > 100) {
				errAt(rt.valuePos, "ngưỡng tỷ lệ phải trong khoảng 0–100, có %v (percent threshold out of range)", v)
				continue
			}
			if v < 0 {
				errAt(rt.valuePos, "ngưỡng không được âm, có %v (negative threshold)", v)
				continue
			}
			th.Known, th.Value = true, v
		}
	}
}

func orAll(class string) string {
	if class == "" {
		return "mọi vùng/nhóm (all)"
	}
	return class
}

func yearText(y int) string {
	if y == 0 {
		return "mọi năm (all)"
	}
	return strconv.Itoa(y)
}

func classCodes(s *datchuan.CriteriaSet) string {
	if len(s.Classes) == 0 {
		return "không có"
	}
	codes := make([]string, len(s.Classes))
	for i, c := range s.Classes {
		codes[i] = c.Code
	}
	return strings.Join(codes, ", ")
}

// build turns a checked rawSet into a CriteriaSet that shares nothing with
// the rawSet.
func build(rs *rawSet) *datchuan.CriteriaSet {
	s := rs.set
	s.Amendments = append([]datchuan.LegalBasis(nil), s.Amendments...)
	s.Classes = append([]datchuan.ClassifierValue(nil), s.Classes...)
	s.Groups = append([]datchuan.CriteriaGroup(nil), s.Groups...)
	s.Conditions = append([]datchuan.Condition(nil), s.Conditions...)
	if s.Override != nil {
		o := *s.Override
		s.Override = &o
	}
	if s.Revocation != nil {
		r := *s.Revocation
		s.Revocation = &r
	}
	s.Criteria = make([]datchuan.Criterion, len(rs.criteria))
	for i, rc := range rs.criteria {
		c := rc.c
		c.Indicators = make([]datchuan.Indicator, len(rc.indicators))
		for j, ri := range rc.indicators {
			ind := ri.ind
			ind.Thresholds = make([]datchuan.Threshold, len(ri.thresholds))
			for k, rt := range ri.thresholds {
				ind.Thresholds[k] = rt.th
			}
			c.Indicators[j] = ind
		}
		s.Criteria[i] = c
	}
	return &s
}
