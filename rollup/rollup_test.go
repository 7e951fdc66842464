package rollup_test

import (
	"context"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
	"github.com/datchuan/datchuan/web/webtest"
)

// rollupOf is the rollup over the demo world, on its clock.
func rollupOf(w *webtest.World) *rollup.Service {
	st := w.Stores()
	return &rollup.Service{Tree: w.Service.Tree(), Targets: st.Targets, Values: st.Values, Sets: w.Sets,
		Agencies: st.Agencies, Plans: st.Plans, Today: w.Service.Today()}
}

func TestDistrictAndProvince(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	r := rollupOf(w)
	d, err := r.District(ctx, "848", datchuan.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Unit.Name != "Huyện Cầu Ngang" || d.On != datchuan.MustDate("2022-09-01") {
		t.Errorf("district 848 = %s on %s", d.Unit.Name, d.On.VN())
	}
	if d.Target == nil || d.Result == nil || d.Set == nil || d.Set.Tier != datchuan.TierDistrictNTM {
		t.Fatalf("Cầu Ngang is measured against its NTM district target: target %v, set %v", d.Target, d.Set)
	}
	if len(d.Communes) != 15 {
		t.Errorf("%d commune-level units in Cầu Ngang, want 15", len(d.Communes))
	}
	xa := 0
	for _, c := range d.Communes {
		if c.Unit.Type != "Xã" {
			continue
		}
		xa++
		if _, ok := c.Results[datchuan.TierCommuneNTM]; !ok {
			t.Errorf("%s has no NTM commune result", c.Unit.Name)
		}
	}
	if xa == 0 {
		t.Fatal("no xã in the matrix")
	}

	p, err := r.Province(ctx, "84", datchuan.MustDate("2022-06-22"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Districts) != 9 {
		t.Errorf("%d district-level units in Trà Vinh on 22/06/2022, want 9", len(p.Districts))
	}
	if _, err := r.District(ctx, "848", datchuan.MustDate("2025-08-01")); datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		t.Errorf("Cầu Ngang after districts were abolished: %v, want not found", err)
	}
}

// The blockers of Cầu Ngang's target name who must lift each one and by
// when: the assignment's lead and deadline where Plan 45 assigned the
// criterion, else the standing lead.
func TestBlockersHaveOwners(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	r := rollupOf(w)
	d, err := r.District(ctx, "848", datchuan.Date{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Blockers(ctx, d.Target, d.Unit, datchuan.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Evaluated || b.Meets || b.Count == 0 || b.Count != len(b.Blockers) {
		t.Fatalf("blockers of Cầu Ngang: evaluated %v, meets %v, %d rows", b.Evaluated, b.Meets, len(b.Blockers))
	}
	if b.Blockers[0].Unit.ID != d.Unit.ID {
		t.Errorf("the district's own blockers come first, got %s", b.Blockers[0].Unit.Name)
	}
	assigned, standing := 0, 0
	for _, row := range b.Blockers {
		if row.CriterionCode == "" || row.Status == status.Met {
			continue
		}
		switch {
		case row.AssignmentID != 0:
			assigned++
			if row.Owner == nil || row.Deadline.IsZero() || row.OwnerGeneral {
				t.Errorf("%s %s: assigned without owner or deadline: %+v", row.Unit.Name, row.CriterionCode, row)
			}
		case row.Owner != nil:
			standing++
			if !row.OwnerGeneral || row.Owner != row.Lead {
				t.Errorf("%s %s: the standing lead is not the owner", row.Unit.Name, row.CriterionCode)
			}
		}
	}
	if assigned == 0 || standing == 0 {
		t.Errorf("%d blockers with an assignment and %d with the standing lead; the demo has both", assigned, standing)
	}
	for _, row := range b.Blockers {
		if row.CriterionCode == "1" && row.AssignmentID != 0 {
			if row.Owner.Code != "84-SXD" || row.Deadline != datchuan.MustDate("2022-08-31") || !row.Overdue {
				t.Errorf("criterion 1 in %s: owner %s, deadline %s, overdue %v; want Sở XD, 31/08/2022, overdue",
					row.Unit.Name, row.Owner.Code, row.Deadline.VN(), row.Overdue)
			}
		}
	}
}
