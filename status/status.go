package status

import datchuan "github.com/datchuan/datchuan"

// Status is the evaluation of an indicator, criterion or condition.
type Status string

const (
	Met              Status = "met"
	NotMet           Status = "not_met"           // a confirmed value that fails its threshold
	Reported         Status = "reported"          // the latest value waits for the lead department's confirmation: never counts as met
	Returned         Status = "returned"          // the latest value was returned to its reporter with a reason: the reporter's turn, never met
	NoData           Status = "no_data"           // no value (or a value whose shape does not fit the kind)
	ThresholdMissing Status = "threshold_missing" // no Known threshold for this unit's class and year: never met, whatever the value
)

// severity orders the statuses that are not Met for summarising a group of
// them: a confirmed failure says most about the unit (it is a fact, and
// the only status the revocation rule counts); then a value returned to
// its reporter, who has a reason to act on; then missing data, also the
// reporter's turn but with nothing said yet; then a gap in the criteria
// set; then values only waiting for confirmation.
var severity = [...]Status{NotMet, Returned, NoData, ThresholdMissing, Reported}

// Worst returns the status that summarises statuses: Met when all are Met
// (and there is at least one), otherwise the first present of NotMet,
// Returned, NoData, ThresholdMissing, Reported. An empty list is
// ThresholdMissing: a criterion with no indicators has nothing that could
// be met.
func Worst(statuses ...Status) Status {
	if len(statuses) == 0 {
		return ThresholdMissing
	}
	var seen [len(severity)]bool
	for _, s := range statuses {
		for i, w := range severity {
			if s == w {
				seen[i] = true
			}
		}
	}
	for i, ok := range seen {
		if ok {
			return severity[i]
		}
	}
	return Met
}

// LabelVi is the Vietnamese label of s, as dashboards show it.
func (s Status) LabelVi() string {
	switch s {
	case Met:
		return "Đạt"
	case NotMet:
		return "Chưa đạt"
	case Reported:
		return "Chờ xác nhận"
	case Returned:
		return "Bị trả lại"
	case NoData:
		return "Chưa có số liệu"
	case ThresholdMissing:
		return "Chưa có ngưỡng"
	}
	return string(s)
}

// eps is the slack of percentage comparisons, the same as Measure.Satisfies,
// so that 3 of 10 criteria is exactly 30%.
const eps = 1e-9

// atLeast reports whether percent reaches need, allowing for float rounding.
func atLeast(percent, need float64) bool { return percent >= need-eps }

// percentOf returns part/whole as a percentage, 0 for an empty whole.
func percentOf(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// confirmed reports whether v counts for met/not met: only values the lead
// department confirmed do (DOMAIN.md §5).
func confirmed(v *datchuan.Value) bool { return v.State == datchuan.StateConfirmed }
