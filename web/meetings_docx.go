package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/docx"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/status"
)

// The papers of a held meeting, as Word documents under Decree
// 30/2020/NĐ-CP that the committee's office edits and signs: the minutes
// (biên bản họp), read from the agenda frozen when the meeting was held,
// and the conclusion notice (thông báo kết luận) giving out its
// decisions. Their numbers are left blank, to be given when signed.

// heldMeeting loads a held meeting for its papers, with the names of the
// agencies its decisions may name.
func (s *Server) heldMeeting(r *http.Request) (*service.MeetingAt, map[int64]*datchuan.Agency, error) {
	id, err := idParam(r, "id", "cuộc họp")
	if err != nil {
		return nil, nil, err
	}
	c := viewerOf(r).caller
	at, err := s.svc.MeetingFor(r.Context(), c, id)
	if err != nil {
		return nil, nil, err
	}
	if at.Meeting.State != datchuan.MeetingHeld || at.Meeting.Agenda == nil {
		return nil, nil, datchuan.Errorf(datchuan.ECONFLICT, "Cuộc họp chưa họp nên chưa có biên bản, thông báo kết luận (the meeting is not held yet)")
	}
	owners, err := s.svc.Owners(r.Context(), c, at.Province)
	return at, owners, err
}

func (s *Server) minutesDOCX(w http.ResponseWriter, r *http.Request) error {
	at, owners, err := s.heldMeeting(r)
	if err != nil {
		return err
	}
	return sendMeetingDOCX(w, "bien-ban-hop-"+at.Meeting.Day().String()+".docx", minutesDocument(at, owners))
}

func (s *Server) noticeDOCX(w http.ResponseWriter, r *http.Request) error {
	at, owners, err := s.heldMeeting(r)
	if err != nil {
		return err
	}
	return sendMeetingDOCX(w, "thong-bao-ket-luan-"+at.Meeting.Day().String()+".docx", noticeDocument(at, owners))
}

func sendMeetingDOCX(w http.ResponseWriter, name string, d *docx.Document) error {
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		return err
	}
	download(w, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	return nil
}

// meetingIssuer is the heading of a committee's papers: its people's
// committee, then the steering committee.
func meetingIssuer(at *service.MeetingAt) []string {
	return []string{"UBND " + strings.ToUpper(at.Unit.Name), "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG"}
}

// meetingCommittee names the committee that met.
func meetingCommittee(at *service.MeetingAt) string {
	if at.Committee != nil {
		return at.Committee.Name
	}
	return "Ban Chỉ đạo " + at.Unit.Name
}

// decisionOwner names who carries out a decision.
func decisionOwner(d datchuan.Decision, owners map[int64]*datchuan.Agency) string {
	var parts []string
	if a := owners[d.OwnerID]; a != nil {
		parts = append(parts, a.Name)
	}
	if d.OwnerName != "" {
		parts = append(parts, d.OwnerName)
	}
	return strings.Join(parts, " – ")
}

// minutesHeading is a bold line of the body: "I. THÀNH PHẦN".
func minutesHeading(text string) docx.Paragraph {
	return docx.Paragraph{Runs: []docx.Run{{Text: text, Bold: true}}, KeepNext: true, Before: docx.Pt(6), After: docx.Pt(6)}
}

// minutesParagraphs are the lines of a typed text as body paragraphs.
func minutesParagraphs(text string) []docx.Block {
	var out []docx.Block
	for _, l := range lines(text) {
		out = append(out, docx.BodyText(l))
	}
	return out
}

// minutesDocument lays out the minutes of a held meeting: when, where,
// who chaired and attended, the agenda as it was frozen, the conclusions
// and the decisions, signed by the secretary and the chair.
func minutesDocument(at *service.MeetingAt, owners map[int64]*datchuan.Agency) *docx.Document {
	m, a := at.Meeting, at.Meeting.Agenda
	o := docx.Official{Issuer: meetingIssuer(at), Number: "Số:      /BB-BCĐ", Place: at.Unit.ShortName(), Date: m.At.In(datchuan.Vietnam()),
		Type: "BIÊN BẢN HỌP " + strings.ToUpper(meetingCommittee(at)), Title: "Kiểm điểm tiến độ xây dựng nông thôn mới"}
	d := o.Document()
	t := m.At.In(datchuan.Vietnam())
	body := []docx.Block{
		minutesHeading("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"),
		docx.BodyText(fmt.Sprintf("Thời gian: %d giờ %02d, %s.", t.Hour(), t.Minute(), docx.VietnameseDate(t))),
		docx.BodyText("Địa điểm: " + blankOr(m.Place) + "."),
		docx.BodyText("Chủ trì: " + blankOr(m.Chair) + "."),
		docx.BodyText("Thư ký: " + blankOr(m.Secretary) + "."),
		docx.BodyText(fmt.Sprintf("Thành phần: %d người được mời, %d có mặt.", len(m.Attendance), m.Present())),
	}
	if len(m.Attendance) > 0 {
		body = append(body, minutesAttendance(m, d.TextWidth()))
	}
	body = append(body, minutesHeading("II. NỘI DUNG CUỘC HỌP"))
	body = append(body, minutesAgenda(a, d.TextWidth())...)
	body = append(body, minutesHeading("III. KẾT LUẬN CỦA CHỦ TRÌ"))
	if c := minutesParagraphs(m.Conclusions); len(c) > 0 {
		body = append(body, c...)
	} else {
		body = append(body, docx.BodyText("Không có."))
	}
	body = append(body, minutesHeading("IV. GIAO NHIỆM VỤ"))
	if len(m.Decisions) == 0 {
		body = append(body, docx.BodyText("Không có."))
	} else {
		body = append(body, minutesDecisions(m, owners, d.TextWidth()))
	}
	body = append(body, docx.BodyText("Biên bản được lập xong và thông qua tại cuộc họp."))
	// The minutes are signed by the secretary and the chair, side by side,
	// in place of the one signature the layout puts last.
	n := len(d.Blocks)
	d.Blocks = append(d.Blocks[:n-1:n-1], append(body, minutesSignatures(m, d.TextWidth()))...)
	return d
}

