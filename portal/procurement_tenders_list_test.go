package portal

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/portal/procurement/store"
)

// resultTitles lists the tender titles of a results page, in order.
func resultTitles(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<a class="tender-title" href="/procurement/tenders/[^"]+">(?:<span lang="zh-Hant">)?([^<]+)`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func search(q url.Values) string { return "/procurement/tenders?" + q.Encode() }

func TestTenderSearchFindsChineseSubstrings(t *testing.T) {
	h, _ := procurementSite(t)

	// 臺中 is inside every planted title and buyer name (臺中市第…, 臺中市政府建設局), and nowhere in the
	// shared data; 台中 is the same keyword; 臺北 finds the Taiwan notice.
	for _, kw := range []string{"臺中", "台中"} {
		a := get(t, h, "zh-TW", search(url.Values{"q": {kw}}))
		if a.status != 200 {
			t.Fatalf("%s: status %d", kw, a.status)
		}
		a.mustContain(t, kw+" results", "共 25 筆", `value="`+kw+`"`, "臺中市第25期道路維護工程", "NT$25,000,000",
			`href="/procurement/buyers/TW-GOV-3.76.47"`, "民國113年12月15日（2024-12-15）",
			`aria-current="page">1</a>`, `rel="next"`, `href="/procurement/tenders.csv?q=`+url.QueryEscape(kw)+`"`)
		if n := len(resultTitles(a.body)); n != 20 {
			t.Errorf("%s: %d results on page 1, want 20", kw, n)
		}
	}
	a := get(t, h, "zh-TW", search(url.Values{"q": {"臺北"}}))
	a.mustContain(t, "臺北", "共 1 筆", "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案",
		"臺北市政府都市發展局", "NT$25,420,000", "限制性招標", "勞務")
	get(t, h, "en", search(url.Values{"q": {"臺北"}})).mustContain(t, "one result in English", "(1 tender)</span></h2>")

	en := get(t, h, "en", search(url.Values{"q": {"臺中"}}))
	en.mustContain(t, "English results", `lang="en"`, "25 tenders", "Open", "Works", "15 Dec 2024", "award", "Page 2")

	// The whole list, oldest first, without a keyword: the shared data is there too, with its own
	// currencies.
	all := get(t, h, "en", "/procurement/tenders?sort=date")
	all.mustContain(t, "every tender", "29 tenders", "Planned cycle lane improvements", "GBP 11,000,000",
		"ocds-03ad3f-246807")
}

