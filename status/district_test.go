package status_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// MustDistrictSet returns a district set of 4 criteria (6 and 7 revocation
// keys) with the five conditions of 2021–2025: C1 every Xã NTM, C2 at least
// 10% of Xã advanced, C3 every Thị trấn a civilised urban area, C4 all
// criteria met, C5 no capital-construction debt (a yes/no statement).
func MustDistrictSet(tb testing.TB) *datchuan.CriteriaSet {
	tb.Helper()
	return &datchuan.CriteriaSet{
		ID:         districtSet,
		Level:      datchuan.LevelDistrict,
		Tier:       datchuan.TierDistrictNTM,
		Classifier: datchuan.ByRegion,
		Classes:    []datchuan.ClassifierValue{{Code: tdmnpb}, {Code: dbscl}},
		Criteria: []datchuan.Criterion{
			criterion("1", false, indicator("1.1", datchuan.KindPassFail, known("", 0, 0))),
			criterion("2", false, indicator("2.2", datchuan.KindPercentMin, known("", 0, 90))),
			criterion("6", true, indicator("6.1", datchuan.KindPassFail, known("", 0, 0))),
			criterion("7", true, indicator("7.2", datchuan.KindPercentMin, known("", 0, 95))),
		},
		Conditions: []datchuan.Condition{
			{Code: "C1", TextVi: "100% số xã đạt chuẩn nông thôn mới", Kind: datchuan.CondShareOfCommunes, Tier: datchuan.TierCommuneNTM, MinPercent: 100},
			{Code: "C2", TextVi: "Có ít nhất 10% số xã đạt chuẩn nông thôn mới nâng cao", Kind: datchuan.CondShareOfCommunes, Tier: datchuan.TierCommuneAdvanced, MinPercent: 10},
			{Code: "C3", TextVi: "Thị trấn (nếu có) đạt chuẩn đô thị văn minh", Kind: datchuan.CondShareOfTowns, Tier: datchuan.TierCivilisedUrban, MinPercent: 100},
			{Code: "C4", TextVi: "Đạt chuẩn 4/4 tiêu chí huyện nông thôn mới", Kind: datchuan.CondAllCriteria},
			{Code: "C5", TextVi: "Không có nợ đọng xây dựng cơ bản", Kind: datchuan.CondBoolean},
		},
		Revocation: &datchuan.RevocationRule{AnyPercent: 50, KeyPercent: 30, CommunesPercent: 30},
	}
}

var cauNgang = &datchuan.Unit{ID: 848, Code: "848", Name: "Huyện Cầu Ngang", Type: "Huyện", Level: datchuan.LevelDistrict, Classifiers: mekong}

// districtValues meets every criterion of MustDistrictSet and C5, with
// changes applied on top.
func districtValues(changes ...*datchuan.Value) []*datchuan.Value {
	ok := datchuan.StateConfirmed
	vals := []*datchuan.Value{
		value(districtSet, "1.1", datchuan.BoolMeasure(true), ok),
		value(districtSet, "2.2", datchuan.RatioMeasure(46, 50), ok),
		value(districtSet, "6.1", datchuan.BoolMeasure(true), ok),
		value(districtSet, "7.2", datchuan.NumberMeasure(97), ok),
		value(districtSet, "C5", datchuan.BoolMeasure(true), ok),
	}
	return append(vals, changes...)
}

// result is a member's result for a tier: meeting it or not, and at risk of
// revocation or not.
func result(tier datchuan.Tier, meets, atRisk bool) status.UnitResult {
	return status.UnitResult{Tier: tier, Meets: meets, Revocation: status.Revocation{AtRisk: atRisk}}
}

func member(id int64, typ string, results ...status.UnitResult) status.Member {
	m := status.Member{
		Unit:    &datchuan.Unit{ID: id, Code: fmt.Sprint(id), Name: typ + " " + fmt.Sprint(id), Type: typ, Level: datchuan.LevelCommune},
		Results: make(map[datchuan.Tier]status.UnitResult),
	}
	for _, r := range results {
		m.Results[r.Tier] = r
	}
	return m
}

