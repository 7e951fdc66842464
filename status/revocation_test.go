package status_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

func TestUnitRevocation(t *testing.T) {
	rule := &datchuan.RevocationRule{AnyPercent: 50, KeyPercent: 30}
	tests := []struct {
		name     string
		set      *datchuan.CriteriaSet
		notMet   []string
		reported []string
		want     status.Revocation
	}{
		{
			name: "nothing failing",
			set:  MustFlatSet(t, 10, rule, "4"),
			want: status.Revocation{Total: 10},
		},
		{
			name:   "20% with a key criterion",
			set:    MustFlatSet(t, 10, rule, "4"),
			notMet: []string{"1", "4"},
			want:   status.Revocation{NotMet: 2, Total: 10, Percent: 20, KeyNotMet: []string{"4"}},
		},
		{
			name:   "exactly 30% without a key criterion",
			set:    MustFlatSet(t, 10, rule, "4"),
			notMet: []string{"1", "2", "3"},
			want:   status.Revocation{NotMet: 3, Total: 10, Percent: 30},
		},
		{
			name:   "exactly 30% with a key criterion",
			set:    MustFlatSet(t, 10, rule, "4", "9"),
			notMet: []string{"1", "2", "4"},
			want: status.Revocation{AtRisk: true, NotMet: 3, Total: 10, Percent: 30, KeyNotMet: []string{"4"},
				Reason: "3/10 tiêu chí không đạt (30%) ≥ 30%, trong đó có tiêu chí 4"},
		},
		{
			name:   "40% without a key criterion",
			set:    MustFlatSet(t, 10, rule, "9"),
			notMet: []string{"1", "2", "3", "4"},
			want:   status.Revocation{NotMet: 4, Total: 10, Percent: 40},
		},
		{
			name:   "exactly 50% without a key criterion",
			set:    MustFlatSet(t, 10, rule),
			notMet: []string{"1", "2", "3", "4", "5"},
			want: status.Revocation{AtRisk: true, NotMet: 5, Total: 10, Percent: 50,
				Reason: "5/10 tiêu chí không đạt (50%) ≥ 50%"},
		},
		{
			name:   "10/19",
			set:    MustFlatSet(t, 19, rule, "10", "17", "19"),
			notMet: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "11"},
			want: status.Revocation{AtRisk: true, NotMet: 10, Total: 19, Percent: 1000.0 / 19,
				Reason: "10/19 tiêu chí không đạt (52,6%) ≥ 50%"},
		},
		{
			name:   "9/19 without a key criterion",
			set:    MustFlatSet(t, 19, rule, "10", "17", "19"),
			notMet: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"},
			want:   status.Revocation{NotMet: 9, Total: 19, Percent: 900.0 / 19},
		},
		{
			name:   "6/19 with income and environment",
			set:    MustFlatSet(t, 19, rule, "10", "17", "19"),
			notMet: []string{"1", "2", "3", "10", "17", "18"},
			want: status.Revocation{AtRisk: true, NotMet: 6, Total: 19, Percent: 600.0 / 19, KeyNotMet: []string{"10", "17"},
				Reason: "6/19 tiêu chí không đạt (31,6%) ≥ 30%, trong đó có tiêu chí 10, 17"},
		},
		{
			name:   "5/19 with a key criterion stays below 30%",
			set:    MustFlatSet(t, 19, rule, "10", "17", "19"),
			notMet: []string{"1", "2", "3", "10", "17"},
			want:   status.Revocation{NotMet: 5, Total: 19, Percent: 500.0 / 19, KeyNotMet: []string{"10", "17"}},
		},
		{
			// Unconfirmed values are not a confirmed fall-back: they do not count.
			name:     "reported criteria do not count",
			set:      MustFlatSet(t, 10, rule, "4"),
			notMet:   []string{"1"},
			reported: []string{"2", "3", "4", "5", "6"},
			want:     status.Revocation{NotMet: 1, Total: 10, Percent: 10},
		},
		{
			name:   "a set without a rule never puts a unit at risk",
			set:    MustFlatSet(t, 10, nil, "4"),
			notMet: []string{"1", "2", "3", "4", "5", "6", "7", "8"},
			want:   status.Revocation{NotMet: 8, Total: 10, Percent: 80, KeyNotMet: []string{"4"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := status.EvaluateUnit(tt.set, 1, mekong, 2024, flatValues(tt.set, tt.notMet, tt.reported))
			if diff := cmp.Diff(tt.want, r.Revocation); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// Missing data and missing thresholds are gaps in the record, not a
// confirmed fall-back: a unit with no values at all is not at risk.
func TestUnitRevocationIgnoresGaps(t *testing.T) {
	set := MustCommuneSet(t)
	set.Criteria[0].Indicators[0].Thresholds = []datchuan.Threshold{unknown("")}
	r := status.EvaluateUnit(set, 1, mekong, 2024, nil)
	if r.Revocation.AtRisk || r.Revocation.NotMet != 0 {
		t.Errorf("no values: %+v, want not at risk", r.Revocation)
	}
}
