package i18n

import (
	"testing"
	"unicode"
)

// fullWidthOutsideChinese returns the first full-width or CJK punctuation mark of an English message
// that is not inside Chinese text, or 0. The rule: such a mark (U+3000–U+303F: 、。「」; U+FF01–U+FF60:
// ：，（）；！？－) may stand only between two Han characters, as inside the name 政府資料開放授權條款－第1版.
// Everywhere else English text uses English punctuation: "Award:" not "Award：", "(統一編號)" not
// "（統一編號）", “…” not 「…」, commas not 、.
func fullWidthOutsideChinese(msg string) rune {
	rs := []rune(msg)
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

func TestFullWidthRule(t *testing.T) {
	for msg, want := range map[string]rune{
		"Award:":              0,
		"Award：":              '：',
		"comments, EXIF data": 0,
		"comments、EXIF data":  '、',
		"Business ID (統一編號)":  0,
		"Business ID（統一編號）":   '（',
		"the licence 政府資料開放授權條款－第1版": 0,
		"search for 「臺中」":            '「',
		"Done。":                      '。',
		"臺中、臺北":                      0, // a Chinese list quoted as a name
	} {
		if got := fullWidthOutsideChinese(msg); got != want {
			t.Errorf("fullWidthOutsideChinese(%q) = %q, want %q", msg, got, want)
		}
	}
}

// TestEnglishMessagesUseEnglishPunctuation holds every English message to the rule above.
func TestEnglishMessagesUseEnglishPunctuation(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for key, msg := range c[En] {
		if r := fullWidthOutsideChinese(msg); r != 0 {
			t.Errorf("en %q has the full-width %q outside a Chinese name: %s", key, r, msg)
		}
	}
}
