package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxWord bounds the length, in characters, of a Latin/digit word kept as a search term, so no
// lexeme comes near tsvector's limit; longer words are indexed by their first maxWord characters.
const maxWord = 40

// normalize folds text for searching, the same way for titles and keywords: full-width ASCII
// (ＬＥＤ, １２３) becomes ASCII, letters are lower-cased, 台 becomes 臺 (both are in official use,
// and people type either), and every run of white space and control characters becomes one space.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width forms of ! … ~
			r -= 0xFF01 - 0x21
		case r == '台':
			r = '臺'
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isCJK reports whether r is written without spaces between words, so it is indexed by bigrams: Han
// ideographs, kana (with the prolonged sound mark ー, which Unicode counts as common to scripts),
// Hangul and bopomofo.
func isCJK(r rune) bool {
	return r == 'ー' || r == 'ｰ' ||
		unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}

// isWord reports whether r belongs to a Latin/digit (or any other spaced script's) word.
func isWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isCJK(r)
}

// span is one run of a normalised text: CJK characters, or a word's characters. start and end say
// where it is, because a keyword's first and last runs may be parts of longer runs in a title.
type span struct {
	runes []rune
	cjk   bool
	start int // index of the first rune in the text
	end   int // index after the last rune
}

// spans splits normalised text into its CJK runs and words; everything else separates them.
func spans(text string) (out []span, n int) {
	rs := []rune(text)
	for i := 0; i < len(rs); {
		switch {
		case isCJK(rs[i]):
			j := i + 1
			for j < len(rs) && isCJK(rs[j]) {
				j++
			}
			out = append(out, span{runes: rs[i:j], cjk: true, start: i, end: j})
			i = j
		case isWord(rs[i]):
			j := i + 1
			for j < len(rs) && isWord(rs[j]) {
				j++
			}
			out = append(out, span{runes: rs[i:j], start: i, end: j})
			i = j
		default:
			i++
		}
	}
	return out, len(rs)
}

// Bigrams returns the search terms for text: each pair of adjacent Han/CJK characters, lower-cased
// Latin/digit words whole; used for both indexing and querying. The text is first normalised (see
// normalize: full-width to ASCII, lower case, 台 to 臺). Terms are in order of appearance, without
// duplicates.
//
// An index holds a little more (indexTerms: the last character of each CJK run, so a one-character
// keyword can be found by prefix), and a query uses a little less (queryTerms: the words at the edges
// of a keyword may be parts of longer words).
func Bigrams(text string) []string {
	var terms []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	ss, _ := spans(normalize(text))
	for _, s := range ss {
		if s.cjk {
			for i := 0; i+1 < len(s.runes); i++ {
				add(string(s.runes[i : i+2]))
			}
			continue
		}
		add(word(s.runes))
	}
	return terms
}

func word(rs []rune) string {
	if len(rs) > maxWord {
		rs = rs[:maxWord]
	}
	return string(rs)
}

// indexTerms returns the lexemes indexed for text: its Bigrams, plus the last character of every CJK
// run as a one-character lexeme. With those, every CJK character of the text begins some lexeme
// (the bigram it starts, or itself at the end of its run), so the prefix query 'c':* finds every
// text holding the character c. Sorted, as a tsvector stores them.
func indexTerms(text string) []string {
	terms := Bigrams(text)
	ss, _ := spans(normalize(text))
	for _, s := range ss {
		if s.cjk {
			terms = append(terms, string(s.runes[len(s.runes)-1]))
		}
	}
	slices.Sort(terms)
	return slices.Compact(terms)
}

// queryTerm is one condition on the index: the lexeme itself, or (prefix) any lexeme it begins.
type queryTerm struct {
	lexeme string
	prefix bool
}

// queryTerms returns index conditions that every text containing keyword (normalised) satisfies, so
// the index can narrow candidates without losing any; the caller confirms each candidate by substring.
// nil means the index cannot help (say "led", which may be the end of "oled"), and the caller scans.
//
//   - CJK bigrams of the keyword are in every text containing it.
//   - A word both ends of which are inside the keyword (followed and preceded by something else) is
//     a whole word of the text; a word that only starts inside it is a prefix of one; a word that
//     starts at the keyword's first character may be the tail of a longer word, and is not used.
//   - A lone CJK character (a one-character run) is used as a prefix only when nothing else is
//     usable: "c":* expands to every lexeme starting with c, which is costly for common characters
//     and needless when another term narrows.
func queryTerms(keyword string) []queryTerm {
	var terms, singles []queryTerm
	ss, n := spans(keyword)
	for _, s := range ss {
		if s.cjk {
			if len(s.runes) == 1 {
				singles = append(singles, queryTerm{string(s.runes), true})
			}
			for i := 0; i+1 < len(s.runes); i++ {
				terms = append(terms, queryTerm{lexeme: string(s.runes[i : i+2])})
			}
			continue
		}
		if s.start == 0 {
			continue // may be the end of a longer word
		}
		whole := s.end < n && len(s.runes) <= maxWord
		terms = append(terms, queryTerm{lexeme: word(s.runes), prefix: !whole})
	}
	if len(terms) == 0 {
		terms = singles
	}
	slices.SortFunc(terms, func(a, b queryTerm) int { return strings.Compare(a.lexeme, b.lexeme) })
	return slices.Compact(terms)
}

// quoteLexeme escapes a lexeme inside quotes in tsquery text. Terms are letters and digits only, so
// this is a second line of defence.
var quoteLexeme = strings.NewReplacer(`'`, `''`, `\`, `\\`)

// tsquery writes terms as a tsquery literal, all required: 'a' & 'b':*.
func tsquery(terms []queryTerm) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteByte('\'')
		b.WriteString(quoteLexeme.Replace(t.lexeme))
		b.WriteByte('\'')
		if t.prefix {
			b.WriteString(":*")
		}
	}
	return b.String()
}
