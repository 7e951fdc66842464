package web_test

import (
	"encoding/csv"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/datchuan/datchuan/internal/office"
	"github.com/datchuan/datchuan/sheet"
	"github.com/datchuan/datchuan/web/webtest"
)

// exported is a downloaded export: its workbook's first sheet, or its
// CSV, as rows of text from the header on.
type exported struct {
	head []string
	rows [][]string
}

// row is the first row whose column col reads want; it fails the test
// when there is none.
func (e exported) row(t *testing.T, col, want string) map[string]string {
	t.Helper()
	i := slices.Index(e.head, col)
	if i < 0 {
		t.Fatalf("no column %q in %q", col, e.head)
	}
	for _, r := range e.rows {
		if i < len(r) && r[i] == want {
			out := map[string]string{}
			for c, h := range e.head {
				if c < len(r) {
					out[h] = r[c]
				}
			}
			return out
		}
	}
	t.Fatalf("no row with %s = %q", col, want)
	return nil
}

// workbook opens an export's workbook and checks what each one has: the
// title first, the demo note under it, and a header row that is frozen,
// filtered and printed on every A4 landscape page, as wide as one. It
// returns the file, the sheet, the header's row number and the rows.
func workbook(t *testing.T, r webtest.Response, title string) (*excelize.File, string, int, exported) {
	t.Helper()
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != sheet.XLSXType {
		t.Fatalf("the workbook: %d %s\n%.500s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	name := f.GetSheetName(0)
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows[0][0], title) || rows[1][0] != sheet.DemoNote {
		t.Errorf("the title rows: %q, want %q then the demo note", rows[:2], title)
	}
	panes, err := f.GetPanes(name)
	if err != nil || !panes.Freeze || panes.YSplit < 3 {
		t.Fatalf("the header is not frozen: %+v %v", panes, err)
	}
	head := panes.YSplit
	layout, err := f.GetPageLayout(name)
	if err != nil || *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("the print layout: %+v %v", layout, err)
	}
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Scope == name {
			names[d.Name] = d.RefersTo
		}
	}
	if want := "'" + name + "'!$" + strconv.Itoa(head) + ":$" + strconv.Itoa(head); names["_xlnm.Print_Titles"] != want {
		t.Errorf("the printed header: %q, want %q", names["_xlnm.Print_Titles"], want)
	}
	if !strings.Contains(names["_xlnm._FilterDatabase"], "$A$"+strconv.Itoa(head)+":") {
		t.Errorf("the header filters nothing: %q", names["_xlnm._FilterDatabase"])
	}
	return f, name, head, exported{head: rows[head-1], rows: rows[head:]}
}

