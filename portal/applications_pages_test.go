package portal

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// On the hand-built dataset every rate and typical time rests on fewer than minCompared
// applications: the pages give the counts and say they are too few, never a percentage.
func TestApplicationsCityFigures(t *testing.T) {
	h, _ := appSite(t)
	a := get(t, h, "zh-TW", "/applications")
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "/applications", "<h1>人民申請案件辦理情形</h1>",
		"統計截至 民國113年3月31日（<span class=\"when\">2024-03-31</span>）；最近一次計算完成於",
		"全市明細：民國112年4月至113年3月（<span class=\"when\">2023-04</span> 至 <span class=\"when\">2024-03</span>）", // a Western month never breaks at its hyphen
		"<h2 id=\"trend-h\">每月趨勢：民國112年4月至113年3月（<span class=\"when\">2023-04</span> 至 <span class=\"when\">2024-03</span>）</h2>",
		"<dt>收件</dt><dd>共 15 件</dd>", "<dd>共 12 件，其中 1 件是申請人撤回（不計入天數與比率）</dd>",
		"民國113年3月31日（2024-03-31）仍有 3 件未結，其中 2 件已逾期",
		"臨櫃 53.3% （8 件）", "網路 33.3% （5 件）", "郵寄 13.3% （2 件）", // of 15 received
		"準時辦結</dt><dd><span class=\"pct\">63.6%</span> <span class=\"of\">（11 件中 7 件）</span>", // 11 timed
		"處理期間曾展延</dt><dd><span class=\"pct\">9.1%</span> <span class=\"of\">（11 件中 1 件）</span>",
		// what the figures mean, with the formulas, and why the medians are not summed
		"這些數字的意思", "一年的中位數不等於 12 個月中位數的任何組合", "行政程序法第 51 條",
		"準時辦結比率 = 在處理期間內辦結的件數 ÷ 計時結案件數", "比率與天數至少要有 10 件計時結案才計算")
	text := a.text()
	for _, want := range []string{
		"準時辦結 63.6% 民國112年4月至113年3月（2023-04 至 2024-03），計時結案 11 件中，有 7 件在公告的處理期間內辦結。",
		"前 12 個月（民國111年4月至112年3月）：沒有計時結案的案件",
		"仍在辦理 3 件 到 民國113年3月31日（2024-03-31） 仍在辦理的案件，其中 2 件已超過處理期限。",
		"一般要多久 件數太少，不宜比較 最近有結案的月份是民國113年3月（2024-03），只結案 3 件，件數太少，不宜比較天數。",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/applications lacks %q in its text:\n%s", want, text)
		}
	}
	for _, formula := range []string{"÷", "n = ", "中位數 0", "0 至 0"} {
		if i := strings.Index(text, formula); i >= 0 && i < strings.Index(text, "這些數字的意思") {
			t.Errorf("/applications writes %q before the section that explains the figures", formula)
		}
	}
	if strings.Contains(a.body, "本月至今，") || strings.Contains(a.body, `class="to-date"`) || strings.Contains(a.body, "partial") {
		t.Error("March is marked as counted in part, but 03-31 is its last day")
	}
	// The trend: twelve months, the months with nothing written as zeros, the table beside the chart.
	a.mustHaveRows(t, "/applications",
		"民國112年4月（2023-04）|0|0|—|—|—|0|0",
		"民國113年1月（2024-01）|9|4|件數太少，不宜比較 （只有 4 件）|件數太少|件數太少|5|0",
		"民國113年3月（2024-03）|2|3|件數太少，不宜比較 （只有 3 件）|件數太少|件數太少|3|2",
		// the agencies, with links
		"臺中市政府民政局|2|13|件數太少，不宜比較 （只有 9 件）|3 其中逾期 2 件",
		"臺中市政府地政局|1|2|件數太少，不宜比較 （只有 2 件）|0 其中逾期 0 件")
	a.mustContain(t, "/applications", `<a href="/applications/387000001A"><span lang="zh-Hant">臺中市政府民政局</span></a>`,
		`<svg class="trend"`, `aria-labelledby="trend-city-title trend-city-desc"`,
		"<title id=\"trend-city-title\">每月收件、結案與準時辦結比率，民國112年4月至113年3月（2023-04 至 2024-03）</title>",
		"目前沒有申請項目達到排列所需的件數。", "只排列 12 個月內計時結案至少 30 件的申請項目（目前 0 項）")
	if n := len(a.rows()); n != 1+12+1+2 {
		t.Errorf("%d table rows, want the trend's 12 and the 2 agencies with their headers", n)
	}
	// The chart: a legend and 12 pairs of columns; no month had 10 timed applications, so there
	// is no on-time mark, and the caption says why.
	for what, want := range map[string]int{`<rect class="received"`: 13, `<rect class="closed"`: 13,
		`<circle class="share"`: 0, `<line class="share"`: 0} {
		if n := strings.Count(a.body, what); n != want {
			t.Errorf("%d of %s in the chart, want %d", n, what, want)
		}
	}
	a.mustContain(t, "/applications", "準時辦結比率只畫出當月計時結案 10 件以上的月份。")
	if !regexp.MustCompile(`(?s)</svg>\s*</div>\s*<figcaption[^>]*>[^<]*</figcaption>\s*</figure>\s*<div class="table-scroll"[^>]*>\s*<table`).MatchString(a.body) {
		t.Error("the trend chart is not followed by its table")
	}

	en := get(t, h, "en", "/applications")
	en.mustContain(t, "/applications in English", "<h1>How the city handles citizens&#39; applications</h1>",
		"Figures as of <span class=\"when\">31 Mar 2024</span>", "The whole city in detail, <span class=\"when\">Apr 2023–Mar 2024</span>",
		"3 on 31 Mar 2024, 2 of them overdue", "At the counter 53.3% (8)", "a year’s median is no mix of twelve monthly medians",
		`<a href="/applications/387000001A">Civil Affairs Bureau</a>`)
	if !strings.Contains(en.text(), "Finished on time 63.6% Apr 2023–Mar 2024: 7 of 11 applications were finished within the published period.") {
		t.Errorf("the English headline does not give the on-time rate with its counts:\n%s", en.text())
	}
	en.mustHaveRows(t, "/applications in English", "Jan 2024|9|4|Too few to compare (only 4)|too few|too few|5|0",
		"Land Administration Bureau|1|2|Too few to compare (only 2)|0 0 overdue")
	if strings.Contains(a.body+en.body, "[applications.") {
		t.Error("a message key is missing from a catalogue")
	}
}

