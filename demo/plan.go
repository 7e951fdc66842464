package demo

import (
	"context"
	"fmt"

	"github.com/datchuan/datchuan"
)

// PlanNumber is the demo's plan: Plan 45/KH-BCĐ of Trà Vinh's steering
// committee, 22/6/2022.
const PlanNumber = "45/KH-BCĐ"

// demoAssignment is one criterion given to a lead, with supports, for every
// commune of a district.
type demoAssignment struct {
	district, criterion string
	lead                string
	supports            []string
	deadline            datchuan.Date
	outputs             []datchuan.Output
}

// planAssignments are a few of the plan's assignments, chosen so the demo
// shows work overdue (criterion 1 in Cầu Ngang, due before the demo's
// clock), due soon (criterion 5 in Duyên Hải) and later. Criterion 17 is
// left for the person trying the demo to assign.
var planAssignments = []demoAssignment{
	{"848", "1", "84-SXD", []string{"84-STNMT"}, datchuan.NewDate(2022, 8, 31), []datchuan.Output{datchuan.OutputGuidance, datchuan.OutputEvaluation, datchuan.OutputDossier}},
	{"850", "5", "84-SGDDT", nil, datchuan.NewDate(2022, 9, 5), []datchuan.Output{datchuan.OutputEvaluation}},
	{"848", "13", "84-SNNPTNT", []string{"84-SKHDT"}, datchuan.NewDate(2022, 10, 15), []datchuan.Output{datchuan.OutputGuidance, datchuan.OutputEvaluation, datchuan.OutputReport}},
}

// createPlan writes Plan 45 with its targets and a few assignments.
func (sd *seeder) createPlan(ctx context.Context) error {
	p := &datchuan.Plan{
		ProvinceID: sd.province.ID, Number: PlanNumber, Date: CaseDate,
		Issuer:    "Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh Trà Vinh",
		Signer:    "Trần Minh Đức, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo (minh họa)",
		Title:     "Kế hoạch hỗ trợ huyện Cầu Ngang và huyện Duyên Hải đạt chuẩn huyện nông thôn mới năm 2022",
		TargetIDs: sd.targets,
	}
	if err := sd.Plans.CreatePlan(ctx, p); err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	sd.case45 = p
	var as []*datchuan.Assignment
	for _, da := range planAssignments {
		lead := sd.agencies[da.lead]
		if lead == nil {
			return fmt.Errorf("demo plan: unknown agency %s", da.lead)
		}
		var supports []int64
		for _, c := range da.supports {
			a := sd.agencies[c]
			if a == nil {
				return fmt.Errorf("demo plan: unknown agency %s", c)
			}
			supports = append(supports, a.ID)
		}
		for _, c := range sd.communes[da.district] {
			if c.Type != "Xã" {
				continue // towns are measured on the civilised-urban set
			}
			as = append(as, &datchuan.Assignment{PlanID: p.ID, UnitID: c.ID, SetID: CommuneSet, CriterionCode: da.criterion,
				LeadID: lead.ID, SupportIDs: supports, Deadline: da.deadline, Outputs: da.outputs})
		}
	}
	if err := sd.Plans.Assign(ctx, as); err != nil {
		return fmt.Errorf("demo assignments: %w", err)
	}
	sd.sum.Assignments = len(as)
	return nil
}
