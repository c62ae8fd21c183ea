package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"

	"integrity-portal/internal/web"
)

// The caps of one form, enforced while it streams so that nothing past them is read into memory. The
// longest field (what happened) allows 20,000 characters, at most 80 KB of UTF-8; a whole report's
// fields allow about 26,000 characters, at most 105 KB. A form of 64 parts has room for every field
// and dozens of files.
const (
	maxFieldBytes = 96 << 10  // one text field
	maxTextBytes  = 512 << 10 // every text field of one form together
	maxParts      = 64        // text fields and files
)

// Form problems found while reading the fields, before any validation of their meaning.
var (
	errInvalidUTF8    = errors.New("invalid UTF-8 or control characters")
	errDuplicateField = errors.New("field sent twice")
	errNotMultipart   = errors.New("not a multipart form")
	// errFormTooLarge: a cap above was passed; the answer is 413 at once, without reading further.
	errFormTooLarge = errors.New("intake: form over its caps")
	// errMalformed: the body is not a well-formed form (it ends inside a part, a text field follows
	// the files, a header is broken); the answer is 400.
	errMalformed = errors.New("intake: malformed form")
)

// formReader reads a multipart form as a stream: the text fields into memory (capped), then the
// files one at a time, never buffering a file. Browsers send parts in the form's order, so the form
// puts every text field, the captcha included, before its file inputs.
type formReader struct {
	mr        *multipart.Reader
	values    map[string]string
	problems  map[string]error
	next      *multipart.Part // the first file part, once reached
	done      bool
	parts     int   // parts read so far
	textBytes int64 // text read so far
}

func newFormReader(r *http.Request) (*formReader, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, errNotMultipart
	}
	return &formReader{
		mr:       multipart.NewReader(r.Body, params["boundary"]),
		values:   map[string]string{},
		problems: map[string]error{},
	}, nil
}

// nextPart reads the next part's header, counting it against maxParts; nil at the end.
func (f *formReader) nextPart() (*multipart.Part, error) {
	p, err := f.mr.NextPart()
	if err == io.EOF {
		f.done = true
		return nil, nil
	}
	if err != nil {
		return nil, readError(err)
	}
	if f.parts++; f.parts > maxParts {
		return nil, errFormTooLarge
	}
	return p, nil
}

// readFields reads text fields up to the first file part or the end. Field problems are recorded per
// field, not returned: the form is re-rendered with them. The error is for a broken body or a cap.
func (f *formReader) readFields() error {
	for {
		p, err := f.nextPart()
		if err != nil || p == nil {
			return err
		}
		if p.FileName() != "" {
			f.next = p
			return nil
		}
		var buf bytes.Buffer
		if err := f.readText(p, &buf); err != nil {
			return err
		}
		if p.Header.Get("Content-Type") == "application/octet-stream" {
			continue // an empty file input: browsers send it with no file name and no content
		}
		name := p.FormName()
		switch _, seen := f.values[name]; {
		case seen:
			f.problems[name] = errDuplicateField
		case !web.ValidText(buf.String(), true): // as the site checks every urlencoded form
			f.problems[name] = errInvalidUTF8
		}
		f.values[name] = buf.String()
	}
}

// readText reads one text part into buf, stopping as soon as it passes maxFieldBytes or the form's
// text passes maxTextBytes.
func (f *formReader) readText(p *multipart.Part, buf *bytes.Buffer) error {
	room := min(maxFieldBytes, maxTextBytes-f.textBytes)
	n, err := io.Copy(buf, io.LimitReader(p, room+1))
	f.textBytes += n
	if err != nil {
		return readError(err)
	}
	if n > room {
		return errFormTooLarge
	}
	return nil
}

// nextFile returns the next file part, skipping empty file inputs, or nil at the end. A text field
// after the files is a malformed form.
func (f *formReader) nextFile() (*multipart.Part, error) {
	for {
		p := f.next
		f.next = nil
		if p == nil {
			if f.done {
				return nil, nil
			}
			var err error
			if p, err = f.nextPart(); err != nil || p == nil {
				return nil, err
			}
		}
		if p.FileName() != "" {
			return p, nil
		}
		if p.Header.Get("Content-Type") != "application/octet-stream" {
			return nil, fmt.Errorf("%w: a text field after the files", errMalformed)
		}
		if err := f.readText(p, &bytes.Buffer{}); err != nil { // an empty file input
			return nil, err
		}
	}
}

// readError sorts an error met while reading the body: past a cap or the body limit and out of time
// stay as they are (413, 408); anything else means the body is broken (400).
func readError(err error) error {
	switch {
	case err == nil, web.TooLarge(err), errors.Is(err, errFormTooLarge), errors.Is(err, errMalformed),
		errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("%w: %v", errMalformed, err)
}

// drain reads and discards what is left of the body, so the browser, still sending, gets our answer
// instead of a reset connection.
func drain(r *http.Request) {
	io.Copy(io.Discard, r.Body)
}
