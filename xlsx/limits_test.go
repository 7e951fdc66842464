package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// tableOf is a workbook of the assignment table whose data rows are the
// n rows row(i) gives, streamed as a large upload would be written.
func tableOf(tb testing.TB, n int, row func(i int) []any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		tb.Fatal(err)
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		tb.Fatal(err)
	}
	hdr := make([]any, numCols)
	for i, h := range headers {
		hdr[i] = h
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// badRow names an unknown unit, criterion and agency: three problems.
func badRow(int) []any { return []any{99999, nil, 99, nil, 7} }

// A workbook wrong from top to bottom: reading stops after the first 200
// problems and says there are more. Reading all 250,000 rows of such a
// file took 18 s and 360 MB, and its error page was 58 MB.
func TestReadStopsAfterMaxProblems(t *testing.T) {
	b := tableOf(t, 20_000, badRow)
	_, err := Read(bytes.NewReader(b), known)
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("Read = %v, want an *ImportError", err)
	}
	if len(ie.Problems()) != MaxProblems || !ie.More() {
		t.Fatalf("%d problems, more %v; want %d and more", len(ie.Problems()), ie.More(), MaxProblems)
	}
	if last := ie.Problems()[MaxProblems-1]; last.Row > 2+MaxProblems/3 {
		t.Errorf("the last problem listed is on row %d: the first rows' problems come first", last.Row)
	}
	msg := ie.Unwrap().Error()
	for _, want := range []string{"Tệp có hơn 200 lỗi", "không hiển thị"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%.300s", want, msg)
		}
	}
	if len(msg) > 20_000 {
		t.Errorf("message of %d bytes", len(msg))
	}
}

// A file with exactly as many problems as are listed says nothing of more.
func TestReadListsAllWhenFew(t *testing.T) {
	unknownCriterion := func(i int) []any { return []any{"29446", nil, 100 + i, nil, "84-SXD"} }
	_, err := Read(bytes.NewReader(tableOf(t, MaxProblems, unknownCriterion)), known)
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Problems()) != MaxProblems || ie.More() || strings.Contains(err.Error(), "không hiển thị") {
		t.Fatalf("Read = %.300v; want %d problems and no more", err, MaxProblems)
	}
}

// A table longer than any plan needs is refused without reading it all.
func TestReadCapsRows(t *testing.T) {
	units := map[string]bool{}
	for i := range maxRows + 10 {
		units[fmt.Sprintf("U%06d", i)] = true
	}
	k := known
	k.Units = units
	b := tableOf(t, maxRows+10, func(i int) []any { return []any{fmt.Sprintf("U%06d", i), nil, "17", nil, "84-STNMT"} })
	_, err := Read(bytes.NewReader(b), k)
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Problems()) != 1 || !strings.Contains(ie.Problems()[0].Message, "hơn 50000 dòng") {
		t.Fatalf("Read = %v; want one problem: too many rows", err)
	}
	if p := ie.Problems()[0]; p.Row != maxRows+2 {
		t.Errorf("the problem is on row %d, want the first row past the cap, %d", p.Row, maxRows+2)
	}
}

// BenchmarkReadBadRows reads a workbook like that of issue 10: 250,000 bad
// rows (2.7 MB). Figures in docs/BENCHMARKS.md.
func BenchmarkReadBadRows(b *testing.B) {
	wb := tableOf(b, 250_000, badRow)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(wb), known); err == nil {
			b.Fatal("accepted")
		}
	}
}
