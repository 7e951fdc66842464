package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"time"
)

// Document is a Word document: its blocks, laid on A4 pages with the
// margins of Decree 30/2020/NĐ-CP, and the properties Word shows under
// File > Info.
type Document struct {
	Title     string    // document title property
	Creator   string    // author property, e.g. the issuing body
	Created   time.Time // creation time property and zip entry times; zero: none
	Landscape bool      // A4 turned sideways, for wide tables
	Blocks    []Block
}

// The page of Decree 30/2020/NĐ-CP: A4 with margins top 20 mm, bottom
// 20 mm, left 30 mm, right 15 mm. The header (page number) sits 10 mm from
// the top edge, inside the top margin. In twips; a test holds them equal
// to the millimetres.
const (
	PageWidth    Length = 11906 // 210 mm
	PageHeight   Length = 16838 // 297 mm
	MarginTop    Length = 1134  // 20 mm
	MarginBottom Length = 1134  // 20 mm
	MarginLeft   Length = 1701  // 30 mm
	MarginRight  Length = 850   // 15 mm
	headerSpace  Length = 567   // 10 mm
)

// TextWidth is the width between the left and right margins: the width of
// a table that fills the line.
func (d *Document) TextWidth() Length {
	w, _ := d.pageSize()
	return w - MarginLeft - MarginRight
}

func (d *Document) pageSize() (width, height Length) {
	if d.Landscape {
		return PageHeight, PageWidth
	}
	return PageWidth, PageHeight
}

// Write writes the document as a DOCX package to w. It fails on a table
// whose rows do not fill its columns, and when w fails.
func (d *Document) Write(w io.Writer) error {
	body, err := d.documentXML()
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", packageRelsXML},
		{"docProps/core.xml", d.coreXML()},
		{"docProps/app.xml", appXML},
		{"word/document.xml", body},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", pageNumberHeaderXML},
		{"word/header2.xml", emptyHeaderXML},
	}
	// Zip entries carry a time; taking it from the document, never from
	// the clock, makes the same document give the same bytes.
	modified := d.Created
	if modified.IsZero() {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err == nil {
			_, err = io.WriteString(f, p.data)
		}
		if err != nil {
			return fmt.Errorf("docx: write %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: finish package: %w", err)
	}
	return nil
}

// documentXML returns word/document.xml: the blocks, then the section
// that sets the page, the margins and the page-number headers.
func (d *Document) documentXML() (string, error) {
	var b xmlBuf
	b.raw(xmlHeader, `<w:document xmlns:w="`, nsW, `" xmlns:r="`, nsR, `"><w:body>`)
	for i, blk := range d.Blocks {
		if blk == nil {
			continue
		}
		if err := blk.writeBlock(&b); err != nil {
			return "", fmt.Errorf("block %d: %w", i+1, err)
		}
	}
	width, height := d.pageSize()
	b.raw("<w:sectPr>")
	// Page numbers from page 2: the default header holds the number, and
	// titlePg gives page 1 its own, empty, header.
	b.attrs("w:headerReference", "w:type", "default", "r:id", "rIdHeader1")
	b.attrs("w:headerReference", "w:type", "first", "r:id", "rIdHeader2")
	pgSz := []string{"w:w", twips(width), "w:h", twips(height)}
	if d.Landscape {
		pgSz = append(pgSz, "w:orient", "landscape")
	}
	b.attrs("w:pgSz", pgSz...)
	b.attrs("w:pgMar",
		"w:top", twips(MarginTop), "w:right", twips(MarginRight),
		"w:bottom", twips(MarginBottom), "w:left", twips(MarginLeft),
		"w:header", twips(headerSpace), "w:footer", twips(headerSpace), "w:gutter", "0")
	b.raw("<w:titlePg/></w:sectPr></w:body></w:document>")
	return b.String(), nil
}

// coreXML returns docProps/core.xml with the title, author and times.
func (d *Document) coreXML() string {
	var b xmlBuf
	b.raw(xmlHeader, `<cp:coreProperties`,
		` xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`,
		` xmlns:dc="http://purl.org/dc/elements/1.1/"`,
		` xmlns:dcterms="http://purl.org/dc/terms/"`,
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.raw("<dc:title>")
	b.text(d.Title)
	b.raw("</dc:title><dc:creator>")
	b.text(d.Creator)
	b.raw("</dc:creator><dc:language>vi-VN</dc:language>")
	if !d.Created.IsZero() {
		at := d.Created.UTC().Format("2006-01-02T15:04:05Z")
		b.raw(`<dcterms:created xsi:type="dcterms:W3CDTF">`, at, `</dcterms:created>`)
		b.raw(`<dcterms:modified xsi:type="dcterms:W3CDTF">`, at, `</dcterms:modified>`)
	}
	b.raw("</cp:coreProperties>")
	return b.String()
}
