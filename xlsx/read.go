package xlsx

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/xuri/excelize/v2"
)

// Known is what the codes of an upload may be. A nil map knows nothing: every
// code it is asked about is unknown, so a caller that forgets one finds out
// on the first upload instead of storing codes nobody checked.
type Known struct {
	Units      map[string]bool   // unit codes
	Criteria   map[string]bool   // criterion codes of the set
	Indicators map[string]string // indicator code → its criterion code
	Agencies   map[string]bool   // agency codes
}

// maxUnzipped caps how much an upload may expand to: a few thousand rows
// take well under a megabyte, and an untrusted zip can expand a thousandfold.
const maxUnzipped = 64 << 20

// headerSearch is how many rows Read looks through for the header, so that
// a user who inserts a line above the table does not break the upload.
const headerSearch = 10

// Deadlines outside these years are typing mistakes: a year typed into a
// date cell (2022 is 14/07/1905) or a transposed date.
const minYear, maxYear = 2000, 2100

// Read reads a workbook written by Write and edited by a user. It returns
// every row or, if anything is wrong, an *ImportError listing all the
// problems; it returns another error only when r cannot be read.
func Read(r io.Reader, known Known) (Sheet, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return Sheet{}, fmt.Errorf("xlsx: read upload: %w", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		// What the reader says ("zip: not a valid zip file") helps no
		// user; it goes to the log through Cause.
		return Sheet{}, &ImportError{problems: []Problem{{
			Message:   "Tệp không phải bảng tính Excel (.xlsx) hoặc đã hỏng. Hãy tải bảng phân công về, sửa trong Excel và lưu dạng .xlsx rồi nhập lại.",
			MessageEn: "The file is not an Excel workbook (.xlsx), or it is damaged. Download the assignment table, edit it in Excel, save it as .xlsx and import it again.",
		}}, Cause: err}
	}
	defer f.Close()
	rd := reader{known: known, agencies: foldAgencies(known.Agencies)}
	s := rd.read(f)
	if len(rd.problems) > 0 {
		// Sheet order: by row, then by column (a duplicate is found after
		// the other columns of its row were checked).
		slices.SortStableFunc(rd.problems, func(a, b Problem) int {
			return cmp.Or(cmp.Compare(a.Row, b.Row),
				cmp.Compare(len(a.Column), len(b.Column)), cmp.Compare(a.Column, b.Column))
		})
		more := len(rd.problems) > MaxProblems
		if more {
			rd.problems = rd.problems[:MaxProblems]
		}
		return Sheet{}, &ImportError{problems: rd.problems, more: more, Cause: rd.cause}
	}
	return s, nil
}

// foldAgencies maps upper-cased agency codes to the known spelling: users
// type "84-stnmt" for "84-STNMT", and nothing else could be meant.
func foldAgencies(m map[string]bool) map[string]string {
	out := make(map[string]string, len(m))
	for code, ok := range m {
		if ok {
			out[strings.ToUpper(code)] = code
		}
	}
	return out
}

type reader struct {
	known    Known
	agencies map[string]string
	date1904 bool
	problems []Problem
	cause    error // what the workbook reader said, for the log
	rows     int   // non-blank data rows read
	seen     map[rowKey]int
}

// rowKey is what a row assigns: two rows with one key are duplicates.
type rowKey struct{ unit, criterion, indicator string }

// raw reads cell values as stored: a date cell gives its serial number
// whatever format the user's Excel applied, and a code is read as typed,
// not reformatted.
var raw = excelize.Options{RawCellValue: true}

func (rd *reader) add(row, col int, format string, args ...any) {
	t := datchuan.Textf(format, args...)
	p := Problem{Row: row, Message: t.Vi, MessageEn: t.En}
	if col >= 0 {
		p.Column, p.Field = colName(col), headers[col]
	}
	rd.problems = append(rd.problems, p)
}

