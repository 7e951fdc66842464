package catalog

import (
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/goccy/go-yaml/ast"
)

// The keys of each mapping of a criteria set file; docs/criteria-sets.md
// describes them.
var (
	setKeys = []string{"id", "name_vi", "name_en", "legal_basis", "amendments", "period", "level", "tier", "draft",
		"derived_from", "overrides", "classifier", "groups", "criteria", "conditions", "revocation"}
	legalKeys      = []string{"number", "date", "issuer", "part", "verified", "note"}
	periodKeys     = []string{"from", "to"}
	classifierKeys = []string{"kind", "classes", "override"}
	classKeys      = []string{"code", "name_vi", "name_en"}
	overrideKeys   = []string{"flag", "use", "text_vi", "source", "verified"}
	groupKeys      = []string{"code", "name_vi", "name_en"}
	criterionKeys  = []string{"code", "group", "name_vi", "name_en", "revocation_key", "lead_hint", "indicators"}
	indicatorKeys  = []string{"code", "name_vi", "name_en", "kind", "unit", "numerator", "denominator", "evidence", "thresholds"}
	thresholdKeys  = []string{"class", "year", "value", "source", "verified"}
	conditionKeys  = []string{"code", "text_vi", "text_en", "kind", "tier", "min_percent", "source", "verified"}
	revocationKeys = []string{"any_percent", "key_percent", "communes_percent", "source", "verified"}
	provKeys       = []string{"source", "verified"}
	overridesKeys  = []string{"clear_thresholds", "remove_criteria", "remove_indicators", "add_criteria", "add_indicators", "thresholds"}
	addIndKeys     = append([]string{"criterion"}, indicatorKeys...)
	thOverrideKeys = []string{"indicator", "thresholds"}
)

// tiers lists the known tiers.
var tiers = []datchuan.Tier{
	datchuan.TierCommuneNTM, datchuan.TierCommuneAdvanced, datchuan.TierCommuneModel, datchuan.TierCommuneModern,
	datchuan.TierDistrictNTM, datchuan.TierDistrictAdvanced, datchuan.TierTownCityCompletion,
	datchuan.TierCivilisedUrban, datchuan.TierProvinceCompletion,
}

func validTier(t datchuan.Tier) bool {
	for _, v := range tiers {
		if t == v {
			return true
		}
	}
	return false
}

