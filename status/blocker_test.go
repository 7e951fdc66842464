package status_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

func TestUnitBlockers(t *testing.T) {
	set := MustCommuneSet(t)
	late := value(set.ID, "10", datchuan.NumberMeasure(70), datchuan.StateReported)
	low := value(set.ID, "2.2", datchuan.NumberMeasure(85), datchuan.StateConfirmed)
	vals := valuesOf(set.ID, goodMeasures(), low, late)
	vals = vals[1:] // no value for 1.1
	r := status.EvaluateUnit(set, 42, mekong, 2024, vals)
	want := []status.Blocker{
		{UnitID: 42, SetID: set.ID, Tier: datchuan.TierCommuneNTM, CriterionCode: "1", IndicatorCode: "1.1", Status: status.NoData},
		{UnitID: 42, SetID: set.ID, Tier: datchuan.TierCommuneNTM, CriterionCode: "2", IndicatorCode: "2.2", Status: status.NotMet, Value: low},
		{UnitID: 42, SetID: set.ID, Tier: datchuan.TierCommuneNTM, CriterionCode: "4", IndicatorCode: "10", Status: status.Reported, Value: late},
	}
	if diff := cmp.Diff(want, r.Blockers()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}

	if b := status.EvaluateUnit(set, 42, mekong, 2024, valuesOf(set.ID, goodMeasures())).Blockers(); len(b) != 0 {
		t.Errorf("a unit meeting every criterion has blockers: %+v", b)
	}
}

func TestDistrictBlockers(t *testing.T) {
	ntm := MustFlatSet(t, 3, nil)
	ntm.ID = "flat-ntm"
	advanced := MustFlatSet(t, 2, nil)
	advanced.ID, advanced.Tier = "flat-advanced", datchuan.TierCommuneAdvanced
	urban := MustFlatSet(t, 2, nil)
	urban.ID, urban.Tier = "flat-urban", datchuan.TierCivilisedUrban
	evaluate := func(set *datchuan.CriteriaSet, id int64, notMet, reported []string) status.UnitResult {
		return status.EvaluateUnit(set, id, mekong, 2022, flatValues(set, notMet, reported))
	}

	good := member(1, status.TypeCommune, evaluate(ntm, 1, nil, nil), evaluate(advanced, 1, []string{"1"}, nil))
	failing := member(2, status.TypeCommune, evaluate(ntm, 2, []string{"2"}, []string{"3"}), evaluate(advanced, 2, []string{"1", "2"}, nil))
	unevaluated := member(3, status.TypeCommune)
	town := member(4, status.TypeTown, evaluate(urban, 4, []string{"1"}, nil), evaluate(ntm, 4, []string{"1"}, nil))
	ward := member(5, status.TypeWard, evaluate(ntm, 5, []string{"1"}, nil))

	set := MustDistrictSet(t)
	debt := value(districtSet, "C5", datchuan.BoolMeasure(true), datchuan.StateReported)
	low := value(districtSet, "7.2", datchuan.NumberMeasure(90), datchuan.StateConfirmed)
	d := status.EvaluateDistrict(set, cauNgang, 2022, districtValues(low, debt), []status.Member{good, failing, unevaluated, town, ward})

	own := func(crit, ind string, s status.Status, v *datchuan.Value) status.Blocker {
		return status.Blocker{UnitID: 848, SetID: districtSet, Tier: datchuan.TierDistrictNTM, CriterionCode: crit, IndicatorCode: ind, Status: s, Value: v}
	}
	cond := func(code string, s status.Status, v *datchuan.Value) status.Blocker {
		return status.Blocker{UnitID: 848, SetID: districtSet, Tier: datchuan.TierDistrictNTM, ConditionCode: code, Status: s, Value: v}
	}
	memberValue := func(m status.Member, tier datchuan.Tier, code string) *datchuan.Value {
		for _, c := range m.Results[tier].Criteria {
			if c.Indicators[0].Code == code {
				return c.Indicators[0].Value
			}
		}
		t.Fatalf("no %s for member %d", code, m.Unit.ID)
		return nil
	}
	want := []status.Blocker{
		own("7", "7.2", status.NotMet, low),
		cond("C1", status.NotMet, nil),
		cond("C2", status.NotMet, nil), // only the condition: no list of non-advanced communes
		cond("C3", status.NotMet, nil),
		cond("C4", status.NotMet, nil),
		cond("C5", status.Reported, debt),
		{UnitID: 2, SetID: "flat-ntm", Tier: datchuan.TierCommuneNTM, CriterionCode: "2", IndicatorCode: "2.1", Status: status.NotMet,
			Value: memberValue(failing, datchuan.TierCommuneNTM, "2.1")},
		{UnitID: 2, SetID: "flat-ntm", Tier: datchuan.TierCommuneNTM, CriterionCode: "3", IndicatorCode: "3.1", Status: status.Reported,
			Value: memberValue(failing, datchuan.TierCommuneNTM, "3.1")},
		{UnitID: 3, Tier: datchuan.TierCommuneNTM, Status: status.NoData},
		{UnitID: 4, SetID: "flat-urban", Tier: datchuan.TierCivilisedUrban, CriterionCode: "1", IndicatorCode: "1.1", Status: status.NotMet,
			Value: memberValue(town, datchuan.TierCivilisedUrban, "1.1")},
	}
	if diff := cmp.Diff(want, d.Blockers()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestDistrictBlockersWhenMet(t *testing.T) {
	d := status.EvaluateDistrict(MustDistrictSet(t), cauNgang, 2022, districtValues(), with(communes(10, 1), towns(true)))
	if !d.Meets {
		t.Fatalf("the district should meet: %+v", d.Conditions)
	}
	if b := d.Blockers(); len(b) != 0 {
		t.Errorf("a district meeting NTM has blockers: %+v", b)
	}
}
