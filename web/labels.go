package web

import (
	"cmp"
	"html/template"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// labelFuncs are the template helpers that name things for people, in
// both languages.
func labelFuncs() template.FuncMap {
	return template.FuncMap{
		"statusEn":  statusEn,
		"stateVi":   stateVi,
		"stateEn":   stateEn,
		"tierVi":    tierVi,
		"tierEn":    tierEn,
		"when":      when,
		"unitURL":   unitURL,
		"tierShare": tierShare,
		"stateOf":   stateOf,
		"measure":   measureShort,
		"threshold": thresholdShort,
	}
}

// translator is a page: anything with the bilingual T of base.
type translator interface{ T(vi, en string) string }

// stateView hands a sub-template a value together with its page, so that
// the sub-template can speak the page's language.
type stateView struct {
	B translator
	V *datchuan.Value
}

func stateOf(b translator, v *datchuan.Value) stateView { return stateView{B: b, V: v} }

// statusLooks are the English label (LabelVi is the Vietnamese one) and
// the symbol of each status: the symbol beside each colour makes a status
// read in grayscale print too.
var statusLooks = map[status.Status][2]string{
	status.Met:              {"Met", "✓"},
	status.NotMet:           {"Not met", "✗"},
	status.Reported:         {"Awaiting confirmation", "…"},
	status.Returned:         {"Returned", "↩"},
	status.NoData:           {"No data", "–"},
	status.ThresholdMissing: {"No threshold", "?"},
}

func statusEn(s status.Status) string {
	if l, ok := statusLooks[s]; ok {
		return l[0]
	}
	return string(s)
}

func statusMark(s status.Status) string {
	if l, ok := statusLooks[s]; ok {
		return l[1]
	}
	return "–"
}

// stateNames name the states of a value, in Vietnamese and English.
var stateNames = map[datchuan.ValueState][2]string{
	datchuan.StateReported:  {"Đã báo cáo, chờ xác nhận", "Reported, awaiting confirmation"},
	datchuan.StateConfirmed: {"Đã xác nhận", "Confirmed"},
	datchuan.StateReturned:  {"Bị trả lại", "Returned"},
}

func stateVi(s datchuan.ValueState) string { return cmp.Or(stateNames[s][0], string(s)) }

func stateEn(s datchuan.ValueState) string { return cmp.Or(stateNames[s][1], string(s)) }

var tierNames = map[datchuan.Tier][2]string{
	datchuan.TierCommuneNTM:         {"Xã nông thôn mới", "NTM commune"},
	datchuan.TierCommuneAdvanced:    {"Xã nông thôn mới nâng cao", "Advanced NTM commune"},
	datchuan.TierCommuneModel:       {"Xã nông thôn mới kiểu mẫu", "Model NTM commune"},
	datchuan.TierDistrictNTM:        {"Huyện nông thôn mới", "NTM district"},
	datchuan.TierDistrictAdvanced:   {"Huyện nông thôn mới nâng cao", "Advanced NTM district"},
	datchuan.TierTownCityCompletion: {"Hoàn thành nhiệm vụ xây dựng nông thôn mới", "Town/city completing NTM tasks"},
	datchuan.TierCivilisedUrban:     {"Đô thị văn minh", "Civilised urban area"},
	datchuan.TierProvinceCompletion: {"Tỉnh hoàn thành nhiệm vụ", "Province completing NTM tasks"},
	datchuan.TierCommuneModern:      {"Xã nông thôn mới hiện đại", "Modern NTM commune"},
}

func tierVi(t datchuan.Tier) string {
	if n, ok := tierNames[t]; ok {
		return n[0]
	}
	return string(t)
}

func tierEn(t datchuan.Tier) string {
	if n, ok := tierNames[t]; ok {
		return n[1]
	}
	return string(t)
}

// when writes an instant as officers read it: 22/06/2022 14:05, Vietnam time.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(datchuan.Vietnam()).Format("02/01/2006 15:04")
}