func tierList() string {
	s := make([]string, len(tiers))
	for i, t := range tiers {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func kindList() string {
	s := make([]string, len(datchuan.Kinds))
	for i, k := range datchuan.Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// rawSet is a criteria set as read from its file, with the place of every
// part, before derived sets are materialised and the whole is checked.
type rawSet struct {
	file    string
	pos     pos
	idPos   pos
	present map[string]bool // top-level keys written in the file
	set     datchuan.CriteriaSet
	// places of parts that later checks refer to
	periodPos   pos
	overridePos pos
	groupPos    map[string]pos
	condPos     []pos
	criteria    []rawCriterion
	derivedFrom valueAt
	overrides   *rawOverrides
}

type rawCriterion struct {
	c          datchuan.Criterion // without indicators
	pos        pos
	groupPos   pos
	indicators []rawIndicator
}

type rawIndicator struct {
	ind        datchuan.Indicator // without thresholds
	pos        pos
	labelPos   pos // numerator or denominator, when written
	thresholds []rawThreshold
}

// rawThreshold keeps its value as written: its meaning depends on the kind
// of the indicator, which a derived set may only know after materialising.
type rawThreshold struct {
	th       datchuan.Threshold // Class, Year, Provenance
	pos      pos
	classPos pos
	yearPos  pos
	value    string // "" when absent
	hasValue bool
	null     bool
	valuePos pos
}

type rawOverrides struct {
	pos              pos
	clear            *datchuan.Provenance
	clearPos         pos
	removeCriteria   []valueAt
	removeIndicators []valueAt
	addCriteria      []rawCriterion
	addIndicators    []rawAddIndicator
	thresholds       []rawThresholdOverride
}

type rawAddIndicator struct {
	criterion valueAt
	ind       rawIndicator
}

type rawThresholdOverride struct {
	indicator  valueAt
	thresholds []rawThreshold
}

// decodeSet reads one criteria set file. It returns nil when the file is
// not even a YAML mapping; otherwise a rawSet, possibly with problems
// reported.
func decodeSet(file string, src []byte, ps *problems) *rawSet {
	d := &ydec{file: file, ps: ps}
	body := d.parseYAML(src)
	if body == nil {
		return nil
	}
	o := d.object(body, d.posOf(body), "bộ tiêu chí (criteria set)", setKeys...)
	if o == nil {
		return nil
	}
	rs := &rawSet{file: file, pos: o.pos, idPos: o.keyPos("id"), present: map[string]bool{}, groupPos: map[string]pos{}}
	for k := range o.keys {
		rs.present[k] = true
	}
	s := &rs.set
	s.File = file
	s.ID = o.str("id", true)
	if s.ID != "" && !validID(s.ID) {
		o.errorf("id", "mã %q chỉ gồm chữ thường không dấu, chữ số, '-', '_' hoặc '.' (invalid set id)", s.ID)
	}
	s.NameVi = o.str("name_vi", true)
	s.NameEn = o.str("name_en", false)
	if lb := o.sub("legal_basis", "legal_basis", true, legalKeys...); lb != nil {
		s.Legal = decodeLegal(lb)
	}
	for _, it := range o.list("amendments", false) {
		if lb := d.object(it, d.posOf(it), "amendments", legalKeys...); lb != nil {
			s.Amendments = append(s.Amendments, decodeLegal(lb))
		}
	}
	s.Draft = o.boolean("draft", false)
	if !o.has("draft") {
		o.missing("draft")
	}
	if t := o.str("tier", true); t != "" {
		s.Tier = datchuan.Tier(t)
		if !validTier(s.Tier) {
			o.errorf("tier", "tầng chuẩn không rõ %q; có: %s (unknown tier)", t, tierList())
		}
	}

	derived := o.has("derived_from")
	if derived {
		rs.derivedFrom = valueAt{o.str("derived_from", true), o.valuePos("derived_from")}
		s.DerivedFrom = rs.derivedFrom.s
		if o.has("criteria") {
			o.errorf("criteria", "bộ dẫn xuất (derived_from) không viết lại criteria; dùng overrides (a derived set takes its criteria from its base: use overrides)")
		}
		if ov := o.sub("overrides", "overrides", false, overridesKeys...); ov != nil {
			rs.overrides = decodeOverrides(d, ov)
		}
	} else if o.has("overrides") {
		o.errorf("overrides", "overrides chỉ dùng cùng derived_from (overrides need derived_from)")
	}

	if p := o.sub("period", "period", !derived, periodKeys...); p != nil {
		rs.periodPos = p.pos
		from, okFrom := p.integer("from", true)
		to, okTo := p.integer("to", true)
		s.PeriodFrom, s.PeriodTo = from, to
		if okFrom && okTo && (from > to || from < 1900 || to > 2200) {
			p.errorf("to", "giai đoạn %d–%d không hợp lệ (invalid period)", from, to)
		}
	}
	if l := o.str("level", !derived); l != "" {
		s.Level = datchuan.Level(l)
		if !s.Level.Valid() {
			o.errorf("level", "cấp không rõ %q; có: province, district, commune (unknown level)", l)
		}
	}
	if c := o.sub("classifier", "classifier", !derived, classifierKeys...); c != nil {
		decodeClassifier(d, c, rs)
	}
	seenGroup := map[string]bool{}
	for _, it := range o.list("groups", false) {
		g := d.object(it, d.posOf(it), "nhóm %s (group)", groupKeys...)
		if g == nil {
			continue
		}
		cg := datchuan.CriteriaGroup{Code: g.str("code", true), NameVi: g.str("name_vi", true), NameEn: g.str("name_en", false)}
		if cg.Code != "" && seenGroup[cg.Code] {
			g.errorf("code", "nhóm %q lặp lại (duplicate group code)", cg.Code)
			continue
		}
		seenGroup[cg.Code] = true
		rs.groupPos[cg.Code] = g.pos
		s.Groups = append(s.Groups, cg)
	}
	if !derived {
		for _, it := range o.list("criteria", true) {
			if c, ok := decodeCriterion(d, it, "criteria"); ok {
				rs.criteria = append(rs.criteria, c)
			}
		}
	}
	for _, it := range o.list("conditions", false) {
		c := d.object(it, d.posOf(it), "điều kiện %s (condition)", conditionKeys...)
		if c == nil {
			continue
		}
		s.Conditions = append(s.Conditions, decodeCondition(c))
		rs.condPos = append(rs.condPos, c.pos)
	}
	if r := o.sub("revocation", "revocation", false, revocationKeys...); r != nil {
		rule := &datchuan.RevocationRule{Provenance: decodeProvenance(r)}
		rule.AnyPercent, _ = r.percent("any_percent", true)
		rule.KeyPercent, _ = r.percent("key_percent", true)
		rule.CommunesPercent, _ = r.percent("communes_percent", false)
		if rule.KeyPercent > rule.AnyPercent && rule.AnyPercent > 0 {
			r.errorf("key_percent", "key_percent (%v) không được lớn hơn any_percent (%v) (key_percent above any_percent)", rule.KeyPercent, rule.AnyPercent)
		}
		s.Revocation = rule
	}
	return rs
}

func validID(id string) bool {
	for i, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '-' || r == '_' || r == '.') && i > 0:
		default:
			return false
		}
	}
	return id != ""
}

