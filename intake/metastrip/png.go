package metastrip

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
)

var pngSig = []byte("\x89PNG\r\n\x1a\n")

// pngKeep are the ancillary chunks that affect rendering and carry nothing personal. Critical
// chunks (upper-case first letter) are always kept; other ancillary chunks are dropped, since
// private ones can hold anything.
var pngKeep = map[string]bool{
	"tRNS": true, "cHRM": true, "gAMA": true, "iCCP": true, "sBIT": true, "sRGB": true,
	"cICP": true, "mDCV": true, "mDCv": true, "cLLI": true, "cLLi": true, "bKGD": true,
	"hIST": true, "pHYs": true, "sPLT": true, "acTL": true, "fcTL": true, "fdAT": true,
	"oFFs": true, "pCAL": true, "sCAL": true, "sTER": true,
}

// pngDropCode names what a dropped chunk held.
var pngDropCode = map[string]string{
	"tEXt": "png-text", "zTXt": "png-text", "iTXt": "png-text", "eXIf": "exif", "tIME": "png-time",
}

// stripPNG copies the chunk stream, verifying every CRC (kept chunks keep theirs, so nothing is
// recomputed), dropping metadata chunks and anything after IEND.
func stripPNG(r io.Reader, w io.Writer, rep *reporter) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	sig := make([]byte, len(pngSig))
	if _, err := io.ReadFull(br, sig); err != nil {
		return readErr("png", err)
	}
	if !bytes.Equal(sig, pngSig) {
		return malformed("png: bad signature")
	}
	bw.Write(sig)
	crc := crc32.NewIEEE()
	buf := make([]byte, 32<<10)
	var sum [4]byte
	for first := true; ; first = false {
		var h [8]byte
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return readErr("png: no IEND", err)
		}
		n := binary.BigEndian.Uint32(h[:4])
		typ := string(h[4:])
		if n > 1<<31-1 {
			return malformed("png: chunk length %d", n)
		}
		for _, c := range h[4:] {
			if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
				return malformed("png: bad chunk type %q", typ)
			}
		}
		if first != (typ == "IHDR") {
			return malformed("png: IHDR not first")
		}
		keep := typ[0] <= 'Z' || pngKeep[typ]
		var dst io.Writer = io.Discard
		if keep {
			dst = bw
			bw.Write(h[:])
		}
		crc.Reset()
		crc.Write(h[4:])
		gps := false
		if typ == "eXIf" {
			head, _ := br.Peek(int(min(n, 32<<10)))
			gps = exifHasGPS(head)
		}
		if _, err := io.CopyBuffer(io.MultiWriter(dst, crc), io.LimitReader(br, int64(n)), buf); err != nil {
			return err
		}
		if _, err := io.ReadFull(br, sum[:]); err != nil {
			return readErr("png: chunk", err)
		}
		if binary.BigEndian.Uint32(sum[:]) != crc.Sum32() {
			return malformed("png: bad CRC in %s chunk", typ)
		}
		if keep {
			bw.Write(sum[:])
		} else {
			code := pngDropCode[typ]
			if code == "" {
				code = "png-private"
			}
			rep.removed(code)
			if gps {
				rep.removed("gps")
			}
		}
		if typ == "IEND" {
			return finish(br, bw, rep)
		}
	}
}