// readCSV reads an export's CSV after its byte order mark.
func readCSV(t *testing.T, r webtest.Response) exported {
	t.Helper()
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != sheet.CSVType {
		t.Fatalf("the CSV: %d %s\n%.500s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	body, ok := strings.CutPrefix(r.Body, "\uFEFF")
	if !ok {
		t.Fatalf("the CSV lacks its byte order mark: %.40q", r.Body)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return exported{head: recs[0], rows: recs[1:]}
}

// fillOf is a cell's fill colour and text.
func fillOf(t *testing.T, f *excelize.File, name, ref string) (string, string) {
	t.Helper()
	id, err := f.GetCellStyle(name, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := f.GetCellValue(name, ref)
	if len(st.Fill.Color) == 0 {
		return "", text
	}
	return strings.ToUpper(st.Fill.Color[0]), text
}

// cellOf is the reference of a column (by header) in a row of the sheet.
func cellOf(t *testing.T, e exported, col string, row int) string {
	t.Helper()
	i := slices.Index(e.head, col)
	if i < 0 {
		t.Fatalf("no column %q", col)
	}
	ref, _ := excelize.CoordinatesToCellName(i+1, row)
	return ref
}

// rowNumber is the sheet row of the first row whose column col reads want.
func rowNumber(t *testing.T, e exported, head int, col, want string) int {
	t.Helper()
	i := slices.Index(e.head, col)
	for n, r := range e.rows {
		if i >= 0 && i < len(r) && r[i] == want {
			return head + 1 + n
		}
	}
	t.Fatalf("no row with %s = %q", col, want)
	return 0
}

// numeric reports whether a cell holds a number, not text.
func numeric(t *testing.T, f *excelize.File, name, ref string) bool {
	t.Helper()
	typ, err := f.GetCellType(name, ref)
	if err != nil {
		t.Fatal(err)
	}
	return typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset || typ == excelize.CellTypeDate
}

// TestMatrixExport: Cầu Ngang's matrix comes out as the page shows it on
// the day asked: Nhị Trường not yet meeting criterion 1 in red with its ✗,
// its count of criteria met a number; the CSV holds the same row; the
// page links to both; LibreOffice opens the workbook.
func TestMatrixExport(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.District)
	f, name, head, book := workbook(t, c.Get("/huyen/848/ma-tran.xlsx?on=01/09/2022"), "Huyện Cầu Ngang (848): các xã, thị trấn theo tiêu chí, ngày 01/09/2022")
	if panes, _ := f.GetPanes(name); panes.XSplit != 2 {
		t.Errorf("the communes' names do not stay in view: %+v", panes)
	}
	row := book.row(t, "Xã, thị trấn", "Xã Nhị Trường")
	if row["Mã"] != "29446" || row["Đánh giá theo"] != "Xã nông thôn mới" || row["Kết quả"] != "✗ Chưa đạt" || row["Số tiêu chí đạt"] != "18" || row["Tổng số tiêu chí"] != "19" {
		t.Errorf("Nhị Trường's row: %v", row)
	}
	n := rowNumber(t, book, head, "Xã, thị trấn", "Xã Nhị Trường")
	if fill, text := fillOf(t, f, name, cellOf(t, book, "1. Quy hoạch", n)); fill != "FCE8E6" || text != "✗" {
		t.Errorf("criterion 1 of Nhị Trường: %q filled %q, want ✗ on the page's not-met red FCE8E6", text, fill)
	}
	if fill, text := fillOf(t, f, name, cellOf(t, book, "2. Giao thông", n)); fill != "E6F4EA" || text != "✓" {
		t.Errorf("criterion 2 of Nhị Trường: %q filled %q, want ✓ on the page's met green E6F4EA", text, fill)
	}
	if ref := cellOf(t, book, "Số tiêu chí đạt", n); !numeric(t, f, name, ref) {
		t.Errorf("the count of criteria met is text, not a number")
	}
	town := book.row(t, "Xã, thị trấn", "Thị trấn Cầu Ngang")
	if town["Đánh giá theo"] != "Đô thị văn minh" || town["1. Quy hoạch"] != "" {
		t.Errorf("a town's row: %v", town)
	}
	if sheets := f.GetSheetList(); len(sheets) != 2 || sheets[1] != "Tiêu chí huyện" {
		t.Errorf("the sheets: %q, want the matrix and the district's own criteria", sheets)
	}
	flat := readCSV(t, c.Get("/huyen/848/ma-tran.csv?on=01/09/2022"))
	if !slices.Equal(flat.head, book.head) || len(flat.rows) != len(book.rows) {
		t.Fatalf("the CSV's columns or rows differ from the workbook's:\n%q\n%q", flat.head, book.head)
	}
	if row := flat.row(t, "Mã", "29446"); row["Kết quả"] != "✗ Chưa đạt" || row["1. Quy hoạch"] != "✗ Chưa đạt" || row["2. Giao thông"] != "✓ Đạt" || row["Số tiêu chí đạt"] != "18" {
		t.Errorf("Nhị Trường in the CSV: %v", row)
	}
	earlier := c.Get("/huyen/848/ma-tran.xlsx?on=15/07/2022")
	if !strings.Contains(earlier.Header.Get("Content-Disposition"), "ma-tran-848-2022-07-15-trinh-dien.xlsx") {
		t.Errorf("the export of another day: %q", earlier.Header.Get("Content-Disposition"))
	}
	if page := c.Get("/huyen/848?on=15/07/2022"); !page.Has(`href="/huyen/848/ma-tran.xlsx?on=15/07/2022"`) || !page.Has(`href="/huyen/848/ma-tran.csv?on=15/07/2022"`) {
		t.Errorf("the district page does not link its exports of the day shown")
	}
	pdf := office.Convert(t, "ma-tran.xlsx", []byte(c.Get("/huyen/848/ma-tran.xlsx").Body))
	text := squash(pdf.Text)
	for _, s := range []string{"Huyện Cầu Ngang (848): các xã, thị trấn theo tiêu chí", "DỮ LIỆU TRÌNH DIỄN", "Xã Nhị Trường", "Kết quả"} {
		if !strings.Contains(text, s) {
			t.Errorf("the matrix as PDF lacks %q:\n%s", s, pdf.Text)
		}
	}
	if pdf.Width <= pdf.Height {
		t.Errorf("the matrix does not print landscape: %s", pdf.Info)
	}
}

// TestExportsRefuse: an export is refused to whoever may not read its
// page: a commune's committee reads neither another district's matrix nor
// another commune's detail, nor has a review queue.
func TestExportsRefuse(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	for _, path := range []string{"/huyen/850/ma-tran.xlsx", "/huyen/850/ma-tran.csv", "/huyen/848/ma-tran.csv",
		"/don-vi/29440/chi-tiet.xlsx", "/don-vi/29440/chi-tiet.csv", "/xac-nhan.xlsx", "/xac-nhan.csv"} {
		if r := c.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("%s for Nhị Trường's committee: %d, want 403", path, r.Status)
		}
	}
	if r := w.Anonymous().Get("/don-vi/29446/chi-tiet.csv"); r.Status != http.StatusSeeOther {
		t.Errorf("the detail for nobody signed in: %d, want the sign-in page", r.Status)
	}
}

// TestUnitExport: Nhị Trường's committee downloads its detail: indicator
// 1.1 not met in red with its ✗, the day of its value a date, the
// percentage of 2.1 a number; the CSV holds the same row.
func TestUnitExport(t *testing.T) {
	w := webtest.New(t)
	c := w.As(webtest.Commune)
	f, name, head, book := workbook(t, c.Get("/don-vi/29446/chi-tiet.xlsx"), "Xã Nhị Trường (29446): tiêu chí, chỉ tiêu, ngày 01/09/2022")
	row := book.row(t, "Chỉ tiêu", "1.1")
	if row["Tiêu chí"] != "1" || row["Tên tiêu chí"] != "Quy hoạch" || row["Giá trị"] != "không đạt" || row["Tình trạng chỉ tiêu"] != "✗ Chưa đạt" ||
		row["Số liệu ngày"] != "04/07/2022" || row["Xác nhận"] != "Đã xác nhận" || row["Báo cáo lúc"] != "04/07/2022 09:00" {
		t.Errorf("indicator 1.1: %v", row)
	}
	n := rowNumber(t, book, head, "Chỉ tiêu", "1.1")
	if fill, text := fillOf(t, f, name, cellOf(t, book, "Tình trạng chỉ tiêu", n)); fill != "FCE8E6" || text != "✗ Chưa đạt" {
		t.Errorf("the status of 1.1: %q filled %q", text, fill)
	}
	if ref := cellOf(t, book, "Số liệu ngày", n); !numeric(t, f, name, ref) {
		t.Errorf("the day of the value is text, not a date")
	}
	n = rowNumber(t, book, head, "Chỉ tiêu", "2.1")
	if ref := cellOf(t, book, "Số đo so với ngưỡng", n); !numeric(t, f, name, ref) || book.rows[n-head-1][slices.Index(book.head, "Số đo so với ngưỡng")] != "100" {
		t.Errorf("the measure of 2.1 is not the number 100")
	}
	flat := readCSV(t, c.Get("/don-vi/29446/chi-tiet.csv"))
	if !slices.Equal(flat.head, book.head) || len(flat.rows) != len(book.rows) {
		t.Fatalf("the CSV's columns or rows differ from the workbook's:\n%q\n%q", flat.head, book.head)
	}
	if got := flat.row(t, "Chỉ tiêu", "1.1"); !maps.Equal(got, row) {
		t.Errorf("1.1 in the CSV:\n%v\nin the workbook:\n%v", got, row)
	}
	if page := c.Get("/don-vi/29446"); !page.Has(`href="/don-vi/29446/chi-tiet.csv"`) {
		t.Errorf("the unit page does not link its CSV")
	}
}

// queueRows are the (unit, indicator) pairs a review queue page lists.
func queueRows(t *testing.T, c *webtest.Client, path string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`<h2>([^<]+) — ([^<]+)</h2>`).FindAllStringSubmatch(c.Get(path).Body, -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

// TestQueueExport: a lead department's queue export holds exactly what
// its page lists, the values it may confirm, and nothing of another
// department's; ?don-vi= narrows both alike.
func TestQueueExport(t *testing.T) {
	w := webtest.New(t)
	reportedID(t, reportAPI(w.As(webtest.Commune), percentInd, "81,5", "Số liệu quý III")) // for Sở TN&MT to confirm
	mine := map[string][]string{}
	for _, login := range []string{webtest.DeptXD, webtest.DeptTNMT} {
		c := w.As(login)
		want := queueRows(t, c, "/xac-nhan")
		_, _, _, book := workbook(t, c.Get("/xac-nhan.xlsx"), "Số liệu chờ xác nhận của")
		flat := readCSV(t, c.Get("/xac-nhan.csv"))
		for _, e := range []exported{book, flat} {
			var got []string
			for _, r := range e.rows {
				got = append(got, r[0]+" "+r[4])
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s's export holds %q, its page %q", login, got, want)
			}
			mine[login] = got
		}
		if login == webtest.DeptTNMT {
			if row := book.row(t, "Chỉ tiêu", percentInd); row["Số đo so với ngưỡng"] != "81.5" || row["Ghi chú"] != "Số liệu quý III" {
				t.Errorf("the value Sở TN&MT may confirm: %v", row)
			}
		}
	}
	if !slices.Contains(mine[webtest.DeptTNMT], "Xã Nhị Trường "+percentInd) || slices.Contains(mine[webtest.DeptXD], "Xã Nhị Trường "+percentInd) {
		t.Errorf("17.2 of Nhị Trường belongs to Sở TN&MT's queue alone: %q, %q", mine[webtest.DeptTNMT], mine[webtest.DeptXD])
	}
	vp := w.As(webtest.Coord) // confirms every value of the province
	all := readCSV(t, vp.Get("/xac-nhan.csv"))
	only := readCSV(t, vp.Get("/xac-nhan.csv?don-vi="+commune))
	want := queueRows(t, vp, "/xac-nhan?don-vi="+commune)
	if len(only.rows) == 0 || len(only.rows) != len(want) || len(only.rows) >= len(all.rows) {
		t.Errorf("the export of unit %s holds %d of %d rows, its page %d", commune, len(only.rows), len(all.rows), len(want))
	}
	for _, r := range only.rows {
		if r[1] != commune {
			t.Errorf("the export of unit %s holds a value of %s", commune, r[1])
		}
	}
	if page := vp.Get("/xac-nhan?don-vi=" + commune); !page.Has(`href="/xac-nhan.xlsx?don-vi=` + commune + `"`) {
		t.Errorf("the queue of one unit does not link its own export")
	}
}

// TestRoundExport: who answered the demo's first round, on time or not,
// as the office reads it; a department sees only its own report.
func TestRoundExport(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	f, name, head, book := workbook(t, vp.Get("/dot-bao-cao/1/tien-do.xlsx"), "Đợt báo cáo tuần 20/06/2022–26/06/2022 — Kế hoạch 45/KH-BCĐ")
	if len(book.rows) != 5 {
		t.Errorf("%d reporters, want 5", len(book.rows))
	}
	late := book.row(t, "Cơ quan", "Sở Nông nghiệp và Phát triển nông thôn")
	if late["Đúng hạn"] != "⚠ Trễ hạn" || late["Gửi lần đầu"] != "24/06/2022 16:20" || late["Lần gửi"] != "1" {
		t.Errorf("the late reporter: %v", late)
	}
	n := rowNumber(t, book, head, "Cơ quan", "Sở Xây dựng")
	if fill, text := fillOf(t, f, name, cellOf(t, book, "Đúng hạn", n)); fill != "FCE8E6" || text != "✗ Chưa gửi" {
		t.Errorf("the missing report: %q filled %q", text, fill)
	}
	if !numeric(t, f, name, cellOf(t, book, "Lần gửi", n)) {
		t.Errorf("the count of sendings is text")
	}
	flat := readCSV(t, vp.Get("/dot-bao-cao/1/tien-do.csv"))
	if got := flat.row(t, "Cơ quan", "Sở Nông nghiệp và Phát triển nông thôn"); !maps.Equal(got, late) {
		t.Errorf("the late reporter in the CSV: %v", got)
	}
	own := readCSV(t, w.As(webtest.DeptXD).Get("/dot-bao-cao/1/tien-do.csv"))
	if len(own.rows) != 1 || own.rows[0][0] != "Sở Xây dựng" {
		t.Errorf("Sở Xây dựng's export of the round: %q, want its own row only", own.rows)
	}
}

// TestBlockersCSV: what is left of Cầu Ngang's target as CSV: the same
// columns and rows as its workbook, an overdue item with its deadline.
func TestBlockersCSV(t *testing.T) {
	w := webtest.New(t)
	vp := w.As(webtest.Coord)
	path := remainingWork(vp)
	f, name, head, book := workbook(t, vp.Get(path+"/viec-con-lai.xlsx"), "Việc còn lại: Huyện Cầu Ngang")
	flat := readCSV(t, vp.Get(path+"/viec-con-lai.csv"))
	if !slices.Equal(flat.head, book.head) || len(flat.rows) != len(book.rows) {
		t.Fatalf("the CSV's columns or rows differ from the workbook's:\n%q\n%q", flat.head, book.head)
	}
	row := flat.row(t, "Mã đơn vị", "29437")
	if row["Tiêu chí"] != "1. Quy hoạch" || row["Hạn"] != "31/08/2022" || row["Quá hạn"] != "⚠ Quá hạn" || row["Chủ trì"] != "Sở Xây dựng" {
		t.Errorf("Hiệp Hòa's criterion 1: %v", row)
	}
	n := rowNumber(t, book, head, "Mã đơn vị", "29437")
	if !numeric(t, f, name, cellOf(t, book, "Hạn", n)) {
		t.Errorf("the deadline is text, not a date")
	}
	if page := vp.Get(path); !page.Has(path + `/viec-con-lai.csv"`) {
		t.Errorf("the page does not link its CSV")
	}
}
