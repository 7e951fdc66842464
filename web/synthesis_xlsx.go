package web

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// writeSynthesisXLSX writes the synthesis's tables into one sheet each,
// for the office to sort, filter or paste into its own workbooks.
func writeSynthesisXLSX(w io.Writer, s *service.Synthesis, at time.Time) error {
	tables := synthesisTables(s)
	for i := range tables {
		tables[i].Title += " — " + s.Round.Label() + ", Kế hoạch " + s.Plan.Number + " (số liệu lúc " + at.In(datchuan.Vietnam()).Format("15:04 02/01/2006") + ")"
	}
	return writeTablesXLSX(w, tables, sheetNames)
}

// writeTablesXLSX writes each table into its own sheet (named by names):
// a title row, a bold shaded frozen header, bordered wrapped cells.
func writeTablesXLSX(w io.Writer, tables []synthesisTable, names []string) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}, Border: borders()})
	if err != nil {
		return err
	}
	cell, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: borders()})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := names[i]
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.SetCellStr(name, "A1", t.Title); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, "A1", "A1", title); err != nil {
			return err
		}
		if err := writeTable(f, name, t, head, cell); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// sheetNames name the sheets of the synthesis tables, in their order
// (at most 31 characters, as Excel allows).
var sheetNames = []string{"Tiến độ huyện", "Mới đạt", "Quá hạn", "Khó khăn, kiến nghị", "Tình hình báo cáo", "Đề nghị tỉnh"}

// writeTable writes a table from row 3: its header, frozen, then its rows.
func writeTable(f *excelize.File, sheet string, t synthesisTable, head, cell int) error {
	for c, h := range t.Header {
		ref, err := excelize.CoordinatesToCellName(c+1, 3)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, ref, h); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, ref, ref, head); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(sheet, col, col, 12*t.Widths[c]); err != nil {
			return err
		}
	}
	for r, row := range t.Rows {
		for c, v := range row {
			ref, err := excelize.CoordinatesToCellName(c+1, r+4)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, ref, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, ref, ref, cell); err != nil {
				return err
			}
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
}

func borders() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "999999", Style: 1})
	}
	return out
}
