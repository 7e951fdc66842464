package remind

import (
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/work"
)

func TestDigest(t *testing.T) {
	today := datchuan.NewDate(2022, 10, 1)
	u := &datchuan.User{Name: "Phạm Văn Tài"}
	commune := &datchuan.Unit{Name: "Xã Nhị Trường"}
	if _, _, ok := Digest(u, &work.Work{Today: today}, "http://x"); ok {
		t.Error("a digest with nothing in it")
	}
	w := &work.Work{
		Today: today,
		Assignments: []work.AssignmentItem{
			{Assignment: &datchuan.Assignment{CriterionCode: "17", Deadline: datchuan.NewDate(2022, 9, 30)}, Unit: commune, Lead: true, Late: true},
			{Assignment: &datchuan.Assignment{CriterionCode: "1", IndicatorCode: "1.2", Deadline: datchuan.NewDate(2022, 10, 8)}, Unit: commune, Soon: true},
		},
		Tasks:    []*datchuan.Task{{Title: "Nộp biên bản kiểm tra", Due: datchuan.NewDate(2022, 9, 28), Status: datchuan.TaskTodo}},
		Returned: []work.ScopedValue{{Unit: commune, Value: &datchuan.Value{IndicatorCode: "1.1", ReturnReason: "Thiếu quyết định"}}},
	}
	subject, body, ok := Digest(u, w, "http://ntm.example")
	if !ok {
		t.Fatal("no digest for overdue work")
	}
	for _, want := range []string{"01/10/2022", "2 việc quá hạn", "1 việc đến hạn trong 7 ngày", "1 số liệu bị trả lại"} {
		if !strings.Contains(subject, want) {
			t.Errorf("subject %q lacks %q", subject, want)
		}
	}
	for _, want := range []string{
		"Kính gửi Phạm Văn Tài",
		"QUÁ HẠN (1):\n- Hạn 30/09/2022: Xã Nhị Trường, tiêu chí 17 (chủ trì)",
		"- Hạn 08/10/2022: Xã Nhị Trường, chỉ tiêu 1.2 (phối hợp)",
		"- QUÁ HẠN 28/09/2022: Nộp biên bản kiểm tra",
		"- Xã Nhị Trường, chỉ tiêu 1.1: Thiếu quyết định",
		"http://ntm.example/viec-cua-toi",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}