func TestApplicationsAgencyPage(t *testing.T) {
	h, _ := appSite(t)
	a := get(t, h, "zh-TW", "/applications/"+civilAgency)
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "民政局", `<h1><span lang="zh-Hant">臺中市政府民政局</span></h1>`, "<dd>387000001A</dd>",
		"本機關明細：民國112年4月至113年3月（<span class=\"when\">2023-04</span> 至 <span class=\"when\">2024-03</span>）", "<dt>收件</dt><dd>共 13 件</dd>",
		"件數太少，不宜比較</span> <span class=\"of\">（只有 9 件）", "仍有 3 件未結，其中 2 件已逾期",
		"公告處理期間：5 個工作天", "依據：<span lang=\"zh-Hant\">民政局人民申請案件處理期限表</span>",
		"公告處理期間：未公告處理期間：依法為二個月",
		`<a href="#service-1"><span lang="zh-Hant">戶籍謄本</span></a>`, `<section class="service" id="service-2" aria-labelledby="service-2-h">`,
		`<svg class="trend"`, `aria-labelledby="chart-service-1-title chart-service-1-desc"`,
		"<summary id=\"service-1-table\"><span lang=\"zh-Hant\">戶籍謄本</span>：每月數字表</summary>",
		"收件、結案與準時辦結是民國112年4月至113年3月（2023-04 至 2024-03）的加總")
	a.mustHaveRows(t, "民政局",
		"戶籍謄本|5 個工作天|11|9|件數太少，不宜比較 民國113年3月（2024-03）結案 2 件|件數太少，不宜比較 （只有 8 件）|2 其中逾期 1 件",
		"其他申請|未公告處理期間：依法為二個月|2|1|件數太少，不宜比較 民國113年3月（2024-03）結案 1 件|件數太少，不宜比較 （只有 1 件）|1 其中逾期 1 件",
		// each service's months
		"民國113年1月（2024-01）|7|4|件數太少，不宜比較 （只有 4 件）|件數太少|件數太少|3|0",
		"民國113年2月（2024-02）|0|0|—|—|—|2|0")
	// One chart per service, each followed by its table in <details>.
	if n := strings.Count(a.body, `<svg class="trend"`); n != 2 {
		t.Errorf("%d charts, want one per service", n)
	}
	if n := len(regexp.MustCompile(`(?s)</svg>\s*</div>\s*<figcaption[^>]*>[^<]*</figcaption>\s*</figure>\s*<details class="months">\s*<summary[^>]*>.*?</summary>\s*<div class="table-scroll"[^>]*>\s*<table`).FindAllString(a.body, -1)); n != 2 {
		t.Errorf("%d charts followed by their table, want 2", n)
	}

	en := get(t, h, "en", "/applications/"+civilAgency)
	en.mustContain(t, "Civil Affairs Bureau", "<h1>Civil Affairs Bureau</h1>", "Published period: 5 working days",
		"Published period: no period published: two months by law", "This agency in detail, <span class=\"when\">Apr 2023–Mar 2024</span>",
		`Published in: <span lang="zh-Hant">民政局人民申請案件處理期限表</span>`)
	en.mustHaveRows(t, "Civil Affairs Bureau",
		"Household registration transcript|5 working days|11|9|Too few to compare Mar 2024, 2 finished|Too few to compare (only 8)|2 1 overdue")

	// A period in calendar days, and a service with nothing in the window has no chart.
	land := get(t, h, "zh-TW", "/applications/"+landAgency)
	land.mustHaveRows(t, "地政局", "土地登記|10 日|2|2|件數太少，不宜比較 民國113年2月（2024-02）結案 2 件|件數太少，不宜比較 （只有 2 件）|0 其中逾期 0 件")
	if strings.Contains(a.body+en.body+land.body, "[applications.") {
		t.Error("a message key is missing from a catalogue")
	}
}

