// Package sheet writes tables for people who live in Excel: as an XLSX
// workbook (a title naming what and when, a frozen and filtered header,
// statuses in the pages' colours beside their symbols, dates and numbers
// as Excel's own, A4 landscape printing with the header on every page)
// and as CSV with the same columns (UTF-8 with a byte order mark, so that
// Excel reads Vietnamese right). It knows nothing of the domain: the web
// layer turns a page into Tables.
package sheet

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Content types of the two formats.
const (
	XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	CSVType  = "text/csv; charset=utf-8"
)

// DemoNote heads every table of a demo database, so that no printout of
// invented figures passes for an official one.
const DemoNote = "DỮ LIỆU TRÌNH DIỄN — số liệu minh họa, không phải số liệu chính thức"

// NoRows stands under the header of a table without rows.
const NoRows = "Không có dòng nào."

// Table is one sheet of a workbook, or one CSV file.
type Table struct {
	Sheet   string   // the sheet's name: at most 31 characters, none of []:*?/\
	Title   string   // what the table is: the unit or round, the set, the date
	Demo    bool     // the data is the demo's: DemoNote is shown under the title
	Notes   []string // more lines under the title (a verdict, a filter, a legend)
	Columns []Column
	Rows    [][]Cell
	// FreezeColumns are the first columns kept in view when scrolling
	// right (the names of a wide matrix).
	FreezeColumns int
}

// Column is a column's header and how it is laid out.
type Column struct {
	Header string
	// Width is in characters; zero fits the column to its header and cells
	// (wrapping the longest ones).
	Width float64
	// Compact shows a status by its symbol alone in the workbook (a matrix
	// cell); CSV always writes the symbol and the word.
	Compact bool
}

// Tone is how a status looks: the names are the pages' st-* classes.
type Tone string

// The tones of the pages' statuses (web/static/style.css, app.css).
const (
	Plain            Tone = ""
	Met              Tone = "met"
	NotMet           Tone = "not_met"
	Reported         Tone = "reported"
	Returned         Tone = "returned"
	NoData           Tone = "no_data"
	ThresholdMissing Tone = "threshold_missing"
)

// colours are each tone's font and fill, as on the pages: the text colour
// of .st-X and the background of td.st-X.
var colours = map[Tone][2]string{
	Met:              {"176C32", "E6F4EA"},
	NotMet:           {"B3261E", "FCE8E6"},
	Reported:         {"7A5F00", "FFF4CE"},
	Returned:         {"9A3412", "FFEDD5"},
	NoData:           {"5F6368", "F1F3F4"},
	ThresholdMissing: {"6A3FB5", "EEE8F7"},
}

type kind uint8

const (
	kindText kind = iota
	kindNumber
	kindDate
	kindDateTime
	kindStatus
)

// Cell is one cell: text, a number, a date, a date and time, or a status.
// The zero Cell is empty.
type Cell struct {
	kind     kind
	text     string // the text, or a status's word
	mark     string // a status's symbol
	tone     Tone
	num      float64
	decimals int       // of a number, as shown in the workbook
	at       time.Time // a date or time, by its wall clock
}

// Text is a cell of text.
func Text(s string) Cell { return Cell{text: s} }

// Int is a whole number.
func Int(n int) Cell { return Cell{kind: kindNumber, num: float64(n)} }

// Number is a number, shown with the decimals it has, at most 2 as on the
// pages (the workbook keeps the exact value).
func Number(x float64) Cell { return Cell{kind: kindNumber, num: x, decimals: decimalsOf(x)} }

// Date is a calendar day (the date of t, where t is).
func Date(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Cell{kind: kindDate, at: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// DateTime is an instant, written by the wall clock of t's location (the
// caller gives it in Vietnam's time).
func DateTime(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Cell{kind: kindDateTime, at: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)}
}

// Status is a status: its symbol and word, coloured by its tone in the
// workbook. The symbol keeps it readable in grayscale print and in CSV.
func Status(t Tone, mark, word string) Cell {
	return Cell{kind: kindStatus, tone: t, mark: mark, text: word}
}

// String is the cell as CSV writes it: numbers as plain decimals with
// the decimals the workbook shows (95.5, 66.67), dates dd/mm/yyyy,
// statuses as symbol and word ("✓ Đạt").
func (c Cell) String() string {
	switch c.kind {
	case kindNumber:
		return strconv.FormatFloat(c.num, 'f', c.decimals, 64)
	case kindDate:
		return c.at.Format("02/01/2006")
	case kindDateTime:
		return c.at.Format("02/01/2006 15:04")
	case kindStatus:
		return strings.TrimSpace(c.mark + " " + c.text)
	}
	return c.text
}

// shown is the cell's text as the workbook shows it, to size its column.
func (c Cell) shown(compact bool) string {
	switch {
	case c.kind == kindStatus && compact:
		return c.mark
	case c.kind == kindNumber:
		// One more place for every group separator Excel will add.
		digits := len(strconv.FormatFloat(math.Abs(c.num), 'f', 0, 64))
		return strconv.FormatFloat(c.num, 'f', c.decimals, 64) + strings.Repeat(" ", (digits-1)/3)
	}
	return c.String()
}

// decimalsOf counts the decimals x needs, up to maxDecimals.
func decimalsOf(x float64) int {
	for d := 0; d < maxDecimals; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(x*p-math.Round(x*p)) < 1e-9*p {
			return d
		}
	}
	return maxDecimals
}

// maxDecimals is the most decimals a number shows.
const maxDecimals = 2

// WriteCSV writes t as CSV (RFC 4180: commas, quotes where needed, CRLF)
// in UTF-8 with a byte order mark: its header and rows, without the title
// lines, so that any program reads it as one table. A text that a
// spreadsheet would take for a formula starts with a quote.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Header
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(t.Columns))
		for i := range rec {
			if i < len(row) {
				rec[i] = csvText(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText keeps a spreadsheet from reading a typed text (a name, a
// reason) as a formula: such a text starts with a quote.
func csvText(c Cell) string {
	s := c.String()
	if c.kind == kindText && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
