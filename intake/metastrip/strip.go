package metastrip

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// ErrMalformed is wrapped by every error about the input's structure: truncated files, lengths past
// the end, bad checksums, broken XML. Errors from the reader or the writer are returned as they are.
var ErrMalformed = errors.New("metastrip: malformed file")

// ErrUnsupported is returned for a kind the called function cannot handle (Unknown, the provisional
// Zip, or a non-streamable kind given to StripStream).
var ErrUnsupported = errors.New("metastrip: unsupported kind")

// Report says what stripping did. Strings are stable English codes, e.g. "exif", "gps", "xmp",
// "iptc", "comment", "png-text", "pdf-info:author", "pdf-xmp", "ooxml-core:creator",
// "ooxml-app:company", "odf-meta:initial-creator"; the web layer localizes them. Both lists are
// sorted and free of duplicates.
type Report struct {
	Removed []string // metadata found and removed
	Remains []string // metadata that may remain and could not be stripped
}

// Streamable reports whether StripStream handles the kind; the others need StripAt.
func Streamable(k Kind) bool {
	switch k {
	case JPEG, PNG, GIF, Text, MP3, M4A, MP4, WAV:
		return true
	}
	return false
}

// StripStream copies r to w, removing metadata on the way, in constant memory. For kinds it cannot
// clean (MP3, M4A, MP4, WAV) it copies unchanged and says in Report.Remains what may remain. On
// error, what was written to w must be discarded.
func StripStream(k Kind, r io.Reader, w io.Writer) (Report, error) {
	var rep reporter
	var err error
	switch k {
	case JPEG:
		err = stripJPEG(r, w, &rep)
	case PNG:
		err = stripPNG(r, w, &rep)
	case GIF:
		err = stripGIF(r, w, &rep)
	case Text:
		err = copyText(r, w)
	case MP3, M4A, WAV:
		rep.remains("audio-tags")
		_, err = io.Copy(w, r)
	case MP4:
		rep.remains("video-metadata")
		_, err = io.Copy(w, r)
	default:
		return Report{}, fmt.Errorf("%w: StripStream(%q): use StripAt", ErrUnsupported, k)
	}
	return rep.report(), err
}

// StripAt handles every kind, including those that need random access: WebP, PDF, DOCX/XLSX/PPTX
// and ODT/ODS/ODP. r is the whole file, size its length. Memory stays bounded: no file is read
// whole, zip entries are streamed. A Zip kind must first be resolved with DetectZip.
func StripAt(k Kind, r io.ReaderAt, size int64, w io.Writer) (Report, error) {
	if Streamable(k) {
		return StripStream(k, io.NewSectionReader(r, 0, size), w)
	}
	var rep reporter
	var err error
	switch k {
	case WebP:
		err = stripWebP(r, size, w, &rep)
	case PDF:
		err = stripPDF(r, size, w, &rep)
	case DOCX, XLSX, PPTX, ODT, ODS, ODP:
		err = stripZip(k, r, size, w, &rep)
	default:
		return Report{}, fmt.Errorf("%w: StripAt(%q)", ErrUnsupported, k)
	}
	return rep.report(), err
}

// malformed wraps ErrMalformed with detail.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

// readErr turns a short read into ErrMalformed (the file is truncated) and passes other read
// errors through.
func readErr(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return malformed("%s: truncated", what)
	}
	return err
}

// reporter collects report codes.
type reporter struct {
	rm, rs []string
}

func (r *reporter) removed(code string) {
	if !slices.Contains(r.rm, code) {
		r.rm = append(r.rm, code)
	}
}

func (r *reporter) remains(code string) {
	if !slices.Contains(r.rs, code) {
		r.rs = append(r.rs, code)
	}
}

func (r *reporter) report() Report {
	slices.Sort(r.rm)
	slices.Sort(r.rs)
	return Report{Removed: r.rm, Remains: r.rs}
}
