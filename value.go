package datchuan

import (
	"context"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ValueState is where a reported value stands with its lead department.
type ValueState string

const (
	StateReported  ValueState = "reported"  // waiting for the lead department
	StateConfirmed ValueState = "confirmed" // confirmed: only these count as met
	StateReturned  ValueState = "returned"  // sent back with a reason; the reporter resubmits
)

// Value is one report of an indicator for a unit, as of a date. Reports are
// never changed: a correction is a new Value, a confirmation a new Review.
type Value struct {
	ID            int64      `json:"id"`
	UnitID        int64      `json:"unit_id"`
	SetID         string     `json:"set_id"`
	IndicatorCode string     `json:"indicator_code"`
	AsOf          Date       `json:"as_of"` // the date the measurement describes
	Measure       Measure    `json:"measure"`
	ReportedBy    int64      `json:"reported_by,omitempty"` // a Person; 0 for imports and the demo
	ReportedAt    time.Time  `json:"reported_at"`
	Evidence      []string   `json:"evidence,omitempty"` // attachment IDs, or references written as text
	Comment       string     `json:"comment,omitempty"`
	State         ValueState `json:"state"` // as of the time it was read
	ReviewedBy    int64      `json:"reviewed_by,omitempty"`
	ReviewedAt    time.Time  `json:"reviewed_at,omitzero"`
	ReturnReason  string     `json:"return_reason,omitempty"`
}

// Review is a lead department's decision on a value.
type Review struct {
	ID       int64      `json:"id"`
	ValueID  int64      `json:"value_id"`
	Decision ValueState `json:"decision"` // StateConfirmed or StateReturned
	By       int64      `json:"by,omitempty"`
	At       time.Time  `json:"at"`
	Reason   string     `json:"reason,omitempty"` // required when returning
}

// ValueFilter selects values. Zero fields do not filter.
type ValueFilter struct {
	IDs           []int64 // with History, exactly these reports
	UnitIDs       []int64
	SetID         string
	IndicatorCode string
	// At selects what was known at that instant: the latest report per unit
	// and indicator reported before At, with its state as of At. Zero means now.
	At time.Time
	// History returns every report instead of the latest ones.
	History bool
	// With History, a page of the reports, the last recorded first: at most
	// Limit of them (0: all), recorded before the report BeforeID (0: from
	// the last). The ID of a page's last report is the next page's
	// BeforeID; reports are never changed, so a walk sees each once.
	Limit    int
	BeforeID int64
}

// ValueService stores reported values and their reviews.
type ValueService interface {
	// ReportValue appends a report; it sets v.ID and v.State = StateReported.
	ReportValue(ctx context.Context, v *Value) error
	// ReviewValue confirms or returns a value. It is ECONFLICT when the value
	// is no longer the latest report of its indicator, or was already
	// reviewed; EINVALID when returning without a reason.
	ReviewValue(ctx context.Context, r *Review) error
	// Values returns the values that match f, ordered by unit, indicator and
	// report time.
	Values(ctx context.Context, f ValueFilter) ([]*Value, error)
}

// CurrentValues picks, from a history of reports and reviews, the latest
// report per (unit, set, indicator) reported before at (zero: no limit), with
// State, ReviewedBy, ReviewedAt and ReturnReason set from the latest review
// before at. The result is sorted by unit, set, indicator. Inputs are not
// modified. Both storage engines use it so that "as of" means the same thing.
func CurrentValues(values []*Value, reviews []*Review, at time.Time) []*Value {
	type key struct {
		unit     int64
		set, ind string
	}
	latest := make(map[key]*Value)
	for _, v := range values {
		if !at.IsZero() && !v.ReportedAt.Before(at) {
			continue
		}
		k := key{v.UnitID, v.SetID, v.IndicatorCode}
		if cur, ok := latest[k]; !ok || later(v, cur) {
			latest[k] = v
		}
	}
	lastReview := make(map[int64]*Review)
	for _, r := range reviews {
		if !at.IsZero() && !r.At.Before(at) {
			continue
		}
		if cur, ok := lastReview[r.ValueID]; !ok || r.At.After(cur.At) || (r.At.Equal(cur.At) && r.ID > cur.ID) {
			lastReview[r.ValueID] = r
		}
	}
	out := make([]*Value, 0, len(latest))
	for _, v := range latest {
		c := *v
		c.State, c.ReviewedBy, c.ReviewedAt, c.ReturnReason = StateReported, 0, time.Time{}, ""
		if r, ok := lastReview[v.ID]; ok {
			c.State, c.ReviewedBy, c.ReviewedAt = r.Decision, r.By, r.At
			if r.Decision == StateReturned {
				c.ReturnReason = r.Reason
			}
		}
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.UnitID != b.UnitID {
			return a.UnitID < b.UnitID
		}
		if a.SetID != b.SetID {
			return a.SetID < b.SetID
		}
		return a.IndicatorCode < b.IndicatorCode
	})
	return out
}

