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

// The notices told in the app since the last digest make a digest on
// their own, a line each with its link.
func TestDigestNotices(t *testing.T) {
	u := &datchuan.User{Name: "Đỗ Quang Vinh"}
	w := &work.Work{Today: datchuan.NewDate(2022, 9, 2)}
	n := &datchuan.Notification{Text: "Số liệu chỉ tiêu 1.1 của Xã Nhị Trường chờ xác nhận", Link: "/xac-nhan", Digest: true}
	subject, body, ok := Digest(u, w, "http://ntm.example", n)
	if !ok || !strings.Contains(subject, "1 thông báo mới") {
		t.Fatalf("digest %t, subject %q", ok, subject)
	}
	if want := "THÔNG BÁO MỚI (1):\n- Số liệu chỉ tiêu 1.1 của Xã Nhị Trường chờ xác nhận — http://ntm.example/xac-nhan\n"; !strings.Contains(body, want) {
		t.Errorf("the body lacks %q:\n%s", want, body)
	}
}
