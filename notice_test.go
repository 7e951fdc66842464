package datchuan_test

import (
	"testing"

	"github.com/datchuan/datchuan"
)

// An assignment notice says what, where and by when, for one row or many,
// and is told in the digest, not mailed.
func TestAssignedNotice(t *testing.T) {
	plan := &datchuan.Plan{Number: "45/KH-BCĐ"}
	due := datchuan.NewDate(2022, 9, 30)
	names := map[int64]string{1: "Xã Nhị Trường", 2: "Xã Hiệp Hòa"}
	name := func(id int64) string { return names[id] }
	row := func(unit int64, crit, ind string, d datchuan.Date) *datchuan.Assignment {
		return &datchuan.Assignment{UnitID: unit, CriterionCode: crit, IndicatorCode: ind, Deadline: d}
	}
	n, ok := datchuan.AssignedNotice(7, "Sở TNMT", plan, []*datchuan.Assignment{row(1, "17", "", due)}, nil, name)
	if want := "Sở TNMT được giao chủ trì tiêu chí 17 của Xã Nhị Trường, hạn 30/09/2022 (kế hoạch 45/KH-BCĐ)"; !ok || n.Text != want || !n.Digest || n.PersonID != 7 {
		t.Errorf("one row: %+v, want %q", n, want)
	}
	n, _ = datchuan.AssignedNotice(7, "Sở NN", plan, nil, []*datchuan.Assignment{row(1, "17", "17.2", due), row(2, "17", "17.2", due.AddDays(-5))}, name)
	if want := "Sở NN được giao phối hợp chỉ tiêu 17.2 ở 2 đơn vị, hạn sớm nhất 25/09/2022 (kế hoạch 45/KH-BCĐ)"; n.Text != want {
		t.Errorf("two rows: %q, want %q", n.Text, want)
	}
	if _, ok := datchuan.AssignedNotice(7, "Sở NN", plan, nil, nil, name); ok {
		t.Error("a notice of nothing")
	}
}
