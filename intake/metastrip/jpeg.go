package metastrip

import (
	"bufio"
	"bytes"
	"io"
)

// JPEG markers that matter here.
const (
	mSOI = 0xD8
	mEOI = 0xD9
	mSOS = 0xDA
	mTEM = 0x01
	mCOM = 0xFE
)

// stripJPEG walks the marker segments, dropping metadata segments and copying the rest; the
// entropy-coded data after each SOS is copied untouched up to the next real marker.
func stripJPEG(r io.Reader, w io.Writer, rep *reporter) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	var soi [2]byte
	if _, err := io.ReadFull(br, soi[:]); err != nil {
		return readErr("jpeg", err)
	}
	if soi != [2]byte{0xFF, mSOI} {
		return malformed("jpeg: no SOI")
	}
	bw.Write(soi[:])
	m, err := jpegMarker(br)
	for err == nil {
		switch {
		case m == mEOI:
			bw.Write([]byte{0xFF, mEOI})
			return finish(br, bw, rep)
		case m == mSOI:
			return malformed("jpeg: SOI inside image")
		case m == mTEM || (m >= 0xD0 && m <= 0xD7):
			_, err = bw.Write([]byte{0xFF, m})
			if err == nil {
				m, err = jpegMarker(br)
			}
		default:
			err = jpegSegment(br, bw, m, rep)
			if err == nil && m == mSOS {
				m, err = jpegScan(br, bw)
			} else if err == nil {
				m, err = jpegMarker(br)
			}
		}
	}
	return err
}

// jpegMarker reads the next marker, skipping fill bytes.
func jpegMarker(br *bufio.Reader) (byte, error) {
	c, err := br.ReadByte()
	if err != nil {
		return 0, readErr("jpeg: no EOI", err)
	}
	if c != 0xFF {
		return 0, malformed("jpeg: expected marker, found %#x", c)
	}
	for c == 0xFF {
		if c, err = br.ReadByte(); err != nil {
			return 0, readErr("jpeg: marker", err)
		}
	}
	if c == 0 {
		return 0, malformed("jpeg: stuffed byte outside scan")
	}
	return c, nil
}

// jpegSegment copies or drops one length-prefixed segment.
func jpegSegment(br *bufio.Reader, bw *bufio.Writer, m byte, rep *reporter) error {
	var lb [2]byte
	if _, err := io.ReadFull(br, lb[:]); err != nil {
		return readErr("jpeg: segment length", err)
	}
	n := int(lb[0])<<8 | int(lb[1]) - 2
	if n < 0 {
		return malformed("jpeg: segment length %d", n+2)
	}
	id, _ := br.Peek(min(n, 36)) // a short peek is caught by the copy below
	code := jpegDrop(m, id)
	if code == "" {
		bw.Write([]byte{0xFF, m, lb[0], lb[1]})
		if _, err := io.CopyN(bw, br, int64(n)); err != nil {
			return readErr("jpeg: segment", err)
		}
		return nil
	}
	if code == "exif" {
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return readErr("jpeg: exif", err)
		}
		if exifHasGPS(b[6:]) {
			rep.removed("gps")
		}
	} else if _, err := br.Discard(n); err != nil {
		return readErr("jpeg: segment", err)
	}
	if code != "comment" || n > 0 {
		rep.removed(code)
	}
	return nil
}

// jpegDrop says whether a segment is metadata to drop, and as what; "" keeps it.
func jpegDrop(m byte, id []byte) string {
	has := func(p string) bool { return bytes.HasPrefix(id, []byte(p)) }
	switch {
	case m == 0xE0: // JFIF
		return ""
	case m == 0xE1:
		switch {
		case has("Exif\x00\x00"):
			return "exif"
		case has("http://ns.adobe.com/xap/1.0/"), has("http://ns.adobe.com/xmp/extension/"):
			return "xmp"
		}
		return "jpeg-vendor"
	case m == 0xE2 && has("ICC_PROFILE\x00"), m == 0xEE && has("Adobe"): // colour
		return ""
	case m == 0xED && has("Photoshop 3.0\x00"):
		return "iptc"
	case m >= 0xE2 && m <= 0xEF:
		return "jpeg-vendor"
	case m == mCOM:
		return "comment"
	}
	return ""
}

// jpegScan copies entropy-coded data (with its stuffed 0xFF00 and RSTn markers) and returns the
// marker that ends it.
func jpegScan(br *bufio.Reader, bw *bufio.Writer) (byte, error) {
	for {
		chunk, err := br.ReadSlice(0xFF)
		if err == bufio.ErrBufferFull {
			if _, err := bw.Write(chunk); err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, readErr("jpeg: scan", err)
		}
		if _, err := bw.Write(chunk[:len(chunk)-1]); err != nil {
			return 0, err
		}
		c := byte(0xFF)
		for c == 0xFF {
			if c, err = br.ReadByte(); err != nil {
				return 0, readErr("jpeg: scan", err)
			}
		}
		if c != 0 && (c < 0xD0 || c > 0xD7) {
			return c, nil
		}
		bw.WriteByte(0xFF)
		bw.WriteByte(c)
	}
}

// finish drains and drops anything after the end of the image (e.g. an appended motion-photo
// video or a second MPF image), then flushes.
func finish(br *bufio.Reader, bw *bufio.Writer, rep *reporter) error {
	n, err := io.Copy(io.Discard, br)
	if err != nil {
		return err
	}
	if n > 0 {
		rep.removed("trailing-data")
	}
	return bw.Flush()
}
