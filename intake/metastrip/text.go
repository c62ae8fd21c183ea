package metastrip

import (
	"io"
	"unicode/utf8"
)

// copyText passes text through unchanged, checking as it goes that the whole file (not only the
// head Detect saw) is UTF-8 without control characters.
func copyText(r io.Reader, w io.Writer) error {
	buf := make([]byte, 64<<10)
	carry := 0 // an incomplete character kept from the previous read
	for {
		n, err := r.Read(buf[carry:])
		data := buf[:carry+n]
		k := len(data)
		if err == nil {
			for i := len(data) - 1; i >= 0 && i >= len(data)-3; i-- {
				if utf8.RuneStart(data[i]) {
					if !utf8.FullRune(data[i:]) {
						k = i
					}
					break
				}
			}
		}
		if !utf8.Valid(data[:k]) || hasControl(data[:k]) {
			return malformed("text: not UTF-8 text")
		}
		if _, werr := w.Write(data[:k]); werr != nil {
			return werr
		}
		carry = copy(buf, data[k:])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
