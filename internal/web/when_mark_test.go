package web

import "testing"

func TestWhenRunsKeepsWesternDatesWhole(t *testing.T) {
	for in, want := range map[string]string{
		"每月趨勢：民國115年1月至12月（2026-01 至 2026-12）":     `每月趨勢：民國115年1月至12月（<span class="when">2026-01</span> 至 <span class="when">2026-12</span>）`,
		"統計截至 民國113年3月31日（2024-03-31）":             `統計截至 民國113年3月31日（<span class="when">2024-03-31</span>）`,
		"Month by month, Jan–Dec 2026 <b>":         `Month by month, <span class="when">Jan–Dec 2026</span> &lt;b&gt;`,
		"From Apr 2023–Mar 2024, as of 8 Dec 2026": `From <span class="when">Apr 2023–Mar 2024</span>, as of <span class="when">8 Dec 2026</span>`,
		"May we? In May, Mayor":                    "May we? In May, Mayor",
	} {
		if got := string(whenRuns(in)); got != want {
			t.Errorf("whenRuns(%q) = %q, want %q", in, got, want)
		}
	}
}
