package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/sheet"
)

// The exports of the work lists: the values waiting for the viewer's
// confirmation, who answered a weekly round, and what is left of a target.

// queueExport is the viewer's review queue (of one unit with ?don-vi=),
// oldest first as the page lists it.
func (s *Server) queueExport(r *http.Request) (export, error) {
	unit := r.URL.Query().Get("don-vi")
	items, err := s.queueOf(r, unit)
	if err != nil {
		return export{}, err
	}
	var refs []string
	for _, it := range items {
		refs = append(refs, it.Value.Evidence...)
	}
	files, err := s.svc.Attachments(r.Context(), refs)
	if err != nil {
		return export{}, err
	}
	today := s.today()
	t := s.table(r, "Chờ xác nhận", "Số liệu chờ xác nhận của "+viewerOf(r).user.Name+", ngày "+today.VN(),
		columns("Đơn vị", "Mã đơn vị", "Bộ tiêu chí", "Tiêu chí", "Chỉ tiêu", "Tên chỉ tiêu", "Giá trị", "Số đo so với ngưỡng",
			"Ngưỡng", "Số liệu ngày", "Gửi lúc", "Người báo cáo", "Ghi chú", "Minh chứng")...)
	name := "cho-xac-nhan-" + today.String()
	if unit != "" {
		t.Notes = append(t.Notes, "Chỉ đơn vị mã "+unit)
		name += "-" + unit
	}
	for _, it := range items {
		v, ref := it.Value, it.Ref
		var evidence []string
		for _, e := range v.Evidence {
			if a := files[e]; a != nil {
				evidence = append(evidence, a.Name)
			} else {
				evidence = append(evidence, e)
			}
		}
		t.Rows = append(t.Rows, []sheet.Cell{sheet.Text(it.Unit.Name), sheet.Text(it.Unit.Code), sheet.Text(ref.Set.NameVi),
			sheet.Text(ref.Criterion.Code + ". " + ref.Criterion.NameVi), sheet.Text(ref.Indicator.Code), sheet.Text(ref.Indicator.NameVi),
			sheet.Text(measureShort(v.Measure)), quantityCell(ref.Indicator, v), sheet.Text(thresholdShort(ref.Indicator, it.Threshold)),
			dateCell(v.AsOf), instantCell(v.ReportedAt), sheet.Text(it.Reporter), sheet.Text(v.Comment), sheet.Text(strings.Join(evidence, "; "))})
	}
	return export{name: name, tables: []sheet.Table{t}}, nil
}

// timeliness is how a reporter answered, in a tone of the statuses: on
// time as met, late as waiting, missing as not met.
var timeliness = map[datchuan.Timeliness]struct {
	tone sheet.Tone
	mark string
}{
	datchuan.OnTime:  {sheet.Met, "✓"},
	datchuan.Late:    {sheet.Reported, "⚠"},
	datchuan.Missing: {sheet.NotMet, "✗"},
}

// roundExport is a round's reporters and how each answered: every one
// for those who read every report, else the viewer's own.
func (s *Server) roundExport(r *http.Request) (export, error) {
	v, err := s.roundOf(r)
	if err != nil {
		return export{}, err
	}
	rd := v.Round
	t := s.table(r, "Tiến độ báo cáo", rd.Heading()+" — Kế hoạch "+v.Plan.Number,
		columns("Cơ quan", "Tình trạng báo cáo", "Gửi lần đầu", "Gửi gần nhất", "Đúng hạn", "Lần gửi")...)
	state := "đang mở"
	if !rd.Open() {
		state = "đã đóng lúc " + when(rd.ClosedAt)
	}
	t.Notes = append(t.Notes, "Hạn nộp: "+rd.DeadlineVN()+" · "+state)
	if v.SeesAll {
		t.Notes = append(t.Notes, completeness(v.Count))
	}
	for _, row := range v.Rows {
		cells := []sheet.Cell{sheet.Text(row.Agency.Name), sheet.Text("–"), {}, {}}
		sends := 0
		if rep := row.Report; rep != nil {
			cells[1] = sheet.Text(rep.State.LabelVi())
			if rep.Submitted() {
				cells[2], cells[3] = instantCell(rep.FirstSentAt), instantCell(rep.SentAt)
			}
			sends = rep.Revision
		}
		look := timeliness[row.Timeliness]
		t.Rows = append(t.Rows, append(cells, sheet.Status(look.tone, look.mark, row.Timeliness.LabelVi()), sheet.Int(sends)))
	}
	return export{name: "tien-do-bao-cao-" + strconv.FormatInt(rd.ID, 10), tables: []sheet.Table{t}}, nil
}

