package csvimport

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// SniffSize is how much of a file a Decoder looks at before choosing its encoding. A Big5 file
// shows itself in its first line of Chinese, so text that is valid UTF-8 this far is read as UTF-8,
// and a later byte that is not UTF-8 is an error naming its line.
const SniffSize = 1 << 20

// ErrDecode marks the errors of a Decoder: the bytes are not text in the encoding (Decoder's Read
// wraps it), as opposed to a failure to read them.
var ErrDecode = errors.New("not text")

// Decoder streams a file's text as UTF-8, for files too large to read whole. It chooses the
// encoding as Read does for a whole file (see Encoding), from the first SniffSize bytes, then checks
// the rest as it passes: a NUL byte, bytes that are not UTF-8 (or not Big5), and a file that ends in
// the middle of a character are errors naming their line.
type Decoder struct {
	src  *bufio.Reader
	want Encoding
	enc  Encoding
	text *checkedText
	err  error
}

// NewDecoder reads r in encoding enc (Auto, UTF8 or Big5).
func NewDecoder(r io.Reader, enc Encoding) *Decoder {
	return &Decoder{src: bufio.NewReaderSize(r, SniffSize), want: enc}
}

// Encoding is the encoding the text is read in, once Read has been called: UTF8 or Big5.
func (d *Decoder) Encoding() Encoding { return d.enc }

// Read reads text. An error about the bytes wraps ErrDecode.
func (d *Decoder) Read(p []byte) (int, error) {
	if d.text == nil && d.err == nil {
		d.err = d.start()
	}
	if d.err != nil {
		return 0, d.err
	}
	return d.text.Read(p)
}

func (d *Decoder) start() error {
	head, err := d.src.Peek(SniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	enc, bom, notUTF8, err := sniff(head, err == io.EOF, d.want)
	if err != nil {
		return decodeError{err}
	}
	d.src.Discard(bom)
	d.enc = enc
	d.text = &checkedText{r: d.src, buf: make([]byte, 64<<10)}
	if enc == Big5 {
		d.text.r = transform.NewReader(d.src, traditionalchinese.Big5.NewDecoder())
		d.text.big5, d.text.notUTF8 = true, notUTF8
	}
	return nil
}

type decodeError struct{ err error }

func (e decodeError) Error() string   { return e.err.Error() }
func (e decodeError) Unwrap() []error { return []error{e.err, ErrDecode} }

// checkedText passes on UTF-8 text (the file's bytes, or Big5 decoded) in checked pieces: whole
// characters, no NUL, and for Big5 no U+FFFD, which the decoder writes for bytes that are not Big5.
type checkedText struct {
	r       io.Reader
	buf     []byte
	ready   []byte // checked text not read yet
	keep    []byte // an incomplete character at the end of the last piece
	line    int    // lines passed on before ready
	offset  int    // bytes passed on before ready, for UTF-8 messages
	big5    bool
	notUTF8 string
	err     error
}

func (c *checkedText) Read(p []byte) (int, error) {
	for len(c.ready) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.fill()
	}
	n := copy(p, c.ready)
	c.ready = c.ready[n:]
	return n, nil
}

// fill reads the next piece and checks it; ready gets the good part, err what ends the text.
func (c *checkedText) fill() {
	k := copy(c.buf, c.keep)
	n, err := c.r.Read(c.buf[k:])
	piece := c.buf[:k+n]
	good := len(piece)
	var bad error
	if i := invalidUTF8(piece); i >= 0 {
		switch {
		case i < len(piece)-utf8.UTFMax+1 || utf8.FullRune(piece[i:]):
			bad = errNotUTF8(c.lineAt(piece, i), c.offset+i+1)
		case err == io.EOF:
			bad = errCutShort(c.lineAt(piece, i))
		}
		good = i
	}
	if i := bytes.IndexByte(piece[:good], 0); i >= 0 {
		good, bad = i, errNUL(c.lineAt(piece, i))
	}
	if c.big5 {
		if i := bytes.IndexRune(piece[:good], utf8.RuneError); i >= 0 {
			good, bad = i, errNotBig5(c.notUTF8, c.lineAt(piece, i))
		}
	}
	c.keep = append(c.keep[:0], piece[good:]...)
	c.ready = piece[:good]
	c.line += bytes.Count(c.ready, []byte("\n"))
	c.offset += good
	switch {
	case bad != nil:
		c.err = decodeError{bad}
	case err != nil:
		c.err = err
	}
}

// lineAt is the line of byte i of piece, counting the lines passed on before it.
func (c *checkedText) lineAt(piece []byte, i int) int { return c.line + lineAt(piece, i) }
