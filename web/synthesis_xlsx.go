package web

import (
	"io"
	"regexp"
	"strconv"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/sheet"
)

// writeSynthesisXLSX writes the synthesis's tables into one sheet each,
// for the office to sort, filter or paste into its own workbooks.
func writeSynthesisXLSX(w io.Writer, s *service.Synthesis, at time.Time, demo bool) error {
	var tables []sheet.Table
	for i, t := range synthesisTables(s) {
		st := sheet.Table{Sheet: sheetNames[i], Demo: demo, Columns: columns(t.Header...),
			Title: t.Title + " — " + s.Round.Label() + ", Kế hoạch " + s.Plan.Number + " (số liệu lúc " + at.In(datchuan.Vietnam()).Format("15:04 02/01/2006") + ")"}
		for _, row := range t.Rows {
			cells := make([]sheet.Cell, len(row))
			for c, v := range row {
				cells[c] = synthesisCell(v)
			}
			st.Rows = append(st.Rows, cells)
		}
		tables = append(tables, st)
	}
	return sheet.WriteXLSX(w, tables...)
}

// sheetNames name the sheets of the synthesis tables, in their order
// (at most 31 characters, as Excel allows).
var sheetNames = []string{"Tiến độ huyện", "Mới đạt", "Quá hạn", "Khó khăn, kiến nghị", "Tình hình báo cáo", "Đề nghị tỉnh"}

// synthesisCell is a cell of the synthesis's text tables: a count (days
// overdue, an obstacle's age) as a number Excel adds up, a deadline as a
// date it sorts, else text.
func synthesisCell(v string) sheet.Cell {
	if n, err := strconv.Atoi(v); err == nil {
		return sheet.Int(n)
	}
	if dayText.MatchString(v) {
		if d, err := datchuan.ParseDate(v); err == nil {
			return dateCell(d)
		}
	}
	return sheet.Text(v)
}

var dayText = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)