// text is the answer's main content as a reader sees it: tags removed, spaces collapsed.
func (a answer) text() string {
	body := a.body
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	body = regexp.MustCompile(`(?s)<(svg|title|script|style)\b.*?</(svg|title|script|style)>`).ReplaceAllString(body, " ")
	body = html.UnescapeString(htmlTag.ReplaceAllString(body, " "))
	return strings.Join(strings.Fields(body), " ")
}

// Services are ranked by their on-time rate over the window, only with at least 30 timed
// applications: the five lowest and the five highest, or all of them in one list when there are
// ten or fewer.
func TestApplicationsRanking(t *testing.T) {
	t.Run("lowest and highest five", func(t *testing.T) {
		pool := appSample(t)
		addRankingData(t, pool, 12)
		appRecompute(t, pool)
		a := get(t, newRouter(t, pool), "zh-TW", "/applications")
		a.mustContain(t, "ranking", "只排列 12 個月內計時結案至少 30 件的申請項目（目前 12 項）", "最低的 5 項", "最高的 5 項")
		lowest := []string{"測試項目R12|測試局|42.9% （42 件中 18 件）|42", "測試項目R11|測試局|46.3% （41 件中 19 件）|41",
			"測試項目R10|測試局|50.0% （40 件中 20 件）|40", "測試項目R09|測試局|53.8% （39 件中 21 件）|39",
			"測試項目R08|測試局|57.9% （38 件中 22 件）|38"}
		highest := []string{"測試項目R01|測試局|93.5% （31 件中 29 件）|31", "測試項目R02|測試局|87.5% （32 件中 28 件）|32",
			"測試項目R03|測試局|81.8% （33 件中 27 件）|33", "測試項目R04|測試局|76.5% （34 件中 26 件）|34",
			"測試項目R05|測試局|71.4% （35 件中 25 件）|35"}
		inOrder(t, a.rows(), append(lowest, highest...))
		for _, r := range a.rows() {
			for _, unranked := range []string{"R06", "R07", "R98", "R99"} {
				if strings.HasPrefix(r, "測試項目"+unranked) {
					t.Errorf("%s is ranked: %q", unranked, r)
				}
			}
		}
		if !strings.Contains(a.body, `<a href="/applications/387000003A"><span lang="zh-Hant">測試局</span></a>`) {
			t.Error("a ranked service does not link to its agency")
		}
		en := get(t, newRouter(t, pool), "en", "/applications")
		en.mustContain(t, "ranking in English", "Only services with at least 30 timed applications", "(12 services now)",
			"The 5 lowest", "The 5 highest")
	})
	t.Run("ten or fewer in one list", func(t *testing.T) {
		pool := appSample(t)
		addRankingData(t, pool, 3)
		appRecompute(t, pool)
		a := get(t, newRouter(t, pool), "zh-TW", "/applications")
		a.mustContain(t, "short ranking", "（目前 3 項）")
		inOrder(t, a.rows(), []string{"測試項目R03|測試局|81.8% （33 件中 27 件）|33", "測試項目R02|測試局|87.5% （32 件中 28 件）|32",
			"測試項目R01|測試局|93.5% （31 件中 29 件）|31"})
		if strings.Contains(a.body, "最低的 5 項") {
			t.Error("three ranked services are split into lowest and highest")
		}
	})
}