// Supersedes reports whether v, a new report, takes the place of cur, the
// latest report of its indicator for its unit: it does unless it describes
// an earlier day (see later); there is nothing to take the place of when
// cur is nil.
func (v *Value) Supersedes(cur *Value) bool {
	return cur != nil && !v.AsOf.Before(cur.AsOf)
}

// later orders reports of one indicator: by as-of date, then report time, then ID.
func later(a, b *Value) bool {
	if c := a.AsOf.Compare(b.AsOf); c != 0 {
		return c > 0
	}
	if !a.ReportedAt.Equal(b.ReportedAt) {
		return a.ReportedAt.After(b.ReportedAt)
	}
	return a.ID > b.ID
}

// MeasureKind is the shape of a reported value.
type MeasureKind string

const (
	MeasureBool   MeasureKind = "bool"   // đạt / không đạt
	MeasureNumber MeasureKind = "number" // a number, a percentage, an amount
	MeasureRatio  MeasureKind = "ratio"  // numerator / denominator, e.g. 19/20 schools
)

// Measure is what a value says. For pass/fail indicators Bool is true when
// the statement holds ("đạt"); for must-be-none indicators Bool is true when
// there is none ("không có" nhà tạm). A ratio keeps both counts.
type Measure struct {
	Kind        MeasureKind `json:"kind"`
	Bool        bool        `json:"bool,omitempty"`
	Number      float64     `json:"number,omitempty"`
	Numerator   float64     `json:"numerator,omitempty"`
	Denominator float64     `json:"denominator,omitempty"`
}

// Bool returns a yes/no measure.
func BoolMeasure(ok bool) Measure { return Measure{Kind: MeasureBool, Bool: ok} }

// NumberMeasure returns a numeric measure.
func NumberMeasure(x float64) Measure { return Measure{Kind: MeasureNumber, Number: x} }

// RatioMeasure returns numerator/denominator.
func RatioMeasure(num, den float64) Measure {
	return Measure{Kind: MeasureRatio, Numerator: num, Denominator: den}
}

// Quantity returns the number that a numeric kind compares with its
// threshold: a ratio is a percentage for percent kinds and a plain quotient
// for per-person kinds. ok is false when the measure cannot be compared
// (a yes/no value for a numeric indicator, a zero denominator).
func (m Measure) Quantity(kind IndicatorKind) (q float64, ok bool) {
	switch m.Kind {
	case MeasureNumber:
		return m.Number, true
	case MeasureRatio:
		if m.Denominator == 0 {
			return 0, false
		}
		if kind == KindPercentMin || kind == KindPercentMax {
			return m.Numerator * 100 / m.Denominator, true
		}
		return m.Numerator / m.Denominator, true
	}
	return 0, false
}

// Satisfies reports whether m meets threshold t for an indicator of kind.
// ok is false when m does not fit the kind. Comparisons allow 1e-9 of slack
// so that 19/20 meets 95%.
func (m Measure) Satisfies(kind IndicatorKind, t float64) (met, ok bool) {
	const eps = 1e-9
	switch kind {
	case KindPassFail:
		if m.Kind != MeasureBool {
			return false, false
		}
		return m.Bool, true
	case KindNoneAllowed:
		switch m.Kind {
		case MeasureBool:
			return m.Bool, true
		case MeasureNumber:
			return m.Number == 0, true
		}
		return false, false
	}
	q, ok := m.Quantity(kind)
	if !ok {
		return false, false
	}
	if kind == KindPercentMax {
		return q <= t+eps, true
	}
	return q >= t-eps, true
}

// String shows m the way a Vietnamese officer writes it: "đạt", "95%", "19/20".
func (m Measure) String() string {
	switch m.Kind {
	case MeasureBool:
		if m.Bool {
			return "đạt"
		}
		return "không đạt"
	case MeasureNumber:
		return FormatNumber(m.Number)
	case MeasureRatio:
		return FormatNumber(m.Numerator) + "/" + FormatNumber(m.Denominator)
	}
	return ""
}

