package live

import (
	"time"

	"github.com/datchuan/datchuan"
)

// A national database holds about half a million current values; as
// datchuan.Value each takes some 260 bytes with its strings, as a cell
// under 100: the texts every value repeats (set, indicator, kind, state)
// become small numbers into the model's tables, times become
// microseconds, and the texts few values carry (evidence, comments, a
// return reason) move to a side record that most values leave empty.

// cell is a current value as the model keeps it.
type cell struct {
	id, unit, reportedBy, reviewedBy int64
	reportedAt, reviewedAt           int64 // microseconds since 1970; 0: zero time
	number, numerator, denominator   float64
	set, ind, kind, state            uint16 // into the model's names
	asOf                             int32  // yyyymmdd; 0: zero date
	yes                              bool   // Measure.Bool
	extra                            *cellText
}

// cellText is what few values carry.
type cellText struct {
	evidence              []string
	comment, returnReason string
}

// names numbers the texts cells repeat. The caller holds the model's lock
// for writing when adding.
type names struct {
	list []string
	num  map[string]int
}

func (n *names) number(s string) int {
	if i, ok := n.num[s]; ok {
		return i
	}
	if n.num == nil {
		n.num = map[string]int{}
	}
	n.list = append(n.list, s)
	n.num[s] = len(n.list) - 1
	return len(n.list) - 1
}

// cellOf packs v; the caller holds the model's lock for writing.
func (m *Model) cellOf(v *datchuan.Value) cell {
	c := cell{id: v.ID, unit: v.UnitID, reportedBy: v.ReportedBy, reviewedBy: v.ReviewedBy,
		reportedAt: micros(v.ReportedAt), reviewedAt: micros(v.ReviewedAt),
		number: v.Measure.Number, numerator: v.Measure.Numerator, denominator: v.Measure.Denominator,
		set: uint16(m.names.number(v.SetID)), ind: uint16(m.names.number(v.IndicatorCode)),
		kind: uint16(m.names.number(string(v.Measure.Kind))), state: uint16(m.names.number(string(v.State))),
		yes: v.Measure.Bool, asOf: dateNum(v.AsOf)}
	if v.Evidence != nil || v.Comment != "" || v.ReturnReason != "" {
		c.extra = &cellText{evidence: v.Evidence, comment: v.Comment, returnReason: v.ReturnReason}
	}
	return c
}

// value unpacks c into a new Value; the caller holds the model's lock.
func (m *Model) value(c *cell) *datchuan.Value {
	n := m.names.list
	v := &datchuan.Value{ID: c.id, UnitID: c.unit, SetID: n[c.set], IndicatorCode: n[c.ind], AsOf: dateOf(c.asOf),
		Measure: datchuan.Measure{Kind: datchuan.MeasureKind(n[c.kind]), Bool: c.yes, Number: c.number,
			Numerator: c.numerator, Denominator: c.denominator},
		ReportedBy: c.reportedBy, ReportedAt: timeOf(c.reportedAt), State: datchuan.ValueState(n[c.state]),
		ReviewedBy: c.reviewedBy, ReviewedAt: timeOf(c.reviewedAt)}
	if e := c.extra; e != nil {
		v.Evidence, v.Comment, v.ReturnReason = e.evidence, e.comment, e.returnReason
	}
	return v
}

// stamp is the later of the cell's report and review, in microseconds.
func (c *cell) stamp() int64 { return max(c.reportedAt, c.reviewedAt) }

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// timeOf is micros' inverse, in UTC as the database gives times.
func timeOf(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

func dateNum(d datchuan.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Year*10000 + int(d.Month)*100 + d.Day)
}

func dateOf(n int32) datchuan.Date {
	if n == 0 {
		return datchuan.Date{}
	}
	return datchuan.Date{Year: int(n / 10000), Month: time.Month(n / 100 % 100), Day: int(n % 100)}
}
