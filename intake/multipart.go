package intake

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"unicode/utf8"
)

// maxFieldBytes caps one text field. The longest field (what happened) allows 20,000 characters,
// which is at most 80 KB of UTF-8; anything longer is refused without reading it into memory.
const maxFieldBytes = 96 << 10

// Form problems found while reading the fields, before any validation of their meaning.
var (
	errFieldTooLong   = errors.New("field too long")
	errInvalidUTF8    = errors.New("invalid UTF-8")
	errDuplicateField = errors.New("field sent twice")
	errNotMultipart   = errors.New("not a multipart form")
)

// formReader reads a multipart form as a stream: the text fields into memory (each capped), then the
// files one at a time, never buffering a file. Browsers send parts in the form's order, so the form
// puts every text field, the captcha included, before its file inputs.
type formReader struct {
	mr       *multipart.Reader
	values   map[string]string
	problems map[string]error
	next     *multipart.Part // the first file part, once reached
	done     bool
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

// readFields reads text fields up to the first file part or the end. Field problems are recorded per
// field, not returned: the form is re-rendered with them. The error is for a broken body.
func (f *formReader) readFields() error {
	for {
		p, err := f.mr.NextPart()
		if err == io.EOF {
			f.done = true
			return nil
		}
		if err != nil {
			return err
		}
		if p.FileName() != "" {
			f.next = p
			return nil
		}
		if p.Header.Get("Content-Type") == "application/octet-stream" {
			// An empty file input: browsers send it with no file name and no content.
			if _, err := io.Copy(io.Discard, p); err != nil {
				return err
			}
			continue
		}
		name := p.FormName()
		var buf bytes.Buffer
		n, err := io.Copy(&buf, io.LimitReader(p, maxFieldBytes+1))
		if err != nil {
			return err
		}
		switch _, seen := f.values[name]; {
		case seen:
			f.problems[name] = errDuplicateField
		case n > maxFieldBytes:
			f.problems[name] = errFieldTooLong
			if _, err := io.Copy(io.Discard, p); err != nil {
				return err
			}
		case !utf8.Valid(buf.Bytes()):
			f.problems[name] = errInvalidUTF8
		}
		f.values[name] = buf.String()
	}
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
			if p, err = f.mr.NextPart(); err == io.EOF {
				f.done = true
				return nil, nil
			} else if err != nil {
				return nil, err
			}
		}
		if p.FileName() == "" && p.Header.Get("Content-Type") != "application/octet-stream" {
			return nil, errors.New("intake: a text field after the files")
		}
		if p.FileName() == "" {
			continue // an empty file input
		}
		return p, nil
	}
}

// drain reads and discards what is left of the body, so the browser, still sending, gets our answer
// instead of a reset connection.
func drain(r *http.Request) {
	io.Copy(io.Discard, r.Body)
}