// FormatNumber writes x with at most 2 decimals and a decimal comma: 95,5.
func FormatNumber(x float64) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

// ParseMeasure reads a value as a commune officer writes it, for an
// indicator of the given kind:
//   - yes/no: đạt, không đạt, có, không, yes, no, true, false (any case). For
//     must-be-none indicators có/không/yes/no/true/false answer "is there any?",
//     so "không" meets them; đạt/không đạt mean met/not met for every kind;
//   - a number: 95, 95,5 or 95.5, optionally with %, thousands written
//     1.234.567 or 1.234,5; 47.000 and 1,234 are refused as ambiguous
//     (see parseNumber for the whole rule);
//   - a ratio: 19/20 (numerator/denominator).
func ParseMeasure(kind IndicatorKind, s string) (Measure, error) {
	raw := s
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if s == "" {
		return Measure{}, Errorf(EINVALID, "giá trị trống (empty value)")
	}
	if b, ok := parseYesNo(kind, s); ok {
		if kind.Numeric() {
			return Measure{}, Errorf(EINVALID, "%q: chỉ tiêu này cần một số hoặc tỷ lệ, không phải đạt/không đạt (this indicator needs a number or a ratio)", raw)
		}
		return BoolMeasure(b), nil
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, err := parseNumber(num)
		d, err2 := parseNumber(den)
		if err == nil {
			err = err2
		}
		if errors.Is(err, errUnreadable) {
			return Measure{}, Errorf(EINVALID, "%q: tỷ lệ cần dạng tử số/mẫu số, ví dụ 19/20 (a ratio must be numerator/denominator)", raw)
		} else if err != nil {
			return Measure{}, err // a sign, an ambiguous separator: parseNumber says which
		}
		if d <= 0 || n < 0 {
			return Measure{}, Errorf(EINVALID, "%q: mẫu số phải lớn hơn 0 và tử số không âm (denominator must be positive)", raw)
		}
		if n > d && (kind == KindPercentMin || kind == KindPercentMax) {
			return Measure{}, Errorf(EINVALID, "%q: tử số lớn hơn mẫu số (numerator exceeds denominator)", raw)
		}
		if kind == KindPassFail {
			return Measure{}, Errorf(EINVALID, "%q: chỉ tiêu này cần đạt hoặc không đạt (this indicator needs đạt/không đạt)", raw)
		}
		return RatioMeasure(n, d), nil
	}
	pct := strings.HasSuffix(s, "%")
	x, err := parseNumber(strings.TrimSuffix(s, "%"))
	if errors.Is(err, errUnreadable) {
		return Measure{}, Errorf(EINVALID, "%q: không đọc được giá trị; cần đạt/không đạt, một số (95,5), phần trăm (95%%) hoặc tỷ lệ (19/20) (unreadable value)", raw)
	} else if err != nil {
		return Measure{}, err
	}
	switch {
	case kind == KindPassFail:
		return Measure{}, Errorf(EINVALID, "%q: chỉ tiêu này cần đạt hoặc không đạt (this indicator needs đạt/không đạt)", raw)
	case pct && kind != KindPercentMin && kind != KindPercentMax:
		return Measure{}, Errorf(EINVALID, "%q: chỉ tiêu này không tính bằng phần trăm (this indicator is not a percentage)", raw)
	case x < 0:
		return Measure{}, Errorf(EINVALID, "%q: giá trị không được âm (negative value)", raw)
	case (kind == KindPercentMin || kind == KindPercentMax) && x > 100:
		return Measure{}, Errorf(EINVALID, "%q: phần trăm lớn hơn 100 (percentage above 100)", raw)
	}
	return NumberMeasure(x), nil
}

func parseYesNo(kind IndicatorKind, s string) (b, ok bool) {
	switch s {
	case "đạt", "dat":
		return true, true
	case "không đạt", "khong dat", "chưa đạt", "chua dat":
		return false, true
	}
	var yes bool
	switch s {
	case "có", "co", "yes", "true":
		yes = true
	case "không", "khong", "no", "false":
		yes = false
	default:
		return false, false
	}
	if kind == KindNoneAllowed {
		return !yes, true // "is there any?" — none meets the indicator
	}
	return yes, true
}
