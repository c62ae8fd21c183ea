package web

import (
	"html/template"
	"strings"
	"unicode"
)

// ZhName (the template function zh) marks text that holds Chinese characters with lang="zh-Hant", so that a screen reader on an
// English page reads a Chinese name in Chinese instead of spelling it out. On a zh-TW page the mark
// is harmless: it names the page's own language. Text without Han characters is only escaped.
func ZhName(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return template.HTML(`<span lang="zh-Hant">` + esc + `</span>`)
		}
	}
	return template.HTML(esc)
}

// zhRuns marks each run of Chinese inside other text, such as the English descriptions of the API
// that quote 臺中 or 機關代碼, so that a screen reader switches language for the run alone. A run is
// Han characters with the CJK and full-width punctuation and the digits between and after them.
func zhRuns(s string) template.HTML {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !unicode.Is(unicode.Han, rs[i]) {
			b.WriteString(template.HTMLEscapeString(string(rs[i])))
			i++
			continue
		}
		j := i
		for j < len(rs) {
			k := j
			for k < len(rs) && rs[k] >= '0' && rs[k] <= '9' {
				k++ // digits inside a run (第1版) belong to it
			}
			if k == len(rs) || !unicode.Is(unicode.Han, rs[k]) && !cjkPunct(rs[k]) {
				break
			}
			j = k + 1
		}
		b.WriteString(`<span lang="zh-Hant">` + template.HTMLEscapeString(string(rs[i:j])) + `</span>`)
		i = j
	}
	return template.HTML(b.String())
}

// cjkPunct reports CJK symbols and punctuation (「」、。) and full-width forms (（）：，－).
func cjkPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}
