package importer

import (
	"fmt"
	"io"
	"unicode/utf8"

	"integrity-portal/internal/problem"
)

// utf8Reader passes bytes on while they are valid UTF-8 and fails at the first that is not, naming
// its line. JSON decoding would otherwise turn a Big5 file's bytes into U+FFFD and store mojibake.
type utf8Reader struct {
	r     io.Reader
	buf   []byte
	line  int    // 1-based line of the next byte checked
	tail  []byte // the start of a character cut at the end of the last read
	ready []byte // checked bytes not yet handed on
	err   error  // what to return once ready is empty
}

func utf8Only(r io.Reader) io.Reader { return &utf8Reader{r: r, line: 1, buf: make([]byte, 32<<10)} }

func (u *utf8Reader) Read(p []byte) (int, error) {
	for len(u.ready) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.buf)
		data := append(u.tail, u.buf[:n]...)
		u.tail = nil
		i, bad := u.check(data, err != nil)
		if bad {
			u.err = problem.New(fmt.Sprintf("line %d is not valid UTF-8: JSON files must be UTF-8 (convert a Big5 file first, or import it as CSV, which may be Big5)", u.line), "json.not_utf8", u.line)
		} else {
			u.tail = append([]byte(nil), data[i:]...)
			if err != nil {
				u.err = err
			}
		}
		u.ready = data[:i]
	}
	n := copy(p, u.ready)
	u.ready = u.ready[n:]
	return n, nil
}

// check returns how many bytes of data are whole, valid characters, and whether it stopped at an
// invalid one. A character cut at the end waits for the next read, unless this is the last.
func (u *utf8Reader) check(data []byte, last bool) (int, bool) {
	i := 0
	for i < len(data) {
		if c := data[i]; c < utf8.RuneSelf {
			if c == '\n' {
				u.line++
			}
			i++
			continue
		}
		if !utf8.FullRune(data[i:]) && !last {
			return i, false
		}
		if r, size := utf8.DecodeRune(data[i:]); r == utf8.RuneError && size <= 1 {
			return i, true
		} else {
			i += size
		}
	}
	return i, false
}
