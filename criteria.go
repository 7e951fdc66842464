package datchuan

import "slices"

// IndicatorKind says how an indicator's value is judged against its threshold.
type IndicatorKind string

const (
	KindPassFail     IndicatorKind = "pass_fail"      // "Đạt": the statement holds
	KindNoneAllowed  IndicatorKind = "none_allowed"   // "Không": there must be none (e.g. temporary houses)
	KindPercentMin   IndicatorKind = "percent_min"    // a share, at least the threshold (%)
	KindPercentMax   IndicatorKind = "percent_max"    // a share, at most the threshold (%)
	KindAmountMin    IndicatorKind = "amount_min"     // an amount, at least the threshold (income, million VND/person/year)
	KindPerPersonMin IndicatorKind = "per_person_min" // a quantity per person, at least the threshold (m² of green space)
)

// Kinds lists every indicator kind, in the order documented.
var Kinds = []IndicatorKind{KindPassFail, KindNoneAllowed, KindPercentMin, KindPercentMax, KindAmountMin, KindPerPersonMin}

// Valid reports whether k is a known kind.
func (k IndicatorKind) Valid() bool { return slices.Contains(Kinds, k) }

// Numeric reports whether the kind compares a number with a numeric threshold.
func (k IndicatorKind) Numeric() bool { return k != KindPassFail && k != KindNoneAllowed }

// Tier is the standard a set measures: NTM, advanced, model; or the district
// and town forms of them.
type Tier string

const (
	TierCommuneNTM         Tier = "commune_ntm"
	TierCommuneAdvanced    Tier = "commune_ntm_advanced"
	TierCommuneModel       Tier = "commune_ntm_model"
	TierDistrictNTM        Tier = "district_ntm"
	TierDistrictAdvanced   Tier = "district_ntm_advanced"
	TierTownCityCompletion Tier = "town_city_completion"
	TierCivilisedUrban     Tier = "civilised_urban"
	TierProvinceCompletion Tier = "province_completion"
	TierCommuneModern      Tier = "commune_ntm_modern"
)

// Type words of the commune-level units (Unit.Type) that the tiers tell
// apart.
const (
	TypeCommune = "Xã"
	TypeTown    = "Thị trấn"
	TypeWard    = "Phường"
)

// UnitType is the type of commune-level unit a tier measures: xã for the
// commune tiers (NTM, advanced, model, modern), thị trấn for the civilised
// urban standard; "" for the tiers of districts, towns and provinces, which
// measure every unit of their level. Rollups, district conditions and
// assignments all ask here, so a thị trấn is never counted, or given work,
// as a xã.
func (t Tier) UnitType() string {
	switch t {
	case TierCommuneNTM, TierCommuneAdvanced, TierCommuneModel, TierCommuneModern:
		return TypeCommune
	case TierCivilisedUrban:
		return TypeTown
	}
	return ""
}

// ClassifierKind names the unit fact that selects a set's thresholds.
type ClassifierKind string

const (
	ByRegion ClassifierKind = "region"        // 2021–2025: 7 socio-economic regions
	ByGroup  ClassifierKind = "commune_group" // 2026–2030: 3 commune groups
)

// LegalBasis is the document that issued (or amended) a set.
type LegalBasis struct {
	Number   string `json:"number"` // "318/QĐ-TTg"
	Date     Date   `json:"date"`
	Issuer   string `json:"issuer"`   // "Thủ tướng Chính phủ"
	Part     string `json:"part"`     // "Phụ lục I"
	Verified bool   `json:"verified"` // seen in a cited source
	Note     string `json:"note"`
}

// Text cites the document as officials do: "318/QĐ-TTg ngày 08/03/2022, Phụ lục I".
func (l LegalBasis) Text() string {
	s := l.Number
	if !l.Date.IsZero() {
		s += " ngày " + l.Date.VN()
	}
	if l.Part != "" {
		s += ", " + l.Part
	}
	return s
}

// Provenance says where a fact of a set comes from and whether it was
// checked against the official text.
type Provenance struct {
	Source   string `json:"source"`
	Verified bool   `json:"verified"`
}

// ClassifierValue is one region or commune group of a set.
type ClassifierValue struct {
	Code   string `json:"code"`
	NameVi string `json:"name_vi"`
	NameEn string `json:"name_en"`
}

// Override switches flagged units to another classifier value: in 2021–2025
// extremely difficult communes use the thresholds of the Northern Midlands
// and Mountains region (TDMNPB).
type Override struct {
	Flag   string `json:"flag"` // "extremely_difficult"
	Use    string `json:"use"`  // the classifier value to use instead
	TextVi string `json:"text_vi"`
	Provenance
}

