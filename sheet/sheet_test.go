package sheet_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/datchuan/datchuan/sheet"
)

var vietnam = time.FixedZone("ICT", 7*3600)

// table is a small table with each kind of cell.
func table() sheet.Table {
	return sheet.Table{Sheet: "Bảng", Title: "Thử", Demo: true,
		Columns: []sheet.Column{{Header: "Tên"}, {Header: "Số"}, {Header: "Ngày"}, {Header: "Lúc"}, {Header: "Tình trạng"}, {Header: "TC 1", Compact: true}},
		Rows: [][]sheet.Cell{
			{sheet.Text(`Xã "Mới", ấp 1` + "\nấp 2"), sheet.Number(2.0 / 3 * 100), sheet.Date(time.Date(2022, 9, 1, 23, 30, 0, 0, vietnam)),
				sheet.DateTime(time.Date(2022, 9, 1, 8, 5, 0, 0, vietnam)), sheet.Status(sheet.Met, "✓", "Đạt"), sheet.Status(sheet.NotMet, "✗", "Chưa đạt")},
			{sheet.Text("=HYPERLINK(\"x\")"), sheet.Int(-1234567), {}, {}, sheet.Status(sheet.Reported, "…", "Chờ xác nhận")},
		}}
}

// TestCSV: the byte order mark, RFC 4180 quoting and line ends (CRLF, in a
// quoted text too), numbers as
// plain decimals, dates dd/mm/yyyy, statuses as symbol and word, a text
// that would be a formula defused, a short row filled out.
func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := sheet.WriteCSV(&b, table()); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFTên,Số,Ngày,Lúc,Tình trạng,TC 1\r\n" +
		"\"Xã \"\"Mới\"\", ấp 1\r\nấp 2\",66.67,01/09/2022,01/09/2022 08:05,✓ Đạt,✗ Chưa đạt\r\n" +
		"\"'=HYPERLINK(\"\"x\"\")\",-1234567,,,… Chờ xác nhận,\r\n"
	if got := b.String(); got != want {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want)
	}
}

// TestXLSX: the cells keep their kinds (a number, a date Excel formats
// dd/mm/yyyy), a status its colours, a compact status its symbol alone;
// the demo note follows the title; a long text's column is capped and
// its row made taller.
func TestXLSX(t *testing.T) {
	tb := table()
	tb.Rows[1][0] = sheet.Text(strings.Repeat("chữ ", 30))
	var b bytes.Buffer
	if err := sheet.WriteXLSX(&b, tb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Bảng")
	if rows[0][0] != "Thử" || rows[1][0] != sheet.DemoNote || rows[3][0] != "Tên" {
		t.Fatalf("the first rows: %q", rows[:4])
	}
	got := rows[4]
	if got[1] != "66.67" || got[2] != "01/09/2022" || got[3] != "01/09/2022 08:05" || got[4] != "✓ Đạt" || got[5] != "✗" {
		t.Errorf("the first row as Excel shows it: %q", got)
	}
	if raw, _ := f.GetCellValue("Bảng", "B5", excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "66.666") {
		t.Errorf("the number keeps %q, want its exact value", raw)
	}
	if v, _ := f.GetCellValue("Bảng", "B6"); v != "-1,234,567" {
		t.Errorf("a whole number shows %q, want its groups separated", v)
	}
	id, _ := f.GetCellStyle("Bảng", "E5")
	st, _ := f.GetStyle(id)
	if st.Font == nil || !strings.EqualFold(st.Font.Color, "176C32") || !strings.EqualFold(st.Fill.Color[0], "E6F4EA") {
		t.Errorf("the met status's colours: %+v %+v", st.Font, st.Fill)
	}
	if w, _ := f.GetColWidth("Bảng", "A"); w != 42 {
		t.Errorf("the long text's column is %v wide, want 40 characters and room", w)
	}
	if w, _ := f.GetColWidth("Bảng", "F"); w > 6 {
		t.Errorf("the compact column is %v wide", w)
	}
	if h, _ := f.GetRowHeight("Bảng", 6); h < 45 {
		t.Errorf("the row of the long text is %v points tall, want three lines", h)
	}
}

// TestEmpty: a table without rows says so under its header in the
// workbook, and is its header alone in CSV.
func TestEmpty(t *testing.T) {
	tb := table()
	tb.Rows, tb.Demo = nil, false
	var b bytes.Buffer
	if err := sheet.WriteXLSX(&b, tb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("Bảng"); len(rows) != 4 || rows[2][0] != "Tên" || rows[3][0] != sheet.NoRows {
		t.Errorf("an empty table: %q", rows)
	}
	b.Reset()
	if err := sheet.WriteCSV(&b, tb); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "\uFEFFTên,Số,Ngày,Lúc,Tình trạng,TC 1\r\n" {
		t.Errorf("an empty CSV: %q", got)
	}
}
