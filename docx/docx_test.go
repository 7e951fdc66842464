package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
)

// mustWrite writes d and returns the package's parts by name.
func mustWrite(t *testing.T, d *Document) (data []byte, parts map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		parts[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
	}
	return buf.Bytes(), parts
}

// bodyText returns the text of word/document.xml as Word shows it:
// paragraphs end with a newline, w:br is a newline and w:tab a tab.
func bodyText(t *testing.T, documentXML []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(documentXML))
	var out strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out.String()
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "t":
				inText = true
			case "br":
				out.WriteString("\n")
			case "tab":
				out.WriteString("\t")
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText = false
			case "p":
				out.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				out.Write(tok)
			}
		}
	}
}

func TestPackageParts(t *testing.T) {
	d := &Document{Title: "Báo cáo & tổng hợp", Creator: "Ban Chỉ đạo",
		Created: time.Date(2022, 9, 9, 8, 0, 0, 0, time.UTC), Blocks: []Block{Text("Xin chào")}}
	_, parts := mustWrite(t, d)
	for _, name := range []string{
		"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
		"word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml",
		"docProps/core.xml", "docProps/app.xml",
	} {
		data, ok := parts[name]
		if !ok {
			t.Errorf("package lacks %s", name)
			continue
		}
		if err := wellFormed(data); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
	core := string(parts["docProps/core.xml"])
	for _, want := range []string{
		"<dc:title>Báo cáo &amp; tổng hợp</dc:title>", "<dc:creator>Ban Chỉ đạo</dc:creator>",
		">2022-09-09T08:00:00Z</dcterms:created>",
	} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s:\n%s", want, core)
		}
	}
	styles := string(parts["word/styles.xml"])
	for _, want := range []string{`w:ascii="Times New Roman"`, `<w:sz w:val="28"/>`, `w:val="vi-VN"`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if !strings.Contains(string(parts["word/header1.xml"]), " PAGE ") {
		t.Error("header1.xml has no PAGE field")
	}
}

func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestTextRoundTrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{`A & B <c> "d" 'e'`, `A & B <c> "d" 'e'`},
		{"Xã Nhị Trường, huyện Cầu Ngang", "Xã Nhị Trường, huyện Cầu Ngang"},
		{"dòng 1\ndòng 2\r\ndòng 3\rhết", "dòng 1\ndòng 2\ndòng 3\nhết"},
		{"cột\tgiá trị", "cột\tgiá trị"},
		{"bell\x07 nul\x00 esc\x1b ff\x0c end", "bell nul esc ff end"},
		{"bad \xff byte, \uFFFE nonchar", "bad \uFFFD byte,  nonchar"},
		{"  lề  ", "  lề  "},
	}
	for _, tc := range tests {
		d := &Document{Blocks: []Block{Text(tc.in)}}
		_, parts := mustWrite(t, d)
		if got := bodyText(t, parts["word/document.xml"]); got != tc.want+"\n" {
			t.Errorf("text %q came back as %q, want %q", tc.in, got, tc.want+"\n")
		}
	}
}

func TestPageSetup(t *testing.T) {
	for _, tc := range []struct {
		mm   float64
		twip Length
	}{{210, PageWidth}, {297, PageHeight}, {20, MarginTop}, {20, MarginBottom}, {30, MarginLeft}, {15, MarginRight}} {
		if got := Mm(tc.mm); got != tc.twip {
			t.Errorf("Mm(%v) = %d twips, constant says %d", tc.mm, got, tc.twip)
		}
	}
	_, parts := mustWrite(t, &Document{})
	doc := string(parts["word/document.xml"])
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>`,
		`<w:titlePg/>`,
		`<w:headerReference w:type="default" r:id="rIdHeader1"/>`,
		`<w:headerReference w:type="first" r:id="rIdHeader2"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	_, parts = mustWrite(t, &Document{Landscape: true})
	if !strings.Contains(string(parts["word/document.xml"]), `<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`) {
		t.Error("landscape page is not turned")
	}
	if got := (&Document{}).TextWidth(); got != 11906-1701-850 {
		t.Errorf("TextWidth = %d", got)
	}
}

func TestDeterministic(t *testing.T) {
	build := func() *Document { return sampleReport().Document() }
	a, _ := mustWrite(t, build())
	b, _ := mustWrite(t, build())
	if !bytes.Equal(a, b) {
		t.Error("the same document written twice gave different bytes")
	}
	other := sampleReport()
	other.Date = other.Date.Add(24 * time.Hour)
	c, _ := mustWrite(t, other.Document())
	if bytes.Equal(a, c) {
		t.Error("a different date gave the same bytes")
	}
}

func TestTableChecks(t *testing.T) {
	tests := []struct {
		name  string
		table Table
		want  string
	}{
		{"no columns", Table{}, "no columns"},
		{"zero width", Table{Columns: []Length{Cm(2), 0}}, "column 2 has width 0"},
		{"short row", Table{Columns: []Length{Cm(2), Cm(2)}, Rows: []Row{{{Text: "a"}}}}, "row 1 spans 1 columns"},
		{"wide span", Table{Columns: []Length{Cm(2), Cm(2)}, Header: []Row{{{Text: "a", Span: 3}}}}, "row 1 spans 3 columns"},
		{"bad fill", Table{Columns: []Length{Cm(2)}, HeaderFill: "grey"}, `header fill "grey"`},
		{"bad cell fill", Table{Columns: []Length{Cm(2)}, Rows: []Row{{{Fill: `"/>`}}}}, "is not a hex colour"},
	}
	for _, tc := range tests {
		err := (&Document{Blocks: []Block{Text("x"), tc.table}}).Write(io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "block 2") {
			t.Errorf("%s: err = %v, want one naming block 2 and %q", tc.name, err, tc.want)
		}
	}
}

func TestTableMarkup(t *testing.T) {
	table := Table{
		Columns:    []Length{Cm(1), Cm(5), Cm(3)},
		Header:     []Row{{{Text: "TT"}, {Text: "Đơn vị"}, {Text: "Tiêu chí đạt"}}},
		Rows:       []Row{{{Text: "1"}, {Text: "Xã Nhị Trường"}, {Text: "17", Align: AlignRight}}, {{Text: "Cộng", Span: 2, Bold: true}, {Text: "17"}}},
		Borders:    true,
		HeaderFill: "D9D9D9",
	}
	_, parts := mustWrite(t, &Document{Blocks: []Block{table}})
	doc := string(parts["word/document.xml"])
	for _, want := range []string{
		`<w:tblHeader/>`, `<w:gridSpan w:val="2"/>`, `w:fill="D9D9D9"`, `<w:top w:val="single"`,
		`<w:tcW w:w="3402" w:type="dxa"/><w:gridSpan w:val="2"/>`, `<w:gridCol w:w="567"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if n := strings.Count(doc, "<w:tblHeader/>"); n != 1 {
		t.Errorf("%d header rows marked, want 1", n)
	}
	if got, want := bodyText(t, parts["word/document.xml"]), "TT\nĐơn vị\nTiêu chí đạt\n1\nXã Nhị Trường\n17\nCộng\n17\n"; got != want {
		t.Errorf("table text = %q, want %q", got, want)
	}
}
