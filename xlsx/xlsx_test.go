package xlsx

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"
)

var known = Known{
	Units:      map[string]bool{"29446": true, "29449": true, "29452": true, "00001": true},
	Criteria:   map[string]bool{"2": true, "16": true, "17": true},
	Indicators: map[string]string{"2.1": "2", "2.2": "2", "17.2": "17", "17.5": "17"},
	Agencies:   map[string]bool{"84-STNMT": true, "84-SXD": true, "84-SNNPTNT": true, "84-SGTVT": true, "84-VPDP": true},
}

func sample() Sheet {
	return Sheet{
		Title: "Kế hoạch 45/KH-BCĐ — Huyện Cầu Ngang",
		SetID: "xa-2021-2025",
		Rows: []Row{
			{
				UnitCode: "29446", UnitName: "Xã Nhị Trường", Criterion: "17",
				Lead: "84-STNMT", Supports: []string{"84-SXD", "84-VPDP"},
				Deadline: datchuan.MustDate("30/09/2022"),
				Outputs:  []datchuan.Output{datchuan.OutputGuidance, datchuan.OutputEvaluation, datchuan.OutputReport},
				Note:     "Ưu tiên chỉ tiêu 17.5 (nghĩa trang)",
			},
			{
				UnitCode: "29449", UnitName: "Xã Trường Thọ", Criterion: "17", Indicator: "17.2",
				Lead: "84-STNMT", Supports: []string{"84-SNNPTNT"},
				Deadline: datchuan.MustDate("31/12/2022"),
				Outputs:  []datchuan.Output{datchuan.OutputDossier},
			},
			{
				UnitCode: "29452", UnitName: "Xã Hiệp Mỹ Đông", Criterion: "2", Indicator: "2.1",
				Lead: "84-SGTVT",
			},
			{
				UnitCode: "00001", UnitName: "Phường Phúc Xá", Criterion: "16",
				Lead: "84-VPDP", Deadline: datchuan.MustDate("01/03/2023"),
			},
		},
		Agencies: []Agency{
			{"84-SGTVT", "Sở Giao thông vận tải"},
			{"84-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"},
			{"84-STNMT", "Sở Tài nguyên và Môi trường"},
			{"84-SXD", "Sở Xây dựng"},
			{"84-VPDP", "Văn phòng Điều phối nông thôn mới tỉnh Trà Vinh"},
		},
	}
}

func write(t *testing.T, s Sheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// edit opens a written workbook, lets fn change it as a user would in
// Excel, and returns the saved bytes.
func edit(t *testing.T, b []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// problems reads b and returns the "row column" of each problem, failing
// unless Read rejected the upload with an *ImportError.
func problems(t *testing.T, b []byte) ([]string, *ImportError) {
	t.Helper()
	s, err := Read(bytes.NewReader(b), known)
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("Read = %d rows, %v; want an *ImportError", len(s.Rows), err)
	}
	if len(s.Rows) != 0 {
		t.Errorf("a rejected upload returned %d rows", len(s.Rows))
	}
	var out []string
	for _, p := range ie.Problems() {
		row := "-" // the whole sheet
		if p.Row > 0 {
			row = strconv.Itoa(p.Row)
		}
		out = append(out, strings.TrimSpace(row+" "+p.Column))
	}
	return out, ie
}

func TestRoundTrip(t *testing.T) {
	want := sample()
	b := write(t, want)
	got, err := Read(bytes.NewReader(b), known)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-wrote +read):\n%s", diff)
	}
}

