package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/docx"
	"github.com/datchuan/datchuan/service"
)

// The report of an inspection (biên bản kiểm tra thực tế) as a Word
// document in the layout of Decree 30/2020/NĐ-CP, issued by the inspecting
// agency: who inspected and who was visited, the findings criterion by
// criterion, the conclusion, and room for the team lead and each unit's
// representative to sign on site. Officials complete it in Word.

func (s *Server) inspectionDOCX(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "đợt kiểm tra")
	if err != nil {
		return err
	}
	rec, err := s.svc.InspectionRecordFor(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	issuer := []string{"UBND " + rec.Province.Name, rec.Agency.Name}
	if rec.Agency.ParentID != 0 {
		if parent, err := s.stores.Agencies.Agency(r.Context(), rec.Agency.ParentID); err == nil {
			issuer[0] = parent.Name
		}
	}
	var buf bytes.Buffer
	if err := inspectionDocument(rec, issuer).Write(&buf); err != nil {
		return err
	}
	download(w, "bien-ban-kiem-tra-"+strconv.FormatInt(id, 10)+".docx",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	return nil
}

// inspectionDocument lays the report out: the frame of an official
// document, its body, and two signatures side by side.
func inspectionDocument(rec *service.InspectionRecord, issuer []string) *docx.Document {
	day := rec.Day().Time(datchuan.Vietnam())
	place := strings.TrimPrefix(strings.TrimPrefix(rec.Province.Name, "Tỉnh "), "Thành phố ")
	o := docx.Official{Issuer: issuer, Number: "Số:       /BB-KT", Place: place, Date: day, Type: "BIÊN BẢN KIỂM TRA THỰC TẾ",
		Title: rec.Title}
	d := o.Document()
	// The body goes between the title and the signature the layout put
	// last, which gives way to the two signatures of a report.
	n := len(d.Blocks)
	d.Blocks = append(d.Blocks[:n-1:n-1], inspectionBody(rec, d.TextWidth())...)
	d.Blocks = append(d.Blocks, signatures(d.TextWidth(), rec.Lead()))
	return d
}

// heading is a numbered heading of the report's body.
func heading(text string) docx.Paragraph {
	return docx.Paragraph{Runs: []docx.Run{{Text: text, Bold: true}}, KeepNext: true, Before: docx.Pt(6), After: docx.Pt(3)}
}

// item is a line of a list: "- text".
func item(text string) docx.Paragraph {
	return docx.Paragraph{Runs: []docx.Run{{Text: "- " + text}}, Align: docx.AlignJustify, FirstLine: docx.Cm(1), After: docx.Pt(3)}
}

func inspectionBody(rec *service.InspectionRecord, width docx.Length) []docx.Block {
	var names []string
	for _, u := range rec.Units {
		names = append(names, u.Name)
	}
	set := rec.SetID
	if rec.Set != nil {
		set = rec.Set.NameVi
	}
	body := []docx.Block{docx.BodyText(fmt.Sprintf("Hôm nay, %s, %s tiến hành kiểm tra thực tế việc thực hiện các tiêu chí theo %s tại %s.",
		docx.VietnameseDate(rec.Day().Time(datchuan.Vietnam())), rec.Agency.Name, set, strings.Join(names, ", ")))}
	body = append(body, heading("I. THÀNH PHẦN"), heading("1. Đoàn kiểm tra của "+rec.Agency.Name))
	members := rec.Members()
	if len(members) == 0 {
		members = []string{"……………………………………"}
	}
	for i, m := range members {
		if i == 0 {
			m += " (Trưởng đoàn)"
		}
		body = append(body, item(m))
	}
	body = append(body, heading("2. Đại diện đơn vị được kiểm tra"))
	for _, u := range rec.Units {
		body = append(body, item("Đại diện "+u.Name+": ……………………………………"))
	}
	body = append(body, heading("II. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA"), docx.BodyText(checkedText(rec)))
	if len(rec.Findings) == 0 {
		body = append(body, docx.BodyText("Chưa ghi kết quả kiểm tra."))
	} else {
		body = append(body, findingsTable(rec, width))
	}
	body = append(body, heading("III. KẾT LUẬN"))
	conclusion := strings.Split(strings.TrimSpace(rec.Summary), "\n")
	if rec.Summary == "" {
		conclusion = []string{"……………………………………………………………………………………"}
	}
	for _, line := range conclusion {
		if line = strings.TrimSpace(line); line != "" {
			body = append(body, docx.BodyText(line))
		}
	}
	return append(body, docx.BodyText("Biên bản được lập xong cùng ngày, đã đọc lại cho các thành viên cùng nghe, thống nhất nội dung và ký tên dưới đây."))
}

// checkedText says which criteria the team checked.
func checkedText(rec *service.InspectionRecord) string {
	if len(rec.Criteria) == 0 || rec.Set == nil {
		return "Đoàn kiểm tra các tiêu chí của bộ tiêu chí; kết quả từng tiêu chí, chỉ tiêu như sau:"
	}
	var names []string
	for _, code := range rec.Criteria {
		if c := rec.Set.Criterion(code); c != nil {
			names = append(names, c.Code+". "+c.NameVi)
		}
	}
	return "Đoàn kiểm tra các tiêu chí: " + strings.Join(names, "; ") + ". Kết quả từng tiêu chí, chỉ tiêu như sau:"
}

// findingsTable lists the findings criterion by criterion (in the set's
// order), a heading row for each, then one row a unit and indicator.
func findingsTable(rec *service.InspectionRecord, width docx.Length) docx.Table {
	rows := slices.Clone(rec.Findings)
	order := func(code string) int {
		if rec.Set != nil {
			for i, c := range rec.Set.Criteria {
				if c.Code == code {
					return i
				}
			}
		}
		return len(code) * 1000
	}
	slices.SortStableFunc(rows, func(a, b service.FindingRow) int {
		return cmp.Or(cmp.Compare(order(a.CriterionCode), order(b.CriterionCode)), strings.Compare(a.IndicatorCode, b.IndicatorCode))
	})
	weights := []float64{0.9, 2.6, 3.8, 2, 4, 3.1}
	t := docx.Table{Borders: true, HeaderFill: "D9D9D9", Padding: docx.Mm(1)}
	for _, wt := range weights {
		t.Columns = append(t.Columns, docx.Length(float64(width)*wt/16.4))
	}
	cell := func(s string) docx.Cell { return docx.Cell{Text: s, Size: 12} }
	t.Header = []docx.Row{{cell("TT"), cell("Đơn vị"), cell("Chỉ tiêu"), cell("Kết quả"), cell("Nhận xét, kiến nghị"), cell("Xử lý")}}
	crit, n := "", 0
	for _, f := range rows {
		if f.CriterionCode != crit {
			crit = f.CriterionCode
			label := "Tiêu chí " + f.CriterionCode
			if rec.Set != nil {
				if c := rec.Set.Criterion(crit); c != nil {
					label += ". " + c.NameVi
				}
			}
			t.Rows = append(t.Rows, docx.Row{{Text: label, Bold: true, Size: 12, Span: len(weights), Fill: "F2F2F2"}})
		}
		n++
		ind := "Cả tiêu chí"
		if f.IndicatorCode != "" {
			ind = f.Label
		}
		t.Rows = append(t.Rows, docx.Row{{Text: strconv.Itoa(n), Size: 12, Align: docx.AlignCenter}, cell(f.Unit.Name), cell(ind),
			cell(f.Result.LabelVi()), cell(f.Note), cell(followUpText(f))})
	}
	return t
}

// followUpText says what a finding became.
func followUpText(f service.FindingRow) string {
	switch {
	case f.Obstacle != nil:
		return "Vướng mắc: " + f.Obstacle.Title + dueText(f.Obstacle.Due)
	case f.Task != nil:
		return "Nhiệm vụ: " + f.Task.Title + dueText(f.Task.Due)
	}
	return ""
}

func dueText(d datchuan.Date) string {
	if d.IsZero() {
		return ""
	}
	return " (hạn " + d.VN() + ")"
}

// signatures is the borderless table at the end of the report: a
// representative of the units visited on the left, the team lead on the
// right, each with room to sign.
func signatures(width docx.Length, lead string) docx.Table {
	block := func(title, name string) docx.Cell {
		ps := []docx.Paragraph{
			{Runs: []docx.Run{{Text: title, Bold: true}}, Align: docx.AlignCenter, Before: docx.Pt(12)},
			{Runs: []docx.Run{{Text: "(Ký, ghi rõ họ tên)", Italic: true, Size: 12}}, Align: docx.AlignCenter},
			{Runs: []docx.Run{{Text: name, Bold: true}}, Align: docx.AlignCenter, Before: docx.Pt(70)},
		}
		return docx.Cell{Paragraphs: ps}
	}
	return docx.Table{Columns: []docx.Length{width / 2, width - width/2}, Padding: docx.Mm(1),
		Rows: []docx.Row{{block("ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", ""), block("TRƯỞNG ĐOÀN KIỂM TRA", lead)}}}
}
