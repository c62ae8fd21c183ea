package portal

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

func TestApplicationsCityFigures(t *testing.T) {
	h, _ := appSite(t)
	a := get(t, h, "zh-TW", "/applications")
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "/applications", "<h1>人民申請案件辦理情形</h1>",
		"統計截至 民國113年3月31日（2024-03-31）；最近一次計算完成於",
		"全市最近 12 個月：民國112年4月（2023-04） 至 民國113年3月（2024-03）",
		"<dt>收件</dt><dd>15</dd>", "<dd>12 （其中計時結案 11 件；撤回的案件不計時）</dd>",
		"63.6%（7 件 ÷ 計時結案 11 件）", // on time
		"9.1%（1 件 ÷ 計時結案 11 件）",  // extended, and 補正
		"7 日 （民國113年3月（2024-03），n = 3 件）", "61.4 日 （民國113年3月（2024-03），n = 3 件）",
		"7 至 13.5 日（3 個月有計時結案）", "3 件，其中逾期 2 件",
		"臨櫃 53.3%（8 件）", "網路 33.3%（5 件）", "郵寄 13.3%（2 件）",
		// what the figures mean, and why the medians are not summed
		"這些數字的意思", "一年的中位數不等於 12 個月中位數的任何組合", "行政程序法第 51 條")
	if strings.Contains(a.body, "計至統計截止日") {
		t.Error("March is marked as counted in part, but 03-31 is its last day")
	}
	// The trend: twelve months, the months with nothing written as zeros, the table beside the chart.
	a.mustHaveRows(t, "/applications",
		"民國112年4月（2023-04）|0|0|—|—|—|0|0",
		"民國113年1月（2024-01）|9|4|75.0% （3 ÷ 4 件）|9.5|13.4|5|0",
		"民國113年2月（2024-02）|4|5|50.0% （2 ÷ 4 件）|13.5|19.9|4|1",
		"民國113年3月（2024-03）|2|3|66.7% （2 ÷ 3 件）|7|61.4|3|2",
		// the agencies, with links
		"臺中市政府民政局|2|13|66.7% （6 ÷ 9 件）|3 逾期 2",
		"臺中市政府地政局|1|2|50.0% （1 ÷ 2 件）|0 逾期 0")
	a.mustContain(t, "/applications", `<a href="/applications/387000001A">臺中市政府民政局</a>`,
		`<svg class="trend"`, `aria-labelledby="trend-city-title trend-city-desc"`,
		"<title id=\"trend-city-title\">每月收件、結案與準時辦結比率，民國112年4月（2023-04） 至 民國113年3月（2024-03）</title>",
		"目前沒有申請項目達到排列所需的件數。", "只排列 12 個月內計時結案至少 30 件的申請項目（目前 0 項）")
	if n := len(a.rows()); n != 1+12+1+2 {
		t.Errorf("%d table rows, want the trend's 12 and the 2 agencies with their headers", n)
	}
	// The chart: a legend and 12 pairs of columns; the on-time line joins January, February and
	// March, the only months with timed applications.
	for what, want := range map[string]int{`<rect class="received"`: 13, `<rect class="closed"`: 13,
		`<circle class="share"`: 3, `<line class="share"`: 2} {
		if n := strings.Count(a.body, what); n != want {
			t.Errorf("%d of %s in the chart, want %d", n, what, want)
		}
	}
	if !regexp.MustCompile(`(?s)</svg></figure>\s*<div class="table-scroll"[^>]*>\s*<table`).MatchString(a.body) {
		t.Error("the trend chart is not followed by its table")
	}

	en := get(t, h, "en", "/applications")
	en.mustContain(t, "/applications in English", "<h1>How the city handles citizens&#39; applications</h1>",
		"Figures as of 31 Mar 2024", "The whole city, last 12 months: Apr 2023 to Mar 2024",
		"63.6% (7 of 11 timed applications)", "7 days (Mar 2024, n = 3)",
		"7 to 13.5 days (3 months with timed applications)", "3, of which 2 overdue",
		"At the counter 53.3% (8)", "a year&#39;s median is no mix of twelve monthly medians",
		`<a href="/applications/387000001A">Civil Affairs Bureau</a>`)
	en.mustHaveRows(t, "/applications in English", "Jan 2024|9|4|75.0% (3 of 4)|9.5|13.4|5|0",
		"Land Administration Bureau|1|2|50.0% (1 of 2)|0 0 overdue")
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
	a.mustContain(t, "民政局", "<h1>臺中市政府民政局</h1>", "<dd>387000001A</dd>",
		"本機關最近 12 個月：民國112年4月（2023-04） 至 民國113年3月（2024-03）", "<dt>收件</dt><dd>13</dd>",
		"66.7%（6 件 ÷ 計時結案 9 件）", "3 件，其中逾期 2 件",
		"公告處理期間：5 個工作天", "依據：民政局人民申請案件處理期限表",
		"公告處理期間：未公告處理期間：依法為二個月",
		`<a href="#service-1">戶籍謄本</a>`, `<section class="service" id="service-2" aria-labelledby="service-2-h">`,
		`<svg class="trend"`, `aria-labelledby="chart-service-1-title chart-service-1-desc"`,
		"<summary id=\"service-1-table\">戶籍謄本：每月數字表</summary>")
	a.mustHaveRows(t, "民政局",
		"戶籍謄本|5 個工作天|11|9|5.5 / 6.7 （民國113年3月（2024-03），n = 2 件）|75.0% （6 ÷ 8 件）|2 逾期 1",
		"其他申請|未公告處理期間：依法為二個月|2|1|75 / 75 （民國113年3月（2024-03），n = 1 件）|0.0% （0 ÷ 1 件）|1 逾期 1",
		// each service's months
		"民國113年1月（2024-01）|7|4|75.0% （3 ÷ 4 件）|9.5|13.4|3|0",
		"民國113年2月（2024-02）|0|0|—|—|—|2|0")
	// One chart per service, each followed by its table in <details>.
	if n := strings.Count(a.body, `<svg class="trend"`); n != 2 {
		t.Errorf("%d charts, want one per service", n)
	}
	if n := len(regexp.MustCompile(`(?s)</svg></figure>\s*<details class="months">\s*<summary[^>]*>[^<]*</summary>\s*<div class="table-scroll"[^>]*>\s*<table`).FindAllString(a.body, -1)); n != 2 {
		t.Errorf("%d charts followed by their table, want 2", n)
	}

	en := get(t, h, "en", "/applications/"+civilAgency)
	en.mustContain(t, "Civil Affairs Bureau", "<h1>Civil Affairs Bureau</h1>", "Published period: 5 working days",
		"Published period: no period published: two months by law", "This agency, last 12 months: Apr 2023 to Mar 2024")
	en.mustHaveRows(t, "Civil Affairs Bureau",
		"Household registration transcript|5 working days|11|9|5.5 / 6.7 (Mar 2024, n = 2)|75.0% (6 of 8)|2 1 overdue")

	// A period in calendar days, and a service with nothing in the window has no chart.
	land := get(t, h, "zh-TW", "/applications/"+landAgency)
	land.mustHaveRows(t, "地政局", "土地登記|10 日|2|2|12.5 / 14.5 （民國113年2月（2024-02），n = 2 件）|50.0% （1 ÷ 2 件）|0 逾期 0")
	if strings.Contains(a.body+en.body+land.body, "[applications.") {
		t.Error("a message key is missing from a catalogue")
	}
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
		lowest := []string{"測試項目R12|測試局|42.9% （18 ÷ 42 件）|42", "測試項目R11|測試局|46.3% （19 ÷ 41 件）|41",
			"測試項目R10|測試局|50.0% （20 ÷ 40 件）|40", "測試項目R09|測試局|53.8% （21 ÷ 39 件）|39",
			"測試項目R08|測試局|57.9% （22 ÷ 38 件）|38"}
		highest := []string{"測試項目R01|測試局|93.5% （29 ÷ 31 件）|31", "測試項目R02|測試局|87.5% （28 ÷ 32 件）|32",
			"測試項目R03|測試局|81.8% （27 ÷ 33 件）|33", "測試項目R04|測試局|76.5% （26 ÷ 34 件）|34",
			"測試項目R05|測試局|71.4% （25 ÷ 35 件）|35"}
		inOrder(t, a.rows(), append(lowest, highest...))
		for _, r := range a.rows() {
			for _, unranked := range []string{"R06", "R07", "R98", "R99"} {
				if strings.HasPrefix(r, "測試項目"+unranked) {
					t.Errorf("%s is ranked: %q", unranked, r)
				}
			}
		}
		if !strings.Contains(a.body, `<a href="/applications/387000003A">測試局</a>`) {
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
		inOrder(t, a.rows(), []string{"測試項目R03|測試局|81.8% （27 ÷ 33 件）|33", "測試項目R02|測試局|87.5% （28 ÷ 32 件）|32",
			"測試項目R01|測試局|93.5% （29 ÷ 31 件）|31"})
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
	a.mustContain(t, "periods only", "尚無統計資料", `<a href="/applications/387000001A">臺中市政府民政局</a>`)
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
	a.mustContain(t, "computed over nothing", "尚無統計資料", "還沒有匯入任何申請案件", "統計截至 民國113年3月31日（2024-03-31）")
	ag = get(t, h, "en", "/applications/"+civilAgency)
	ag.mustContain(t, "agency computed over nothing", "No application of this service in the last 12 months.")
}

func TestApplicationsBadAddresses(t *testing.T) {
	h, _ := appSite(t)
	for _, c := range []struct {
		path, lang string
		status     int
		want       string
	}{
		{"/applications/387999999A", "zh-TW", 404, "找不到這個機關"},
		{"/applications/387999999A", "en", 404, "No such agency"},
		{"/applications/387000001a", "zh-TW", 404, "找不到這個機關"}, // codes are exact
		{"/applications/a%20b", "zh-TW", 400, "機關代碼格式不正確"},
		{"/applications/a%01b", "en", 400, "That agency code is not valid"},
		{"/applications/%E3%80%80", "zh-TW", 400, "機關代碼格式不正確"}, // an ideographic space
		{"/applications/%FF", "zh-TW", 400, "機關代碼格式不正確"},       // not UTF-8
		{"/applications/" + strings.Repeat("A", 101), "en", 400, "at most 100 characters"},
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
