package i18n

import "unicode"

// FullWidthOutsideChinese returns the first full-width or CJK punctuation mark of English text that
// is not inside Chinese text, or 0. The rule: such a mark (U+3000–U+303F: 、。「」; U+FF01–U+FF60:
// ：，（）；！？－) may stand only between two Han characters, as inside the name 政府資料開放授權條款－第1版.
// Everywhere else English text uses English punctuation: "Award:" not "Award：", "(統一編號)" not
// "（統一編號）", “…” not 「…」, commas not 、. The catalogue test holds every English message to it,
// and pagecheck every English page.
func FullWidthOutsideChinese(s string) rune {
	rs := []rune(s)
	for i, r := range rs {
		if !(r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60) {
			continue
		}
		if i > 0 && i < len(rs)-1 && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[i+1]) {
			continue
		}
		return r
	}
	return 0
}
