package metastrip

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
)

// webpKeep are the chunks that make up the image; EXIF, XMP and unknown chunks are dropped.
var webpKeep = map[string]bool{
	"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true, "ANIM": true, "ANMF": true, "ICCP": true,
}

// maxWebPChunks bounds the work on a file of empty chunks; animations have one chunk per frame.
const maxWebPChunks = 1 << 20

// stripWebP needs random access because the RIFF size at the start must shrink by the chunks
// dropped further on: one pass over the chunk headers sums what is kept, a second copies it.
func stripWebP(r io.ReaderAt, size int64, w io.Writer, rep *reporter) error {
	var h [12]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return readErr("webp", err)
	}
	if string(h[:4]) != "RIFF" || string(h[8:]) != "WEBP" {
		return malformed("webp: bad header")
	}
	end := 8 + int64(binary.LittleEndian.Uint32(h[4:]))
	if end > size || end < 12 {
		return malformed("webp: RIFF size %d, file %d", end, size)
	}
	// walk calls fn for each chunk; n includes the 8-byte header and any padding.
	walk := func(fn func(typ string, off, n int64) error) error {
		for off, count := int64(12), 0; off < end; count++ {
			if end-off < 8 || count == maxWebPChunks {
				return malformed("webp: bad chunk at %d", off)
			}
			var ch [8]byte
			if _, err := r.ReadAt(ch[:], off); err != nil {
				return readErr("webp", err)
			}
			typ := string(ch[:4])
			n := 8 + int64(binary.LittleEndian.Uint32(ch[4:]))
			if n&1 == 1 && off+n < end { // padding, unless the writer left it out at the very end
				n++
			}
			if n > end-off {
				return malformed("webp: %q chunk past end", typ)
			}
			if err := fn(typ, off, n); err != nil {
				return err
			}
			off += n
		}
		return nil
	}
	out := int64(4) // "WEBP"
	err := walk(func(typ string, off, n int64) error {
		switch {
		case webpKeep[typ]:
			out += n
		case typ == "EXIF":
			rep.removed("exif")
			b := make([]byte, min(n-8, 32<<10))
			if _, err := r.ReadAt(b, off+8); err != nil {
				return readErr("webp", err)
			}
			if exifHasGPS(bytes.TrimPrefix(b, []byte("Exif\x00\x00"))) {
				rep.removed("gps")
			}
		case typ == "XMP ":
			rep.removed("xmp")
		default:
			rep.removed("webp-private")
		}
		return nil
	})
	if err != nil {
		return err
	}
	if end < size {
		rep.removed("trailing-data")
	}
	if out > 1<<32-1 {
		return malformed("webp: too large")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	copy(h[4:8], binary.LittleEndian.AppendUint32(nil, uint32(out)))
	bw.Write(h[:])
	err = walk(func(typ string, off, n int64) error {
		if !webpKeep[typ] {
			return nil
		}
		sr := io.NewSectionReader(r, off, n)
		if typ == "VP8X" && n > 8 {
			// Clear the EXIF (0x08) and XMP (0x04) flags: those chunks are gone.
			var b [9]byte
			if _, err := io.ReadFull(sr, b[:]); err != nil {
				return readErr("webp", err)
			}
			b[8] &^= 0x0C
			bw.Write(b[:])
		}
		_, err := io.Copy(bw, sr)
		return readErr("webp", err)
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
