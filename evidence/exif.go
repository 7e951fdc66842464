package evidence

import (
	"bytes"
	"encoding/binary"
	"time"
)

// TakenAt reads when a JPEG photo was taken from its EXIF data: the
// DateTimeOriginal tag, in the zone its OffsetTimeOriginal tag names, else
// in loc (a camera's clock keeps local time and most cameras write no
// zone). ok is false for anything else: not a JPEG, no EXIF, no such tag,
// a damaged one. Only the bytes of the file are read, each against its
// bounds, so that a crafted file cannot make it read outside them.
func TakenAt(data []byte, loc *time.Location) (t time.Time, ok bool) {
	tiff, ok := exifSegment(data)
	if !ok {
		return time.Time{}, false
	}
	r, ok := newTIFF(tiff)
	if !ok {
		return time.Time{}, false
	}
	exifIFD, ok := r.tag(r.first, 0x8769) // ExifIFDPointer, a LONG held in the entry
	if !ok {
		return time.Time{}, false
	}
	raw, ok := r.ascii(uint32(exifIFD.value), 0x9003) // DateTimeOriginal
	if !ok {
		return time.Time{}, false
	}
	if off, ok := r.ascii(uint32(exifIFD.value), 0x9011); ok { // OffsetTimeOriginal: "+07:00"
		if z, err := time.Parse("-07:00", off); err == nil {
			loc = z.Location()
		}
	}
	t, err := time.ParseInLocation("2006:01:02 15:04:05", raw, loc)
	if err != nil || t.Year() < 1990 {
		return time.Time{}, false // "0000:00:00 00:00:00" is what a camera without a set clock writes
	}
	return t, true
}

// exifSegment returns the TIFF data of a JPEG's EXIF segment (APP1
// starting "Exif\0\0"), looking through the segments before the image data.
func exifSegment(data []byte) ([]byte, bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, false
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil, false
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD7: // no length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // the image data, or the end: no EXIF before it
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil, false
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:], true
		}
		i += 2 + n
	}
	return nil, false
}

// tiffReader reads the IFDs of TIFF data in its byte order.
type tiffReader struct {
	data  []byte
	order binary.ByteOrder
	first uint32 // offset of IFD0
}

func newTIFF(data []byte) (tiffReader, bool) {
	if len(data) < 8 {
		return tiffReader{}, false
	}
	r := tiffReader{data: data}
	switch string(data[:2]) {
	case "II":
		r.order = binary.LittleEndian
	case "MM":
		r.order = binary.BigEndian
	default:
		return tiffReader{}, false
	}
	if r.order.Uint16(data[2:]) != 42 {
		return tiffReader{}, false
	}
	r.first = r.order.Uint32(data[4:])
	return r, true
}

// ifdEntry is one entry of an IFD: its type, count and the four bytes that
// hold the value or its offset.
type ifdEntry struct {
	typ   uint16
	count uint32
	value uint32
}

// maxEntries bounds the entries of one IFD read: real ones hold dozens.
const maxEntries = 1000

// tag finds the entry of a tag in the IFD at offset.
func (r tiffReader) tag(offset uint32, tag uint16) (ifdEntry, bool) {
	at := int64(offset)
	if at+2 > int64(len(r.data)) {
		return ifdEntry{}, false
	}
	n := int64(r.order.Uint16(r.data[at:]))
	if n > maxEntries {
		return ifdEntry{}, false
	}
	for k := int64(0); k < n; k++ {
		e := at + 2 + 12*k
		if e+12 > int64(len(r.data)) {
			return ifdEntry{}, false
		}
		if r.order.Uint16(r.data[e:]) == tag {
			return ifdEntry{typ: r.order.Uint16(r.data[e+2:]), count: r.order.Uint32(r.data[e+4:]), value: r.order.Uint32(r.data[e+8:])}, true
		}
	}
	return ifdEntry{}, false
}

// ascii reads an ASCII tag of the IFD at offset, without its ending NUL.
func (r tiffReader) ascii(offset uint32, tag uint16) (string, bool) {
	e, ok := r.tag(offset, tag)
	if !ok || e.typ != 2 || e.count == 0 || e.count > 64 {
		return "", false
	}
	var b []byte
	if e.count <= 4 {
		var v [4]byte
		r.order.PutUint32(v[:], e.value)
		b = v[:e.count]
	} else {
		start, end := int64(e.value), int64(e.value)+int64(e.count)
		if end > int64(len(r.data)) {
			return "", false
		}
		b = r.data[start:end]
	}
	return string(bytes.TrimRight(b, "\x00 ")), true
}
