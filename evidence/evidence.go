// Package evidence decides which uploaded files the system keeps as evidence
// for a reported value: PDF, images, Word (DOCX) and Excel (XLSX). The type is
// read from the content, never from the name, so that a program renamed
// "bien-ban.pdf" is refused and a stored file is always served with the
// content type it really has.
package evidence

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"strings"
	"unicode"

	"github.com/datchuan/datchuan"
)

// Kind is an accepted type of evidence file.
type Kind struct {
	ContentType string // the MIME type to store and to serve
	Ext         string // the usual extension, with the dot: ".pdf"
	LabelVi     string // the name shown to people: "Ảnh PNG"
}

// The accepted kinds.
var (
	PDF  = Kind{ContentType: "application/pdf", Ext: ".pdf", LabelVi: "PDF"}
	PNG  = Kind{ContentType: "image/png", Ext: ".png", LabelVi: "Ảnh PNG"}
	JPEG = Kind{ContentType: "image/jpeg", Ext: ".jpg", LabelVi: "Ảnh JPEG"}
	GIF  = Kind{ContentType: "image/gif", Ext: ".gif", LabelVi: "Ảnh GIF"}
	WebP = Kind{ContentType: "image/webp", Ext: ".webp", LabelVi: "Ảnh WebP"}
	DOCX = Kind{ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Ext: ".docx", LabelVi: "Word (DOCX)"}
	XLSX = Kind{ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Ext: ".xlsx", LabelVi: "Excel (XLSX)"}
)

// Kinds lists the accepted kinds, documents first.
var Kinds = []Kind{PDF, DOCX, XLSX, JPEG, PNG, GIF, WebP}

// Accept is the accept attribute of an <input type=file> for evidence. It
// names both extensions (desktop file dialogs filter by them) and MIME types
// (Android pickers filter by these; iOS converts HEIC photos to JPEG for an
// input that asks for image/jpeg).
const Accept = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.gif,.webp," +
	"application/pdf," +
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document," +
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet," +
	"image/jpeg,image/png,image/gif,image/webp"

// DefaultMaxSize is the largest evidence file accepted: 20 MB, enough for a
// scanned report of some dozens of pages.
const DefaultMaxSize = 20 << 20

// The main-part content types of the two OOXML kinds, as [Content_Types].xml
// declares them. Macro-enabled (docm, xlsm) and template files declare other
// types and are refused even when renamed .docx or .xlsx.
const (
	docxMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	xlsxMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)

// Limits of a Word or Excel (OOXML) file, a ZIP archive: what a
// reviewer's Word or Excel inflates on opening it. A document of some
// hundreds of pages with photos is well within them; a ZIP bomb — a few
// kilobytes that inflate to gigabytes — is far over, and is refused before
// it is stored and served to anyone.
const (
	MaxUnzipped   = 100 << 20 // the sizes its entries declare, added up
	MaxZipEntries = 10000
)

// cfbMagic starts a Compound File: the old Word and Excel formats (.doc,
// .xls) and also password-protected DOCX and XLSX files.
const cfbMagic = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

// Detect returns the kind of an evidence file from its content. The error is
// EINVALID, with a message for the uploader, when data is empty or of a type
// that is not accepted. Use DetectNamed to name the file in the message.
func Detect(data []byte) (Kind, error) {
	return DetectNamed("", data)
}

