package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/docx"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/status"
)

// The papers of a dossier made from the data, as Word drafts laid out by
// Decree 30/2020/NĐ-CP: the table of the district's criteria, the list of
// its recognised communes, each lead department's confirmation, and the
// index of the whole dossier. Officials fill in the number and sign.

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// paperHead is what every generated paper of a dossier says about where
// it comes from.
type paperHead struct {
	v    *service.DossierView
	at   time.Time
	demo bool
}

// note is the last paragraph of a paper: made from the data on a day; in
// the demo, that it is no real document.
func (h paperHead) note() docx.Paragraph {
	text := "Dự thảo tạo từ số liệu trên hệ thống datchuan ngày " + h.v.On.VN() + "; cán bộ kiểm tra, ghi số và trình ký."
	if h.demo {
		text += " DỮ LIỆU TRÌNH DIỄN — không phải văn bản thật."
	}
	return docx.Paragraph{Runs: []docx.Run{{Text: text, Italic: true, Size: 11}}, Before: docx.Pt(6)}
}

// districtIssuer is the header of a paper the district issues.
func (h paperHead) districtIssuer() docx.Official {
	return docx.Official{Issuer: []string{"UBND " + h.v.Unit.Name}, Number: "Số:        /BC-UBND", Place: h.v.Unit.ShortName(), Date: h.at,
		Recipients:      []string{"UBND tỉnh " + h.v.Province.ShortName(), "Văn phòng Điều phối nông thôn mới tỉnh", "Lưu: VT"},
		SignerAuthority: []string{"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"}}
}

// paperTable is a bordered table across the text width, 11 pt, its
// columns in the proportions of widths.
func paperTable(header []string, widths []float64, rows []docx.Row) docx.Table {
	width := (&docx.Document{}).TextWidth()
	total := 0.0
	for _, w := range widths {
		total += w
	}
	t := docx.Table{Borders: true, HeaderFill: "D9D9D9", Padding: docx.Mm(1), Rows: rows}
	for _, w := range widths {
		t.Columns = append(t.Columns, docx.Length(float64(width)*w/total))
	}
	var head docx.Row
	for _, h := range header {
		head = append(head, docx.Cell{Text: h, Size: 11, Align: docx.AlignCenter})
	}
	t.Header = []docx.Row{head}
	return t
}

// paperCells is a row of plain 11 pt cells.
func paperCells(texts ...string) docx.Row {
	var r docx.Row
	for _, t := range texts {
		r = append(r, docx.Cell{Text: t, Size: 11})
	}
	return r
}

// paperResult is an indicator's or criterion's status in a paper.
func paperResult(st status.Status) string {
	if st == status.Met {
		return "Đạt"
	}
	return st.LabelVi()
}

// paperIndicatorRow is one indicator of a paper's table: its code, name,
// threshold, value and result.
func paperIndicatorRow(ir status.IndicatorResult, def *datchuan.Indicator) docx.Row {
	th := "chưa có ngưỡng"
	if ir.HasThreshold {
		th, _ = thresholdText(def, ir.Threshold.Value)
		if !ir.Threshold.Verified {
			th += " (chưa kiểm chứng)"
		}
	}
	value := "Chưa có số liệu"
	if ir.Value != nil {
		value, _ = measureText(def, ir.Value.Measure)
	}
	return paperCells(ir.Code, ir.NameVi, th, value, paperResult(ir.Status))
}

