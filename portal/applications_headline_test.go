package portal

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/applications"
)

const headlineAgency = "387000004A"

// addHeadlineData adds agency 387000004A (測試處) with one service of 10 calendar days, whose
// figures are worked out by hand below:
//   - the twelve months before the window (2022-04 to 2023-03): 20 received on Wednesday
//     2022-06-01 (due Monday 06-13: 06-11 is a Saturday, and 2022 has no office calendar), 15
//     closed on 06-05, on time, and 5 on 07-30, late: 15 of 20 on time, 75.0%;
//   - January 2024: 12 received on 01-02 and closed the same day: 12 timed, all on time, 0 days;
//   - February 2024: 12 received on Thursday 02-01 (due 02-15: 02-11 is a Sunday and 02-12 to
//     02-14 are days off). 8 closed on 02-06 (5 days) and 2 on 02-08 (7 days), on time: 10 timed,
//     median 5 and P90 7 (of 5 ×8, 7 ×2: ranks 4.5 and 8.1 both fall between equal values); 2
//     closed on 03-15, late;
//   - March 2024: 3 received on 03-04 and closed on 03-06 (2 days), on time, and 1 received on
//     03-05 (due 03-15) still open, overdue at 03-31. March's timed: those 3 and the 2 late from
//     February, 5 in all, too few for its days.
//
// Over the window the agency has 25 of 27 timed on time (12 + 10 + 3 of 12 + 10 + 5), 92.6%.
// With the hand-built dataset (7 of 11), the city has 32 of 38, 84.2%; before the window only
// this agency had any, so the city's previous 12 months are its 15 of 20 too. Open at 03-31: the
// agency 1, overdue 1; the city 3 + 1 = 4, overdue 2 + 1 = 3. The latest whole month with 10
// timed is February for both: the agency's median 5 and P90 7 of 10; the city's 14 (the dataset's
// February has 4 more: 10, 12, 15 and 22 days), median 5 (ranks 6 and 7 of 5,5,5,5,5,5,5,5,7,7,
// 10,12,15,22 are both 5) and P90 12 + 0.7 × (15 − 12) = 14.1 (rank 11.7).
func addHeadlineData(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	var apps strings.Builder
	apps.WriteString("機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,處理結果\n")
	n := 0
	add := func(count int, received, closed string) {
		for range count {
			n++
			outcome := "核准"
			if closed == "" {
				outcome = ""
			}
			fmt.Fprintf(&apps, "%s,測試處,H-%03d,01,測試申請,臨櫃,%s,%s,%s\n", headlineAgency, n, received, closed, outcome)
		}
	}
	add(15, "2022-06-01", "2022-06-05")
	add(5, "2022-06-01", "2022-07-30")
	add(12, "2024-01-02", "2024-01-02")
	add(8, "2024-02-01", "2024-02-06")
	add(2, "2024-02-01", "2024-02-08")
	add(2, "2024-02-01", "2024-03-15")
	add(3, "2024-03-04", "2024-03-06")
	add(1, "2024-03-05", "")
	importApps(t, pool, applications.KindPeriods, "機關代碼,機關名稱,申請項目代碼,申請項目,處理期間\n"+headlineAgency+",測試處,01,測試申請,10日\n")
	importApps(t, pool, applications.KindApplications, apps.String())
}

// headlineSite serves the hand-built dataset and addHeadlineData, recomputed as of asOf.
func headlineSite(t testing.TB, asOf time.Time) http.Handler {
	t.Helper()
	pool := appSample(t)
	addHeadlineData(t, pool)
	if _, err := applications.Recompute(context.Background(), pool, asOf); err != nil {
		t.Fatal(err)
	}
	return newRouter(t, pool)
}

// The headline figures lead each page, each with the period it covers, against the hand-computed
// figures of addHeadlineData.
func TestApplicationsHeadlineFigures(t *testing.T) {
	h := headlineSite(t, appAsOf)
	window := "民國112年4月至113年3月（2023-04 至 2024-03）"
	prev := "前 12 個月（民國111年4月至112年3月）："
	agency := get(t, h, "zh-TW", "/applications/"+headlineAgency).text()
	city := get(t, h, "zh-TW", "/applications").text()
	for _, c := range []struct{ page, text string }{
		{agency, "本機關概況 準時辦結 92.6% " + window + "，計時結案 27 件中，有 25 件在公告的處理期間內辦結。 全市同期：84.2% " + prev + "75.0%"},
		{agency, "仍在辦理 1 件 到 民國113年3月31日（2024-03-31） 仍在辦理的案件，其中 1 件已超過處理期限。"},
		{agency, "一般要多久 5 天 民國113年2月（2024-02）結案的 10 件中，一半在 5 天內辦結，九成在 7 天內。"},
		{agency, "注意：2022, 2023 年沒有匯入政府行政機關辦公日曆表"},
		{city, "全市概況 準時辦結 84.2% " + window + "，計時結案 38 件中，有 32 件在公告的處理期間內辦結。 " + prev + "75.0%"},
		{city, "仍在辦理 4 件 到 民國113年3月31日（2024-03-31） 仍在辦理的案件，其中 3 件已超過處理期限。"},
		{city, "一般要多久 5 天 民國113年2月（2024-02）結案的 14 件中，一半在 5 天內辦結，九成在 14.1 天內。"},
	} {
		if !strings.Contains(c.page, c.text) {
			t.Errorf("no %q in\n%s", c.text, c.page)
		}
	}
	if strings.Contains(city, "全市同期") {
		t.Error("the city's page compares the city with itself")
	}
	// January closed everything the same day: its row says so in words.
	get(t, h, "zh-TW", "/applications/"+headlineAgency).mustHaveRows(t, "測試處",
		"民國113年1月（2024-01）|12|12|100.0% （12 件中 12 件）|當天|當天|0|0",
		"民國113年2月（2024-02）|12|10|100.0% （10 件中 10 件）|5|7|2|2", // the 2 closed on 03-15 are overdue by then
		"測試申請|10 日|28|27|5 天 民國113年2月（2024-02）結案 10 件|92.6% （27 件中 25 件）|1 其中逾期 1 件",
		"民國113年3月（2024-03）|4|5|件數太少，不宜比較 （只有 5 件）|件數太少|件數太少|1|1")

	en := get(t, h, "en", "/applications/"+headlineAgency).text()
	for _, want := range []string{
		"This agency at a glance Finished on time 92.6% Apr 2023–Mar 2024: 25 of 27 applications were finished within the published period. City, same months: 84.2% Previous 12 months (Apr 2022–Mar 2023): 75.0%",
		"Still open 1 Not yet finished on 31 Mar 2024; past their due date: 1.",
		"Typical time 5 days Of the 10 applications finished in Feb 2024, half took 5 days or less; nine in ten within 7 days.",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("no %q in\n%s", want, en)
		}
	}
}
