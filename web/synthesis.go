package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/docx"
	"github.com/datchuan/datchuan/service"
)

// The synthesis of a round for the provincial steering committee: a print
// page, a Word report under Decree 30/2020/NĐ-CP that the office edits and
// signs, and a workbook of its tables. The three show the same figures:
// the page through its template, the others through synthesisTables.

// docHead is the official frame of the report: who issues it, its number,
// place and date, title, recipients and signature.
type docHead struct {
	Issuer     []string
	Number     string // "Số: 12/BC-BCĐ"
	Place      string // "Trà Vinh"
	Date       time.Time
	PlaceDate  string // "Trà Vinh, ngày 09 tháng 9 năm 2022"
	Title      string
	Recipients []string
	Authority  []string
	SignerName string
}

// docForm is the Word report's frame as the office types it, one line an
// entry for the lists.
type docForm struct {
	Number, Authority, Signer, Recipients string
}

// defaultDocForm is the frame a plan suggests: the issuing committee's
// number pattern, its signer, the usual recipients.
func defaultDocForm(s *service.Synthesis) docForm {
	return docForm{
		Number:    "     /BC-BCĐ", // the number is given when the report is signed
		Authority: "TM. BAN CHỈ ĐẠO\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
		Signer:    signerName(s.Plan.Signer),
		Recipients: "Ban Chỉ đạo Trung ương (b/c)\nThường trực Tỉnh ủy, HĐND, UBND tỉnh (b/c)\nThành viên Ban Chỉ đạo tỉnh\n" +
			"Các sở, ban, ngành tỉnh\nUBND các huyện, thị xã, thành phố\nLưu: VT, VPĐP",
	}
}

// signerName is the name in a plan's signer line: the part before the
// first comma ("Trần Minh Đức, Phó Chủ tịch UBND tỉnh"), or the last three
// words of a line that puts the title first ("Phó Chủ tịch UBND tỉnh Trần
// Minh Đức").
func signerName(s string) string {
	if name, _, ok := strings.Cut(s, ","); ok {
		return strings.TrimSpace(name)
	}
	f := strings.Fields(s)
	if len(f) > 3 {
		f = f[len(f)-3:]
	}
	return strings.Join(f, " ")
}

// formOf reads the frame from the query, falling back on the defaults.
func formOf(r *http.Request, def docForm) docForm {
	q := r.URL.Query()
	pick := func(k, d string) string {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			return v
		}
		return d
	}
	return docForm{Number: pick("number", def.Number), Authority: pick("authority", def.Authority),
		Signer: pick("signer", def.Signer), Recipients: pick("recipients", def.Recipients)}
}

// lines splits a typed list into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// headOf is the frame of a synthesis issued at `at` with the typed form.
func headOf(s *service.Synthesis, f docForm, at time.Time) docHead {
	number := f.Number
	if !strings.HasPrefix(number, "Số") {
		number = "Số: " + number
	}
	prov := strings.TrimPrefix(strings.TrimPrefix(s.Province.Name, "Tỉnh "), "Thành phố ")
	title := fmt.Sprintf("Tình hình thực hiện Kế hoạch số %s, %s", s.Plan.Number, s.Round.Label())
	return docHead{
		Issuer:     []string{"UBND " + strings.ToUpper(s.Province.Name), "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG"},
		Number:     number,
		Place:      prov,
		Date:       at,
		PlaceDate:  docx.PlaceDate(prov, at),
		Title:      title,
		Recipients: lines(f.Recipients),
		Authority:  lines(f.Authority),
		SignerName: f.Signer,
	}
}

type synthesisView struct {
	base
	S    *service.Synthesis
	Doc  docHead
	Form docForm
	At   time.Time
}

// AgeOf is how many days an obstacle has been open when the synthesis
// was made.
func (v synthesisView) AgeOf(o *datchuan.Obstacle) int { return o.Age(v.At) }

func (s *Server) synthesisOf(r *http.Request) (*service.Synthesis, error) {
	id, err := idParam(r, "id", "đợt báo cáo")
	if err != nil {
		return nil, err
	}
	return s.svc.Synthesize(r.Context(), viewerOf(r).caller, id)
}

func (s *Server) synthesisPage(w http.ResponseWriter, r *http.Request) error {
	syn, err := s.synthesisOf(r)
	if err != nil {
		return err
	}
	f := formOf(r, defaultDocForm(syn))
	now := s.svc.Now()
	b := s.pageBase(r, "Báo cáo tổng hợp — "+syn.Round.Label(), "Synthesis — "+syn.Round.LabelEn())
	s.pages.render(w, http.StatusOK, "synthesis", synthesisView{base: b, S: syn, Doc: headOf(syn, f, now), Form: f, At: now})
	return nil
}

