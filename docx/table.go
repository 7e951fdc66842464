package docx

import (
	"errors"
	"fmt"
	"strings"
)

// Table is a grid of cells. Header rows repeat at the top of every page the
// table runs onto, and every row is kept whole on one page, so that a long
// table of figures stays readable when printed.
type Table struct {
	Columns    []Length // column widths, left to right; the table is their sum wide
	Header     []Row    // bold, centred, shaded with HeaderFill, repeated on each page
	Rows       []Row    //
	Borders    bool     // single lines around and between all cells; false: none
	HeaderFill string   // header background as hex RGB ("D9D9D9"); "": none
	Padding    Length   // left and right padding inside cells; 0: Word's 0.19 cm
}

// Row is one row of cells. The cells' spans must add up to the number of
// columns.
type Row []Cell

// Cell is one table cell. Its text is one paragraph formatted by the
// cell's fields, unless Paragraphs is set.
type Cell struct {
	Text       string
	Bold       bool
	Italic     bool
	Size       float64 // points; 0 keeps the style's 14 pt
	Align      Align
	VAlign     VAlign
	Span       int         // columns covered (gridSpan); 0 and 1 mean one
	Fill       string      // background as hex RGB; "": none (or HeaderFill)
	Paragraphs []Paragraph // when set, the cell's content instead of Text
}

// VAlign is the vertical alignment of a cell's content.
type VAlign int

// The vertical alignments; the zero value is top.
const (
	VAlignTop VAlign = iota
	VAlignMiddle
	VAlignBottom
)

func (t Table) check() error {
	if len(t.Columns) == 0 {
		return errors.New("table has no columns")
	}
	for i, w := range t.Columns {
		if w <= 0 {
			return fmt.Errorf("column %d has width %d", i+1, w)
		}
	}
	if !hexColor(t.HeaderFill) {
		return fmt.Errorf("header fill %q is not a hex colour like D9D9D9", t.HeaderFill)
	}
	rows := append(append([]Row(nil), t.Header...), t.Rows...)
	for i, r := range rows {
		n := 0
		for _, c := range r {
			n += c.span()
			if !hexColor(c.Fill) {
				return fmt.Errorf("row %d: fill %q is not a hex colour like D9D9D9", i+1, c.Fill)
			}
		}
		if n != len(t.Columns) {
			return fmt.Errorf("row %d spans %d columns, the table has %d", i+1, n, len(t.Columns))
		}
	}
	return nil
}

// hexColor reports whether s is empty or six hexadecimal digits, the only
// colours Word accepts in w:fill.
func hexColor(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

func (c Cell) span() int {
	if c.Span < 1 {
		return 1
	}
	return c.Span
}

func (t Table) writeBlock(b *xmlBuf) error {
	if err := t.check(); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	b.raw("<w:tbl><w:tblPr>")
	total := Length(0)
	for _, w := range t.Columns {
		total += w
	}
	b.attrs("w:tblW", "w:w", twips(total), "w:type", "dxa")
	line := "none"
	if t.Borders {
		line = "single"
	}
	b.raw("<w:tblBorders>")
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.attrs("w:"+side, "w:val", line, "w:sz", "4", "w:space", "0", "w:color", "000000")
	}
	b.raw("</w:tblBorders>")
	b.val("w:tblLayout", "fixed")
	if t.Padding > 0 {
		b.raw("<w:tblCellMar>")
		b.attrs("w:left", "w:w", twips(t.Padding), "w:type", "dxa")
		b.attrs("w:right", "w:w", twips(t.Padding), "w:type", "dxa")
		b.raw("</w:tblCellMar>")
	}
	b.raw("</w:tblPr><w:tblGrid>")
	for _, w := range t.Columns {
		b.attrs("w:gridCol", "w:w", twips(w))
	}
	b.raw("</w:tblGrid>")
	for _, r := range t.Header {
		t.writeRow(b, r, true)
	}
	for _, r := range t.Rows {
		t.writeRow(b, r, false)
	}
	b.raw("</w:tbl>")
	return nil
}

func (t Table) writeRow(b *xmlBuf, r Row, header bool) {
	b.raw("<w:tr><w:trPr><w:cantSplit/>")
	if header {
		b.raw("<w:tblHeader/>")
	}
	b.raw("</w:trPr>")
	col := 0
	for _, c := range r {
		width := Length(0)
		for _, w := range t.Columns[col : col+c.span()] {
			width += w
		}
		col += c.span()
		if header {
			c.Bold = true
			if c.Align == AlignDefault {
				c.Align = AlignCenter
			}
			if c.VAlign == VAlignTop {
				c.VAlign = VAlignMiddle
			}
			if c.Fill == "" {
				c.Fill = t.HeaderFill
			}
		}
		c.write(b, width)
	}
	b.raw("</w:tr>")
}

// write writes the cell with its w:tcPr children in schema order.
func (c Cell) write(b *xmlBuf, width Length) {
	b.raw("<w:tc><w:tcPr>")
	b.attrs("w:tcW", "w:w", twips(width), "w:type", "dxa")
	if c.span() > 1 {
		b.val("w:gridSpan", itoa(c.span()))
	}
	if c.Fill != "" {
		b.attrs("w:shd", "w:val", "clear", "w:color", "auto", "w:fill", c.Fill)
	}
	switch c.VAlign {
	case VAlignMiddle:
		b.val("w:vAlign", "center")
	case VAlignBottom:
		b.val("w:vAlign", "bottom")
	}
	b.raw("</w:tcPr>")
	paras := c.Paragraphs
	if len(paras) == 0 {
		// A cell must hold at least one paragraph, even an empty one.
		run := Run{Text: c.Text, Bold: c.Bold, Italic: c.Italic, Size: c.Size}
		paras = []Paragraph{{Runs: []Run{run}, Align: c.Align}}
	}
	for _, p := range paras {
		p.write(b)
	}
	b.raw("</w:tc>")
}
