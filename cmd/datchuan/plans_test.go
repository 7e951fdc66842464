package main

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/datchuan/datchuan/xlsx"
)

// TestAssignmentTableXLSX: the coordination office downloads the table,
// edits it in Excel and uploads it; a file with mistakes changes nothing
// and every mistake is named by row and column.
func TestAssignmentTableXLSX(t *testing.T) {
	base := demoServer(t, true)
	coord := newSession(t, base, "vpdp")
	download := func() *excelize.File {
		t.Helper()
		resp, err := coord.c.Get(base + "/ke-hoach/1/phan-cong.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: %s %s", resp.Status, resp.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	upload := func(f *excelize.File) (int, string) {
		t.Helper()
		var file bytes.Buffer
		if err := f.Write(&file); err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "phan-cong.xlsx")
		_, _ = io.Copy(fw, &file)
		mw.Close()
		return coord.do(t, "POST", base+"/ke-hoach/1/phan-cong.xlsx", mw.FormDataContentType(), body.Bytes())
	}
	header := xlsx.Headers()
	col := func(name string) string {
		for i, h := range header {
			if h == name {
				c, _ := excelize.ColumnNumberToName(i + 1)
				return c
			}
		}
		t.Fatalf("no column %q in %v", name, header)
		return ""
	}
	f := download()
	rows, err := f.GetRows(xlsx.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	first := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == header[0] {
			first = i + 2 // the Excel row after the header
		}
	}
	if first < 0 || len(rows)-first+1 < 20 {
		t.Fatalf("the export has %d lines and a header at %d: want the demo's assignments", len(rows), first)
	}
	lead, deadline := col("Cơ quan chủ trì"), col("Hạn hoàn thành")
	_ = f.SetCellValue(xlsx.SheetName, lead+strconv.Itoa(first), "84-XYZ")
	_ = f.SetCellValue(xlsx.SheetName, deadline+strconv.Itoa(first+1), "31/02/2022")
	st, page := upload(f)
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("a table with mistakes: %d", st)
	}
	for _, want := range []string{"dòng " + strconv.Itoa(first) + ", cột " + lead, "dòng " + strconv.Itoa(first+1) + ", cột " + deadline, "chưa có gì thay đổi"} {
		if !strings.Contains(page, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if _, page := coord.do(t, "GET", base+"/ke-hoach/1", "", nil); strings.Contains(page, "84-XYZ") {
		t.Error("a refused import changed the table")
	}

	f = download()
	_ = f.SetCellValue(xlsx.SheetName, deadline+strconv.Itoa(first), "15/12/2022")
	if st, page := upload(f); st != http.StatusSeeOther {
		t.Fatalf("a good table: %d\n%.500s", st, page)
	}
	if _, page := coord.do(t, "GET", base+"/ke-hoach/1", "", nil); !strings.Contains(page, `>15/12/2022<`) {
		t.Error("the imported deadline is not in the table")
	}
}

// TestPlanWithFiles: a plan form refused for a missing title keeps its file,
// and the plan then carries the file for the province to read.
func TestPlanWithFiles(t *testing.T) {
	base := demoServer(t, true)
	coord := newSession(t, base, "vpdp")
	post := func(fields map[string]string, file bool) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		if file {
			fw, _ := mw.CreateFormFile("files", "ke-hoach-46.pdf")
			_, _ = fw.Write([]byte("%PDF-1.4\n% Kế hoạch 46\n%%EOF\n"))
		}
		mw.Close()
		return coord.do(t, "POST", base+"/tinh/84/ke-hoach", mw.FormDataContentType(), body.Bytes())
	}
	st, page := post(map[string]string{"number": "46/KH-BCĐ", "date": "01/09/2022"}, true)
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "ke-hoach-46.pdf") {
		t.Fatalf("a plan without a title: %d, file kept: %v", st, strings.Contains(page, "ke-hoach-46.pdf"))
	}
	i := strings.Index(page, `name="kept" value="`)
	if i < 0 {
		t.Fatal("the refused form does not carry the file on")
	}
	hash := page[i+len(`name="kept" value="`):][:64]
	st, _ = post(map[string]string{"number": "46/KH-BCĐ", "date": "01/09/2022", "title": "Kế hoạch kiểm tra", "kept": hash}, false)
	if st != http.StatusSeeOther {
		t.Fatalf("the corrected plan: %d", st)
	}
	_, list := coord.do(t, "GET", base+"/tinh/84/ke-hoach", "", nil)
	j := strings.Index(list, `46/KH-BCĐ`)
	if j < 0 {
		t.Fatal("the new plan is not listed")
	}
	href := list[strings.LastIndex(list[:j], `href="/ke-hoach/`)+6:]
	href = href[:strings.Index(href, `"`)]
	_, plan := newSession(t, base, "huyen-caungang").do(t, "GET", base+href, "", nil)
	if !strings.Contains(plan, "/tep/"+hash) {
		t.Error("the plan page does not link its file")
	}
	if st, _ := newSession(t, base, "huyen-caungang").do(t, "GET", base+href+"/tep/"+hash, "", nil); st != http.StatusOK {
		t.Errorf("a district member reads the plan's file: %d", st)
	}
}