// inOrder fails t unless want are rows of rows, one after the other.
func inOrder(t *testing.T, rows, want []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := at
		for i < len(rows) && rows[i] != w {
			i++
		}
		if i == len(rows) {
			t.Errorf("no row %q after row %d; rows: %q", w, at, rows)
			return
		}
		at = i + 1
	}
}

func TestApplicationsEmptyStates(t *testing.T) {
	pool := testdb.New(t)
	h := newRouter(t, pool)
	// Nothing imported, nothing computed.
	a := get(t, h, "zh-TW", "/applications")
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "empty", "<h2 id=\"empty-h\">尚無統計資料</h2>", "完成計算後，統計數字會顯示在這裡", "尚未登錄任何機關")
	if strings.Contains(a.body, "<svg") || strings.Contains(a.body, "統計截至") {
		t.Error("the empty page shows a chart or an as-of day")
	}
	get(t, h, "en", "/applications").mustContain(t, "empty in English", "No statistics yet", "No agency is registered yet")

	// Periods imported, not computed: the agencies are listed, and their pages give the periods.
	importApps(t, pool, applications.KindPeriods, appTestdata(t, "periods.csv"))
	a = get(t, h, "zh-TW", "/applications")
	a.mustContain(t, "periods only", "尚無統計資料", `<a href="/applications/387000001A"><span lang="zh-Hant">臺中市政府民政局</span></a>`)
	ag := get(t, h, "zh-TW", "/applications/"+civilAgency)
	if ag.status != 200 {
		t.Fatalf("agency before any recomputation: status %d", ag.status)
	}
	ag.mustContain(t, "agency before any recomputation", "尚無統計資料", "公告處理期間：5 個工作天")
	ag.mustHaveRows(t, "agency before any recomputation", "戶籍謄本|5 個工作天|0|0|—|—|0")

	// Computed over no application: said so, still no figures.
	if _, err := applications.Recompute(context.Background(), pool, appAsOf); err != nil {
		t.Fatal(err)
	}
	a = get(t, h, "zh-TW", "/applications")
	a.mustContain(t, "computed over nothing", "尚無統計資料", "還沒有匯入任何申請案件", "統計截至 民國113年3月31日（<span class=\"when\">2024-03-31</span>）")
	ag = get(t, h, "en", "/applications/"+civilAgency)
	ag.mustContain(t, "agency computed over nothing", "No application of this service in the last 12 months.")
}

