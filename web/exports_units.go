package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sheet"
	"github.com/datchuan/datchuan/status"
)

// The exports of the dashboards: a district's matrix of communes by
// criterion (with the district's own criteria and conditions on a second
// sheet), and a unit's detail, indicator by indicator.

// matrixExport is the district page's matrix: one row per xã or thị trấn,
// its result, and one column per criterion of the commune set.
func (s *Server) matrixExport(r *http.Request) (export, error) {
	page, err := s.districtOf(r)
	if err != nil {
		return export{}, err
	}
	d := page.D
	cols := columns("Mã", "Xã, thị trấn", "Đánh giá theo", "Kết quả", "Số tiêu chí đạt", "Tổng số tiêu chí",
		"Nâng cao", "Số tiêu chí nâng cao đạt", "Tổng số tiêu chí nâng cao", "Nguy cơ thu hồi công nhận")
	for _, c := range page.Columns {
		cols = append(cols, sheet.Column{Header: c.Code + ". " + c.NameVi, Compact: true})
	}
	t := s.table(r, "Ma trận", d.Unit.Name+" ("+d.Unit.Code+"): các xã, thị trấn theo tiêu chí, ngày "+d.On.VN(), cols...)
	t.FreezeColumns = 2
	if page.CommuneSet != nil {
		t.Notes = append(t.Notes, "Bộ tiêu chí: "+page.CommuneSet.NameVi)
	}
	if res := d.Result; res != nil {
		verdict := "Huyện: ✗ Chưa đạt chuẩn huyện nông thôn mới"
		if res.Meets {
			verdict = "Huyện: ✓ Đạt chuẩn huyện nông thôn mới"
		}
		t.Notes = append(t.Notes, verdict+" ("+strconv.Itoa(res.Unit.Met)+"/"+strconv.Itoa(res.Unit.Total)+" tiêu chí huyện)")
	}
	t.Notes = append(t.Notes, statusLegend)
	for _, row := range page.Rows {
		t.Rows = append(t.Rows, matrixLine(row, len(page.Columns)))
	}
	e := export{name: "ma-tran-" + d.Unit.Code + "-" + d.On.String(), tables: []sheet.Table{t}}
	if own := s.districtOwnTable(r, page); len(own.Rows) > 0 {
		e.tables = append(e.tables, own)
	}
	return e, nil
}

// matrixLine is a row of the matrix: a xã by its NTM result, a thị trấn by
// its civilised-urban one, a unit with neither as not evaluated.
func matrixLine(row matrixRow, criteria int) []sheet.Cell {
	cells := []sheet.Cell{sheet.Text(row.Unit.Code), sheet.Text(row.Unit.Name)}
	result := func(tier datchuan.Tier, res *status.UnitResult) {
		cells = append(cells, sheet.Text(tierVi(tier)), meetsCell(res.Meets), sheet.Int(res.Met), sheet.Int(res.Total))
	}
	switch {
	case row.NTM != nil:
		result(datchuan.TierCommuneNTM, row.NTM)
	case row.Urban != nil:
		result(datchuan.TierCivilisedUrban, row.Urban)
	default:
		cells = append(cells, sheet.Text("Chưa đánh giá"), statusCell(status.NoData), sheet.Cell{}, sheet.Cell{})
	}
	if a := row.Advanced; a != nil {
		cells = append(cells, meetsCell(a.Meets), sheet.Int(a.Met), sheet.Int(a.Total))
	} else {
		cells = append(cells, sheet.Cell{}, sheet.Cell{}, sheet.Cell{})
	}
	cells = append(cells, sheet.Text(row.AtRisk))
	for i := range criteria {
		if i < len(row.Cells) {
			cells = append(cells, statusCell(row.Cells[i].Status))
		} else {
			cells = append(cells, sheet.Cell{})
		}
	}
	return cells
}

// districtOwnTable is the district's own criteria and the conditions of
// its recognition, as the panels of its page show them.
func (s *Server) districtOwnTable(r *http.Request, page districtView) sheet.Table {
	d := page.D
	t := s.table(r, "Tiêu chí huyện", d.Unit.Name+" ("+d.Unit.Code+"): tiêu chí huyện và điều kiện công nhận, ngày "+d.On.VN(),
		columns("Loại", "Mã", "Nội dung", "Số đạt", "Tổng số", "Tỷ lệ (%)", "Mức cần (%)", "Tình trạng")...)
	if d.Set != nil {
		t.Notes = append(t.Notes, "Bộ tiêu chí: "+d.Set.Name)
	}
	for _, c := range page.Own {
		t.Rows = append(t.Rows, []sheet.Cell{sheet.Text("Tiêu chí"), sheet.Text(c.Code), sheet.Text(c.NameVi),
			sheet.Int(c.Met), sheet.Int(c.Total), {}, {}, statusCell(c.Status)})
	}
	for _, c := range page.Conditions {
		row := []sheet.Cell{sheet.Text("Điều kiện"), sheet.Text(c.Code), sheet.Text(c.TextVi)}
		if c.Kind == "boolean" {
			value := "–"
			if c.Value != nil {
				value = stateVi(c.Value.State)
			}
			row[2] = sheet.Text(c.TextVi + " (" + value + ")")
			row = append(row, sheet.Cell{}, sheet.Cell{}, sheet.Cell{}, sheet.Cell{})
		} else {
			row = append(row, sheet.Int(c.Met), sheet.Int(c.Total), sheet.Number(c.Percent), sheet.Number(c.Need))
		}
		t.Rows = append(t.Rows, append(row, statusCell(c.Status)))
	}
	return t
}