// DetectNamed is Detect with the file's name in the error message. The name
// plays no part in the decision.
func DetectNamed(name string, data []byte) (Kind, error) {
	if len(data) == 0 {
		return Kind{}, datchuan.Errorf(datchuan.EINVALID, "Tệp %strống (The file %sis empty)", nameSp(name), nameSp(name))
	}
	if err := checkZip(name, data); err != nil {
		return Kind{}, err
	}
	if k, ok := detect(data); ok {
		return k, nil
	}
	msg := datchuan.Textf("Tệp %skhông được chấp nhận: chỉ nhận PDF, ảnh (JPG, PNG), Word (DOCX) hoặc Excel (XLSX) (The file %sis not accepted: only PDF, images (JPG, PNG), Word (DOCX) or Excel (XLSX))",
		nameSp(name), nameSp(name))
	if bytes.HasPrefix(data, []byte(cfbMagic)) {
		// The commonest refusal in practice: a .doc or .xls from an old
		// template. Say what to do about it.
		msg.Vi += ". Tệp Word, Excel dạng cũ (.doc, .xls) hoặc có đặt mật khẩu: hãy mở tệp và lưu lại dưới dạng DOCX hoặc XLSX, không đặt mật khẩu"
		msg.En += ". An old (.doc, .xls) or password-protected Office file: open it and save it as DOCX or XLSX, without a password"
	}
	return Kind{}, datchuan.NewError(datchuan.EINVALID, msg)
}

func detect(data []byte) (Kind, bool) {
	has := func(prefix string) bool { return bytes.HasPrefix(data, []byte(prefix)) }
	switch {
	case has("%PDF-"):
		return PDF, true
	case has("\x89PNG\r\n\x1a\n"):
		return PNG, true
	case has("\xff\xd8\xff"):
		return JPEG, true
	case has("GIF87a"), has("GIF89a"):
		return GIF, true
	case len(data) >= 16 && has("RIFF") && string(data[8:15]) == "WEBPVP8":
		return WebP, true // RIFF, size, WEBP, then a VP8, VP8L or VP8X chunk
	case has("PK\x03\x04"):
		return detectOOXML(data)
	}
	return Kind{}, false
}

// detectOOXML accepts a ZIP that is a Word or Excel document: it must have a
// [Content_Types].xml declaring the main part of a document or a workbook,
// and that part under its usual name. A plain ZIP, an ODF file or a ZIP that
// merely contains a word/document.xml is refused.
func detectOOXML(data []byte) (Kind, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Kind{}, false
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	ct, ok := files["[Content_Types].xml"]
	if !ok {
		return Kind{}, false
	}
	types, err := contentTypes(ct)
	if err != nil {
		return Kind{}, false
	}
	switch {
	case files["word/document.xml"] != nil && types[docxMain]:
		return DOCX, true
	case files["xl/workbook.xml"] != nil && types[xlsxMain]:
		return XLSX, true
	}
	return Kind{}, false
}

// checkZip refuses a ZIP archive (what a DOCX or XLSX is) whose entries
// would inflate past MaxUnzipped or number more than MaxZipEntries. It
// reads the sizes the archive's directory declares, inflating nothing: a
// reader that inflates an entry past its declared size fails (Go's
// archive/zip does), so the declared size is what an entry can cost. What
// is no ZIP, or no readable one, is left to detect.
func checkZip(name string, data []byte) error {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	if n := len(zr.File); n > MaxZipEntries {
		return datchuan.Errorf(datchuan.EINVALID, "Tệp %skhi giải nén gồm %d phần, vượt giới hạn %d phần: có thể là tệp hỏng hoặc tệp nén độc hại. Hãy mở tệp và lưu lại, hoặc gửi bản PDF (The file %sunpacks into %d parts, over the limit of %d: it may be damaged or a zip bomb. Open and save it again, or send a PDF)",
			nameSp(name), n, MaxZipEntries, nameSp(name), n, MaxZipEntries)
	}
	var total uint64 // saturating: the sizes of a crafted directory may add up past 2^64
	for _, f := range zr.File {
		total = min(total+f.UncompressedSize64, math.MaxInt64)
		if total < f.UncompressedSize64 {
			total = math.MaxInt64
		}
	}
	if total > MaxUnzipped {
		got, limit := formatMB(tenthsMB(int64(total))), formatMB(tenthsMB(MaxUnzipped))
		return datchuan.Errorf(datchuan.EINVALID, "Tệp %skhi giải nén nặng %s, vượt giới hạn %s: có thể là tệp hỏng hoặc tệp nén độc hại. Hãy mở tệp và lưu lại, hoặc gửi bản PDF (The file %sunpacks to %s, over the limit of %s: it may be damaged or a zip bomb. Open and save it again, or send a PDF)",
			nameSp(name), got, limit, nameSp(name), got, limit)
	}
	return inflates(name, zr)
}