// blankOr is s, or "…" to be filled in by hand.
func blankOr(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// minutesAttendance lists who was invited: name, role, present or absent
// with the reason.
func minutesAttendance(m *datchuan.Meeting, width docx.Length) docx.Table {
	t := textTable{Header: []string{"TT", "Họ và tên", "Chức vụ, cơ quan", "Dự họp"}, Widths: []float64{1, 5, 6, 4}}
	for i, p := range m.Attendance {
		att := "Có mặt"
		if !p.Present {
			att = "Vắng"
			if p.Reason != "" {
				att += " (" + p.Reason + ")"
			}
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), p.Name, p.Role, att})
	}
	return docTable(t, width)
}

// minutesAgenda are the agenda's three parts, each a paragraph and a table.
func minutesAgenda(a *datchuan.Agenda, width docx.Length) []docx.Block {
	since := "ngày " + a.Since.VN()
	if a.SinceHeld {
		since = "cuộc họp ngày " + a.Since.VN()
	}
	out := []docx.Block{docx.BodyText(fmt.Sprintf("Cuộc họp xem xét tình hình từ số liệu trên hệ thống lúc %s:",
		a.At.In(datchuan.Vietnam()).Format("15:04 02/01/2006")))}
	part := func(title string, t textTable) {
		out = append(out, docx.Paragraph{Runs: []docx.Run{{Text: title, Italic: true}}, KeepNext: true, After: docx.Pt(6)})
		if len(t.Rows) == 0 {
			out = append(out, docx.BodyText("Không có."))
			return
		}
		out = append(out, docTable(t, width))
	}
	changes := textTable{Header: []string{"Đơn vị", "Tiêu chí", "Trước", "Nay"}, Widths: []float64{4, 6, 3, 3}}
	for _, c := range a.Changes {
		name := c.Name
		if c.Criterion != "" {
			name = c.Criterion + ". " + c.Name
		}
		changes.Rows = append(changes.Rows, []string{c.Unit, name, status.Status(c.Before).LabelVi(), status.Status(c.Now).LabelVi()})
	}
	part("1. Đơn vị, tiêu chí có thay đổi kể từ "+since, changes)
	late := textTable{Header: []string{"Đơn vị", "Việc", "Chịu trách nhiệm", "Hạn", "Quá hạn"}, Widths: []float64{3, 6, 4, 2.5, 2}}
	for _, o := range a.Overdue {
		late.Rows = append(late.Rows, []string{o.Unit, o.Title, o.Owner, o.Due.VN(), strconv.Itoa(o.Late) + " ngày"})
	}
	part("2. Phân công, nhiệm vụ quá hạn", late)
	obs := textTable{Header: []string{"Đơn vị", "Khó khăn, vướng mắc", "Cơ quan xử lý", "Số ngày", "Ghi chú"}, Widths: []float64{3, 6, 4, 1.5, 3.5}}
	for _, o := range a.Obstacles {
		title := o.Title
		if o.Criterion != "" {
			title += " (tiêu chí " + o.Criterion + ")"
		}
		obs.Rows = append(obs.Rows, []string{o.Unit, title, o.Owner, strconv.Itoa(o.Age), carriedNote(o)})
	}
	part("3. Khó khăn, vướng mắc chưa giải quyết", obs)
	return out
}

// carriedNote says where an obstacle on an agenda comes from.
func carriedNote(o datchuan.AgendaObstacle) string {
	if o.CarriedFrom.IsZero() {
		return "Mới"
	}
	return "Chuyển từ cuộc họp ngày " + o.CarriedFrom.VN()
}

