package web

import (
	"errors"
	"regexp"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// ValidText reports whether s is text a handler may take: valid UTF-8 without NUL or any other
// control character. multiline allows the tab, carriage return and line feed of form text (a
// textarea); a query value, a path segment or a one-line field allows none. PostgreSQL refuses NUL
// and invalid UTF-8 outright, so text that passes here can be stored and searched.
func ValidText(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf { // one pass, ASCII first: most text is
			if (b < 0x20 || b == 0x7f) && !(multiline && (b == '\t' || b == '\r' || b == '\n')) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unicode.IsControl(r) { // invalid, or a C1 control
			return false
		}
		i += size
	}
	return true
}

// loggable hides, in an error's text, what may have come from a request: quoted strings (PostgreSQL
// and strconv quote the values they refuse), long numbers (pgx writes the number it could not
// encode) and hex bytes. SQLSTATE codes stay, so the log still says what went wrong and where.
var loggable = regexp.MustCompile(`SQLSTATE [0-9A-Z]{5}|"[^"]*"|'[^']*'|` + "`[^`]*`" + `|0x[0-9a-fA-F]+|\d{3,}`)

// SafeError is err's text for a log line, with anything that may be a submitted value hidden (see
// loggable). Every log line that carries an error from handling a request goes through it.
func SafeError(err error) string {
	if err == nil {
		return ""
	}
	return SafeText(err.Error())
}

// SafeText is SafeError for a text, such as a panic's value.
func SafeText(s string) string {
	return loggable.ReplaceAllStringFunc(s, func(m string) string {
		switch m[0] {
		case 'S':
			return m
		case '"', '\'', '`':
			return `"…"`
		}
		return "#"
	})
}

// MaxPage is the highest page number a paged list takes: far beyond any list, and small enough that
// page × page size never overflows into a negative OFFSET.
const MaxPage = 1_000_000

// PageNumber reads a list's ?page=: 1 when missing or not a positive number, and at most MaxPage
// (a larger number, however long, is the last page there can be).
func PageNumber(s string) int {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && n > 0, err == nil && n > MaxPage:
		return MaxPage
	case err != nil || n < 1:
		return 1
	}
	return int(n)
}
