package metastrip

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"strings"
)

// Every entry gets this time: 1980-01-01 00:00, the earliest a zip can say (MS-DOS date 0x21).
const (
	zipDate = 1<<5 | 1
	zipTime = 0
)

// partRule says how a zip entry is handled; the zero rule copies it untouched.
type partRule struct {
	edit    xmlEditor // rewrite this XML part...
	needle  string    // ...only if its text contains needle ("" = always)
	image   bool      // strip it as an image if its content is one
	remains string    // copy it, reporting that what it holds may remain
	check   string    // copy it, reporting check as remaining if the part contains needle
}

type zipStrip struct {
	left  int64 // inflated bytes we may still read: a zip bomb stops here
	zw    *zip.Writer
	rep   *reporter
	names pseudonyms
	rules func(z *zipStrip, name string) partRule
}

// stripZip rewrites an OOXML or ODF package entry by entry, in order. Untouched entries are
// copied compressed as they are (no recompression); rewritten ones are streamed through the
// zip writer. Times, extra fields and comments go.
func stripZip(k Kind, r io.ReaderAt, size int64, w io.Writer, rep *reporter) error {
	zr, err := openZip(r, size)
	if err != nil {
		return err
	}
	z := &zipStrip{zw: zip.NewWriter(w), rep: rep, names: pseudonyms{}, rules: ooxmlRule}
	z.left = 100*size + 256<<20 // far above real documents' ratios (XML about 10:1)
	var fw *flate.Writer        // reused: entries are written one at a time
	z.zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(w, flate.BestSpeed)
			return fw, err
		}
		fw.Reset(w)
		return fw, nil
	})
	if zr.Comment != "" {
		rep.removed("zip-comment")
	}
	files := zr.File
	switch k {
	case ODT, ODS, ODP:
		z.rules = odfRule
		// The mimetype entry must come first, stored, so that the type shows at offset 38.
		var rest []*zip.File
		for _, f := range files {
			if f.Name == "mimetype" {
				if err := z.mimetype(f); err != nil {
					return err
				}
				continue
			}
			rest = append(rest, f)
		}
		files = rest
	}
	for _, f := range files {
		if err := z.entry(f); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return z.zw.Close()
}

func (z *zipStrip) entry(f *zip.File) error {
	if f.Flags&1 != 0 {
		return malformed("zip: encrypted entry")
	}
	z.noteHeader(f)
	rule := z.rules(z, strings.ToLower(f.Name))
	switch {
	case rule.remains != "":
		z.rep.remains(rule.remains)
	case rule.check != "":
		found, err := z.contains(f, rule.needle)
		if err != nil {
			return err
		}
		if found {
			z.rep.remains(rule.check)
		}
	case rule.image:
		return z.image(f)
	case rule.edit.start != nil:
		if rule.needle != "" {
			found, err := z.contains(f, rule.needle)
			if err != nil {
				return err
			}
			if !found {
				return z.raw(f)
			}
		}
		return z.rewrite(f, func(dst io.Writer, src io.Reader) error {
			return rewriteXML(dst, src, rule.edit, z.rep.removed)
		})
	}
	return z.raw(f)
}

// noteHeader reports what the entry's header says about its maker.
func (z *zipStrip) noteHeader(f *zip.File) {
	if !(f.ModifiedDate == zipDate || f.ModifiedDate == 0) || f.ModifiedTime != 0 {
		z.rep.removed("zip-times")
	}
	if f.Comment != "" {
		z.rep.removed("zip-comment")
	}
	for e := f.Extra; len(e) >= 4; {
		id, n := binary.LittleEndian.Uint16(e), int(binary.LittleEndian.Uint16(e[2:]))
		switch id {
		case 0x0001: // zip64 sizes, rewritten by the writer as needed
		case 0x5455, 0x000a: // Info-ZIP and NTFS times
			z.rep.removed("zip-times")
		default: // e.g. Unix uid/gid
			z.rep.removed("zip-extra")
		}
		e = e[min(len(e), 4+n):]
	}
}

// header is a clean header for a rewritten entry.
func header(f *zip.File) *zip.FileHeader {
	m := f.Method
	if m != zip.Store {
		m = zip.Deflate
	}
	return &zip.FileHeader{Name: f.Name, Method: m, NonUTF8: f.NonUTF8, ModifiedDate: zipDate, ModifiedTime: zipTime}
}

