package csvimport

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/traditionalchinese"

	"integrity-portal/internal/problem"
)

// Encoding is the character encoding of a file.
type Encoding string

const (
	// Auto reads UTF-8 (with or without a byte order mark) when the bytes are valid UTF-8, and Big5
	// otherwise: a Big5 file with Chinese text is almost never valid UTF-8.
	Auto Encoding = "auto"
	// UTF8 is UTF-8, with or without a byte order mark (Excel writes one).
	UTF8 Encoding = "utf-8"
	// Big5 is Big5 as the WHATWG Encoding Standard defines it (which covers Windows code page 950),
	// what older Taiwanese government systems and Excel on a Traditional Chinese Windows export.
	Big5 Encoding = "big5"
)

// ParseEncoding reads an encoding option: auto, utf-8 (or utf8) or big5, in any case; "" is Auto.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "big5", "big-5", "cp950":
		return Big5, nil
	}
	return "", fmt.Errorf("csvimport: encoding %q: use auto, utf-8 or big5", s)
}

var (
	bomUTF8    = []byte("\xef\xbb\xbf")
	bomUTF16LE = []byte("\xff\xfe")
	bomUTF16BE = []byte("\xfe\xff")
)

// decode returns the file's text as UTF-8 and the encoding it was read in, or says, naming the
// first bad line, why the bytes are not text in the encoding asked for.
func decode(b []byte, enc Encoding) (string, Encoding, error) {
	enc, bom, notUTF8, err := sniff(b, true, enc)
	if err != nil {
		return "", "", err
	}
	if enc == UTF8 {
		return string(b[bom:]), UTF8, nil
	}
	return decodeBig5(b, notUTF8)
}

// sniff decides how to read a file from its first bytes, b (the whole file when atEOF): in which
// encoding, after a UTF-8 byte order mark of how many bytes. When auto-detection chose Big5 because
// b is not UTF-8, notUTF8 says where, to begin a later message. It refuses, naming the first bad
// line, what is not text in the encoding asked for as far as b shows. decode reads a whole file
// with it; Decoder its first SniffSize bytes, checking the rest as it streams.
func sniff(b []byte, atEOF bool, enc Encoding) (_ Encoding, bom int, notUTF8 string, _ error) {
	if bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE) {
		return "", 0, "", problem.New(`the file is UTF-16 (Excel's "Unicode Text"), not CSV: save it as "CSV UTF-8"`, "encoding.utf16")
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", 0, "", errNUL(lineAt(b, i))
	}
	hasBOM := bytes.HasPrefix(b, bomUTF8)
	switch enc {
	case Big5:
		if hasBOM {
			return "", 0, "", problem.New("the file starts with a UTF-8 byte order mark, so it is UTF-8, not Big5: import it with encoding utf-8 or auto", "encoding.bom_big5")
		}
		return Big5, 0, "", nil
	case UTF8, Auto, "":
		if hasBOM {
			bom = len(bomUTF8)
		}
		b = b[bom:]
		bad := invalidUTF8(b)
		switch {
		case bad < 0:
			return UTF8, bom, "", nil
		case bad >= len(b)-utf8.UTFMax+1 && !utf8.FullRune(b[bad:]):
			if !atEOF { // a character cut by the end of the sample, not of the file
				return UTF8, bom, "", nil
			}
			return "", 0, "", errCutShort(lineAt(b, bad))
		case enc == UTF8 || hasBOM:
			return "", 0, "", errNotUTF8(lineAt(b, bad), bad+1)
		}
		return Big5, 0, fmt.Sprintf("not valid UTF-8 (line %d) and ", lineAt(b, bad)), nil
	}
	return "", 0, "", fmt.Errorf("csvimport: encoding %q: use auto, utf-8 or big5", enc)
}

func errNUL(line int) error {
	return problem.New(fmt.Sprintf("line %d holds a NUL byte: this is not a text file (an Excel workbook or UTF-16 text?); save it as CSV", line), "encoding.nul", line)
}

func errCutShort(line int) error {
	return problem.New(fmt.Sprintf("line %d: the file ends in the middle of a UTF-8 character: it looks cut short", line), "encoding.cut_short", line)
}

func errNotUTF8(line, byteAt int) error {
	return problem.New(fmt.Sprintf("line %d is not valid UTF-8 (byte %d): the file may be Big5; import it with encoding big5", line, byteAt), "encoding.not_utf8", line, byteAt)
}

func errNotBig5(notUTF8 string, line int) error {
	code := "encoding.not_big5"
	if notUTF8 != "" {
		code = "encoding.neither"
	}
	return problem.New(fmt.Sprintf("the file is %snot Big5 either (line %d)", notUTF8, line), code, line)
}

// decodeBig5 decodes Big5. The decoder writes U+FFFD for bytes that are not Big5 (Big5 has no such
// character), so one in the output marks the first bad line. notUTF8 prefixes the message when
// auto-detection tried UTF-8 first.
func decodeBig5(b []byte, notUTF8 string) (string, Encoding, error) {
	out, err := traditionalchinese.Big5.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", problem.New(fmt.Sprintf("the file is %snot Big5: %v", notUTF8, err), "encoding.not_big5", 1)
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return "", "", errNotBig5(notUTF8, lineAt(out, i))
	}
	return string(out), Big5, nil
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// lineAt returns the 1-based line number of byte offset i.
func lineAt(b []byte, i int) int { return bytes.Count(b[:i], []byte("\n")) + 1 }