func TestLayout(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, sample())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !cmp.Equal(got, []string{SheetName, AgencySheetName}) {
		t.Errorf("sheets = %q", got)
	}
	value := func(sheet, ref string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, ref)
		must(t, err)
		return v
	}
	if v := value(SheetName, "A1"); v != "Kế hoạch 45/KH-BCĐ — Huyện Cầu Ngang" {
		t.Errorf("A1 = %q", v)
	}
	merged, err := f.GetMergeCells(SheetName)
	must(t, err)
	if len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "L1" {
		t.Errorf("merged cells = %v, want A1:L1", merged)
	}
	if v := value(SheetName, "A2"); v != "Bộ tiêu chí: xa-2021-2025" {
		t.Errorf("A2 = %q", v)
	}
	row3, err := f.GetRows(SheetName)
	must(t, err)
	if !cmp.Equal(row3[2], Headers()) {
		t.Errorf("row 3 = %q, want %q", row3[2], Headers())
	}
	// The deadline is a number shown as dd/mm/yyyy, so Excel sorts it as a date.
	raw, err := f.GetCellValue(SheetName, "G4", excelize.Options{RawCellValue: true})
	must(t, err)
	if raw != "44834" {
		t.Errorf("G4 raw = %q, want the serial 44834", raw)
	}
	if v := value(SheetName, "G4"); v != "30/09/2022" {
		t.Errorf("G4 shown as %q, want 30/09/2022", v)
	}
	// Codes are text, so Excel keeps "00001" and does not turn 29446 into a number.
	for _, ref := range []string{"A4", "A7", "C4", "E4"} {
		typ, err := f.GetCellType(SheetName, ref)
		must(t, err)
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s has type %v, want text", ref, typ)
		}
	}
	if v := value(SheetName, "A7"); v != "00001" {
		t.Errorf("A7 = %q", v)
	}
	if v := value(SheetName, "F4"); v != "84-SXD; 84-VPDP" {
		t.Errorf("F4 = %q", v)
	}
	if h, i, j, k := value(SheetName, "H4"), value(SheetName, "I4"), value(SheetName, "J4"), value(SheetName, "K4"); h+i+j+k != "xxx" || j != "" {
		t.Errorf("outputs H4:K4 = %q %q %q %q", h, i, j, k)
	}
	style, err := f.GetCellStyle(SheetName, "E3")
	must(t, err)
	st, err := f.GetStyle(style)
	must(t, err)
	if st.Font == nil || !st.Font.Bold {
		t.Error("header is not bold")
	}
	panes, err := f.GetPanes(SheetName)
	must(t, err)
	if !panes.Freeze || panes.YSplit != headerRow {
		t.Errorf("panes = %+v, want the header frozen", panes)
	}
	if w, err := f.GetColWidth(SheetName, "B"); err != nil || w < 20 {
		t.Errorf("width of B = %v, %v", w, err)
	}
	if v := value(AgencySheetName, "A3"); v != "84-SNNPTNT" {
		t.Errorf("Cơ quan!A3 = %q", v)
	}
	props, err := f.GetDocProps()
	must(t, err)
	if props.Title != "Kế hoạch 45/KH-BCĐ — Huyện Cầu Ngang" {
		t.Errorf("document title = %q", props.Title)
	}
}

// TestReadUserEdits changes cells the way people do in Excel, all of them
// acceptable.
func TestReadUserEdits(t *testing.T) {
	b := edit(t, write(t, sample()), func(f *excelize.File) {
		must(t, f.SetCellStr(SheetName, "G4", "30/09/2022"))                                           // typed as text
		must(t, f.SetCellValue(SheetName, "G5", time.Date(2023, 6, 15, 0, 0, 0, 0, time.UTC)))         // a date cell in Excel's own format
		must(t, f.SetCellStr(SheetName, "G6", "1.7.2023"))                                             // dots
		must(t, f.SetCellInt(SheetName, "A7", 1))                                                      // Excel made the code a number
		must(t, f.SetCellStr(SheetName, "E6", " 84-sgtvt "))                                           // lower case, spaces
		must(t, f.SetCellStr(SheetName, "F6", "84-SXD, 84-VPDP;84-SXD"))                               // commas, a repeat
		must(t, f.SetCellStr(SheetName, "C5", ""))                                                     // the indicator says which criterion
		must(t, f.InsertRows(SheetName, 6, 1))                                                         // a blank line
		must(t, f.SetSheetRow(SheetName, "A10", &[]any{"29452", "", "16", "", "84-SXD", "", "", "X"})) // a new row
	})
	got, err := Read(bytes.NewReader(b), known)
	if err != nil {
		t.Fatal(err)
	}
	want := sample()
	want.Rows[0].Deadline = datchuan.MustDate("30/09/2022")
	want.Rows[1].Deadline = datchuan.MustDate("15/06/2023")
	want.Rows[2].Deadline = datchuan.MustDate("01/07/2023")
	want.Rows[2].Lead = "84-SGTVT"
	want.Rows[2].Supports = []string{"84-SXD", "84-VPDP"}
	want.Rows = append(want.Rows, Row{UnitCode: "29452", Criterion: "16", Lead: "84-SXD", Outputs: []datchuan.Output{datchuan.OutputGuidance}})
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("edited (-want +got):\n%s", diff)
	}
}

