package metastrip

import (
	"bufio"
	"io"
)

// gifKeepApp are the application extensions that change how the image shows.
var gifKeepApp = map[string]bool{
	"NETSCAPE2.0": true, // animation loop count
	"ANIMEXTS1.0": true, // the same, from older tools
	"ICCRGBG1012": true, // ICC colour profile
}

// stripGIF copies the block stream, dropping comment extensions and application extensions that
// do not affect display (e.g. XMP), and anything after the trailer.
func stripGIF(r io.Reader, w io.Writer, rep *reporter) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	var hdr [13]byte // header and logical screen descriptor
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return readErr("gif", err)
	}
	if s := string(hdr[:6]); s != "GIF87a" && s != "GIF89a" {
		return malformed("gif: bad signature")
	}
	bw.Write(hdr[:])
	if err := gifColorTable(br, bw, hdr[10]); err != nil {
		return err
	}
	for {
		b, err := br.ReadByte()
		if err != nil {
			return readErr("gif: no trailer", err)
		}
		switch b {
		case 0x2C: // image descriptor
			var d [9]byte
			if _, err := io.ReadFull(br, d[:]); err != nil {
				return readErr("gif: image", err)
			}
			bw.Write([]byte{b})
			bw.Write(d[:])
			if err := gifColorTable(br, bw, d[8]); err != nil {
				return err
			}
			if _, err := io.CopyN(bw, br, 1); err != nil { // LZW minimum code size
				return readErr("gif: image", err)
			}
			if _, err := gifBlocks(br, bw); err != nil {
				return err
			}
		case 0x21: // extension
			if err := gifExtension(br, bw, rep); err != nil {
				return err
			}
		case 0x3B: // trailer
			bw.Write([]byte{b})
			return finish(br, bw, rep)
		default:
			return malformed("gif: unexpected block %#x", b)
		}
	}
}

func gifExtension(br *bufio.Reader, bw *bufio.Writer, rep *reporter) error {
	label, err := br.ReadByte()
	if err != nil {
		return readErr("gif: extension", err)
	}
	switch label {
	case 0xFE: // comment
		n, err := gifBlocks(br, io.Discard)
		if n > 0 {
			rep.removed("comment")
		}
		return err
	case 0xFF: // application: the first sub-block is the identifier
		size, err := br.ReadByte()
		if err != nil {
			return readErr("gif: extension", err)
		}
		id := make([]byte, size)
		if _, err := io.ReadFull(br, id); err != nil {
			return readErr("gif: extension", err)
		}
		if gifKeepApp[string(id)] {
			bw.Write([]byte{0x21, label, size})
			bw.Write(id)
			_, err = gifBlocks(br, bw)
			return err
		}
		if string(id) == "XMP DataXMP" {
			rep.removed("xmp")
		} else {
			rep.removed("gif-app")
		}
		if size == 0 { // the identifier was the terminator
			return nil
		}
		_, err = gifBlocks(br, io.Discard)
		return err
	}
	bw.Write([]byte{0x21, label})
	_, err = gifBlocks(br, bw)
	return err
}

// gifColorTable copies the colour table that flags (a descriptor's packed byte) announces.
func gifColorTable(br *bufio.Reader, bw *bufio.Writer, flags byte) error {
	if flags&0x80 == 0 {
		return nil
	}
	if _, err := io.CopyN(bw, br, 3<<(flags&7+1)); err != nil {
		return readErr("gif: colour table", err)
	}
	return nil
}

// gifBlocks copies data sub-blocks up to and including the empty terminator, returning the data
// length.
func gifBlocks(br *bufio.Reader, w io.Writer) (int64, error) {
	var total int64
	for {
		size, err := br.ReadByte()
		if err != nil {
			return total, readErr("gif: sub-block", err)
		}
		if _, err := w.Write([]byte{size}); err != nil {
			return total, err
		}
		if size == 0 {
			return total, nil
		}
		if _, err := io.CopyN(w, br, int64(size)); err != nil {
			return total, readErr("gif: sub-block", err)
		}
		total += int64(size)
	}
}
