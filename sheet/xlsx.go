package sheet

import (
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Layout of a sheet, in Excel's units: a column's width in characters, a
// row's height in points (one line of the default 11-point font is 15).
const (
	minWidth   = 5
	maxWidth   = 40
	lineHeight = 15
	maxHeight  = 409 // the tallest row Excel allows
	a4Paper    = 9   // the paper size code of A4
)

// WriteXLSX writes the tables as a workbook, one sheet each, in order.
// Each sheet has its title, the demo note and the notes in the first rows,
// then a blank row, then the header: bold, shaded, frozen, filtered and
// repeated on every printed page. Pages print A4 landscape, as wide as
// one page, numbered in the footer.
func WriteXLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	b := book{f: f, styles: map[look]int{}}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return err
		}
		if err := b.table(t); err != nil {
			return err
		}
	}
	if len(tables) > 0 {
		if err := f.SetDocProps(&excelize.DocProperties{Title: tables[0].Title, Creator: "datchuan", Language: "vi-VN"}); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// book is a workbook being written, with the styles made so far.
type book struct {
	f      *excelize.File
	styles map[look]int
}

// look is what a cell's style depends on.
type look struct {
	kind     kind
	decimals int
	tone     Tone
	compact  bool
	role     uint8 // 0 a cell, 1 the header, 2 the title, 3 the demo note, 4 a note
}

const (
	roleCell uint8 = iota
	roleHeader
	roleTitle
	roleDemo
	roleNote
)

// table writes one sheet.
func (b book) table(t Table) error {
	f, name := b.f, t.Sheet
	row := 1
	put := func(text string, role uint8) error {
		ref := cellName(1, row)
		row++
		if err := f.SetCellStr(name, ref, text); err != nil {
			return err
		}
		return b.style(name, ref, look{role: role})
	}
	if err := put(t.Title, roleTitle); err != nil {
		return err
	}
	if t.Demo {
		if err := put(DemoNote, roleDemo); err != nil {
			return err
		}
	}
	for _, n := range t.Notes {
		if err := put(n, roleNote); err != nil {
			return err
		}
	}
	head := row + 1 // a blank row between the notes and the header
	widths := fitWidths(t)
	if err := b.header(t, head, widths); err != nil {
		return err
	}
	for i, cells := range t.Rows {
		if err := b.row(t, head+1+i, cells, widths); err != nil {
			return err
		}
	}
	if len(t.Rows) == 0 { // say so, rather than leave a header over nothing
		row = head + 1
		if err := put(NoRows, roleNote); err != nil {
			return err
		}
	}
	return b.frame(t, head)
}

// header writes the header row and sets the columns' widths.
func (b book) header(t Table, head int, widths []float64) error {
	f, name := b.f, t.Sheet
	lines := 1
	for c, col := range t.Columns {
		ref := cellName(c+1, head)
		if err := f.SetCellStr(name, ref, col.Header); err != nil {
			return err
		}
		if err := b.style(name, ref, look{role: roleHeader}); err != nil {
			return err
		}
		letter, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(name, letter, letter, widths[c]); err != nil {
			return err
		}
		lines = max(lines, linesOf(col.Header, widths[c]))
	}
	return setHeight(f, name, head, lines)
}

// row writes one row of cells, as tall as its longest wrapped text.
func (b book) row(t Table, r int, cells []Cell, widths []float64) error {
	f, name := b.f, t.Sheet
	lines := 1
	for c := range t.Columns {
		var cell Cell
		if c < len(cells) {
			cell = cells[c]
		}
		ref := cellName(c+1, r)
		compact := t.Columns[c].Compact
		var err error
		switch cell.kind {
		case kindNumber:
			err = f.SetCellFloat(name, ref, cell.num, -1, 64)
		case kindDate, kindDateTime:
			err = f.SetCellValue(name, ref, cell.at)
		case kindStatus:
			text := cell.mark
			if !compact {
				text = cell.String()
			}
			err = f.SetCellStr(name, ref, text)
		default:
			err = f.SetCellStr(name, ref, cell.text)
		}
		if err != nil {
			return err
		}
		if err := b.style(name, ref, look{kind: cell.kind, decimals: cell.decimals, tone: cell.tone, compact: compact}); err != nil {
			return err
		}
		lines = max(lines, linesOf(cell.shown(compact), widths[c]))
	}
	return setHeight(f, name, r, lines)
}

// frame freezes the header (and the first columns asked), filters it, and
// sets up printing.
func (b book) frame(t Table, head int) error {
	f, name := b.f, t.Sheet
	last := max(len(t.Columns), 1)
	bottom := head + max(len(t.Rows), 1)
	if len(t.Rows) > 0 {
		if err := f.AutoFilter(name, cellName(1, head)+":"+cellName(last, bottom), nil); err != nil {
			return err
		}
	}
	pane := "bottomLeft"
	if t.FreezeColumns > 0 {
		pane = "bottomRight"
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: t.FreezeColumns, YSplit: head,
		TopLeftCell: cellName(t.FreezeColumns+1, head+1), ActivePane: pane}); err != nil {
		return err
	}
	size, landscape, wide, tall := a4Paper, "landscape", 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	side, edge := 0.4, 0.6
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&CTrang &P/&N"}); err != nil {
		return err
	}
	row := strconv.Itoa(head)
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: "'" + strings.ReplaceAll(name, "'", "''") + "'!$" + row + ":$" + row})
}