// unitURL is the page of a unit by its level.
func unitURL(u *datchuan.Unit) string {
	switch u.Level {
	case datchuan.LevelProvince:
		return "/tinh/" + u.Code
	case datchuan.LevelDistrict:
		return "/huyen/" + u.Code
	}
	return "/don-vi/" + u.Code
}

// share counts the members of a table that meet a tier.
type share struct {
	Met, Total int
	Percent    float64
}

// tierShare counts, among the rows of the unit type a tier measures (xã for
// the commune tiers, thị trấn for the civilised urban one), those whose
// result for the tier meets it. A row without a result counts as not met,
// as in the district conditions.
func tierShare(rows []rollup.CommuneRow, tier string) share {
	t := datchuan.Tier(tier)
	want := t.UnitType()
	var sh share
	for _, row := range rows {
		if row.Unit == nil || row.Unit.Type != want {
			continue
		}
		sh.Total++
		if res, ok := row.Results[t]; ok && res.Meets {
			sh.Met++
		}
	}
	if sh.Total > 0 {
		sh.Percent = float64(sh.Met) * 100 / float64(sh.Total)
	}
	return sh
}

// thresholdText writes a known threshold: "≥ 95%", "≥ 47 triệu đồng/người/năm",
// "Đạt", "Không còn". A none-allowed indicator (temporary houses) must have
// none left: "Không có" read as "no threshold".
func thresholdText(ind *datchuan.Indicator, bound float64) (vi, en string) {
	unit := ind.Unit
	if unit != "" && unit != "%" {
		unit = " " + unit
	}
	n := datchuan.FormatNumber(bound) + unit
	switch ind.Kind {
	case datchuan.KindPassFail:
		return "Đạt", "Met"
	case datchuan.KindNoneAllowed:
		return "Không còn", "None left"
	case datchuan.KindPercentMax:
		return "≤ " + n, "≤ " + n
	}
	return "≥ " + n, "≥ " + n
}

// thresholdShort shows what an indicator must reach: "≥ 95%", "≤ 3%", "đạt".
func thresholdShort(ind *datchuan.Indicator, th *datchuan.Threshold) string {
	if th == nil || !th.Known {
		return "?"
	}
	vi, _ := thresholdText(ind, th.Value)
	switch ind.Kind {
	case datchuan.KindPassFail:
		return "đạt"
	case datchuan.KindNoneAllowed:
		return "không còn"
	}
	return vi
}

// measureText writes a value; a ratio also shows what it comes to (the
// percentage for percent kinds), since the threshold is on that.
func measureText(ind *datchuan.Indicator, m datchuan.Measure) (vi, en string) {
	vi = m.String()
	en = vi
	if m.Kind == datchuan.MeasureBool {
		none := ind != nil && ind.Kind == datchuan.KindNoneAllowed
		switch {
		case none && m.Bool:
			vi, en = "không có", "none"
		case none:
			vi, en = "có", "some"
		case m.Bool:
			en = "met"
		default:
			en = "not met"
		}
		return vi, en
	}
	if m.Kind == datchuan.MeasureRatio && ind != nil {
		if q, ok := m.Quantity(ind.Kind); ok {
			extra := " (" + datchuan.FormatNumber(q)
			if ind.Kind == datchuan.KindPercentMin || ind.Kind == datchuan.KindPercentMax {
				extra += "%"
			} else if ind.Unit != "" {
				extra += " " + ind.Unit
			}
			extra += ")"
			vi, en = vi+extra, en+extra
		}
	}
	return vi, en
}

// measureShort shows a value as people write it; a ratio also as a percentage.
func measureShort(m datchuan.Measure) string {
	if m.Kind == datchuan.MeasureRatio && m.Denominator > 0 {
		return m.String() + " (" + datchuan.FormatNumber(m.Numerator*100/m.Denominator) + "%)"
	}
	return m.String()
}