func TestTenderSearchFiltersSortsAndPages(t *testing.T) {
	sqlSite, pool := procurementSite(t)
	// The same search pages, with the search in SQL and on the in-memory index as `portal serve` runs it.
	memory := store.NewSearcher(pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer memory.Close()
	memory.Start()
	if !memory.Wait(context.Background()) {
		t.Fatal("the search index was not built")
	}
	for name, h := range map[string]http.Handler{"in SQL": sqlSite, "in memory": newSearchRouter(t, pool, io.Discard, memory)} {
		t.Run(name, func(t *testing.T) { checkSearchPages(t, h) })
	}
}

func checkSearchPages(t *testing.T, h http.Handler) {
	tc := func(extra url.Values) url.Values {
		v := url.Values{"q": {"臺中"}}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}
	cases := []struct {
		name  string
		q     url.Values
		total string
		first string // the first title, in the page's order; "" not checked
	}{
		{"method", tc(url.Values{"method": {"limited"}}), "共 5 筆", ""},
		{"category", tc(url.Values{"category": {"goods"}}), "共 0 筆", ""},
		{"year", url.Values{"year": {"2022"}}, "共 8 筆", ""},
		{"value range", url.Values{"min": {"20,000,000"}, "max": {"22000000"}}, "共 3 筆", ""},
		{"supplier", url.Values{"supplier": {supplierB}}, "共 6 筆", ""},
		{"buyer", url.Values{"buyer": {pccBuyer}}, "共 1 筆", "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案"},
		{"value, highest first", tc(url.Values{"sort": {"value"}}), "共 25 筆", "臺中市第25期道路維護工程"},
		{"value, lowest first", tc(url.Values{"sort": {"value_asc"}}), "共 25 筆", "臺中市第1期道路維護工程"},
		{"oldest first", tc(url.Values{"sort": {"date"}}), "共 25 筆", "臺中市第12期道路維護工程"}, // 2022-01-15, as 24, whose ocid sorts after
		{"all filters", tc(url.Values{"method": {"open"}, "category": {"works"}, "year": {"2023"}, "min": {"1"},
			"max": {"10000000"}, "supplier": {supplierA}, "buyer": {plantedBuyer}}), "共 2 筆", "臺中市第7期道路維護工程"},
	}
	for _, c := range cases {
		a := get(t, h, "zh-TW", search(c.q))
		if a.status != 200 {
			t.Errorf("%s: status %d", c.name, a.status)
			continue
		}
		a.mustContain(t, c.name, c.total)
		if titles := resultTitles(a.body); c.first != "" && (len(titles) == 0 || titles[0] != c.first) {
			t.Errorf("%s: first result %v, want %s", c.name, titles, c.first)
		}
	}

	// The form keeps every filter, and the download carries them.
	a := get(t, h, "zh-TW", search(tc(url.Values{"method": {"limited"}, "year": {"2024"}, "min": {"1,000"}, "sort": {"value"}})))
	a.mustContain(t, "kept filters", `<option value="limited" selected>`, `<option value="2024" selected>`,
		`value="1,000"`, `<option value="value" selected>`,
		`href="/procurement/tenders.csv?method=limited&amp;min=1%2C000&amp;q=%E8%87%BA%E4%B8%AD&amp;sort=value&amp;year=2024"`)

	// Page 2 of 臺中: the last five, the current page marked, links back.
	p2 := get(t, h, "zh-TW", search(tc(url.Values{"page": {"2"}})))
	if n := len(resultTitles(p2.body)); n != 5 {
		t.Errorf("page 2 has %d results, want 5", n)
	}
	p2.mustContain(t, "page 2", `aria-current="page">2</a>`, `rel="prev"`, "共 25 筆")
	if strings.Contains(p2.body, `rel="next"`) {
		t.Error("the last page links to a next one")
	}
	// No tender is on both pages.
	p1 := get(t, h, "zh-TW", search(tc(nil)))
	seen := map[string]bool{}
	for _, title := range append(resultTitles(p1.body), resultTitles(p2.body)...) {
		if seen[title] {
			t.Errorf("%s is on both pages", title)
		}
		seen[title] = true
	}
	// A page past the results, within the cap, says so and leads back.
	far := get(t, h, "zh-TW", search(tc(url.Values{"page": {"9"}})))
	if far.status != 200 {
		t.Errorf("page 9 = %d", far.status)
	}
	far.mustContain(t, "page 9", "這一頁沒有結果", "回到第 1 頁")
}

func TestTenderSearchRefusesBadInputWithAMessage(t *testing.T) {
	h, _ := procurementSite(t)
	cases := []struct {
		name   string
		q      url.Values
		zh, en string
		field  string // the field marked invalid; "" for the page number
	}{
		{"year not a number", url.Values{"year": {"abc"}}, "年度請選擇清單中的年份", "Choose a year from the list", "f-year"},
		{"year out of range", url.Values{"year": {"20245"}}, "年度請選擇清單中的年份", "Choose a year from the list", "f-year"},
		{"min above max", url.Values{"min": {"5,000"}, "max": {"100"}}, "金額下限不能大於上限", "The lowest value cannot be more than the highest", "f-min"},
		{"min not a number", url.Values{"min": {"abc"}}, "金額下限請填數字", "Enter the lowest value as a number", "f-min"},
		{"max negative", url.Values{"max": {"-1"}}, "金額上限請填數字", "Enter the highest value as a number", "f-max"},
		{"max in exponent form", url.Values{"max": {"1e9"}}, "金額上限請填數字", "Enter the highest value as a number", "f-max"},
		{"page 0", url.Values{"page": {"0"}}, "頁碼必須是 1 以上的整數", "The page number must be a whole number", ""},
		{"page not a number", url.Values{"page": {"two"}}, "頁碼必須是 1 以上的整數", "The page number must be a whole number", ""},
		{"page beyond the cap", url.Values{"page": {"501"}}, "只能查看前 10,000 筆結果（第 1 到第 500 頁）", "Only the first 10,000 results can be shown (pages 1 to 500)", ""},
		{"page far beyond the cap", url.Values{"page": {"99999999999999999999"}}, "只能查看前 10,000 筆結果", "Only the first 10,000 results", ""},
		{"unknown method", url.Values{"method": {"auction"}}, "請從清單中選擇招標方式", "Choose a procurement method from the list", "f-method"},
		{"unknown category", url.Values{"category": {"food"}}, "請從清單中選擇採購類別", "Choose a category from the list", "f-category"},
		{"unknown sort", url.Values{"sort": {"cheapest"}}, "請從清單中選擇排序方式", "Choose an order from the list", "f-sort"},
		{"over-long keyword", url.Values{"q": {strings.Repeat("臺", 101)}}, "關鍵字最多 100 個字", "The keyword can have at most 100 characters", "f-q"},
		{"keyword with a control character", url.Values{"q": {"臺\x00中"}}, "關鍵字含有無法辨識的字元", "The keyword holds characters that cannot be read", "f-q"},
		{"malformed buyer", url.Values{"buyer": {"a\x01b"}}, "機關名稱或代碼含有無法辨識的字元", "The agency's name or code holds characters that cannot be read", "f-buyer"},
		{"malformed supplier", url.Values{"supplier": {strings.Repeat("9", 201)}}, "廠商名稱或統一編號含有無法辨識的字元", "The supplier's name or business ID holds characters that cannot be read", "f-supplier"},
	}
	for _, c := range cases {
		for _, lang := range []struct{ code, msg, heading string }{{"zh-TW", c.zh, "搜尋條件有問題"}, {"en", c.en, "There is a problem with the search"}} {
			paths := []string{"/procurement/tenders", "/procurement/tenders.csv"}
			if c.field == "" {
				paths = paths[:1] // a download has no pages: it ignores the page number
			}
			for _, path := range paths {
				a := get(t, h, lang.code, path+"?"+c.q.Encode())
				if a.status != 400 {
					t.Errorf("%s %s (%s): status %d, want 400", path, c.name, lang.code, a.status)
					continue
				}
				if !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s %s: %s, want the page with its message", path, c.name, a.header.Get("Content-Type"))
				}
				a.unmarked().mustContain(t, path+" "+c.name+" ("+lang.code+")", lang.msg, lang.heading, `role="alert"`)
				if c.field != "" {
					a.mustContain(t, c.name, `href="#`+c.field+`"`, `id="`+c.field+`-error"`)
					if !regexp.MustCompile(`id="` + c.field + `"[^>]*aria-invalid="true"`).MatchString(a.body) {
						t.Errorf("%s: field %s is not marked invalid", c.name, c.field)
					}
				}
				if strings.Contains(a.body, `tender-results`) {
					t.Errorf("%s: results shown for a bad search", c.name)
				}
			}
		}
	}
	// Text the reader typed is shown again as typed, escaped.
	a := get(t, h, "zh-TW", search(url.Values{"min": {"<b>abc"}}))
	a.mustContain(t, "typed text", `value="&lt;b&gt;abc"`)
}
