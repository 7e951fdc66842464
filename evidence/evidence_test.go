package evidence

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// The files below are built in memory the way real programs write them, so
// that the tests check detection on the formats, not on magic strings copied
// from the code under test.

const minimalPDF = "%PDF-1.4\n" +
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n" +
	"trailer << /Root 1 0 R >>\n%%EOF\n"

func testImage() image.Image {
	m := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		m.Set(x, 1, color.RGBA{R: 200, G: 30, B: 30, A: 255})
	}
	return m
}

func encodePNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeGIF(t *testing.T) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpHeader is the RIFF framing of a WebP file with an empty lossless
// chunk: the standard library writes no WebP, and detection reads only the
// framing.
func webpHeader() []byte {
	chunk := append([]byte("VP8L"), 0, 0, 0, 0)
	b := []byte("RIFF")
	b = binary.LittleEndian.AppendUint32(b, uint32(4+len(chunk)))
	b = append(b, "WEBP"...)
	return append(b, chunk...)
}

type part struct{ name, body string }

func zipOf(t *testing.T, parts ...part) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range parts {
		f, err := w.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func contentTypesXML(overrides ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	for i := 0; i+1 < len(overrides); i += 2 {
		b.WriteString(`<Override PartName="` + overrides[i] + `" ContentType="` + overrides[i+1] + `"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`

func docx(t *testing.T) []byte {
	return zipOf(t,
		part{"[Content_Types].xml", contentTypesXML("/word/document.xml", docxMain)},
		part{"_rels/.rels", rels},
		part{"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Biên bản kiểm tra</w:t></w:r></w:p></w:body></w:document>`},
	)
}

func xlsx(t *testing.T) []byte {
	return zipOf(t,
		part{"[Content_Types].xml", contentTypesXML(
			"/xl/workbook.xml", xlsxMain,
			"/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")},
		part{"_rels/.rels", rels},
		part{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Tiêu chí" sheetId="1"/></sheets></workbook>`},
		part{"xl/worksheets/sheet1.xml", `<worksheet/>`},
	)
}

func TestDetectAccepted(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want Kind
	}{
		{"bien-ban.pdf", []byte(minimalPDF), PDF},
		{"anh.png", encodePNG(t), PNG},
		{"anh.jpg", encodeJPEG(t), JPEG},
		{"anh.gif", encodeGIF(t), GIF},
		{"anh.webp", webpHeader(), WebP},
		{"bao-cao.docx", docx(t), DOCX},
		{"so-lieu.xlsx", xlsx(t), XLSX},
		// The name does not count: a photo saved as .pdf is still a photo.
		{"anh-chup.pdf", encodeJPEG(t), JPEG},
		{"khong-ten", docx(t), DOCX},
	} {
		got, err := DetectNamed(tc.name, tc.data)
		if err != nil {
			t.Errorf("DetectNamed(%s): %v", tc.name, err)
			continue
		}
		if got != tc.want {
			t.Errorf("DetectNamed(%s) = %+v, want %+v", tc.name, got, tc.want)
		}
		if got2, err := Detect(tc.data); err != nil || got2 != got {
			t.Errorf("Detect(%s) = %+v, %v; want what DetectNamed said", tc.name, got2, err)
		}
	}
}

// TestContentTypesAgreeWithNetHTTP cross-checks the MIME types with the
// standard library's sniffer for the formats it knows.
func TestContentTypesAgreeWithNetHTTP(t *testing.T) {
	for _, data := range [][]byte{[]byte(minimalPDF), encodePNG(t), encodeJPEG(t), encodeGIF(t), webpHeader()} {
		k, err := Detect(data)
		if err != nil {
			t.Fatal(err)
		}
		if sniffed := http.DetectContentType(data); sniffed != k.ContentType {
			t.Errorf("Detect says %s, net/http sniffs %s", k.ContentType, sniffed)
		}
	}
}

func TestDetectRefused(t *testing.T) {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 64)...)
	ole := append([]byte(cfbMagic), make([]byte, 504)...)
	docm := zipOf(t,
		part{"[Content_Types].xml", contentTypesXML("/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")},
		part{"word/document.xml", `<w:document/>`},
		part{"word/vbaProject.bin", "macro"},
	)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"bien-ban.pdf", []byte("Đây là văn bản thường, không phải PDF.\n")},
		{"bien-ban.pdf", exe},
		{"ho-so.zip", zipOf(t, part{"a.txt", "xin chào"}, part{"b.pdf", minimalPDF})},
		{"trang.html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")},
		// No [Content_Types].xml.
		{"bao-cao.docx", zipOf(t, part{"word/document.xml", `<w:document/>`})},
		// The document is there but not declared as a Word main part.
		{"bao-cao.docx", zipOf(t, part{"[Content_Types].xml", contentTypesXML()}, part{"word/document.xml", `<w:document/>`})},
		// The workbook is declared but absent.
		{"so-lieu.xlsx", zipOf(t, part{"[Content_Types].xml", contentTypesXML("/xl/workbook.xml", xlsxMain)})},
		{"bao-cao.docx", zipOf(t, part{"[Content_Types].xml", "not xml <"}, part{"word/document.xml", `<w:document/>`})},
		{"macro.docx", docm},
		{"van-ban-cu.doc", ole},
		{"bang-cu.xls", ole},
		{"hong.docx", docx(t)[:40]}, // truncated upload
		{"hong.pdf", []byte("%PD")},
		{"anh.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)},
		{"anh.bmp", []byte("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00")},
		{"nhac.wav", append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 16)...)},
	} {
		k, err := DetectNamed(tc.name, tc.data)
		if err == nil {
			t.Errorf("DetectNamed(%s, %.20q) = %+v, want refusal", tc.name, tc.data, k)
			continue
		}
		if datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("DetectNamed(%s): code %s, want %s", tc.name, datchuan.ErrorCode(err), datchuan.EINVALID)
		}
		want := "Tệp " + tc.name + " không được chấp nhận: chỉ nhận PDF, ảnh (JPG, PNG), Word (DOCX) hoặc Excel (XLSX)"
		if msg := datchuan.ErrorMessage(err); !strings.HasPrefix(msg, want) {
			t.Errorf("DetectNamed(%s) message\n%s\nwant it to start with\n%s", tc.name, msg, want)
		}
		if k != (Kind{}) {
			t.Errorf("DetectNamed(%s) returned kind %+v with its error", tc.name, k)
		}
	}
}