func decodeLegal(o *object) datchuan.LegalBasis {
	lb := datchuan.LegalBasis{
		Number:   o.str("number", false),
		Issuer:   o.str("issuer", false),
		Part:     o.str("part", false),
		Verified: o.boolean("verified", false),
		Note:     o.str("note", false),
	}
	if s := o.str("date", false); s != "" {
		d, err := datchuan.ParseDate(s)
		if err != nil {
			// Says whether the shape is wrong or the day is not in the
			// calendar (31/02/2022), in both languages.
			o.errorf("date", "%s", datchuan.ErrorText(err))
		}
		lb.Date = d
	}
	if lb.Number == "" && lb.Note == "" {
		o.d.errorf(o.pos, "%s: cần number, hoặc note giải thích vì sao chưa có số văn bản (need number, or a note saying why it is unknown)", o.what)
	}
	return lb
}

func decodeProvenance(o *object) datchuan.Provenance {
	return datchuan.Provenance{Source: o.str("source", true), Verified: o.boolean("verified", false)}
}

func decodeClassifier(d *ydec, c *object, rs *rawSet) {
	s := &rs.set
	if k := c.str("kind", true); k != "" {
		s.Classifier = datchuan.ClassifierKind(k)
		if s.Classifier != datchuan.ByRegion && s.Classifier != datchuan.ByGroup {
			c.errorf("kind", "loại phân nhóm không rõ %q; có: region, commune_group (unknown classifier kind)", k)
		}
	}
	seen := map[string]bool{}
	for _, it := range c.list("classes", true) {
		v := d.object(it, d.posOf(it), "classifier.classes: %s", classKeys...)
		if v == nil {
			continue
		}
		cv := datchuan.ClassifierValue{Code: v.str("code", true), NameVi: v.str("name_vi", true), NameEn: v.str("name_en", false)}
		switch {
		case cv.Code == "":
		case strings.EqualFold(cv.Code, "all"):
			v.errorf("code", "%q là từ dành riêng (nghĩa là mọi vùng/nhóm) (reserved word)", cv.Code)
		case seen[cv.Code]:
			v.errorf("code", "vùng/nhóm %q lặp lại (duplicate class)", cv.Code)
		default:
			seen[cv.Code] = true
			s.Classes = append(s.Classes, cv)
		}
	}
	if ov := c.sub("override", "classifier.override", false, overrideKeys...); ov != nil {
		rs.overridePos = ov.keyPos("use")
		o := &datchuan.Override{Flag: ov.str("flag", true), Use: ov.str("use", true), TextVi: ov.str("text_vi", false), Provenance: decodeProvenance(ov)}
		if o.Flag != "" && o.Flag != "extremely_difficult" {
			ov.errorf("flag", "cờ không rõ %q; chỉ có extremely_difficult (unknown flag)", o.Flag)
		}
		s.Override = o
	}
}

func decodeCriterion(d *ydec, n ast.Node, what string) (rawCriterion, bool) {
	o := d.object(n, d.posOf(n), what+": tiêu chí %s (criterion)", criterionKeys...)
	if o == nil {
		return rawCriterion{}, false
	}
	rc := rawCriterion{pos: o.pos, groupPos: o.keyPos("group")}
	rc.c = datchuan.Criterion{
		Code:          o.str("code", true),
		Group:         o.str("group", false),
		NameVi:        o.str("name_vi", true),
		NameEn:        o.str("name_en", false),
		RevocationKey: o.boolean("revocation_key", false),
		LeadHint:      o.str("lead_hint", false),
	}
	for _, it := range o.list("indicators", false) { // none at all is reported by check
		ind := d.object(it, d.posOf(it), "chỉ tiêu %s (indicator)", indicatorKeys...)
		if ind != nil {
			rc.indicators = append(rc.indicators, decodeIndicator(d, ind))
		}
	}
	return rc, true
}