// raw copies an entry's compressed bytes under a clean header.
func (z *zipStrip) raw(f *zip.File) error {
	h := &zip.FileHeader{
		Name: f.Name, Method: f.Method, Flags: f.Flags & 0x806, // UTF-8 name, deflate level
		CRC32: f.CRC32, CompressedSize64: f.CompressedSize64, UncompressedSize64: f.UncompressedSize64,
		ModifiedDate: zipDate, ModifiedTime: zipTime, CreatorVersion: 20, ReaderVersion: 20,
	}
	src, err := f.OpenRaw()
	if err != nil {
		return zipErr(err)
	}
	if strings.HasSuffix(f.Name, "/") && f.CompressedSize64 > 0 {
		return malformed("zip: directory with data")
	}
	dst, err := z.zw.CreateRaw(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return readErr("zip", err)
}

// rewrite writes the entry anew, passing its content through fn.
func (z *zipStrip) rewrite(f *zip.File, fn func(dst io.Writer, src io.Reader) error) error {
	src, err := f.Open()
	if err != nil {
		return zipErr(err)
	}
	defer src.Close()
	dst, err := z.zw.CreateHeader(header(f))
	if err != nil {
		return err
	}
	if err := fn(dst, z.reader(src)); err != nil {
		return err
	}
	// Reading to the end makes archive/zip check the CRC.
	_, err = io.Copy(io.Discard, z.reader(src))
	return err
}

// reader wraps an entry's reader: corrupt data or a bad CRC is malformed input, and reading
// counts against the inflation budget.
func (z *zipStrip) reader(r io.Reader) io.Reader { return zipReader{r, z} }

type zipReader struct {
	r io.Reader
	z *zipStrip
}

func (z zipReader) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	if err != io.EOF {
		err = zipErr(err)
	}
	if z.z.left -= int64(n); z.z.left < 0 {
		return n, malformed("zip: expands too much")
	}
	return n, err
}

// zipErr marks errors about the zip's content as malformed, and passes the reader's own errors
// (I/O, an upload limit) through.
func zipErr(err error) error {
	var corrupt flate.CorruptInputError
	if err == nil || errors.Is(err, ErrMalformed) {
		return err
	}
	if errors.As(err, &corrupt) || errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) ||
		errors.Is(err, zip.ErrAlgorithm) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return malformed("zip: %v", err)
	}
	return err
}

// image strips an embedded picture if its content is a kind we can stream, else copies it.
func (z *zipStrip) image(f *zip.File) error {
	src, err := f.Open()
	if err != nil {
		return zipErr(err)
	}
	head, _ := bufio.NewReaderSize(z.reader(src), 4096).Peek(4096)
	src.Close()
	k := Detect(head)
	if k != JPEG && k != PNG && k != GIF {
		return z.raw(f)
	}
	return z.rewrite(f, func(dst io.Writer, src io.Reader) error {
		rep, err := StripStream(k, src, dst)
		for _, c := range rep.Removed {
			z.rep.removed(c)
		}
		return err
	})
}

// contains reports whether the entry's uncompressed content contains needle.
func (z *zipStrip) contains(f *zip.File, needle string) (bool, error) {
	src, err := f.Open()
	if err != nil {
		return false, zipErr(err)
	}
	defer src.Close()
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := io.ReadFull(z.reader(src), buf[keep:])
		if bytes.Contains(buf[:keep+n], []byte(needle)) {
			return true, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		keep = copy(buf, buf[max(0, keep+n-len(needle)+1):keep+n])
	}
}

// mimetype writes the ODF mimetype entry first and stored, as the format requires.
func (z *zipStrip) mimetype(f *zip.File) error {
	z.noteHeader(f)
	b, err := readSmall(f, 256)
	if err != nil {
		return err
	}
	dst, err := z.zw.CreateRaw(&zip.FileHeader{
		Name: f.Name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(b),
		CompressedSize64: uint64(len(b)), UncompressedSize64: uint64(len(b)),
		ModifiedDate: zipDate, ModifiedTime: zipTime, CreatorVersion: 20, ReaderVersion: 20,
	})
	if err != nil {
		return err
	}
	_, err = dst.Write(b)
	return err
}

// imageExt says whether a part name looks like a picture worth a look, or one we cannot clean.
func imageExt(name string) (strip, unclean bool) {
	switch path.Ext(name) {
	case ".jpg", ".jpeg", ".jpe", ".png", ".gif":
		return true, false
	case ".tif", ".tiff", ".heic", ".heif", ".webp", ".wdp", ".jxr":
		return false, true
	}
	return false, false
}

// pseudonyms replaces people's names with "Author 1", "Author 2"… consistently in one file.
type pseudonyms map[string]string

func (p pseudonyms) get(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if v, ok := p[name]; ok {
		return v
	}
	if len(p) >= 10000 {
		return "Author"
	}
	v := fmt.Sprintf("Author %d", len(p)+1)
	p[name] = v
	return v
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
