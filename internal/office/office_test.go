package office

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestConvertXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"Đơn vị", "Số tiêu chí đạt"},
		{"Xã Nhị Trường", 17},
		{"Xã Long Sơn", 19},
	}
	for i, row := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetColWidth(sheet, "A", "B", 24); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	pdf := Convert(t, "bang.xlsx", buf.Bytes())
	for _, want := range []string{"Đơn vị", "Xã Nhị Trường", "17", "Xã Long Sơn", "19"} {
		if !strings.Contains(pdf.Text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, pdf.Text)
		}
	}
	if pdf.Pages != 1 {
		t.Errorf("pages = %d, want 1", pdf.Pages)
	}
}

func TestParseInfo(t *testing.T) {
	p := PDF{Info: "Producer:        LibreOffice 7.4\nPages:           3\n" +
		"Page size:       595.304 x 841.89 pts (A4)\nPage rot:        0\n"}
	if err := p.parseInfo(); err != nil {
		t.Fatal(err)
	}
	if p.Pages != 3 || p.Width != 595.304 || p.Height != 841.89 || !p.A4() {
		t.Errorf("parsed %+v", p)
	}
	if err := (&PDF{Info: "Pages: 1\n"}).parseInfo(); err == nil {
		t.Error("no page size: want an error")
	}
}

func TestMissingToolSkipsOrFails(t *testing.T) {
	for _, require := range []string{"", "1"} {
		t.Run("require="+require, func(t *testing.T) {
			t.Setenv("PATH", t.TempDir())
			t.Setenv(RequireEnv, require)
			rec := &recorder{TB: t}
			func() {
				defer func() { _ = recover() }()
				requireTools(rec)
			}()
			if require == "1" && (!rec.failed || rec.skipped) {
				t.Errorf("required: failed=%v skipped=%v, want a failure", rec.failed, rec.skipped)
			}
			if require == "" && (rec.failed || !rec.skipped) {
				t.Errorf("not required: failed=%v skipped=%v, want a skip", rec.failed, rec.skipped)
			}
		})
	}
}

// recorder notes a failure or a skip instead of stopping the real test;
// it panics to stop the caller the way FailNow and SkipNow do.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	panic("stop")
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = true
	panic("stop")
}