// TestReadProblems makes one mistake of each kind and expects every one of
// them, where it is.
func TestReadProblems(t *testing.T) {
	b := edit(t, write(t, sample()), func(f *excelize.File) {
		must(t, f.SetCellStr(SheetName, "G4", "30/09/2022"))                                          // fine
		must(t, f.SetCellValue(SheetName, "G5", time.Date(2023, 6, 15, 0, 0, 0, 0, time.UTC)))        // fine
		must(t, f.SetCellStr(SheetName, "E4", "84-XYZ"))                                              // unknown lead
		must(t, f.SetCellStr(SheetName, "G6", "31/02/2022"))                                          // no such day
		must(t, f.SetCellStr(SheetName, "I6", "có"))                                                  // not an x
		must(t, f.SetCellStr(SheetName, "F5", "84-SNNPTNT; 84-STNMT; 84-ABC"))                        // lead as support, unknown support
		must(t, f.SetCellStr(SheetName, "D7", "17.2"))                                                // indicator of criterion 17 under 16
		must(t, f.SetCellInt(SheetName, "G7", 2022))                                                  // a year typed into a date cell
		must(t, f.SetSheetRow(SheetName, "A9", &[]any{"29446", "Xã Nhị Trường", "17", "", "84-SXD"})) // duplicate of row 4
		must(t, f.SetSheetRow(SheetName, "A10", &[]any{"99999", "", "18", "2.9", ""}))                // unknown unit, criterion, indicator; no lead
		must(t, f.SetSheetRow(SheetName, "A11", &[]any{"29452", "", "", "", "84-SXD"}))               // no criterion
		must(t, f.SetSheetRow(SheetName, "A12", &[]any{"", "Xã Long Sơn", "17", "", "84-SXD"}))       // no unit code
	})
	got, ie := problems(t, b)
	want := []string{
		"4 E",
		"5 F", "5 F",
		"6 G", "6 I",
		"7 D", "7 G",
		"9 A",
		"10 A", "10 C", "10 D", "10 E",
		"11 C",
		"12 A",
	}
	if !cmp.Equal(got, want) {
		t.Errorf("problems at %q, want %q\n%v", got, want, ie)
	}
	msg := ie.Error()
	for _, s := range []string{
		`dòng 4, cột E (Cơ quan chủ trì): cơ quan "84-XYZ" không có (unknown agency)`,
		`dòng 5, cột F (Cơ quan phối hợp): cơ quan "84-STNMT" đã là cơ quan chủ trì (lead also listed as support)`,
		`dòng 6, cột G (Hạn hoàn thành): Ngày 31/02/2022 không có thật: tháng 2/2022 chỉ có 28 ngày`,
		`dòng 7, cột D (Chỉ tiêu): chỉ tiêu "17.2" thuộc tiêu chí "17", không thuộc tiêu chí "16"`,
		`dòng 9, cột A (Mã đơn vị): trùng với dòng 4`,
		`(unknown criterion)`, `(unknown indicator)`, `(unknown unit)`, `(missing lead agency)`, `(missing criterion)`,
		`(missing unit code)`, `(bad output mark)`,
	} {
		if !strings.Contains(msg, s) {
			t.Errorf("Error() lacks %q:\n%s", s, msg)
		}
	}
	// The web layer treats it as the user's mistake, with the list as message.
	if code := datchuan.ErrorCode(ie); code != datchuan.EINVALID {
		t.Errorf("ErrorCode = %q, want %q", code, datchuan.EINVALID)
	}
	if m := datchuan.ErrorMessage(ie); !strings.Contains(m, "dòng 12") {
		t.Errorf("ErrorMessage = %q", m)
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Row: 7, Column: "E", Field: "Cơ quan chủ trì", Message: `cơ quan "84-XYZ" không có`, MessageEn: "unknown agency"}
	if got, want := p.String(), `dòng 7, cột E (Cơ quan chủ trì): cơ quan "84-XYZ" không có (unknown agency)`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := p.In("vi"), `dòng 7, cột E (Cơ quan chủ trì): cơ quan "84-XYZ" không có`; got != want {
		t.Errorf("In(vi) = %q, want %q", got, want)
	}
	if got, want := p.In("en"), `row 7, column E (Cơ quan chủ trì): unknown agency`; got != want {
		t.Errorf("In(en) = %q, want %q", got, want)
	}
}

