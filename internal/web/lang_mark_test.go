package web

import "testing"

func TestZhNameMarksOnlyChineseText(t *testing.T) {
	for in, want := range map[string]string{
		"臺中市政府":              `<span lang="zh-Hant">臺中市政府</span>`,
		"London Borough <x>": "London Borough &lt;x&gt;",
		"ACME 股份有限公司 & Co":   `<span lang="zh-Hant">ACME 股份有限公司 &amp; Co</span>`,
		"":                   "",
	} {
		if got := string(ZhName(in)); got != want {
			t.Errorf("ZhName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestZhRunsMarksEachChineseRun(t *testing.T) {
	for in, want := range map[string]string{
		"the agency's code (機關代碼)": `the agency&#39;s code (<span lang="zh-Hant">機關代碼</span>)`,
		"臺中 finds 臺中市政府…; <x>":     `<span lang="zh-Hant">臺中</span> finds <span lang="zh-Hant">臺中市政府</span>…; &lt;x&gt;`,
		"License（政府資料開放授權條款－第1版）":  `License（<span lang="zh-Hant">政府資料開放授權條款－第1版）</span>`,
		"no Chinese": "no Chinese",
	} {
		if got := string(zhRuns(in)); got != want {
			t.Errorf("zhRuns(%q) = %q, want %q", in, got, want)
		}
	}
}
