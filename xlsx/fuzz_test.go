package xlsx

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// FuzzRead feeds the assignment-table reader workbooks written by Write
// and edited at random, and bytes that are no workbook at all. Whatever it
// gets it never panics, and it answers either every row, each naming a
// known unit, criterion and lead, or an *ImportError whose every problem
// says what is wrong in both languages and, when it concerns a cell, where.
// The seeds run as an ordinary test; `go test -fuzz FuzzRead ./xlsx`
// searches further.
func FuzzRead(f *testing.F) {
	var good bytes.Buffer
	if err := Write(&good, sample()); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04 not really a zip"))
	for _, cell := range []struct{ ref, value string }{{"A4", "99999"}, {"E4", "84-KHONG"}, {"G4", "31/02/2022"}, {"C5", "17.9"}} {
		fx, err := excelize.OpenReader(bytes.NewReader(good.Bytes()))
		if err != nil {
			f.Fatal(err)
		}
		if err := fx.SetCellValue(fx.GetSheetName(0), cell.ref, cell.value); err != nil {
			f.Fatal(err)
		}
		var b bytes.Buffer
		if err := fx.Write(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read(bytes.NewReader(data), known)
		var ie *ImportError
		switch {
		case errors.As(err, &ie):
			if len(ie.Problems()) == 0 {
				t.Fatal("an ImportError with no problem")
			}
			for _, p := range ie.Problems() {
				if p.Message == "" || p.MessageEn == "" || !utf8.ValidString(p.Message) {
					t.Fatalf("a problem without its words: %+v", p)
				}
				if p.Column != "" && p.Row == 0 {
					t.Fatalf("a problem names a column but no row: %+v", p)
				}
			}
		case err != nil:
			t.Fatalf("Read failed other than with an ImportError: %v", err)
		default:
			for _, r := range s.Rows {
				if !known.Units[r.UnitCode] || !known.Criteria[r.Criterion] || !known.Agencies[r.Lead] {
					t.Fatalf("a row with codes nobody knows was accepted: %+v", r)
				}
				if r.Indicator != "" && known.Indicators[r.Indicator] != r.Criterion {
					t.Fatalf("an indicator outside its criterion was accepted: %+v", r)
				}
			}
		}
	})
}