// communes returns n Xã members meeting NTM, the first advanced of them
// meeting the advanced standard too.
func communes(n, advanced int) []status.Member {
	var out []status.Member
	for i := range n {
		out = append(out, member(int64(1000+i), status.TypeCommune,
			result(datchuan.TierCommuneNTM, true, false),
			result(datchuan.TierCommuneAdvanced, i < advanced, false)))
	}
	return out
}

func towns(meeting ...bool) []status.Member {
	var out []status.Member
	for i, ok := range meeting {
		out = append(out, member(int64(2000+i), status.TypeTown, result(datchuan.TierCivilisedUrban, ok, false)))
	}
	return out
}

func with(ms ...[]status.Member) []status.Member {
	var out []status.Member
	for _, m := range ms {
		out = append(out, m...)
	}
	return out
}

func condition(tb testing.TB, d status.DistrictResult, code string) status.ConditionResult {
	tb.Helper()
	for _, c := range d.Conditions {
		if c.Code == code {
			return c
		}
	}
	tb.Fatalf("condition %s not in result", code)
	return status.ConditionResult{}
}

func TestShareConditions(t *testing.T) {
	set := MustDistrictSet(t)
	notNTM := member(1100, status.TypeCommune, result(datchuan.TierCommuneNTM, false, false), result(datchuan.TierCommuneAdvanced, false, false))
	unevaluated := member(1101, status.TypeCommune)
	ward := member(3000, status.TypeWard, result(datchuan.TierCommuneNTM, false, false))
	tests := []struct {
		name    string
		members []status.Member
		code    string
		want    status.ConditionResult
	}{
		{"all 10 communes NTM", communes(10, 1), "C1", status.ConditionResult{Status: status.Met, Met: 10, Total: 10, Percent: 100, Need: 100}},
		{"9 of 10 communes NTM", with(communes(9, 1), []status.Member{notNTM}), "C1",
			status.ConditionResult{Status: status.NotMet, Met: 9, Total: 10, Percent: 90, Need: 100}},
		{"a commune with no NTM result does not meet", with(communes(9, 1), []status.Member{unevaluated}), "C1",
			status.ConditionResult{Status: status.NotMet, Met: 9, Total: 10, Percent: 90, Need: 100}},
		{"wards and towns are not communes", with(communes(4, 1), []status.Member{ward}, towns(false)), "C1",
			status.ConditionResult{Status: status.Met, Met: 4, Total: 4, Percent: 100, Need: 100}},
		{"no commune evaluated at all", []status.Member{member(1, status.TypeCommune), member(2, status.TypeCommune)}, "C1",
			status.ConditionResult{Status: status.NoData, Total: 2, Need: 100}},
		{"no commune: vacuously met", towns(true), "C1", status.ConditionResult{Status: status.Met, Need: 100}},

		{"exactly 10% advanced", communes(10, 1), "C2", status.ConditionResult{Status: status.Met, Met: 1, Total: 10, Percent: 10, Need: 10}},
		{"1 of 11 advanced is below 10%", communes(11, 1), "C2",
			status.ConditionResult{Status: status.NotMet, Met: 1, Total: 11, Percent: 100.0 / 11, Need: 10}},
		{"none advanced", communes(13, 0), "C2", status.ConditionResult{Status: status.NotMet, Total: 13, Need: 10}},
		{"no advanced result anywhere", []status.Member{member(1, status.TypeCommune, result(datchuan.TierCommuneNTM, true, false))}, "C2",
			status.ConditionResult{Status: status.NoData, Total: 1, Need: 10}},

		{"no town: vacuously met (Thị trấn nếu có)", communes(6, 1), "C3", status.ConditionResult{Status: status.Met, Need: 100}},
		{"one of two towns civilised", with(communes(6, 1), towns(true, false)), "C3",
			status.ConditionResult{Status: status.NotMet, Met: 1, Total: 2, Percent: 50, Need: 100}},
		{"both towns civilised", with(communes(13, 2), towns(true, true)), "C3",
			status.ConditionResult{Status: status.Met, Met: 2, Total: 2, Percent: 100, Need: 100}},
		{"a town not evaluated for civilised urban", []status.Member{member(2000, status.TypeTown)}, "C3",
			status.ConditionResult{Status: status.NoData, Total: 1, Need: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := status.EvaluateDistrict(set, cauNgang, 2022, districtValues(), tt.members)
			got := condition(t, d, tt.code)
			got.Code, got.TextVi, got.Kind, got.Tier = "", "", "", ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestOwnConditions(t *testing.T) {
	set := MustDistrictSet(t)
	ok, rep := datchuan.StateConfirmed, datchuan.StateReported
	tests := []struct {
		name      string
		values    []*datchuan.Value
		code      string
		want      status.Status
		wouldMeet bool
	}{
		{"all criteria met", districtValues(), "C4", status.Met, false},
		{"a criterion not met", districtValues(value(districtSet, "2.2", datchuan.NumberMeasure(80), ok), value(districtSet, "6.1", datchuan.BoolMeasure(true), rep)), "C4", status.NotMet, false},
		{"a criterion only reported", districtValues(value(districtSet, "6.1", datchuan.BoolMeasure(true), rep)), "C4", status.Reported, false},
		{"a criterion without data", districtValues()[1:], "C4", status.NoData, false},

		{"no debt, confirmed", districtValues(), "C5", status.Met, false},
		{"debt, confirmed", districtValues(value(districtSet, "C5", datchuan.BoolMeasure(false), ok)), "C5", status.NotMet, false},
		{"no debt, only reported", districtValues(value(districtSet, "C5", datchuan.BoolMeasure(true), rep)), "C5", status.Reported, true},
		{"a criterion returned", districtValues(value(districtSet, "6.1", datchuan.BoolMeasure(true), datchuan.StateReturned)), "C4", status.Returned, false},
		{"no debt, returned", districtValues(value(districtSet, "C5", datchuan.BoolMeasure(true), datchuan.StateReturned)), "C5", status.Returned, false},
		{"no statement", districtValues()[:4], "C5", status.NoData, false},
		{"a number is not a statement", districtValues(value(districtSet, "C5", datchuan.NumberMeasure(0), ok)), "C5", status.NoData, false},
		{"another set's statement is ignored", append(districtValues()[:4], value("other", "C5", datchuan.BoolMeasure(true), ok)), "C5", status.NoData, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := status.EvaluateDistrict(set, cauNgang, 2022, tt.values, communes(10, 1))
			got := condition(t, d, tt.code)
			if got.Status != tt.want || got.WouldMeet != tt.wouldMeet {
				t.Errorf("%s would meet %v, want %s %v", got.Status, got.WouldMeet, tt.want, tt.wouldMeet)
			}
		})
	}
}

func TestAllCriteriaConditionCounts(t *testing.T) {
	d := status.EvaluateDistrict(MustDistrictSet(t), cauNgang, 2022,
		districtValues(value(districtSet, "7.2", datchuan.NumberMeasure(90), datchuan.StateConfirmed)), communes(10, 1))
	got := condition(t, d, "C4")
	if got.Met != 3 || got.Total != 4 || got.Percent != 75 {
		t.Errorf("C4 %d/%d (%v%%), want 3/4 (75%%)", got.Met, got.Total, got.Percent)
	}
}

func TestDistrictMeets(t *testing.T) {
	set := MustDistrictSet(t)
	tests := []struct {
		name    string
		values  []*datchuan.Value
		members []status.Member
		want    bool
	}{
		{"everything met", districtValues(), with(communes(13, 2), towns(true, true)), true},
		{"everything met, no town", districtValues(), communes(6, 1), true},
		{"no advanced commune", districtValues(), with(communes(13, 0), towns(true, true)), false},
		{"a town not civilised", districtValues(), with(communes(13, 2), towns(true, false)), false},
		{"a commune not NTM", districtValues(), with(communes(12, 2), []status.Member{member(9, status.TypeCommune, result(datchuan.TierCommuneNTM, false, false))}), false},
		{"a district criterion only reported", districtValues(value(districtSet, "1.1", datchuan.BoolMeasure(true), datchuan.StateReported)), communes(10, 1), false},
		{"debt statement missing", districtValues()[:4], communes(10, 1), false},
		{"no member evaluated", districtValues(), []status.Member{member(1, status.TypeCommune)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := status.EvaluateDistrict(set, cauNgang, 2022, tt.values, tt.members)
			if d.Meets != tt.want {
				t.Errorf("meets %v, want %v (conditions %+v)", d.Meets, tt.want, d.Conditions)
			}
			if d.Unit.UnitID != cauNgang.ID || d.Unit.Tier != datchuan.TierDistrictNTM || len(d.Members) != len(tt.members) {
				t.Errorf("unit %d tier %s members %d", d.Unit.UnitID, d.Unit.Tier, len(d.Members))
			}
		})
	}
}

func TestDistrictRevocation(t *testing.T) {
	set := MustDistrictSet(t)
	atRisk := func(n, of int) []status.Member {
		ms := communes(of, 1)
		for i := range n {
			ms[i].Results[datchuan.TierCommuneNTM] = result(datchuan.TierCommuneNTM, false, true)
		}
		return ms
	}
	wardAtRisk := member(3000, status.TypeWard, result(datchuan.TierCommuneNTM, false, true))
	no := func(code string) *datchuan.Value {
		return value(districtSet, code, datchuan.BoolMeasure(false), datchuan.StateConfirmed)
	}
	tests := []struct {
		name    string
		values  []*datchuan.Value
		members []status.Member
		want    status.Revocation
	}{
		{"no commune at risk", districtValues(), communes(10, 1),
			status.Revocation{Total: 4, Communes: 10}},
		{"2 of 10 communes at risk", districtValues(), atRisk(2, 10),
			status.Revocation{Total: 4, Communes: 10, CommunesAtRisk: 2, CommunesPercent: 20}},
		{"exactly 30% of communes at risk", districtValues(), atRisk(3, 10),
			status.Revocation{AtRisk: true, Total: 4, Communes: 10, CommunesAtRisk: 3, CommunesPercent: 30,
				Reason: "3/10 xã có nguy cơ bị thu hồi công nhận (30%) ≥ 30%"}},
		{"wards do not count", districtValues(), with(atRisk(2, 10), []status.Member{wardAtRisk}),
			status.Revocation{Total: 4, Communes: 10, CommunesAtRisk: 2, CommunesPercent: 20}},
		{"1 of 4 district criteria, a key one (25%)", districtValues(no("6.1")), communes(10, 1),
			status.Revocation{NotMet: 1, Total: 4, Percent: 25, KeyNotMet: []string{"6"}, Communes: 10}},
		{"2 of 4 district criteria (50%)", districtValues(no("1.1"), value(districtSet, "2.2", datchuan.NumberMeasure(10), datchuan.StateConfirmed)), communes(10, 1),
			status.Revocation{AtRisk: true, NotMet: 2, Total: 4, Percent: 50, Communes: 10,
				Reason: "2/4 tiêu chí không đạt (50%) ≥ 50%"}},
		{"both rules", districtValues(no("1.1"), no("6.1")), atRisk(4, 10),
			status.Revocation{AtRisk: true, NotMet: 2, Total: 4, Percent: 50, KeyNotMet: []string{"6"}, Communes: 10, CommunesAtRisk: 4, CommunesPercent: 40,
				Reason: "4/10 xã có nguy cơ bị thu hồi công nhận (40%) ≥ 30%; 2/4 tiêu chí không đạt (50%) ≥ 50%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := status.EvaluateDistrict(set, cauNgang, 2022, tt.values, tt.members)
			if diff := cmp.Diff(tt.want, d.Revocation); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}

	set.Revocation = nil
	if d := status.EvaluateDistrict(set, cauNgang, 2022, districtValues(no("1.1"), no("6.1")), atRisk(10, 10)); d.Revocation.AtRisk {
		t.Errorf("a set without a rule put the district at risk: %+v", d.Revocation)
	}
}