// CriteriaSet is a criteria set as issued by one legal document, for one
// period, level and tier. It is data: loaded from a file, never code.
type CriteriaSet struct {
	ID          string            `json:"id"` // "vn-ntm-commune-2021-2025"
	NameVi      string            `json:"name_vi"`
	NameEn      string            `json:"name_en"`
	Legal       LegalBasis        `json:"legal_basis"`
	Amendments  []LegalBasis      `json:"amendments,omitempty"`
	PeriodFrom  int               `json:"period_from"` // 2021
	PeriodTo    int               `json:"period_to"`   // 2025
	Level       Level             `json:"level"`
	Tier        Tier              `json:"tier"`
	Draft       bool              `json:"draft"` // thresholds not yet checked against the official text
	DerivedFrom string            `json:"derived_from,omitempty"`
	Classifier  ClassifierKind    `json:"classifier"`
	Classes     []ClassifierValue `json:"classes"`
	Override    *Override         `json:"override,omitempty"`
	Groups      []CriteriaGroup   `json:"groups"`
	Criteria    []Criterion       `json:"criteria"`
	Conditions  []Condition       `json:"conditions,omitempty"` // district sets: what else recognition needs
	Revocation  *RevocationRule   `json:"revocation,omitempty"`
	File        string            `json:"file"` // the file it was loaded from
}

// CriteriaGroup is a heading that groups criteria (I. Quy hoạch ...).
type CriteriaGroup struct {
	Code   string `json:"code"`
	NameVi string `json:"name_vi"`
	NameEn string `json:"name_en"`
}

// Criterion is one criterion (tiêu chí) of a set.
type Criterion struct {
	Code          string      `json:"code"` // "17"
	Group         string      `json:"group"`
	NameVi        string      `json:"name_vi"`
	NameEn        string      `json:"name_en"`
	RevocationKey bool        `json:"revocation_key"` // counts in the 30–50% revocation rule (income, environment, defence ...)
	LeadHint      string      `json:"lead_hint"`      // the department that usually leads it (informative)
	Indicators    []Indicator `json:"indicators"`
}

// Indicator is one indicator (chỉ tiêu) of a criterion.
type Indicator struct {
	Code             string        `json:"code"` // "17.8"
	NameVi           string        `json:"name_vi"`
	NameEn           string        `json:"name_en"`
	Kind             IndicatorKind `json:"kind"`
	Unit             string        `json:"unit"` // "%", "triệu đồng/người/năm", "m²/người"
	NumeratorLabel   string        `json:"numerator_label,omitempty"`
	DenominatorLabel string        `json:"denominator_label,omitempty"`
	// EvidenceRequired: every report of the indicator carries evidence
	// (the set file's `evidence: required`).
	EvidenceRequired bool        `json:"evidence_required,omitempty"`
	Thresholds       []Threshold `json:"thresholds"`
}

// Threshold is the bound an indicator's value must reach, for one classifier
// value (or all: "") and one year (or all: 0). A threshold that is not Known
// makes the indicator evaluate to "threshold missing", never to met.
type Threshold struct {
	Class string  `json:"class"` // region or group code; "" applies to all
	Year  int     `json:"year"`  // 0 applies to every year of the period
	Value float64 `json:"value"` // the bound for numeric kinds
	Known bool    `json:"known"`
	Provenance
}

// ConditionKind says how a district condition is judged.
type ConditionKind string

const (
	CondShareOfCommunes ConditionKind = "share_of_communes" // at least MinPercent of the district's communes meet Tier
	CondShareOfTowns    ConditionKind = "share_of_towns"    // at least MinPercent of its towns (thị trấn) meet Tier
	CondAllCriteria     ConditionKind = "all_criteria_met"  // every criterion of this set is met
	CondBoolean         ConditionKind = "boolean"           // a pass/fail value reported for the district under the condition's code
)

// Condition is a requirement for a district beyond its own criteria.
type Condition struct {
	Code       string        `json:"code"` // "C1"
	TextVi     string        `json:"text_vi"`
	TextEn     string        `json:"text_en"`
	Kind       ConditionKind `json:"kind"`
	Tier       Tier          `json:"tier,omitempty"`
	MinPercent float64       `json:"min_percent,omitempty"`
	Provenance
}