// completeness is the round page's count line.
func completeness(c service.Completeness) string {
	line := "Đã nhận " + strconv.Itoa(c.Received()) + "/" + strconv.Itoa(c.Expected) + " (" + strconv.Itoa(c.Percent()) + "%): " +
		strconv.Itoa(c.OnTime) + " đúng hạn, " + strconv.Itoa(c.Late) + " trễ hạn, " + strconv.Itoa(c.Missing) + " chưa gửi"
	if c.Returned > 0 {
		line += ", " + strconv.Itoa(c.Returned) + " bị trả lại"
	}
	return line + "."
}

// blockersExport is what is left of a target: one row per item with its
// owner, deadline, open obstacles and the causes the rounds reported.
func (s *Server) blockersExport(r *http.Request) (export, error) {
	page, err := s.blockersOf(r)
	if err != nil {
		return export{}, err
	}
	b := page.B
	t := s.table(r, "Việc còn lại", "Việc còn lại: "+b.Unit.Name+" — "+b.SetName+" năm "+strconv.Itoa(b.Target.Year)+", ngày "+b.On.VN(),
		columns("Đơn vị", "Mã đơn vị", "Tiêu chí", "Chỉ tiêu, điều kiện", "Tình trạng", "Số liệu", "Chủ trì", "Phối hợp", "Hạn", "Quá hạn",
			"Vướng mắc chưa giải quyết", "Khó khăn, nguyên nhân, đề xuất (báo cáo tuần)")...)
	switch {
	case !b.Evaluated:
		t.Notes = append(t.Notes, "– Không đánh giá được mục tiêu này vào ngày "+b.On.VN()+".")
	case b.Meets:
		t.Notes = append(t.Notes, "✓ Đã đạt chuẩn: không còn chỉ tiêu nào chưa đạt.")
	default:
		t.Notes = append(t.Notes, "Còn "+strconv.Itoa(b.Count)+" chỉ tiêu chưa đạt hoặc chưa xác nhận.")
	}
	t.Notes = append(t.Notes, statusLegend)
	for _, g := range page.Groups {
		for _, l := range g.Rows {
			t.Rows = append(t.Rows, blockerCells(g.Unit, l))
		}
	}
	return export{name: "viec-con-lai-" + b.Unit.Code + "-" + b.On.String(), tables: []sheet.Table{t}}, nil
}

// blockerCells is one item of what is left, as the page's row shows it.
func blockerCells(u *datchuan.Unit, l blockerLine) []sheet.Cell {
	crit, what := "", ""
	switch {
	case l.ConditionCode != "":
		what = "Điều kiện " + l.ConditionCode + ". " + l.ConditionVi
	case l.IndicatorCode != "":
		crit, what = l.CriterionCode+". "+l.CriterionVi, l.IndicatorCode+" "+l.IndicatorVi
	default:
		what = "Chưa được đánh giá theo " + tierVi(l.Tier)
	}
	value := l.Progress
	switch {
	case value != "":
	case l.Value != nil:
		value = l.ValueVi + " (" + stateVi(l.State)
		if l.State == datchuan.StateReturned {
			value += ": " + l.Value.ReturnReason
		}
		value += ")"
	default:
		value = "Chưa có số liệu"
	}
	owner := ""
	if who := l.Who(); who != nil {
		owner = who.Name
		if l.OwnerGeneral {
			owner += " (phân công chung)"
		}
	}
	var supports []string
	for _, a := range l.Supports() {
		supports = append(supports, a.Name)
	}
	overdue := sheet.Cell{}
	if l.Overdue {
		overdue = sheet.Status(sheet.NotMet, "⚠", "Quá hạn")
	}
	var obstacles []string
	for _, o := range l.Obstacles {
		obstacles = append(obstacles, o.Title+" ("+o.Owner.ShortName+", "+o.State.LabelVi()+")")
	}
	cause := ""
	if c := l.Cause; c != nil {
		cause = strings.TrimSpace(c.Difficulties + "\n" + datchuan.Explained(c.Causes, c.Proposals))
		cause += "\n(" + c.Agency.ShortName + ", " + c.Round.Label() + ")"
	}
	return []sheet.Cell{sheet.Text(u.Name), sheet.Text(u.Code), sheet.Text(crit), sheet.Text(what), statusCell(l.Status), sheet.Text(value),
		sheet.Text(owner), sheet.Text(strings.Join(supports, ", ")), dateCell(l.Deadline), overdue,
		sheet.Text(strings.Join(obstacles, "\n")), sheet.Text(strings.TrimSpace(cause))}
}