// unitExport is a unit page's sets, criteria and indicators: one row per
// indicator with its value, threshold, status and confirmation, criteria
// in their set's order.
func (s *Server) unitExport(r *http.Request) (export, error) {
	page, err := s.unitViewOf(r)
	if err != nil {
		return export{}, err
	}
	u := page.Unit
	t := s.table(r, "Chi tiết", u.Name+" ("+u.Code+"): tiêu chí, chỉ tiêu, ngày "+page.On.VN(),
		columns("Chuẩn", "Tiêu chí", "Tên tiêu chí", "Tình trạng tiêu chí", "Chỉ tiêu", "Tên chỉ tiêu",
			"Giá trị", "Số đo so với ngưỡng", "Ngưỡng", "Tình trạng chỉ tiêu", "Số liệu ngày",
			"Người báo cáo", "Báo cáo lúc", "Xác nhận", "Người xác nhận", "Xác nhận lúc", "Lý do trả lại", "Ghi chú", "Minh chứng")...)
	for _, us := range page.Sets {
		t.Notes = append(t.Notes, setVerdict(us))
	}
	t.Notes = append(t.Notes, statusLegend)
	if page.Unverified {
		t.Notes = append(t.Notes, "Ngưỡng “chưa kiểm chứng”: lấy từ dự thảo hoặc tài liệu chưa được đối chiếu với văn bản chính thức; kết quả theo ngưỡng này chỉ để tham khảo.")
	}
	for _, us := range page.Sets {
		for _, c := range inSetOrder(us.Set, us.Criteria) {
			for _, ir := range c.Indicators {
				def, _ := us.Set.Indicator(ir.Code)
				t.Rows = append(t.Rows, append([]sheet.Cell{sheet.Text(tierVi(us.Set.Tier)), sheet.Text(c.Code), sheet.Text(c.NameVi),
					statusCell(c.Status), sheet.Text(ir.Code), sheet.Text(ir.NameVi)}, indicatorCells(def, ir)...))
			}
		}
	}
	return export{name: "chi-tiet-" + u.Code + "-" + page.On.String(), tables: []sheet.Table{t}}, nil
}

// setVerdict says how the unit stands against a set, as the page's verdict.
func setVerdict(us unitSet) string {
	line := us.Set.NameVi
	if us.Target != nil {
		line += " (mục tiêu năm " + strconv.Itoa(us.Target.Year) + ")"
	}
	mark := "✗ Chưa đạt"
	if us.Result.Meets {
		mark = "✓ Đạt"
	}
	line += ": " + mark + " " + strconv.Itoa(us.Result.Met) + "/" + strconv.Itoa(us.Result.Total) + " tiêu chí"
	if rv := us.Result.Revocation; rv.AtRisk {
		line += " · ⚠ Nguy cơ thu hồi công nhận: " + rv.Reason
	}
	return line
}

// inSetOrder puts criteria back in their set's order: the page shows the
// work first, a table reads best as the set lists it.
func inSetOrder(set *datchuan.CriteriaSet, rows []criterionRow) []criterionRow {
	pos := map[string]int{}
	for i, c := range set.Criteria {
		pos[c.Code] = i
	}
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b criterionRow) int { return cmp.Compare(pos[a.Code], pos[b.Code]) })
	return out
}

// indicatorCells are an indicator's value, threshold, status and who
// reported and confirmed it.
func indicatorCells(def *datchuan.Indicator, ir indicatorRow) []sheet.Cell {
	threshold := sheet.Text(ir.ThresholdVi)
	switch {
	case !ir.HasThreshold:
		threshold = sheet.Text("chưa có ngưỡng")
	case !ir.Verified:
		threshold = sheet.Text(ir.ThresholdVi + " (chưa kiểm chứng)")
	}
	st := statusCell(ir.Status)
	if ir.Status == status.Reported && ir.WouldMeet {
		st = sheet.Status(sheet.Reported, statusMark(ir.Status), ir.Status.LabelVi()+" (sẽ đạt khi được xác nhận)")
	}
	v := ir.Value
	if v == nil {
		return []sheet.Cell{sheet.Text("–"), {}, threshold, st, {}, {}, {}, {}, {}, {}, {}, {}, {}}
	}
	reporter := ir.Reporter
	if reporter == "" {
		reporter = "nhập từ dữ liệu"
	}
	var files []string
	for _, e := range ir.Evidence {
		files = append(files, e.Name)
	}
	reason := ""
	if v.State == datchuan.StateReturned {
		reason = v.ReturnReason
	}
	return []sheet.Cell{sheet.Text(ir.ValueVi), quantityCell(def, v), threshold, st, dateCell(v.AsOf),
		sheet.Text(reporter), instantCell(v.ReportedAt), sheet.Text(stateVi(v.State)), sheet.Text(ir.Reviewer),
		instantCell(v.ReviewedAt), sheet.Text(reason), sheet.Text(v.Comment), sheet.Text(strings.Join(files, "; "))}
}
