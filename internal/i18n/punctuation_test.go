package i18n

import "testing"

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
		if got := FullWidthOutsideChinese(msg); got != want {
			t.Errorf("FullWidthOutsideChinese(%q) = %q, want %q", msg, got, want)
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
		if r := FullWidthOutsideChinese(msg); r != 0 {
			t.Errorf("en %q has the full-width %q outside a Chinese name: %s", key, r, msg)
		}
	}
}