// minutesDecisions lists the decisions: what, who, by when.
func minutesDecisions(m *datchuan.Meeting, owners map[int64]*datchuan.Agency, width docx.Length) docx.Table {
	t := textTable{Header: []string{"TT", "Nội dung", "Cơ quan, người thực hiện", "Thời hạn"}, Widths: []float64{1, 8, 5, 2.5}}
	for i, d := range m.Decisions {
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), d.Text, decisionOwner(d, owners), d.Due.VN()})
	}
	return docTable(t, width)
}

// minutesSignatures is the secretary on the left and the chair on the right,
// each with room to sign and their name.
func minutesSignatures(m *datchuan.Meeting, width docx.Length) docx.Table {
	col := func(role, name string) docx.Cell {
		return docx.Cell{Paragraphs: []docx.Paragraph{
			{Runs: []docx.Run{{Text: role, Bold: true}}, Align: docx.AlignCenter, Before: docx.Pt(12)},
			{Runs: []docx.Run{{Text: chairName(name), Bold: true}}, Align: docx.AlignCenter, Before: docx.Pt(80)},
		}}
	}
	return docx.Table{Columns: []docx.Length{width / 2, width - width/2}, Padding: docx.Mm(1),
		Rows: []docx.Row{{col("THƯ KÝ", m.Secretary), col("CHỦ TRÌ", m.Chair)}}}
}

// chairName is the name in a "name, title" line.
func chairName(s string) string {
	if name, _, ok := strings.Cut(s, ","); ok {
		return strings.TrimSpace(name)
	}
	return s
}

// noticeDocument lays out the conclusion notice of a held meeting: who
// met and when, the conclusions, then each decision as a numbered task
// with who carries it out and by when, and whom the notice goes to.
func noticeDocument(at *service.MeetingAt, owners map[int64]*datchuan.Agency) *docx.Document {
	m := at.Meeting
	name := meetingCommittee(at)
	o := docx.Official{Issuer: meetingIssuer(at), Number: "Số:      /TB-BCĐ", Place: at.Unit.ShortName(), Date: m.At.In(datchuan.Vietnam()),
		Type: "THÔNG BÁO KẾT LUẬN", Title: "của " + name + " tại cuộc họp ngày " + m.Day().VN(),
		Recipients: conclusionRecipients(at, owners), SignerAuthority: []string{"TM. BAN CHỈ ĐẠO", "CHỦ TRÌ CUỘC HỌP"}, SignerName: chairName(m.Chair)}
	o.Body = append(o.Body, docx.BodyText(fmt.Sprintf("Ngày %s, %s họp kiểm điểm tiến độ xây dựng nông thôn mới, do %s chủ trì; dự họp có %d/%d thành viên được mời. "+
		"Sau khi nghe báo cáo tình hình và ý kiến của các thành viên, chủ trì cuộc họp kết luận như sau:",
		m.Day().VN(), name, blankOr(m.Chair), m.Present(), len(m.Attendance))))
	o.Body = append(o.Body, minutesHeading("1. Kết luận"))
	if c := minutesParagraphs(m.Conclusions); len(c) > 0 {
		o.Body = append(o.Body, c...)
	} else {
		o.Body = append(o.Body, docx.BodyText("Không có."))
	}
	o.Body = append(o.Body, minutesHeading("2. Giao nhiệm vụ"))
	for i, d := range m.Decisions {
		text := fmt.Sprintf("2.%d. %s.", i+1, strings.TrimRight(strings.TrimSpace(d.Text), ".;"))
		if who := decisionOwner(d, owners); who != "" {
			text += " Thực hiện: " + who + "."
		}
		if !d.Due.IsZero() {
			text += " Thời hạn: " + d.Due.VN() + "."
		}
		o.Body = append(o.Body, docx.BodyText(text))
	}
	if len(m.Decisions) == 0 {
		o.Body = append(o.Body, docx.BodyText("Không có."))
	}
	o.Body = append(o.Body, docx.BodyText("Đề nghị các cơ quan, đơn vị và cá nhân được giao nhiệm vụ triển khai thực hiện, báo cáo kết quả tại cuộc họp tiếp theo."))
	return o.Document()
}

// conclusionRecipients are whom the notice goes to: the members who attended,
// the agencies given a decision, the province's coordination office for a
// district's notice, and the archive.
func conclusionRecipients(at *service.MeetingAt, owners map[int64]*datchuan.Agency) []string {
	out := []string{"Thành viên Ban Chỉ đạo"}
	seen := map[int64]bool{}
	for _, d := range at.Meeting.Decisions {
		if a := owners[d.OwnerID]; a != nil && !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a.Name)
		}
	}
	if at.Unit.Level == datchuan.LevelDistrict {
		out = append(out, "Văn phòng Điều phối nông thôn mới tỉnh (b/c)")
	}
	return append(out, "Lưu: VT")
}