// RevocationRule is the quantitative rule of Decision 18/2022/QĐ-TTg for a
// tier: a recognised unit is at risk when at least AnyPercent of its criteria
// are not met, or at least KeyPercent including a RevocationKey criterion;
// a district also when at least CommunesPercent of its communes are at risk.
type RevocationRule struct {
	AnyPercent      float64 `json:"any_percent"`
	KeyPercent      float64 `json:"key_percent"`
	CommunesPercent float64 `json:"communes_percent,omitempty"`
	Provenance
}

// Criterion returns the criterion with the given code, or nil.
func (s *CriteriaSet) Criterion(code string) *Criterion {
	for i := range s.Criteria {
		if s.Criteria[i].Code == code {
			return &s.Criteria[i]
		}
	}
	return nil
}

// Indicator returns the indicator with the given code and its criterion, or nils.
func (s *CriteriaSet) Indicator(code string) (*Indicator, *Criterion) {
	for i := range s.Criteria {
		c := &s.Criteria[i]
		for j := range c.Indicators {
			if c.Indicators[j].Code == code {
				return &c.Indicators[j], c
			}
		}
	}
	return nil, nil
}

// Measures reports whether the set judges unit u: a unit of its level
// and, when its tier measures one type of commune-level unit, of that type
// (the commune NTM set judges a xã, not a thị trấn or a phường).
func (s *CriteriaSet) Measures(u *Unit) bool {
	if u == nil || u.Level != s.Level {
		return false
	}
	t := s.Tier.UnitType()
	return t == "" || u.Type == t
}

// IndicatorCount returns the number of indicators of the set.
func (s *CriteriaSet) IndicatorCount() int {
	n := 0
	for _, c := range s.Criteria {
		n += len(c.Indicators)
	}
	return n
}

// ClassOf returns the classifier value that selects u's thresholds in s,
// after the set's override (extremely difficult communes use TDMNPB).
func (s *CriteriaSet) ClassOf(c Classifiers) string {
	switch s.Classifier {
	case ByGroup:
		return c.CommuneGroup
	case ByRegion:
		if s.Override != nil && s.Override.Flag == "extremely_difficult" && c.ExtremelyDifficult {
			return s.Override.Use
		}
		return c.Region
	}
	return ""
}

// HasClass reports whether code is one of the set's classifier values.
func (s *CriteriaSet) HasClass(code string) bool {
	for _, v := range s.Classes {
		if v.Code == code {
			return true
		}
	}
	return false
}

// ThresholdFor returns the threshold of ind that applies to class and year:
// an entry for the class beats one for all classes, and an entry for the
// year beats one for all years. ok is false when no entry applies.
func (ind *Indicator) ThresholdFor(class string, year int) (t Threshold, ok bool) {
	best := -1
	for _, th := range ind.Thresholds {
		if (th.Class != "" && th.Class != class) || (th.Year != 0 && th.Year != year) {
			continue
		}
		score := 0
		if th.Class != "" {
			score += 2
		}
		if th.Year != 0 {
			score++
		}
		if score > best {
			best, t = score, th
		}
	}
	return t, best >= 0
}

// CriteriaCatalog gives the criteria sets in force in this installation.
type CriteriaCatalog interface {
	Sets() []*CriteriaSet
	Set(id string) (*CriteriaSet, error) // ENOTFOUND for an unknown id
}

// SetInForce returns the set of a tier for a level in force in a year,
// preferring the most specific one (a province's own, derived set).
func SetInForce(sets CriteriaCatalog, tier Tier, level Level, year int) *CriteriaSet {
	var best *CriteriaSet
	for _, set := range sets.Sets() {
		if set.Tier != tier || set.Level != level || year < set.PeriodFrom || year > set.PeriodTo {
			continue
		}
		if best == nil || (best.DerivedFrom == "" && set.DerivedFrom != "") {
			best = set
		}
	}
	return best
}

// Link reads a criterion ("17") or an indicator ("17.2") of the set, as
// forms and tables name them; ok is false for a code the set lacks.
func (s *CriteriaSet) Link(code string) (crit, ind string, ok bool) {
	if s == nil || code == "" {
		return "", "", false
	}
	if c := s.Criterion(code); c != nil {
		return c.Code, "", true
	}
	if i, c := s.Indicator(code); i != nil {
		return c.Code, i.Code, true
	}
	return "", "", false
}

// CriterionName names a criterion of a set in a catalogue, for people: its
// Vietnamese name, the set's name for code "" (the whole set), the code
// itself when the set or the criterion is unknown.
func CriterionName(sets CriteriaCatalog, setID, code string) string {
	cs, err := sets.Set(setID)
	switch {
	case err != nil:
		return code
	case code == "":
		return cs.NameVi
	}
	if c := cs.Criterion(code); c != nil {
		return c.NameVi
	}
	return code
}
