package evidence

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// bombDOCX is a DOCX (its content types and document part, as docx makes
// them) with more entries: each written as is (body) or, with a declared
// size, as raw deflated bytes whose directory claims that size.
func bombDOCX(t *testing.T, extra func(w *zip.Writer)) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range []part{
		{"[Content_Types].xml", contentTypesXML("/word/document.xml", docxMain)},
		{"word/document.xml", `<w:document/>`},
	} {
		f, err := w.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	extra(w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// declared adds an entry whose directory says it inflates to size bytes:
// what a crafted bomb claims, without the bytes to back it.
func declared(t *testing.T, w *zip.Writer, name string, size uint64) {
	t.Helper()
	f, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: 2, UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte{0x03, 0x00}); err != nil { // an empty deflate stream
		t.Fatal(err)
	}
}

// zeros adds an entry that truly inflates to size zero bytes.
func zeros(t *testing.T, w *zip.Writer, name string, size int) {
	t.Helper()
	f, err := w.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(make([]byte, size)); err != nil {
		t.Fatal(err)
	}
}

// understated adds an entry of size zero bytes whose directory says it
// inflates to claim bytes.
func understated(t *testing.T, w *zip.Writer, name string, size int, claim uint64) {
	t.Helper()
	var raw bytes.Buffer
	fw, err := flate.NewWriter(&raw, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(make([]byte, size)); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(raw.Len()), UncompressedSize64: claim})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(raw.Bytes()); err != nil {
		t.Fatal(err)
	}
}

func TestDetectRefusesZipBombs(t *testing.T) {
	entries := func(n int) func(w *zip.Writer) {
		return func(w *zip.Writer) {
			for i := range n {
				if _, err := w.Create(fmt.Sprintf("customXml/item%d.xml", i)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, c := range []struct {
		name string
		data []byte
		want string // "" for accepted
	}{
		// The directory is what a reader trusts before inflating: a bomb
		// of a few hundred bytes that says 4 GiB is refused as 4 GiB.
		{"declares 4 GiB", bombDOCX(t, func(w *zip.Writer) { declared(t, w, "word/media/a.bin", 4<<30) }), "4096 MB"},
		{"just over", bombDOCX(t, func(w *zip.Writer) { declared(t, w, "word/media/a.bin", MaxUnzipped) }), "vượt giới hạn 100 MB"},
		{"just within", bombDOCX(t, func(w *zip.Writer) { zeros(t, w, "word/media/a.bin", MaxUnzipped-1<<10) }), ""},
		// A directory that understates: what the entry really inflates to
		// is what a reviewer's reader may inflate.
		{"lies about its size", bombDOCX(t, func(w *zip.Writer) { understated(t, w, "word/media/a.bin", 8<<20, 10) }), "bị hỏng"},
		{"declares sizes that overflow", bombDOCX(t, func(w *zip.Writer) {
			declared(t, w, "a.bin", math.MaxUint64)
			declared(t, w, "b.bin", math.MaxUint64)
		}), "vượt giới hạn 100 MB"},
		{"too many entries", bombDOCX(t, entries(MaxZipEntries-1)), "10001 phần"},
		{"entries at the limit", bombDOCX(t, entries(MaxZipEntries-2)), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			k, err := DetectNamed("bien-ban.docx", c.data)
			if c.want == "" {
				if err != nil || k != DOCX {
					t.Fatalf("a DOCX within the limits: %v, %v", k, err)
				}
				return
			}
			if datchuan.ErrorCode(err) != datchuan.EINVALID {
				t.Fatalf("%d bytes accepted as %v (err %v)", len(c.data), k, err)
			}
			msg := datchuan.ErrorText(err).Vi
			for _, w := range []string{"bien-ban.docx", "giải nén", c.want} {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}
