package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/docx"
	"github.com/datchuan/datchuan/service"
)

// synthesisDocument lays the synthesis out as an administrative report
// (Decree 30/2020/NĐ-CP): the frame of head, a paragraph of figures per
// section and its table.
func synthesisDocument(s *service.Synthesis, head docHead, at time.Time) *docx.Document {
	o := docx.Official{Issuer: head.Issuer, Number: head.Number, Place: head.Place, Date: head.Date, Type: "BÁO CÁO",
		Title: head.Title, Recipients: head.Recipients, SignerAuthority: head.Authority, SignerName: head.SignerName}
	o.Body = append(o.Body, docx.BodyText(intro(s, at)))
	d := o.Document()
	tables := synthesisTables(s)
	var body []docx.Block
	for i, t := range tables {
		body = append(body, docx.Paragraph{Runs: []docx.Run{{Text: t.Title, Bold: true}}, KeepNext: true, Before: docx.Pt(6), After: docx.Pt(6)})
		if text := sectionText(s, i); text != "" {
			body = append(body, docx.BodyText(text))
		}
		if len(t.Rows) == 0 {
			body = append(body, docx.BodyText("Không có."))
			continue
		}
		body = append(body, docTable(t, d.TextWidth()))
	}
	// The body goes between the title and the signature the layout put
	// last.
	n := len(d.Blocks)
	d.Blocks = append(d.Blocks[:n-1:n-1], append(body, d.Blocks[n-1])...)
	return d
}

// intro says what the figures are and when they were taken.
func intro(s *service.Synthesis, at time.Time) string {
	prev := "tuần trước"
	if s.Previous != nil {
		prev = s.Previous.Label()
	}
	when := "số liệu tính đến " + at.In(datchuan.Vietnam()).Format("15:04 02/01/2006")
	if !s.Round.Open() {
		when = "số liệu lưu khi đóng đợt báo cáo, " + s.Round.ClosedAt.In(datchuan.Vietnam()).Format("15:04 02/01/2006")
	}
	return fmt.Sprintf("Văn phòng Điều phối nông thôn mới tỉnh tổng hợp tình hình thực hiện Kế hoạch số %s, %s (%s), so với %s, từ số liệu trên hệ thống và báo cáo của %d/%d cơ quan, như sau:",
		s.Plan.Number, s.Round.Label(), when, prev, s.Count.Received(), s.Count.Expected)
}

// sectionText is the sentence before table i, where the figures need one.
func sectionText(s *service.Synthesis, i int) string {
	switch i {
	case 0:
		var parts []string
		for _, d := range s.Districts {
			p := fmt.Sprintf("%s đạt %d/%d tiêu chí huyện, %d/%d xã đạt chuẩn nông thôn mới", d.Unit.Name, d.CriteriaNow, d.CriteriaTotal, d.CommunesNow, d.Communes)
			if len(d.NotMetCriteria) > 0 {
				p += "; tiêu chí chưa đạt: " + strings.Join(d.NotMetCriteria, "; ")
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, ". ") + "."
	case 4:
		t := fmt.Sprintf("Đã nhận %d/%d báo cáo: %d đúng hạn, %d trễ hạn.", s.Count.Received(), s.Count.Expected, s.Count.OnTime, s.Count.Late)
		if len(s.Missing) > 0 {
			var names []string
			for _, a := range s.Missing {
				names = append(names, a.Name)
			}
			t += " Chưa gửi báo cáo: " + strings.Join(names, ", ") + "."
		}
		return t
	}
	return ""
}

// docTable is a synthesis table across the text width, 12 pt.
func docTable(t textTable, width docx.Length) docx.Table {
	total := 0.0
	for _, w := range t.Widths {
		total += w
	}
	tb := docx.Table{Borders: true, HeaderFill: "D9D9D9", Padding: docx.Mm(1)}
	for _, w := range t.Widths {
		tb.Columns = append(tb.Columns, docx.Length(float64(width)*w/total))
	}
	var head docx.Row
	for _, h := range t.Header {
		head = append(head, docx.Cell{Text: h, Size: 12, Align: docx.AlignCenter})
	}
	tb.Header = []docx.Row{head}
	for _, r := range t.Rows {
		var row docx.Row
		for _, c := range r {
			row = append(row, docx.Cell{Text: c, Size: 12})
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}
