package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan/status"
)

// The matrix of a district is its largest part: a row per commune, a cell
// per criterion, each a link with a label for screen readers. Written
// through html/template it took most of the page's time (a reflective
// call per cell attribute); written here, with each text escaped, it is a
// small part of it. The template keeps the table's frame and head.

// MatrixBody is the rows of the matrix, as HTML.
func (v districtView) MatrixBody() template.HTML {
	var b strings.Builder
	b.Grow(len(v.Rows) * len(v.Columns) * 260)
	for _, row := range v.Rows {
		v.matrixRow(&b, row)
	}
	return template.HTML(b.String())
}

func (v districtView) matrixRow(b *strings.Builder, row matrixRow) {
	esc := template.HTMLEscapeString
	unit := "/don-vi/" + esc(row.Unit.Code) + esc(v.Q)
	b.WriteString(`<tr>` + "\n" + `<th scope="row" class="name"><a href="` + unit + `">` + esc(row.Unit.Name) + `</a>`)
	if row.AtRisk != "" {
		risk := esc(v.T("Nguy cơ thu hồi công nhận", "Risk of losing recognition") + ": " + row.AtRisk)
		b.WriteString(` <span class="risk" role="img" title="` + risk + `" aria-label="` + risk + `">⚠</span>`)
	}
	b.WriteString("</th>\n")
	switch {
	case row.NTM != nil:
		b.WriteString(`<td class="tally ` + tallyClass(row.NTM) + `">` + tally(row.NTM) + "</td>\n" + `<td class="tally">`)
		if a := row.Advanced; a != nil {
			b.WriteString(`<span class="` + tallyClass(a) + `">` + tally(a) + `</span>`)
		} else {
			b.WriteString("–")
		}
		b.WriteString("</td>\n")
		for _, c := range row.Cells {
			label := esc(v.T(c.Status.LabelVi(), statusEn(c.Status)))
			b.WriteString(`<td class="cell st-` + esc(string(c.Status)) + `" title="` + esc(c.Code) + ": " + label + `"><a href="` + unit +
				`#c-` + esc(c.Code) + `">` + statusMark(c.Status) + `<span class="sr"> ` + esc(row.Unit.Name) + ", " +
				esc(v.T("tiêu chí", "criterion")) + " " + esc(c.Code) + ": " + label + `</span></a></td>`)
		}
		b.WriteString("\n")
	case row.Urban != nil:
		met := "✗ " + v.T("chưa đạt", "not met")
		if row.Urban.Meets {
			met = "✓ " + v.T("đạt", "met")
		}
		b.WriteString(`<td class="tally" colspan="2">–</td><td class="urban ` + tallyClass(row.Urban) + `" colspan="` +
			strconv.Itoa(len(v.Columns)) + `">` + esc(v.T("Đô thị văn minh", "Civilised urban area")) + ": " + esc(met) + " " +
			strconv.Itoa(row.Urban.Met) + "/" + strconv.Itoa(row.Urban.Total) + "</td>\n")
	default:
		b.WriteString(`<td class="tally" colspan="2">–</td><td class="urban st-no_data" colspan="` + strconv.Itoa(len(v.Columns)) +
			`">– ` + esc(v.T("Chưa đánh giá", "Not evaluated")) + "</td>\n")
	}
	b.WriteString("</tr>")
}

// tallyClass is the colour of a unit's result: met or not.
func tallyClass(r *status.UnitResult) string {
	if r.Meets {
		return "st-met"
	}
	return "st-not_met"
}

// tally is a unit's result in a cell: "✓ 19/19".
func tally(r *status.UnitResult) string {
	mark := "✗"
	if r.Meets {
		mark = "✓"
	}
	return mark + " " + strconv.Itoa(r.Met) + "/" + strconv.Itoa(r.Total)
}
