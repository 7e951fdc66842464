package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
	"github.com/datchuan/datchuan/xlsx"
)

// A workbook wrong on every one of its thousands of rows answers with the
// first 200 problems and a line saying there are more: a page of tens of
// kilobytes, not of tens of megabytes, and nothing imported.
func TestImportManyBadRows(t *testing.T) {
	w := webtest.New(t)
	plan := plansPlanID(t, w)
	s := xlsx.Sheet{Title: "Bảng sai", SetID: "x"}
	for i := range 3000 {
		s.Rows = append(s.Rows, xlsx.Row{UnitCode: fmt.Sprint(90000 + i), Criterion: "99", Lead: "84-KHONG-CO"})
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	count := w.CountChanges()
	page := w.As(webtest.Coord).PostMultipart(fmt.Sprintf("/ke-hoach/%d/phan-cong.xlsx", plan), nil,
		webtest.File{Field: "file", Name: "bang.xlsx", Data: b.Bytes()})
	if page.Status != http.StatusUnprocessableEntity || !page.Has("Không nhập tệp") {
		t.Fatalf("import: %d\n%.500s", page.Status, page.Body)
	}
	list := page.Body[strings.Index(page.Body, "Không nhập tệp"):]
	list = list[:strings.Index(list, "</ul>")]
	if n := strings.Count(list, "<li>"); n != xlsx.MaxProblems+1 {
		t.Errorf("%d lines listed, want %d problems and the 'more' line", n, xlsx.MaxProblems)
	}
	if !strings.Contains(list, "và còn lỗi khác không hiển thị") || !strings.Contains(list, "dòng 4, cột A") {
		t.Errorf("the list lacks the first row's problem or the 'more' line:\n%.1000s", list)
	}
	if len(page.Body) > 200_000 {
		t.Errorf("an error page of %d bytes", len(page.Body))
	}
	if w.CountChanges() != count {
		t.Error("a refused import wrote to the change log")
	}
}