// inflates inflates every entry of an archive whose directory passed
// checkZip, to nothing: a crafted archive may declare small sizes and
// inflate far more, and not every reader a reviewer uses stops at the
// declared size as Go's does (it fails past it, or on a wrong checksum).
// The declared total bounds the work: at most MaxUnzipped bytes.
func inflates(name string, zr *zip.Reader) error {
	for _, f := range zr.File {
		rc, err := f.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
		}
		if err != nil {
			return datchuan.Errorf(datchuan.EINVALID, "Tệp %sbị hỏng: phần %q không giải nén được đúng kích thước, hoặc là tệp nén độc hại. Hãy mở tệp và lưu lại, hoặc gửi bản PDF (The file %sis damaged: part %q does not unpack to its stated size, or it is a zip bomb. Open and save it again, or send a PDF)",
				nameSp(name), f.Name, nameSp(name), f.Name)
		}
	}
	return nil
}

// contentTypes returns the set of content types that [Content_Types].xml
// declares, by default for an extension or for a named part.
func contentTypes(f *zip.File) (map[string]bool, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	type decl struct {
		ContentType string `xml:"ContentType,attr"`
	}
	var doc struct {
		Defaults  []decl `xml:"Default"`  // by extension
		Overrides []decl `xml:"Override"` // by part name
	}
	// The file is a few kilobytes; the limit stops a ZIP bomb from
	// inflating it to gigabytes.
	if err := xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&doc); err != nil {
		return nil, err
	}
	set := make(map[string]bool)
	for _, d := range append(doc.Defaults, doc.Overrides...) {
		set[strings.TrimSpace(d.ContentType)] = true
	}
	return set, nil
}

// CheckSize returns an EINVALID error naming the file when size is zero or
// more than max bytes (DefaultMaxSize when max <= 0). The web layer calls it
// with the size of the multipart header before reading the body.
func CheckSize(name string, size, max int64) error {
	if max <= 0 {
		max = DefaultMaxSize
	}
	switch {
	case size <= 0:
		return datchuan.Errorf(datchuan.EINVALID, "Tệp %strống (The file %sis empty)", nameSp(name), nameSp(name))
	case size > max:
		got, limit := tenthsMB(size), tenthsMB(max)
		if got <= limit {
			// Just over the limit: "20,0 MB, vượt giới hạn 20 MB" would
			// read as a contradiction, so round this one up.
			got = limit + 1
		}
		return datchuan.Errorf(datchuan.EINVALID, "Tệp %snặng %s, vượt giới hạn %s (The file %sis %s, over the limit of %s)",
			nameSp(name), formatMB(got), formatMB(limit), nameSp(name), formatMB(got), formatMB(limit))
	}
	return nil
}

// tenthsMB is n bytes in tenths of a MB (of 2^20 bytes, as the limit is
// set), rounded to the nearest.
func tenthsMB(n int64) int64 {
	return int64(math.Round(float64(n) * 10 / (1 << 20)))
}

// formatMB writes tenths of a MB the Vietnamese way, with a decimal comma:
// "25,3 MB", or "20 MB" when whole.
func formatMB(tenths int64) string {
	if tenths%10 == 0 {
		return fmt.Sprintf("%d MB", tenths/10)
	}
	return fmt.Sprintf("%d,%d MB", tenths/10, tenths%10)
}

// nameSp returns the name as shown in a message, followed by a space, or ""
// when there is none. Only the last path element is kept (some browsers send
// a whole Windows path) and control and format characters are dropped, so
// that a crafted name cannot break or disguise the message.
func nameSp(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		// Cf holds the bidirectional overrides that make "exe.pdf" read as
		// "fdp.exe".
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" {
		return ""
	}
	return name + " "
}
