package portal

import (
	"net/url"
	"strings"
	"testing"
)

// TestTenderSearchSurvivesHostileInput sends what no form would to every filter of the search: each
// gets a page (a result or a message), never a server error; LIKE's characters in a name are
// literal, so that 「%」 lists nobody rather than everybody.
func TestTenderSearchSurvivesHostileInput(t *testing.T) {
	h, _ := procurementSite(t)
	long := strings.Repeat("臺", 10_000)
	for _, param := range []string{"q", "buyer", "supplier", "min", "max", "method", "year", "sort", "page", "flag"} {
		for _, v := range []string{"a\x00b", "\xff\xfe", long, "%", "_", `\`, "1e400", "99999億億", "-0", "NaN", "   "} {
			a := get(t, h, "zh-TW", search(url.Values{param: {v}}))
			if a.status != 200 && a.status != 400 {
				t.Errorf("%s=%.20q: status %d", param, v, a.status)
			}
		}
	}
	for _, c := range []struct{ param, value, message string }{
		{"buyer", "%", "找不到名稱或代碼含「%」的機關"},
		{"buyer", "_", "找不到名稱或代碼含「_」的機關"},
		{"supplier", "%", "找不到名稱或統一編號含「%」的廠商"},
		{"min", "1e400", "金額下限請填數字"},
		{"max", "99999億億", "金額上限請填數字"},
		{"max", "9" + strings.Repeat("0", 400), "金額太大"},
		{"buyer", "a\x00b", "機關名稱或代碼含有無法辨識的字元"},
		{"supplier", long, "廠商名稱或統一編號含有無法辨識的字元"},
	} {
		a := get(t, h, "zh-TW", search(url.Values{c.param: {c.value}}))
		if a.status != 400 {
			t.Errorf("%s=%.20q: status %d, want 400", c.param, c.value, a.status)
		}
		a.unmarked().mustContain(t, c.param+"="+c.value[:min(len(c.value), 20)], c.message) // the quoted input is marked as Chinese
		if strings.Contains(a.body, `class="pick"`) {
			t.Errorf("%s=%.20q offers matches", c.param, c.value)
		}
	}
	// Amounts as people write them.
	for _, v := range []string{"1萬", "2.5億", "1,000,000", "100 萬", "１００萬", "1億2,000萬"} {
		a := get(t, h, "zh-TW", search(url.Values{"min": {v}}))
		if a.status != 200 {
			t.Errorf("min=%s: status %d", v, a.status)
		}
		a.mustContain(t, "min="+v, `value="`+v+`"`)
	}
	a := get(t, h, "zh-TW", search(url.Values{"q": {"臺中"}, "min": {"2,000萬"}}))
	a.mustContain(t, "2,000萬 and up", "共 6 筆", // 20 … 25 million
		// each row names its winning supplier, linked, and says which amount and date it shows
		`<a href="/procurement/suppliers/TW-UBN-11111111"><span lang="zh-Hant">大安營造股份有限公司</span></a>`,
		`<span class="kind">決標金額</span>`, `<span class="kind">招標</span>`)
}
