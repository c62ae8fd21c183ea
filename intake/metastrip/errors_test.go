package metastrip

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

var errUpload = errors.New("upload limit")

// failingReaderAt fails every read that reaches past limit, as an upload cut off by a size limit
// would.
type failingReaderAt struct {
	b     []byte
	limit int64
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.limit && off < int64(len(f.b)) {
		return 0, errUpload
	}
	return bytes.NewReader(f.b).ReadAt(p, off)
}

// TestReaderErrorsPassThrough checks that the reader's own errors are returned as they are, not
// reported as a damaged file.
func TestReaderErrorsPassThrough(t *testing.T) {
	docx := testDOCX(t, testJPEG(t, 64, 48, false))
	for name, c := range map[string]struct {
		k     Kind
		b     []byte
		limit int
	}{
		"jpeg": {JPEG, testJPEG(t, 64, 48, false), 300},
		"png":  {PNG, testPNG(t, 64, 48), 300},
		"pdf":  {PDF, testPDF(), 300},
		"docx": {DOCX, docx, bytes.Index(docx, []byte("word/media/image1.jpeg")) + 100},
	} {
		r := failingReaderAt{c.b, int64(c.limit)}
		_, err := StripAt(c.k, r, int64(len(c.b)), io.Discard)
		if !errors.Is(err, errUpload) || errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
