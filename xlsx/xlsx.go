// Package xlsx exports and imports the assignment matrix of a plan ("Bảng
// phân công") as an Excel workbook in the layout of the web table, so that a
// civil servant can download it, fill it in Excel and upload it back.
//
// The package knows nothing of the database: rows carry codes as people read
// them (unit "29446", agency "84-STNMT"), and the caller resolves them to IDs.
// Read checks every row against the codes the caller says exist and returns
// all problems at once, so one upload tells the user everything to fix.
package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/xuri/excelize/v2"
)

// Row is one line of the assignment table, by codes as people read them.
type Row struct {
	UnitCode  string        // "29446"
	UnitName  string        // "Xã Nhị Trường"; informative only on import
	Criterion string        // "17"
	Indicator string        // "17.2", or "" for the whole criterion
	Lead      string        // agency code "84-STNMT"
	Supports  []string      // agency codes
	Deadline  datchuan.Date // zero: no deadline
	Outputs   []datchuan.Output
	Note      string
}

// Sheet is the content of a workbook: the table and the agencies it may name.
type Sheet struct {
	Title    string // first line, e.g. "Kế hoạch 45/KH-BCĐ — Huyện Cầu Ngang"
	SetID    string // the criteria set the codes belong to
	Rows     []Row
	Agencies []Agency // written to the sheet "Cơ quan" as the list of valid codes
}

// Agency is one line of the reference sheet "Cơ quan".
type Agency struct{ Code, Name string }

// Sheet names and the fixed layout. The web table uses the same headers
// (Headers) so that what users see on screen and in Excel is one table.
const (
	SheetName       = "Phân công"
	AgencySheetName = "Cơ quan"

	titleRow  = 1
	setRow    = 2
	headerRow = 3

	setPrefix = "Bộ tiêu chí:"
)

// Columns, 0-based, in the order of headers.
const (
	colUnitCode = iota
	colUnitName
	colCriterion
	colIndicator
	colLead
	colSupports
	colDeadline
	colFirstOutput // one column per datchuan.Outputs, in that order
	colNote        = colFirstOutput + 4
	numCols        = colNote + 1
)

var headers = [numCols]string{
	"Mã đơn vị",
	"Đơn vị",
	"Tiêu chí",
	"Chỉ tiêu",
	"Cơ quan chủ trì",
	"Cơ quan phối hợp",
	"Hạn hoàn thành",
	"Hướng dẫn",             // datchuan.OutputGuidance
	"Đánh giá, xác nhận",    // datchuan.OutputEvaluation
	"Hồ sơ trình UBND tỉnh", // datchuan.OutputDossier
	"Báo cáo",               // datchuan.OutputReport
	"Ghi chú",
}

// Column widths in Excel's character units: wide enough for a commune name
// and two or three agency codes without the user resizing anything.
var widths = [numCols]float64{11, 26, 9, 9, 17, 28, 15, 11, 13, 14, 10, 40}

// Headers returns the column headers of the table, left to right, for the
// web table to show the same columns. The slice is the caller's.
func Headers() []string { return append([]string(nil), headers[:]...) }

// outputColumn returns the 0-based column of output o, or -1.
func outputColumn(o datchuan.Output) int {
	for i, x := range datchuan.Outputs {
		if x == o {
			return colFirstOutput + i
		}
	}
	return -1
}

// colName returns the Excel letter of the 0-based column c.
func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1) // c is one of ours: never out of range
	return name
}

func cellName(c, row int) string { return fmt.Sprintf("%s%d", colName(c), row) }

// dateFormat is how deadlines show. It is stored in the file in Excel's
// neutral syntax, so a Vietnamese Excel shows 30/09/2022 as well.
const dateFormat = "dd/mm/yyyy"

// excelEpoch is day 0 of Excel's 1900 date system for every date after
// 28/02/1900 (Excel counts a 29/02/1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func excelSerial(d datchuan.Date) int64 {
	return int64(d.Time(time.UTC).Sub(excelEpoch).Hours()) / 24
}