// addText records a problem already written in both languages.
func (rd *reader) addText(row, col int, t datchuan.Text) {
	rd.add(row, col, "%s (%s)", t.Vi, t.In("en"))
}

func (rd *reader) read(f *excelize.File) Sheet {
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904 // files from old Mac Excel count days from 1904
	}
	sheets := f.GetSheetList()
	sh := ""
	for _, name := range sheets {
		if datchuan.Fold(name) == datchuan.Fold(SheetName) {
			sh = name
		}
	}
	if sh == "" && len(sheets) > 0 {
		sh = sheets[0] // the tab was renamed: the table is still the first sheet
	}
	// The rows are streamed, not loaded at once: a workbook of a few
	// megabytes can hold hundreds of thousands of rows.
	it, err := f.Rows(sh)
	if err != nil {
		rd.unreadable(sh, err)
		return Sheet{}
	}
	defer it.Close()
	var head [][]string // the first rows, where the header is
	for len(head) < headerSearch && it.Next() {
		cells, err := it.Columns(raw)
		if err != nil {
			rd.unreadable(sh, err)
			return Sheet{}
		}
		head = append(head, cells)
	}

	var s Sheet
	hdr := rd.findHeader(head)
	if hdr < 0 {
		return s
	}
	for i := 0; i < hdr; i++ {
		for _, v := range head[i] {
			v = strings.TrimSpace(v)
			switch {
			case v == "":
			case hasFoldedPrefix(v, setPrefix):
				s.SetID = strings.TrimSpace(v[strings.Index(v, ":")+1:])
			case s.Title == "":
				s.Title = v
			}
		}
	}
	rd.seen = make(map[rowKey]int)
	n := hdr + 1 // the Excel row number of the row read
	for _, cells := range head[hdr+1:] {
		n++
		rd.dataRow(&s, n, cells)
	}
	for !rd.full() && it.Next() {
		n++
		cells, err := it.Columns(raw)
		if err != nil {
			rd.unreadable(sh, err)
			return s
		}
		rd.dataRow(&s, n, cells)
	}
	if err := it.Error(); err != nil {
		rd.unreadable(sh, err)
	}
	if len(s.Rows) == 0 && len(rd.problems) == 0 {
		rd.add(0, -1, "trang %q không có dòng phân công nào (empty sheet)", sh)
	}
	s.Agencies = readAgencies(f)
	return s
}

// full reports whether reading should stop: past MaxProblems, or past
// maxRows.
func (rd *reader) full() bool { return len(rd.problems) > MaxProblems || rd.rows > maxRows }

func (rd *reader) unreadable(sh string, err error) {
	rd.cause = err
	rd.add(0, -1, "không đọc được trang %q; tệp có thể đã hỏng (the sheet %q cannot be read; the file may be damaged)", sh, sh)
}

// dataRow reads the row numbered n into s, unless it is blank.
func (rd *reader) dataRow(s *Sheet, n int, cells []string) {
	if blank(cells) {
		return
	}
	if rd.rows++; rd.rows > maxRows {
		rd.add(n, -1, "bảng có hơn %d dòng; hãy chia thành nhiều tệp (more than %d rows: split the table)", maxRows, maxRows)
		return
	}
	r, ok := rd.row(n, cells)
	// Duplicates are looked for in rows with other problems too, so
	// that fixing those does not reveal a new problem on the next upload.
	if r.UnitCode != "" && r.Criterion != "" {
		k := rowKey{r.UnitCode, r.Criterion, r.Indicator}
		if first, dup := rd.seen[k]; dup {
			rd.add(n, colUnitCode, "trùng với dòng %d: cùng đơn vị, tiêu chí và chỉ tiêu (duplicate row)", first)
			return
		}
		rd.seen[k] = n
	}
	if ok {
		s.Rows = append(s.Rows, r)
	}
}

