package metastrip

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"strings"
)

// Bounds on a zip's central directory, which archive/zip holds in memory: real Office files have
// at most a few thousand entries.
const (
	maxZipEntries = 20000
	maxZipDir     = 8 << 20
)

// DetectZip looks inside a zip (r is the whole file) and tells DOCX/XLSX/PPTX (by the main part's
// content type in [Content_Types].xml) from ODT/ODS/ODP (by the mimetype entry). Plain zips,
// templates, and macro-enabled documents are Unknown: macros could run on an officer's machine.
// An error (wrapping ErrMalformed unless reading failed) means the zip or its type information
// cannot be read.
func DetectZip(r io.ReaderAt, size int64) (Kind, error) {
	zr, err := openZip(r, size)
	if err != nil {
		return Unknown, err
	}
	byName := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		byName[strings.ToLower(f.Name)] = f
	}
	odf, ooxml := byName["mimetype"], byName["[content_types].xml"]
	switch {
	case odf != nil && ooxml == nil:
		return detectODF(odf, byName)
	case ooxml != nil && odf == nil:
		return detectOOXML(ooxml, byName)
	}
	return Unknown, nil
}

func detectODF(mt *zip.File, byName map[string]*zip.File) (Kind, error) {
	for name := range byName {
		if strings.HasPrefix(name, "basic/") || strings.HasPrefix(name, "scripts/") {
			return Unknown, nil // macros
		}
	}
	if byName["content.xml"] == nil {
		return Unknown, nil
	}
	b, err := readSmall(mt, 256)
	if err != nil {
		return Unknown, err
	}
	switch string(bytes.TrimSpace(b)) {
	case "application/vnd.oasis.opendocument.text":
		return ODT, nil
	case "application/vnd.oasis.opendocument.spreadsheet":
		return ODS, nil
	case "application/vnd.oasis.opendocument.presentation":
		return ODP, nil
	}
	return Unknown, nil
}

func detectOOXML(ct *zip.File, byName map[string]*zip.File) (Kind, error) {
	rc, err := ct.Open()
	if err != nil {
		return Unknown, zipErr(err)
	}
	defer rc.Close()
	main := map[string]Kind{
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   DOCX,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         XLSX,
		"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
	}
	dirs := map[Kind]string{DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
	kind := Unknown
	src := &errRecorder{r: io.LimitReader(rc, 1<<20)}
	d := xml.NewDecoder(src)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Unknown, src.or(malformed("[Content_Types].xml: %v", err))
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var part, ctype string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "PartName":
				part = strings.ToLower(strings.TrimPrefix(a.Value, "/"))
			case "ContentType":
				ctype = a.Value
			}
		}
		low := strings.ToLower(ctype)
		if strings.Contains(low, "macroenabled") || strings.Contains(low, "vbaproject") {
			return Unknown, nil
		}
		if k, ok := main[ctype]; ok && se.Name.Local == "Override" {
			if byName[part] == nil || !strings.HasPrefix(part, dirs[k]) || (kind != Unknown && kind != k) {
				return Unknown, nil
			}
			kind = k
		}
	}
	return kind, nil
}

// readSmall reads a whole zip entry that must be at most max bytes.
func readSmall(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, zipErr(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, zipErr(err)
	}
	if int64(len(b)) > max {
		return nil, malformed("zip %s: too large", f.Name)
	}
	return b, nil
}

// openZip opens a zip after checking that its central directory is small and sits right before
// the end record, so archive/zip (which keeps the directory in memory and reads records until it
// meets something else) uses bounded memory.
func openZip(r io.ReaderAt, size int64) (*zip.Reader, error) {
	cdSize, entries, err := zipDirectory(r, size)
	if err != nil {
		return nil, err
	}
	if entries > maxZipEntries || cdSize > maxZipDir {
		return nil, malformed("zip: directory too large (%d entries, %d bytes)", entries, cdSize)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, zipErr(err)
	}
	return zr, nil
}

// zipDirectory reads the end of central directory record (and its zip64 form).
func zipDirectory(r io.ReaderAt, size int64) (n, entries uint64, err error) {
	const eocdLen, locLen, eocd64Len = 22, 20, 56
	tail := make([]byte, min(size, eocdLen+65535))
	if _, err := r.ReadAt(tail, size-int64(len(tail))); err != nil {
		return 0, 0, readErr("zip", err)
	}
	i := len(tail) - eocdLen
	for ; i >= 0; i-- {
		if string(tail[i:i+4]) == "PK\x05\x06" &&
			i+eocdLen+int(binary.LittleEndian.Uint16(tail[i+20:])) == len(tail) {
			break
		}
	}
	if i < 0 {
		return 0, 0, malformed("zip: no end of central directory")
	}
	e := tail[i:]
	eocdAt := uint64(size) - uint64(len(tail)-i)
	entries = uint64(binary.LittleEndian.Uint16(e[10:]))
	n = uint64(binary.LittleEndian.Uint32(e[12:]))
	off := uint64(binary.LittleEndian.Uint32(e[16:]))
	end := eocdAt
	if entries == 0xFFFF || n == 0xFFFFFFFF || off == 0xFFFFFFFF {
		var loc [locLen]byte
		if eocdAt < locLen {
			return 0, 0, malformed("zip: no zip64 locator")
		}
		if _, err := r.ReadAt(loc[:], int64(eocdAt-locLen)); err != nil {
			return 0, 0, readErr("zip", err)
		}
		if string(loc[:4]) != "PK\x06\x07" {
			return 0, 0, malformed("zip: no zip64 locator")
		}
		end = binary.LittleEndian.Uint64(loc[8:])
		var rec [eocd64Len]byte
		if size < eocd64Len || end > uint64(size)-eocd64Len {
			return 0, 0, malformed("zip: zip64 record past end")
		}
		if _, err := r.ReadAt(rec[:], int64(end)); err != nil {
			return 0, 0, readErr("zip", err)
		}
		if string(rec[:4]) != "PK\x06\x06" {
			return 0, 0, malformed("zip: bad zip64 record")
		}
		entries = binary.LittleEndian.Uint64(rec[32:])
		n = binary.LittleEndian.Uint64(rec[40:])
		off = binary.LittleEndian.Uint64(rec[48:])
	}
	if off > end || n != end-off {
		return 0, 0, malformed("zip: central directory not before its end record")
	}
	return n, entries, nil
}

// errRecorder remembers a reader's error, so that a decoder's error can be told apart from it.
type errRecorder struct {
	r   io.Reader
	err error
}

func (e *errRecorder) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = zipErr(err)
	}
	return n, err
}

// or returns the reader's error if there was one, else err.
func (e *errRecorder) or(err error) error {
	if e.err != nil {
		return e.err
	}
	return err
}