func decodeIndicator(d *ydec, o *object) rawIndicator {
	ri := rawIndicator{pos: o.pos}
	ind := &ri.ind
	ind.Code = o.str("code", true)
	ind.NameVi = o.str("name_vi", true)
	ind.NameEn = o.str("name_en", false)
	if k := o.str("kind", true); k != "" {
		ind.Kind = datchuan.IndicatorKind(k)
		if !ind.Kind.Valid() {
			o.errorf("kind", "loại chỉ tiêu không rõ %q; có: %s (unknown kind)", k, kindList())
		}
	}
	ind.Unit = o.str("unit", false)
	ind.NumeratorLabel = o.str("numerator", false)
	ind.DenominatorLabel = o.str("denominator", false)
	switch {
	case o.has("numerator"):
		ri.labelPos = o.keyPos("numerator")
	case o.has("denominator"):
		ri.labelPos = o.keyPos("denominator")
	}
	if ind.Unit == "" && (ind.Kind == datchuan.KindPercentMin || ind.Kind == datchuan.KindPercentMax) {
		ind.Unit = "%"
	}
	switch e := o.str("evidence", false); e {
	case "", "optional":
	case "required":
		ind.EvidenceRequired = true
	default:
		o.errorf("evidence", "giá trị evidence không rõ %q; có: required, optional (unknown evidence rule)", e)
	}
	ri.thresholds = decodeThresholds(d, o, "thresholds", false) // none at all is reported by check
	return ri
}

func decodeThresholds(d *ydec, o *object, key string, required bool) []rawThreshold {
	var out []rawThreshold
	for _, it := range o.list(key, required) {
		t := d.object(it, d.posOf(it), "ngưỡng (threshold)", thresholdKeys...)
		if t == nil {
			continue
		}
		rt := rawThreshold{pos: t.pos, classPos: t.valuePos("class"), yearPos: t.valuePos("year")}
		rt.th.Provenance = decodeProvenance(t)
		if c := t.str("class", false); !strings.EqualFold(c, "all") {
			rt.th.Class = c
		}
		if y := t.str("year", false); y != "" && !strings.EqualFold(y, "all") {
			v, err := strconv.Atoi(y)
			if err != nil {
				t.errorf("year", "năm phải là số hoặc all, có %q (year must be a number or all)", y)
			}
			rt.th.Year = v
		}
		rt.hasValue = t.has("value")
		rt.valuePos = t.valuePos("value")
		if rt.hasValue {
			rt.null = t.isNull("value")
			if !rt.null {
				rt.value = t.str("value", false)
			}
		}
		out = append(out, rt)
	}
	return out
}

func decodeCondition(o *object) datchuan.Condition {
	c := datchuan.Condition{
		Code:       o.str("code", true),
		TextVi:     o.str("text_vi", true),
		TextEn:     o.str("text_en", false),
		Provenance: decodeProvenance(o),
	}
	k := o.str("kind", true)
	c.Kind = datchuan.ConditionKind(k)
	switch c.Kind {
	case datchuan.CondShareOfCommunes, datchuan.CondShareOfTowns:
		if t := o.str("tier", true); t != "" {
			c.Tier = datchuan.Tier(t)
			if !validTier(c.Tier) {
				o.errorf("tier", "tầng chuẩn không rõ %q; có: %s (unknown tier)", t, tierList())
			}
		}
		c.MinPercent, _ = o.percent("min_percent", true)
	case datchuan.CondAllCriteria, datchuan.CondBoolean:
		for _, key := range []string{"tier", "min_percent"} {
			if o.has(key) {
				o.errorf(key, "điều kiện loại %s không dùng %q (not used by this kind)", k, key)
			}
		}
	case "":
	default:
		o.errorf("kind", "loại điều kiện không rõ %q; có: share_of_communes, share_of_towns, all_criteria_met, boolean (unknown condition kind)", k)
	}
	return c
}

func decodeOverrides(d *ydec, o *object) *rawOverrides {
	ro := &rawOverrides{pos: o.pos}
	if c := o.sub("clear_thresholds", "overrides.clear_thresholds", false, provKeys...); c != nil {
		p := decodeProvenance(c)
		ro.clear, ro.clearPos = &p, c.pos
	}
	ro.removeCriteria = o.strList("remove_criteria")
	ro.removeIndicators = o.strList("remove_indicators")
	for _, it := range o.list("add_criteria", false) {
		if c, ok := decodeCriterion(d, it, "overrides.add_criteria"); ok {
			ro.addCriteria = append(ro.addCriteria, c)
		}
	}
	for _, it := range o.list("add_indicators", false) {
		a := d.object(it, d.posOf(it), "overrides.add_indicators: chỉ tiêu %s (indicator)", addIndKeys...)
		if a == nil {
			continue
		}
		ro.addIndicators = append(ro.addIndicators, rawAddIndicator{
			criterion: valueAt{a.str("criterion", true), a.valuePos("criterion")},
			ind:       decodeIndicator(d, a),
		})
	}
	for _, it := range o.list("thresholds", false) {
		t := d.object(it, d.posOf(it), "overrides.thresholds", thOverrideKeys...)
		if t == nil {
			continue
		}
		ro.thresholds = append(ro.thresholds, rawThresholdOverride{
			indicator:  valueAt{t.str("indicator", true), t.valuePos("indicator")},
			thresholds: decodeThresholds(d, t, "thresholds", true),
		})
	}
	return ro
}