func TestDetectMessages(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"", []byte("text"), "Tệp không được chấp nhận: chỉ nhận PDF, ảnh (JPG, PNG), Word (DOCX) hoặc Excel (XLSX)"},
		{"x.pdf", nil, "Tệp x.pdf trống"},
		{"", []byte{}, "Tệp trống"},
		{`C:\Users\xa\Desktop\bien ban.pdf`, nil, "Tệp bien ban.pdf trống"},
		{"a\nb\u202efdp.exe", nil, "Tệp abfdp.exe trống"},
	} {
		_, err := DetectNamed(tc.name, tc.data)
		if msg := datchuan.ErrorMessage(err); msg != tc.want {
			t.Errorf("DetectNamed(%q, %q) message %q, want %q", tc.name, tc.data, msg, tc.want)
		}
	}
	_, err := DetectNamed("mau.doc", append([]byte(cfbMagic), make([]byte, 504)...))
	if msg := datchuan.ErrorMessage(err); !strings.Contains(msg, "lưu lại dưới dạng DOCX hoặc XLSX") {
		t.Errorf("old Office file: message %q does not say to save as DOCX/XLSX", msg)
	}
}

func TestCheckSize(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		size, max int64
		want      string // "" for accepted
	}{
		{1, 0, ""},
		{DefaultMaxSize, 0, ""},
		{DefaultMaxSize, DefaultMaxSize, ""},
		{25*mb + 3*mb/10 + 1, 0, "Tệp x.pdf nặng 25,3 MB, vượt giới hạn 20 MB"},
		{DefaultMaxSize + 1, DefaultMaxSize, "Tệp x.pdf nặng 20,1 MB, vượt giới hạn 20 MB"},
		{200 * mb, 0, "Tệp x.pdf nặng 200 MB, vượt giới hạn 20 MB"},
		{3 * mb, 5 * mb / 2, "Tệp x.pdf nặng 3 MB, vượt giới hạn 2,5 MB"},
		{0, 0, "Tệp x.pdf trống"},
		{-1, 0, "Tệp x.pdf trống"},
	} {
		err := CheckSize("x.pdf", tc.size, tc.max)
		if tc.want == "" {
			if err != nil {
				t.Errorf("CheckSize(%d, %d) = %v, want nil", tc.size, tc.max, err)
			}
			continue
		}
		if datchuan.ErrorCode(err) != datchuan.EINVALID || datchuan.ErrorMessage(err) != tc.want {
			t.Errorf("CheckSize(%d, %d) = %v, want EINVALID %q", tc.size, tc.max, err, tc.want)
		}
	}
}

func TestAccept(t *testing.T) {
	for _, k := range Kinds {
		if !strings.Contains(Accept, k.Ext) || !strings.Contains(Accept, k.ContentType) {
			t.Errorf("Accept lacks %s or %s", k.Ext, k.ContentType)
		}
	}
	if strings.ContainsAny(Accept, " ;") {
		t.Errorf("Accept %q has spaces or semicolons", Accept)
	}
}