// findHeader returns the index in rows of the header row, or -1 after
// adding the problems. The header is the row among the first few with most
// of the headers in any column, so that a column inserted or moved shows as
// headers out of place rather than as a missing header row. Any header not
// in its place is a problem: the data cannot be trusted to be where the
// headers say.
func (rd *reader) findHeader(rows [][]string) int {
	names := make(map[string]bool, numCols)
	for _, h := range headers {
		names[datchuan.Fold(h)] = true
	}
	best, bestN := -1, 0
	for i := 0; i < len(rows) && i < headerSearch; i++ {
		n := 0
		for c := range rows[i] {
			if names[datchuan.Fold(cell(rows[i], c))] {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if bestN < numCols/2 {
		if len(rows) == 0 {
			rd.add(0, -1, "trang trống: không có dòng tiêu đề lẫn dữ liệu (empty sheet)")
		} else {
			rd.add(0, -1, "không tìm thấy dòng tiêu đề %q trong %d dòng đầu; hãy dùng tệp tải về từ hệ thống (header row missing)",
				strings.Join(headers[:], " | "), headerSearch)
		}
		return -1
	}
	ok := true
	for c, h := range headers {
		if got := cell(rows[best], c); datchuan.Fold(got) != datchuan.Fold(h) {
			rd.add(best+1, c, "tiêu đề cột phải là %q, tệp ghi %q; không được đổi, thêm hay xóa cột (renamed header)", h, got)
			ok = false
		}
	}
	if !ok {
		return -1
	}
	return best
}

// row reads one non-blank data row; ok is false when it has problems.
func (rd *reader) row(n int, cells []string) (Row, bool) {
	before := len(rd.problems)
	r := Row{
		UnitCode:  cell(cells, colUnitCode),
		UnitName:  cell(cells, colUnitName),
		Criterion: cell(cells, colCriterion),
		Indicator: cell(cells, colIndicator),
		Note:      cell(cells, colNote),
	}

	switch {
	case r.UnitCode == "":
		rd.add(n, colUnitCode, "thiếu mã đơn vị (missing unit code)")
	case !rd.known.Units[r.UnitCode]:
		if code, ok := padCode(r.UnitCode, rd.known.Units); ok {
			r.UnitCode = code
		} else {
			rd.add(n, colUnitCode, "đơn vị %q không có (unknown unit)", r.UnitCode)
		}
	}

	if r.Indicator != "" {
		parent, ok := rd.known.Indicators[r.Indicator]
		switch {
		case !ok:
			rd.add(n, colIndicator, "chỉ tiêu %q không có (unknown indicator)", r.Indicator)
		case r.Criterion == "":
			r.Criterion = parent // the indicator says which criterion it is
		case r.Criterion != parent:
			rd.add(n, colIndicator, "chỉ tiêu %q thuộc tiêu chí %q, không thuộc tiêu chí %q (indicator not of that criterion)",
				r.Indicator, parent, r.Criterion)
		}
	}
	switch {
	case r.Criterion == "" && r.Indicator == "":
		rd.add(n, colCriterion, "thiếu tiêu chí (missing criterion)")
	case r.Criterion != "" && !rd.known.Criteria[r.Criterion]:
		rd.add(n, colCriterion, "tiêu chí %q không có (unknown criterion)", r.Criterion)
	}

	lead := cell(cells, colLead)
	switch {
	case lead == "":
		rd.add(n, colLead, "thiếu cơ quan chủ trì (missing lead agency)")
	default:
		if code, ok := rd.agencies[strings.ToUpper(lead)]; ok {
			r.Lead = code
		} else {
			rd.add(n, colLead, "cơ quan %q không có (unknown agency)", lead)
		}
	}

	for _, s := range splitCodes(cell(cells, colSupports)) {
		code, ok := rd.agencies[strings.ToUpper(s)]
		switch {
		case !ok:
			rd.add(n, colSupports, "cơ quan %q không có (unknown agency)", s)
		case code == r.Lead:
			rd.add(n, colSupports, "cơ quan %q đã là cơ quan chủ trì (lead also listed as support)", s)
		case !slices.Contains(r.Supports, code):
			r.Supports = append(r.Supports, code)
		}
	}

	if v := cell(cells, colDeadline); v != "" {
		d, ok, err := rd.parseDeadline(v)
		switch {
		case err != nil: // a text date of the wrong shape, or not in the calendar: say which
			rd.addText(n, colDeadline, datchuan.ErrorText(err))
		case ok:
			r.Deadline = d
		default:
			rd.add(n, colDeadline, "hạn %q không hợp lệ: nhập ngày dạng dd/mm/yyyy (invalid date)", v)
		}
	}

	for i, o := range datchuan.Outputs {
		switch v := cell(cells, colFirstOutput+i); v {
		case "":
		case "x", "X":
			r.Outputs = append(r.Outputs, o)
		default:
			rd.add(n, colFirstOutput+i, "%q: chỉ đánh \"x\" hoặc để trống (bad output mark)", v)
		}
	}
	return r, len(rd.problems) == before
}

// viDate is a day-first date with dots or dashes, as people also type them.
var viDate = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$`)

// parseDeadline reads a deadline cell: a date cell (its raw serial number),
// text dd/mm/yyyy (also with . or -), or ISO text, which is also how some
// programs store date cells. ok is false for a number that is no date or a
// year out of range; err is what is wrong with a text that is no date.
func (rd *reader) parseDeadline(v string) (d datchuan.Date, ok bool, err error) {
	if serial, perr := strconv.ParseFloat(v, 64); perr == nil {
		t, err := excelize.ExcelDateToTime(serial, rd.date1904)
		if err != nil {
			return d, false, nil
		}
		d = datchuan.DateOf(t)
	} else {
		if m := viDate.FindStringSubmatch(v); m != nil {
			v = m[1] + "/" + m[2] + "/" + m[3]
		} else if len(v) > 10 && v[10] == 'T' {
			v = v[:10] // 2022-09-30T00:00:00Z
		}
		if d, err = datchuan.ParseDate(v); err != nil {
			return d, false, err
		}
	}
	return d, d.Year >= minYear && d.Year <= maxYear, nil
}

// padCode recovers a code whose leading zeros Excel dropped when the cell
// became a number (00001 → 1): the padded code is taken when exactly one
// known code matches.
func padCode(code string, known map[string]bool) (string, bool) {
	if _, err := strconv.ParseUint(code, 10, 32); err != nil {
		return "", false
	}
	found := ""
	for n := len(code) + 1; n <= 8; n++ {
		c := strings.Repeat("0", n-len(code)) + code
		if known[c] {
			if found != "" {
				return "", false
			}
			found = c
		}
	}
	return found, found != ""
}

// splitCodes splits a cell of agency codes on ";", "," or line breaks
// (Alt+Enter in Excel).
func splitCodes(v string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '\r' }) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// readAgencies reads the reference sheet, at most maxRows of it. The list
// is for people; the table does not need it, so a sheet that cannot be read
// is no problem.
func readAgencies(f *excelize.File) []Agency {
	it, err := f.Rows(AgencySheetName)
	if err != nil {
		return nil
	}
	defer it.Close()
	var out []Agency
	for i := 0; i <= maxRows && it.Next(); i++ {
		cells, err := it.Columns(raw)
		if err != nil {
			break
		}
		if a := (Agency{Code: cell(cells, 0), Name: cell(cells, 1)}); i > 0 && a.Code != "" {
			out = append(out, a)
		}
	}
	return out
}

// cell returns the trimmed value of column c, "" past the end of the row.
func cell(cells []string, c int) string {
	if c >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[c])
}

func blank(cells []string) bool {
	for c := range min(len(cells), numCols) {
		if cell(cells, c) != "" {
			return false
		}
	}
	return true
}

func hasFoldedPrefix(s, prefix string) bool {
	i := strings.Index(s, ":")
	return i >= 0 && datchuan.Fold(s[:i+1]) == datchuan.Fold(prefix)
}
