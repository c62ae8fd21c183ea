package web

import "testing"

func TestZhNameMarksOnlyChineseText(t *testing.T) {
	for in, want := range map[string]string{
		"臺中市政府":              `<span lang="zh-Hant">臺中市政府</span>`,
		"London Borough <x>": "London Borough &lt;x&gt;",
		"ACME 股份有限公司 & Co":   `<span lang="zh-Hant">ACME 股份有限公司 &amp; Co</span>`,
		"":                   "",
	} {
		if got := string(zhName(in)); got != want {
			t.Errorf("zhName(%q) = %q, want %q", in, got, want)
		}
	}
}
