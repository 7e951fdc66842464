package service

import (
	"context"
	"fmt"

	"github.com/datchuan/datchuan"
)

// ImportAssignmentUpload reads back the assignment table of an uploaded
// file (the first of ups) like ImportAssignments; no file chosen is a
// problem of the import like any other, so the page lists it the same way.
func (s *Service) ImportAssignmentUpload(ctx context.Context, c Caller, planID int64, ups []Upload) (n int, problems []datchuan.Text, err error) {
	if len(ups) == 0 {
		_, prov, err := s.PlanFor(ctx, c, planID)
		if err != nil {
			return 0, nil, err
		}
		if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
			return 0, nil, err
		}
		return 0, []datchuan.Text{datchuan.Textf("Chọn tệp Excel (.xlsx) để nhập (Choose an .xlsx file to import)")}, nil
	}
	f, err := ups[0].Open()
	if err != nil {
		return 0, nil, fmt.Errorf("open the uploaded table: %w", err)
	}
	defer f.Close()
	return s.ImportAssignments(ctx, c, planID, f)
}