func TestHeader(t *testing.T) {
	written := write(t, sample())

	t.Run("renamed", func(t *testing.T) {
		b := edit(t, written, func(f *excelize.File) {
			must(t, f.SetCellStr(SheetName, "E3", "Đơn vị chủ trì"))
		})
		got, ie := problems(t, b)
		if !cmp.Equal(got, []string{"3 E"}) || !strings.Contains(ie.Error(), "(renamed header)") {
			t.Errorf("problems %q: %v", got, ie)
		}
	})
	t.Run("column inserted", func(t *testing.T) {
		b := edit(t, written, func(f *excelize.File) {
			must(t, f.InsertCols(SheetName, "C", 1))
		})
		got, _ := problems(t, b)
		if len(got) < 5 || got[0] != "3 C" {
			t.Errorf("problems %q, want every shifted header from column C", got)
		}
	})
	t.Run("missing", func(t *testing.T) {
		b := edit(t, written, func(f *excelize.File) {
			must(t, f.RemoveRow(SheetName, 3))
		})
		got, ie := problems(t, b)
		if !cmp.Equal(got, []string{"-"}) || !strings.Contains(ie.Error(), "(header row missing)") {
			t.Errorf("problems %q: %v", got, ie)
		}
	})
	t.Run("case and spacing", func(t *testing.T) {
		b := edit(t, written, func(f *excelize.File) {
			must(t, f.SetCellStr(SheetName, "E3", "cơ quan  CHỦ TRÌ "))
		})
		if _, err := Read(bytes.NewReader(b), known); err != nil {
			t.Error(err)
		}
	})
	t.Run("line inserted above", func(t *testing.T) {
		b := edit(t, written, func(f *excelize.File) {
			must(t, f.InsertRows(SheetName, 1, 1))
			must(t, f.SetSheetName(SheetName, "Sheet1"))
		})
		s, err := Read(bytes.NewReader(b), known)
		if err != nil || len(s.Rows) != len(sample().Rows) || s.SetID != "xa-2021-2025" {
			t.Errorf("Read = %d rows, set %q, %v", len(s.Rows), s.SetID, err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		got, ie := problems(t, write(t, Sheet{Title: "Trống", SetID: "x"}))
		if !cmp.Equal(got, []string{"-"}) || !strings.Contains(ie.Error(), "(empty sheet)") {
			t.Errorf("problems %q: %v", got, ie)
		}
	})
	t.Run("not a workbook", func(t *testing.T) {
		// The user is told what is wrong in plain words, in each language;
		// what the zip reader said is kept for the log only.
		_, ie := problems(t, []byte("Mã đơn vị;Đơn vị\n29446;Xã Nhị Trường\n"))
		vi, en := ie.Problems()[0].In("vi"), ie.Problems()[0].In("en")
		if !strings.Contains(vi, "không phải bảng tính Excel") || !strings.Contains(en, "not an Excel workbook") {
			t.Errorf("the problem reads %q / %q", vi, en)
		}
		for _, m := range []string{vi, en, datchuan.ErrorMessage(ie), datchuan.ErrorText(ie).In("en")} {
			if strings.Contains(m, "zip") || strings.Contains(m, "EOF") {
				t.Errorf("the user sees the reader's internals: %q", m)
			}
		}
		if ie.Cause == nil || !strings.Contains(ie.Error(), "zip") {
			t.Errorf("the log loses the cause: %v", ie)
		}
	})
}

func TestWriteRejectsUnknownOutput(t *testing.T) {
	s := sample()
	s.Rows[1].Outputs = []datchuan.Output{"minutes"}
	if err := Write(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), "minutes") {
		t.Errorf("Write = %v, want an error naming the output", err)
	}
}

// TestLibreOffice checks that another spreadsheet program, not only the
// library that wrote it, opens the file and shows the dates and names as
// Excel users will see them.
func TestLibreOffice(t *testing.T) {
	bin := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		if os.Getenv("DATCHUAN_REQUIRE_LIBREOFFICE") == "1" {
			t.Fatal("LibreOffice (soffice) is not on PATH and DATCHUAN_REQUIRE_LIBREOFFICE=1")
		}
		t.Skip("LibreOffice (soffice) is not on PATH")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "phan-cong.xlsx")
	if err := os.WriteFile(in, write(t, sample()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A profile of its own, so that a running LibreOffice or a broken
	// profile in $HOME does not swallow the conversion. 44,34,76: comma,
	// double quotes, UTF-8.
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "phan-cong.csv"))
	if err != nil {
		t.Fatalf("no csv: %v\n%s", err, out)
	}
	for _, s := range []string{"Xã Nhị Trường", "30/09/2022", "00001", "Kế hoạch 45/KH-BCĐ — Huyện Cầu Ngang", "84-SXD; 84-VPDP"} {
		if !strings.Contains(string(csv), s) {
			t.Errorf("csv lacks %q:\n%s", s, csv)
		}
	}
}