func (s *Server) synthesisDOCX(w http.ResponseWriter, r *http.Request) error {
	syn, err := s.synthesisOf(r)
	if err != nil {
		return err
	}
	head := headOf(syn, formOf(r, defaultDocForm(syn)), s.svc.Now())
	var buf bytes.Buffer
	if err := synthesisDocument(syn, head, s.svc.Now()).Write(&buf); err != nil {
		return err
	}
	download(w, "bao-cao-tong-hop-"+syn.Round.Week.String()+".docx",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	return nil
}

func (s *Server) synthesisXLSX(w http.ResponseWriter, r *http.Request) error {
	syn, err := s.synthesisOf(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeSynthesisXLSX(&buf, syn, s.svc.Now(), s.deps.Demo); err != nil {
		return err
	}
	download(w, "bao-cao-tong-hop-"+syn.Round.Week.String()+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	return nil
}

// download sends a generated file to be saved under name.
func download(w http.ResponseWriter, name, ctype string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}

// textTable is a titled table of text for an official paper: the
// synthesis's figures, the tables of a meeting's minutes.
type textTable struct {
	Title  string
	Header []string
	Rows   [][]string
	Widths []float64 // relative column widths
}

// synthesisTables are the figures of the synthesis as tables.
func synthesisTables(s *service.Synthesis) []textTable {
	before := "tuần trước"
	if s.Previous != nil {
		before = "đợt trước"
	}
	districts := textTable{Title: "1. Tiến độ các huyện mục tiêu",
		Header: []string{"Huyện", "Tiêu chí huyện đạt", "Xã đạt chuẩn NTM", "Xã NTM nâng cao", "Điều kiện công nhận"},
		Widths: []float64{3, 2, 2, 2, 2}}
	for _, d := range s.Districts {
		cond := fmt.Sprintf("%d/%d", d.ConditionsMet, len(d.Conditions))
		if d.Meets {
			cond += " — đạt chuẩn"
		}
		districts.Rows = append(districts.Rows, []string{
			fmt.Sprintf("%s (mục tiêu %d)", d.Unit.Name, d.Year),
			fmt.Sprintf("%d/%d (%s: %d)", d.CriteriaNow, d.CriteriaTotal, before, d.CriteriaPrev),
			fmt.Sprintf("%d/%d (%s: %d)", d.CommunesNow, d.Communes, before, d.CommunesPrev),
			fmt.Sprintf("%d/%d (%s: %d)", d.AdvancedNow, d.Communes, before, d.AdvancedPrev),
			cond})
	}
	newly := textTable{Title: "2. Tiêu chí mới đạt trong tuần", Header: []string{"Đơn vị", "Tiêu chí"}, Widths: []float64{1, 2}}
	for _, n := range s.NewlyMet {
		what := "Đạt chuẩn " + n.SetName
		if n.Criterion != "" {
			what = n.Criterion + ". " + n.Name
		}
		newly.Rows = append(newly.Rows, []string{n.Unit.Name, what})
	}
	overdue := textTable{Title: "3. Phân công quá hạn", Header: []string{"Đơn vị", "Tiêu chí", "Cơ quan chủ trì", "Hạn", "Quá hạn (ngày)"},
		Widths: []float64{2, 3, 3, 1.5, 1.2}}
	for _, o := range s.Overdue {
		crit := o.Assignment.CriterionCode
		if o.Assignment.IndicatorCode != "" {
			crit += " (" + o.Assignment.IndicatorCode + ")"
		}
		overdue.Rows = append(overdue.Rows, []string{o.Unit.Name, crit + ". " + o.Criterion, o.Lead.Name, o.Assignment.Deadline.VN(), fmt.Sprint(o.DaysLate)})
	}
	notes := textTable{Title: "4. Khó khăn, vướng mắc và đề xuất, kiến nghị",
		Header: []string{"Cơ quan", "Tiêu chí", "Khó khăn, vướng mắc", "Nguyên nhân", "Đề xuất, kiến nghị"}, Widths: []float64{2, 2, 3, 2.5, 3}}
	for _, n := range s.Notes {
		for _, it := range n.Items {
			if it.Difficulties == "" && it.Causes == "" && it.Proposals == "" {
				continue
			}
			notes.Rows = append(notes.Rows, []string{n.Agency.Name, it.CriterionCode + ". " + it.Name, it.Difficulties, it.Causes, it.Proposals})
		}
	}
	reporting := textTable{Title: "5. Tình hình báo cáo", Header: []string{"Cơ quan", "Tình trạng", "Gửi lần đầu"}, Widths: []float64{3, 1.5, 2}}
	for _, row := range s.Rows {
		first := ""
		if row.Report != nil && row.Report.Submitted() {
			first = row.Report.FirstSentAt.In(datchuan.Vietnam()).Format("15:04 02/01/2006")
		}
		reporting.Rows = append(reporting.Rows, []string{row.Agency.Name, row.Timeliness.LabelVi(), first})
	}
	escalated := textTable{Title: "6. Vướng mắc đề nghị tỉnh giải quyết", Header: []string{"Đơn vị", "Vướng mắc", "Cơ quan xử lý", "Số ngày"},
		Widths: []float64{2, 5, 3, 1}}
	for _, o := range s.Escalated {
		what := o.Title
		if o.Detail != "" {
			what += "\n" + o.Detail
		}
		escalated.Rows = append(escalated.Rows, []string{o.Unit.Name, what, o.Owner.Name, strconv.Itoa(o.Age(s.At))})
	}
	return []textTable{districts, newly, overdue, notes, reporting, escalated}
}
