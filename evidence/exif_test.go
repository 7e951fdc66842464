package evidence

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
	"image/png"
	"testing"
	"time"
)

// exifJPEG is a real JPEG (encoded by image/jpeg) with an EXIF segment
// spliced in after its SOI marker: IFD0 pointing to an Exif IFD that holds
// DateTimeOriginal and, when offset is not empty, OffsetTimeOriginal, all
// in the byte order given.
func exifJPEG(t *testing.T, order binary.ByteOrder, taken, offset string) []byte {
	t.Helper()
	var img bytes.Buffer
	if err := jpeg.Encode(&img, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	tiff := exifTIFF(order, taken, offset)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{0xFF, 0xD8}, app1...)
	out = append(out, seg...)
	return append(out, img.Bytes()[2:]...)
}

// exifTIFF lays out: header (8), IFD0 at 8 with one entry (18), Exif IFD
// at 26 with one or two entries, then the strings.
func exifTIFF(order binary.ByteOrder, taken, offset string) []byte {
	b := make([]byte, 8)
	if order == binary.LittleEndian {
		copy(b, "II")
	} else {
		copy(b, "MM")
	}
	order.PutUint16(b[2:], 42)
	order.PutUint32(b[4:], 8)
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		order.PutUint16(e, tag)
		order.PutUint16(e[2:], typ)
		order.PutUint32(e[4:], count)
		order.PutUint32(e[8:], value)
		return e
	}
	u16 := func(v uint16) []byte { x := make([]byte, 2); order.PutUint16(x, v); return x }
	u32 := func(v uint32) []byte { x := make([]byte, 4); order.PutUint32(x, v); return x }
	const exifAt = 8 + 2 + 12 + 4
	b = append(b, u16(1)...)
	b = append(b, entry(0x8769, 4, 1, exifAt)...)
	b = append(b, u32(0)...)
	n := uint16(1)
	if offset != "" {
		n = 2
	}
	strings := uint32(exifAt + 2 + 12*int(n) + 4)
	b = append(b, u16(n)...)
	b = append(b, entry(0x9003, 2, uint32(len(taken)+1), strings)...)
	if offset != "" {
		b = append(b, entry(0x9011, 2, uint32(len(offset)+1), strings+uint32(len(taken)+1))...)
	}
	b = append(b, u32(0)...)
	b = append(b, taken+"\x00"...)
	if offset != "" {
		b = append(b, offset+"\x00"...)
	}
	return b
}

// TestTakenAt reads the time a photo was taken from its EXIF data, in
// either byte order, in the zone the photo names or else the one given;
// anything else — no EXIF, a damaged one, a camera without a set clock,
// another format — has no time.
func TestTakenAt(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	photo := exifJPEG(t, binary.LittleEndian, "2022:08:25 09:12:30", "")
	if _, err := jpeg.Decode(bytes.NewReader(photo)); err != nil {
		t.Fatalf("the test photo is no JPEG: %v", err)
	}
	if k, err := Detect(photo); err != nil || k != JPEG {
		t.Fatalf("the test photo is not accepted as a JPEG: %v, %v", k, err)
	}
	got, ok := TakenAt(photo, vn)
	if want := time.Date(2022, 8, 25, 9, 12, 30, 0, vn); !ok || !got.Equal(want) {
		t.Errorf("little-endian EXIF: %v, %v; want %v", got, ok, want)
	}
	got, ok = TakenAt(exifJPEG(t, binary.BigEndian, "2022:08:25 11:12:30", "+09:00"), vn)
	if want := time.Date(2022, 8, 25, 2, 12, 30, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("big-endian EXIF with its own zone: %v, %v; want %v", got, ok, want)
	}

	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	var pngFile bytes.Buffer
	if err := png.Encode(&pngFile, testImage()); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"a JPEG without EXIF":  plain.Bytes(),
		"a PNG":                pngFile.Bytes(),
		"a clock never set":    exifJPEG(t, binary.LittleEndian, "0000:00:00 00:00:00", ""),
		"a damaged date":       exifJPEG(t, binary.LittleEndian, "2022-08-25 nine", ""),
		"a cut EXIF segment":   photo[:40],
		"an empty file":        nil,
		"only the SOI markers": {0xFF, 0xD8, 0xFF, 0xD9},
	} {
		if got, ok := TakenAt(data, vn); ok {
			t.Errorf("%s has a time taken: %v", name, got)
		}
	}
}