// Write writes s as an XLSX workbook: the table on the sheet "Phân công" and
// the agency list on "Cơ quan".
func Write(w io.Writer, s Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := build(f, s); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// styles are the few cell styles of the workbook.
type styles struct {
	title, set, header, text, date, mark, note int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	textFmt := 49 // "@": what users type in a code column stays text, so 00001 and 17.10 survive
	dateFmt := dateFormat
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1},
		{Type: "right", Color: "808080", Style: 1},
		{Type: "bottom", Color: "808080", Style: 1},
	}
	for _, x := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.set, excelize.Style{Font: &excelize.Font{Italic: true}}},
		{&s.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Border:    border,
			NumFmt:    textFmt,
		}},
		{&s.text, excelize.Style{NumFmt: textFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.date, excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.mark, excelize.Style{NumFmt: textFmt, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.note, excelize.Style{NumFmt: textFmt, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		id, err := f.NewStyle(&x.style)
		if err != nil {
			return s, err
		}
		*x.id = id
	}
	return s, nil
}

func build(f *excelize.File, s Sheet) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	if err := f.SetSheetName(first, SheetName); err != nil {
		return err
	}
	sh := SheetName

	// Column styles first: they format the cells a user adds below the
	// table too, so a typed code stays text and a typed date shows dd/mm/yyyy.
	for c := range numCols {
		style := st.text
		switch {
		case c == colDeadline:
			style = st.date
		case c >= colFirstOutput && c < colNote:
			style = st.mark
		case c == colNote:
			style = st.note
		}
		if err := f.SetColStyle(sh, colName(c), style); err != nil {
			return err
		}
		if err := f.SetColWidth(sh, colName(c), colName(c), widths[c]); err != nil {
			return err
		}
	}

	title := s.Title
	if title == "" {
		title = "Bảng phân công"
	}
	if err := f.SetCellStr(sh, cellName(0, titleRow), title); err != nil {
		return err
	}
	if err := f.MergeCell(sh, cellName(0, titleRow), cellName(numCols-1, titleRow)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, cellName(0, titleRow), cellName(numCols-1, titleRow), st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, titleRow, 22); err != nil {
		return err
	}
	if err := f.SetCellStr(sh, cellName(0, setRow), strings.TrimSpace(setPrefix+" "+s.SetID)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, cellName(0, setRow), cellName(0, setRow), st.set); err != nil {
		return err
	}
	for c, h := range headers {
		if err := f.SetCellStr(sh, cellName(c, headerRow), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, cellName(0, headerRow), cellName(numCols-1, headerRow), st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, headerRow, 32); err != nil {
		return err
	}

	for i, r := range s.Rows {
		if err := writeRow(f, sh, headerRow+1+i, r); err != nil {
			return fmt.Errorf("row %d (%s %s): %w", i+1, r.UnitCode, r.Criterion, err)
		}
	}

	last := headerRow + len(s.Rows)
	if len(s.Rows) == 0 {
		last = headerRow + 1 // a filter over the header alone is not one Excel keeps
	}
	if err := f.AutoFilter(sh, cellName(0, headerRow)+":"+cellName(numCols-1, last), nil); err != nil {
		return err
	}
	// Keep the header and the unit columns in view while scrolling a long
	// table of communes.
	if err := f.SetPanes(sh, &excelize.Panes{
		Freeze: true, XSplit: 2, YSplit: headerRow, TopLeftCell: cellName(2, headerRow+1), ActivePane: "bottomRight",
	}); err != nil {
		return err
	}

	if err := writeAgencies(f, s.Agencies, st); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.SetDocProps(&excelize.DocProperties{
		Title:    title,
		Subject:  "Bảng phân công",
		Creator:  "datchuan",
		Language: "vi-VN",
	})
}

func writeRow(f *excelize.File, sh string, row int, r Row) error {
	var text [numCols]string
	text[colUnitCode] = r.UnitCode
	text[colUnitName] = r.UnitName
	text[colCriterion] = r.Criterion
	text[colIndicator] = r.Indicator
	text[colLead] = r.Lead
	text[colSupports] = strings.Join(r.Supports, "; ")
	text[colNote] = r.Note
	for _, o := range r.Outputs {
		c := outputColumn(o)
		if c < 0 {
			return fmt.Errorf("unknown output %q", o)
		}
		text[c] = "x"
	}
	for c, v := range text {
		if v == "" {
			continue
		}
		// SetCellStr, never SetCellValue: codes are text ("29446", "00001").
		if err := f.SetCellStr(sh, cellName(c, row), v); err != nil {
			return err
		}
	}
	if !r.Deadline.IsZero() {
		// A real date, not text, so Excel sorts and filters it as a date.
		if err := f.SetCellInt(sh, cellName(colDeadline, row), excelSerial(r.Deadline)); err != nil {
			return err
		}
	}
	return nil
}

func writeAgencies(f *excelize.File, agencies []Agency, st styles) error {
	sh := AgencySheetName
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for c, w := range []float64{16, 60} {
		if err := f.SetColStyle(sh, colName(c), st.text); err != nil {
			return err
		}
		if err := f.SetColWidth(sh, colName(c), colName(c), w); err != nil {
			return err
		}
	}
	for c, h := range []string{"Mã cơ quan", "Tên cơ quan"} {
		if err := f.SetCellStr(sh, cellName(c, 1), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A1", "B1", st.header); err != nil {
		return err
	}
	for i, a := range agencies {
		if err := f.SetCellStr(sh, cellName(0, i+2), a.Code); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, cellName(1, i+2), a.Name); err != nil {
			return err
		}
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