// criteriaTableDocument is the table of the district's results on its
// criteria.
func criteriaTableDocument(h paperHead) *docx.Document {
	d := h.v.Data
	o := h.districtIssuer()
	o.Type = "BẢNG TỔNG HỢP"
	o.Title = fmt.Sprintf("Kết quả thực hiện %d tiêu chí huyện nông thôn mới của %s (tính đến ngày %s)", d.Own.Total, h.v.Unit.Name, d.On.VN())
	o.Body = append(o.Body, docx.BodyText("Bộ tiêu chí: "+d.Set.NameVi+" ("+d.Set.Legal.Text()+"). Kết quả chỉ tính số liệu đã được sở, ngành chủ trì xác nhận."))
	var rows []docx.Row
	for ci, cr := range d.Own.Criteria {
		rows = append(rows, docx.Row{{Text: cr.Code, Bold: true, Size: 11}, {Text: cr.NameVi, Bold: true, Size: 11, Span: 3},
			{Text: paperResult(cr.Status) + fmt.Sprintf(" (%d/%d)", cr.Met, cr.Total), Bold: true, Size: 11}})
		for ii, ir := range cr.Indicators {
			rows = append(rows, paperIndicatorRow(ir, &d.Set.Criteria[ci].Indicators[ii]))
		}
	}
	o.Body = append(o.Body, paperTable([]string{"TT", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Kết quả thực hiện", "Tự đánh giá"},
		[]float64{1.1, 5, 2.2, 2.6, 1.8}, rows))
	o.Body = append(o.Body, docx.BodyText(fmt.Sprintf("Tổng hợp: %d/%d tiêu chí huyện nông thôn mới đạt chuẩn.", d.Own.Met, d.Own.Total)), h.note())
	return o.Document()
}

// communesDocument is the list of the district's communes with their
// recognition decisions.
func communesDocument(h paperHead) *docx.Document {
	d := h.v.Data
	o := h.districtIssuer()
	o.Type = "DANH SÁCH"
	o.Title = "Các xã đạt chuẩn nông thôn mới, nông thôn mới nâng cao và thị trấn đạt chuẩn đô thị văn minh của " + h.v.Unit.Name
	var rows []docx.Row
	for i, c := range d.Communes {
		n := strconv.Itoa(i + 1)
		if len(c.Decisions) == 0 {
			rows = append(rows, paperCells(n, c.Unit.Name, "Chưa có quyết định công nhận", "", "", ""))
			continue
		}
		for _, dec := range c.Decisions {
			number := dec.Number + " ngày " + dec.Date.VN()
			if dec.Demo {
				number += " (minh họa)"
			}
			year := ""
			if dec.Year != 0 {
				year = strconv.Itoa(dec.Year)
			}
			rows = append(rows, paperCells(n, c.Unit.Name, dec.Title.LabelVi(), number, dec.Issuer, year))
			n = ""
		}
	}
	o.Body = append(o.Body, docx.BodyText(fmt.Sprintf("%s có %d xã, thị trấn; %d đã có quyết định công nhận theo yêu cầu (xã: đạt chuẩn nông thôn mới; thị trấn: đạt chuẩn đô thị văn minh).",
		h.v.Unit.Name, len(d.Communes), d.Covered)))
	o.Body = append(o.Body, paperTable([]string{"TT", "Xã, thị trấn", "Danh hiệu", "Quyết định (số, ngày)", "Cơ quan ban hành", "Năm đạt chuẩn"},
		[]float64{0.9, 2.6, 2.8, 3.2, 2.8, 1.4}, rows), h.note())
	return o.Document()
}

// confirmationDocument is one lead department's written confirmation of
// the district's results on the indicators it leads.
func confirmationDocument(h paperHead, dc *service.DepartmentConfirmation) *docx.Document {
	d := h.v.Data
	o := docx.Official{Issuer: []string{"UBND tỉnh " + h.v.Province.ShortName(), dc.Agency.Name}, Number: "Số:        /GXN", Place: h.v.Province.ShortName(),
		Date: h.at, Type: "GIẤY XÁC NHẬN",
		Title:           "Mức đạt chuẩn tiêu chí huyện nông thôn mới của " + h.v.Unit.Name + " thuộc lĩnh vực " + dc.Agency.Name + " phụ trách",
		Recipients:      []string{"UBND " + h.v.Unit.Name, "Văn phòng Điều phối nông thôn mới tỉnh", "Lưu: VT"},
		SignerAuthority: []string{"GIÁM ĐỐC"}}
	o.Body = append(o.Body, docx.BodyText(fmt.Sprintf("Căn cứ %s (%s); căn cứ số liệu %s báo cáo và kết quả thẩm tra, %s xác nhận kết quả thực hiện các chỉ tiêu do %s chủ trì như sau:",
		d.Set.NameVi, d.Set.Legal.Text(), h.v.Unit.Name, dc.Agency.Name, dc.Agency.Name)))
	var rows []docx.Row
	met, total := 0, 0
	for _, cr := range dc.Criteria {
		rows = append(rows, docx.Row{{Text: cr.Code, Bold: true, Size: 11}, {Text: cr.NameVi, Bold: true, Size: 11, Span: 4}})
		for _, ind := range cr.Indicators {
			row := paperIndicatorRow(ind.IndicatorResult, ind.Def)
			if !ind.Confirmed {
				row[4].Text = "Chưa xác nhận (" + row[4].Text + ")"
			}
			rows = append(rows, row)
			total++
			if ind.Status == status.Met {
				met++
			}
		}
	}
	o.Body = append(o.Body, paperTable([]string{"TT", "Chỉ tiêu", "Yêu cầu", "Giá trị đã xác nhận", "Kết quả"},
		[]float64{1.1, 5, 2.2, 2.6, 1.8}, rows))
	text := fmt.Sprintf("Kết luận: %d/%d chỉ tiêu do %s chủ trì đạt chuẩn.", met, total, dc.Agency.Name)
	if !dc.Ready {
		text += fmt.Sprintf(" Còn %d chỉ tiêu chưa được xác nhận số liệu.", dc.Total-dc.Confirmed)
	}
	o.Body = append(o.Body, docx.BodyText(text), h.note())
	return o.Document()
}

// paperOf is the view of the target of the path, for a generated paper.
func (s *Server) paperOf(r *http.Request) (paperHead, error) {
	id, err := idParam(r, "id", "mục tiêu")
	if err != nil {
		return paperHead{}, err
	}
	v, err := s.svc.Dossier(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return paperHead{}, err
	}
	if v.Template == nil {
		return paperHead{}, datchuan.Errorf(datchuan.ENOTFOUND, "Mục tiêu này chưa có mẫu hồ sơ (no dossier template for this target)")
	}
	return paperHead{v: v, at: s.svc.Now().In(datchuan.Vietnam()), demo: s.deps.Demo}, nil
}

// sendDOCX writes a document as a download.
func sendDOCX(w http.ResponseWriter, name string, d *docx.Document) error {
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		return err
	}
	download(w, name, docxType, buf.Bytes())
	return nil
}

func (s *Server) criteriaTableDOCX(w http.ResponseWriter, r *http.Request) error {
	h, err := s.paperOf(r)
	if err != nil {
		return err
	}
	return sendDOCX(w, "bang-tong-hop-tieu-chi-"+h.v.Unit.Code+".docx", criteriaTableDocument(h))
}

func (s *Server) communesDOCX(w http.ResponseWriter, r *http.Request) error {
	h, err := s.paperOf(r)
	if err != nil {
		return err
	}
	return sendDOCX(w, "danh-sach-xa-cong-nhan-"+h.v.Unit.Code+".docx", communesDocument(h))
}

func (s *Server) confirmationDOCX(w http.ResponseWriter, r *http.Request) error {
	h, err := s.paperOf(r)
	if err != nil {
		return err
	}
	agency, err := idParam(r, "agency", "sở, ngành")
	if err != nil {
		return err
	}
	dc := h.v.Data.Confirmation(agency)
	if dc == nil {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Cơ quan này không chủ trì chỉ tiêu nào của huyện (the agency leads no indicator here)")
	}
	return sendDOCX(w, "xac-nhan-"+strings.ToLower(dc.Agency.Code)+"-"+h.v.Unit.Code+".docx", confirmationDocument(h, dc))
}