func TestApplicationsBadAddresses(t *testing.T) {
	h, _ := appSite(t)
	// Whatever the address, the answer is a page in the reader's language, never a 500.
	for _, c := range []struct {
		path, lang string
		status     int
		want       string
	}{
		{"/applications/387999999A", "zh-TW", 404, "找不到這個機關"},
		{"/applications/387999999A", "en", 404, "No such agency"},
		{"/applications/387000001a", "zh-TW", 404, "找不到這個機關"}, // codes are exact
		{"/applications/a%20b", "zh-TW", 404, "找不到這個機關"},
		{"/applications/a%01b", "en", 404, "No such agency"},
		{"/applications/a%00b", "zh-TW", 404, "找不到這個機關"},      // a NUL byte
		{"/applications/%E3%80%80", "zh-TW", 404, "找不到這個機關"},  // an ideographic space
		{"/applications/%FF", "zh-TW", 404, "找不到這個機關"},        // not UTF-8
		{"/applications/%C0%AF", "en", 404, "No such agency"}, // an overlong encoding
		{"/applications/" + strings.Repeat("A", 101), "en", 404, "No such agency"},
		{"/applications/" + strings.Repeat("臺", 10000), "zh-TW", 404, "找不到這個機關"},
		{"/applications/" + strings.Repeat("9", 10000), "en", 404, "No such agency"},
		{"/applications/387000001A%00", "en", 404, "No such agency"},
		{"/applications/%E2%80%AE387000001A", "en", 404, "No such agency"}, // a right-to-left override
		{"/applications/" + strings.Repeat("A", 100), "en", 404, "No such agency"},
		{"/applications?month=abc&agency=%FF", "zh-TW", 200, "人民申請案件辦理情形"}, // unknown parameters change nothing
	} {
		a := get(t, h, c.lang, c.path)
		if a.status != c.status {
			t.Errorf("%s: status %d, want %d", c.path, a.status, c.status)
		}
		a.mustContain(t, c.path, c.want)
		if c.status != 200 {
			a.mustContain(t, c.path, `<a href="/applications">`)
		}
	}
	// An encoded slash leaves the route: the site's own 404 page, in the reader's language.
	if a := get(t, h, "en", "/applications/..%2F..%2Fadmin"); a.status != 404 || !strings.Contains(a.body, `lang="en"`) {
		t.Errorf("an encoded slash: status %d", a.status)
	}
}

// The pages read only the statistics and the registry, never application_records: with that table
// renamed away, both pages still answer with their figures.
func TestApplicationsPagesDoNotReadRecords(t *testing.T) {
	h, pool := appSite(t)
	ctx := context.Background()
	if _, err := testdb.AsOwner(t, pool).Exec(ctx, `ALTER TABLE application_records RENAME TO application_records_hidden`); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/applications", "/applications/" + civilAgency, "/applications/" + landAgency} {
		for _, lang := range []string{"zh-TW", "en"} {
			a := get(t, h, lang, path)
			if a.status != 200 {
				t.Errorf("%s (%s) without application_records: status %d", path, lang, a.status)
			}
			if !strings.Contains(a.body, `<svg class="trend"`) {
				t.Errorf("%s (%s) without application_records: no chart", path, lang)
			}
		}
	}
	// The table is really gone for this database: a query of it fails.
	if _, err := pool.Exec(ctx, `SELECT 1 FROM application_records`); err == nil {
		t.Fatal("application_records is still there")
	}
}

func TestHomeAndMenuLinkTheApplicationPages(t *testing.T) {
	h, _ := appSite(t)
	for _, path := range []string{"/", "/applications", "/procurement/tenders"} {
		a := get(t, h, "zh-TW", path)
		a.mustContain(t, path, `<li><a href="/applications"`, ">申請案件統計</a></li>")
	}
	get(t, h, "zh-TW", "/applications").mustContain(t, "menu on /applications", `<a href="/applications" aria-current="page">`)
	get(t, h, "zh-TW", "/applications/"+civilAgency).mustContain(t, "menu on an agency", `<a href="/applications" aria-current="true">`)
	get(t, h, "en", "/").mustContain(t, "home", `<a class="button" href="/applications">Application statistics</a>`)
}