// style gives a cell the style of its look, making it on first use.
func (b book) style(sheet, ref string, l look) error {
	id, ok := b.styles[l]
	if !ok {
		var err error
		if id, err = b.f.NewStyle(styleOf(l)); err != nil {
			return err
		}
		b.styles[l] = id
	}
	return b.f.SetCellStyle(sheet, ref, ref, id)
}

// styleOf is the style of a look: bordered, wrapped cells; numbers with
// Excel's group and decimal separators (Vietnamese Excel shows 1.234,5);
// dates dd/mm/yyyy; statuses in their tone's colours.
func styleOf(l look) *excelize.Style {
	switch l.role {
	case roleTitle:
		return &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}
	case roleDemo:
		return &excelize.Style{Font: &excelize.Font{Bold: true, Color: colours[NotMet][0]}}
	case roleNote:
		return &excelize.Style{Font: &excelize.Font{Italic: true}}
	case roleHeader:
		return &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: solid("D9D9D9"), Border: borders(),
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}}
	}
	s := &excelize.Style{Border: borders(), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}
	var format string
	switch l.kind {
	case kindNumber:
		format = "#,##0"
		if l.decimals > 0 {
			format += "." + strings.Repeat("0", l.decimals)
		}
	case kindDate:
		format = `dd\/mm\/yyyy`
	case kindDateTime:
		format = `dd\/mm\/yyyy\ hh:mm`
	case kindStatus:
		if c, ok := colours[l.tone]; ok {
			s.Font, s.Fill = &excelize.Font{Bold: l.tone == Met || l.tone == NotMet || l.tone == Returned, Color: c[0]}, solid(c[1])
		}
		if l.compact {
			s.Alignment.Horizontal = "center"
		}
	}
	if format != "" {
		s.CustomNumFmt = &format
	}
	return s
}

func solid(rgb string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{rgb}}
}

func borders() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "999999", Style: 1})
	}
	return out
}

// fitWidths sizes each column without a width of its own: wide enough for
// its longest line, up to maxWidth (longer texts wrap), and for the longest
// word of its header. A header wider than its cells wraps (from 10
// characters, so that a column of small numbers stays narrow), and the
// header of a compact column (a matrix of symbols) as soon as it can.
func fitWidths(t Table) []float64 {
	out := make([]float64, len(t.Columns))
	for c, col := range t.Columns {
		if col.Width > 0 {
			out[c] = col.Width
			continue
		}
		content := 0
		for _, row := range t.Rows {
			if c < len(row) {
				for _, line := range strings.Split(row[c].shown(col.Compact), "\n") {
					content = max(content, min(utf8.RuneCountInString(line), maxWidth))
				}
			}
		}
		need := content
		for _, word := range strings.Fields(col.Header) {
			need = max(need, utf8.RuneCountInString(word))
		}
		if !col.Compact {
			need = max(need, min(utf8.RuneCountInString(col.Header), max(content, 10)))
		}
		out[c] = float64(max(need+2, minWidth))
	}
	return out
}

// linesOf counts the lines a text takes wrapped in a column of width.
func linesOf(text string, width float64) int {
	per := max(int(width), 1)
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max(1, int(math.Ceil(float64(utf8.RuneCountInString(line))/float64(per))))
	}
	return n
}

// setHeight makes a row tall enough for its lines; one line keeps the
// default height.
func setHeight(f *excelize.File, sheet string, row, lines int) error {
	if lines <= 1 {
		return nil
	}
	return f.SetRowHeight(sheet, row, math.Min(float64(lines*lineHeight), maxHeight))
}

func cellName(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}
