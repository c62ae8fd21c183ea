package web

import (
	"html/template"
	"unicode"
)

// zhName marks text that holds Chinese characters with lang="zh-Hant", so that a screen reader on an
// English page reads a Chinese name in Chinese instead of spelling it out. On a zh-TW page the mark
// is harmless: it names the page's own language. Text without Han characters is only escaped.
func zhName(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return template.HTML(`<span lang="zh-Hant">` + esc + `</span>`)
		}
	}
	return template.HTML(esc)
}
