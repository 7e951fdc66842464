package docx

import (
	"strings"
)

// Block is one piece of a document's body: a Paragraph, a Table or a
// PageBreak.
type Block interface {
	writeBlock(b *xmlBuf) error
}

// Align is the horizontal alignment of a paragraph or a cell's text.
// The zero value keeps the style's alignment (left).
type Align int

// The alignments. Justify spreads lines to both margins, as body text of
// an official document is set.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
	AlignJustify
)

// jc returns the w:jc value of a, or "" for AlignDefault. The
// transitional names (left, right, both) are used because every Word
// version and LibreOffice read them.
func (a Align) jc() string {
	switch a {
	case AlignLeft:
		return "left"
	case AlignCenter:
		return "center"
	case AlignRight:
		return "right"
	case AlignJustify:
		return "both"
	}
	return ""
}

// Run is a stretch of text with one character format.
type Run struct {
	Text      string  // newline: line break; tab: tab
	Bold      bool    //
	Italic    bool    //
	Underline bool    // single underline
	Size      float64 // points, rounded to the half point; 0 keeps the style's 14 pt
}

// Paragraph is a paragraph of runs with its format. Lengths of zero keep
// the style's value (no indent, no spacing).
type Paragraph struct {
	Runs            []Run
	Align           Align
	FirstLine       Length // first-line indent; negative: hanging indent
	Left, Right     Length // indents from the text margins
	Before, After   Length // spacing above and below
	KeepNext        bool   // keep on the same page as the next paragraph
	PageBreakBefore bool   // start on a new page

	rule bool // a horizontal line drawn at the top of this (empty) paragraph
}

// Text returns a paragraph of one plain run.
func Text(s string) Paragraph { return Paragraph{Runs: []Run{{Text: s}}} }

// BodyText returns a paragraph of body text as Decree 30 sets it:
// justified, first line indented 1 cm, 6 pt after.
func BodyText(s string) Paragraph {
	return Paragraph{Runs: []Run{{Text: s}}, Align: AlignJustify, FirstLine: Cm(1), After: Pt(6)}
}

// Rule returns an empty paragraph that draws a solid horizontal line of
// the given width, centred in a space of the given width (the text width,
// or a table column's width less its cell padding): the short line under
// an issuing body, the national motto and a document's title. A separate
// paragraph is used, not a border under the text, so that the line keeps
// its length whatever the font and however the text above wraps.
func Rule(width, space Length) Paragraph {
	side := (space - width) / 2
	if side < 0 {
		side = 0
	}
	// 3 pt above keeps the line off the descenders of the text above,
	// which it would otherwise touch like an underline.
	return Paragraph{Left: side, Right: side, Before: Pt(3), rule: true}
}

func (p Paragraph) writeBlock(b *xmlBuf) error {
	p.write(b)
	return nil
}

func (p Paragraph) write(b *xmlBuf) {
	b.raw("<w:p>")
	p.writeProps(b)
	for _, r := range p.Runs {
		r.write(b)
	}
	b.raw("</w:p>")
}

// writeProps writes w:pPr with its children in schema order.
func (p Paragraph) writeProps(b *xmlBuf) {
	var pp xmlBuf
	if p.KeepNext {
		pp.raw("<w:keepNext/>")
	}
	if p.PageBreakBefore {
		pp.raw("<w:pageBreakBefore/>")
	}
	if p.rule {
		pp.raw(`<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>`)
	}
	if p.Before != 0 || p.After != 0 {
		pairs := []string{}
		if p.Before != 0 {
			pairs = append(pairs, "w:before", twips(p.Before))
		}
		if p.After != 0 {
			pairs = append(pairs, "w:after", twips(p.After))
		}
		pp.attrs("w:spacing", pairs...)
	}
	if p.Left != 0 || p.Right != 0 || p.FirstLine != 0 {
		pairs := []string{}
		if p.Left != 0 {
			pairs = append(pairs, "w:left", twips(p.Left))
		}
		if p.Right != 0 {
			pairs = append(pairs, "w:right", twips(p.Right))
		}
		if p.FirstLine > 0 {
			pairs = append(pairs, "w:firstLine", twips(p.FirstLine))
		} else if p.FirstLine < 0 {
			pairs = append(pairs, "w:hanging", twips(-p.FirstLine))
		}
		pp.attrs("w:ind", pairs...)
	}
	if jc := p.Align.jc(); jc != "" {
		pp.val("w:jc", jc)
	}
	if p.rule {
		// The line is the border; a 1 pt paragraph mark keeps the empty
		// paragraph from pushing the next line down.
		pp.raw(`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>`)
	} else if len(p.Runs) > 0 {
		// The paragraph mark takes the first run's format, so that an
		// empty line typed at its end in Word looks like the text.
		p.Runs[0].writeProps(&pp)
	}
	if pp.Len() > 0 {
		b.raw("<w:pPr>", pp.String(), "</w:pPr>")
	}
}

// write writes the run, turning newlines into w:br and tabs into w:tab.
func (r Run) write(b *xmlBuf) {
	b.raw("<w:r>")
	r.writeProps(b)
	text := strings.ReplaceAll(r.Text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' && text[i] != '\t' {
			continue
		}
		if i > start {
			b.raw(`<w:t xml:space="preserve">`)
			b.text(text[start:i])
			b.raw("</w:t>")
		}
		if i < len(text) {
			if text[i] == '\n' {
				b.raw("<w:br/>")
			} else {
				b.raw("<w:tab/>")
			}
		}
		start = i + 1
	}
	b.raw("</w:r>")
}

// writeProps writes w:rPr (in schema order: b, i, sz, u) when the run has
// any format.
func (r Run) writeProps(b *xmlBuf) {
	if !r.Bold && !r.Italic && !r.Underline && r.Size == 0 {
		return
	}
	b.raw("<w:rPr>")
	if r.Bold {
		b.raw("<w:b/><w:bCs/>")
	}
	if r.Italic {
		b.raw("<w:i/><w:iCs/>")
	}
	if r.Size > 0 {
		hp := itoa(roundHalfUp(r.Size * 2))
		b.val("w:sz", hp)
		b.val("w:szCs", hp)
	}
	if r.Underline {
		b.val("w:u", "single")
	}
	b.raw("</w:rPr>")
}

// PageBreak starts a new page.
type PageBreak struct{}

func (PageBreak) writeBlock(b *xmlBuf) error {
	b.raw(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	return nil
}
