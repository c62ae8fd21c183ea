package metastrip

import "bytes"

// A small PDF lexer over a bounded buffer, enough to walk a dictionary and find its string values.

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

func isPDFRegular(c byte) bool { return !isPDFSpace(c) && !isPDFDelim(c) }

// pdfLex reads tokens from b; ok turns false, for good, at the end of b or on a syntax error.
type pdfLex struct {
	b  []byte
	i  int
	ok bool
}

func newPDFLex(b []byte) *pdfLex { return &pdfLex{b: b, ok: true} }

// ws skips white space and comments.
func (l *pdfLex) ws() {
	for l.i < len(l.b) {
		switch c := l.b[l.i]; {
		case isPDFSpace(c):
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

// lit consumes s if it comes next.
func (l *pdfLex) lit(s string) bool {
	if l.ok && bytes.HasPrefix(l.b[l.i:], []byte(s)) {
		l.i += len(s)
		return true
	}
	return false
}

// regular returns the next run of regular characters (a name's body, a number, a keyword).
func (l *pdfLex) regular() []byte {
	s := l.i
	for l.i < len(l.b) && isPDFRegular(l.b[l.i]) {
		l.i++
	}
	return l.b[s:l.i]
}

// int reads a non-negative integer.
func (l *pdfLex) int() (int64, bool) {
	t := l.regular()
	if len(t) == 0 || len(t) > 10 {
		return 0, false
	}
	var n int64
	for _, c := range t {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// Value kinds.
const (
	pdfOther   = iota
	pdfLiteral // (string)
	pdfHex     // <hex>
	pdfRefKind // N G R
)

// value skips one value and returns its kind and extent in b; for a reference, ref is set.
func (l *pdfLex) value(depth int) (kind, start, end int, ref pdfRef) {
	l.ws()
	start = l.i
	if !l.ok || l.i >= len(l.b) || depth > 32 {
		l.ok = false
		return
	}
	switch c := l.b[l.i]; {
	case c == '(':
		kind = pdfLiteral
		l.i++
		for nest := 1; nest > 0; l.i++ {
			if l.i >= len(l.b) {
				l.ok = false
				return
			}
			switch l.b[l.i] {
			case '\\':
				l.i++
			case '(':
				nest++
			case ')':
				nest--
			}
		}
	case l.lit("<<"):
		l.dictBody(depth+1, nil)
	case c == '<':
		kind = pdfHex
		j := bytes.IndexByte(l.b[l.i:], '>')
		if j < 0 {
			l.ok = false
			return
		}
		l.i += j + 1
	case c == '[':
		l.i++
		for l.ws(); l.ok && !l.lit("]"); l.ws() {
			l.value(depth + 1)
		}
	case c == '/':
		l.i++
		l.regular()
	case isPDFRegular(c):
		if num, ok := l.int(); ok {
			// Maybe "N G R".
			save := l.i
			l.ws()
			if gen, ok := l.int(); ok {
				l.ws()
				if l.lit("R") && (l.i == len(l.b) || !isPDFRegular(l.b[l.i])) {
					return pdfRefKind, start, l.i, pdfRef{num, gen}
				}
			}
			l.i = save
		} else if l.i == start {
			l.ok = false // a stray delimiter such as ')' or '>'
		}
	default:
		l.ok = false
	}
	end = l.i
	return
}

// dictBody reads key/value pairs up to ">>" (the "<<" already read), calling fn for each.
func (l *pdfLex) dictBody(depth int, fn func(key []byte, kind, start, end int, ref pdfRef)) {
	for l.ws(); l.ok && !l.lit(">>"); l.ws() {
		if !l.lit("/") {
			l.ok = false
			return
		}
		key := l.regular()
		kind, start, end, ref := l.value(depth)
		if l.ok && fn != nil {
			fn(key, kind, start, end, ref)
		}
	}
}
