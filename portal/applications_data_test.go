package portal

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// The application pages are tested on the hand-built dataset of portal/applications/testdata,
// whose monthly figures are worked out by hand in recompute_test.go there, recomputed as of
// 2024-03-31: the window is April 2023 to March 2024, and only January to March have figures.
//
// Summed over the window (from those monthly figures):
//   - city: received 9 + 4 + 2 = 15 (counter 5 + 2 + 1 = 8, online 2 + 2 + 1 = 5, mail 2), closed
//     4 + 5 + 3 = 12, timed 4 + 4 + 3 = 11, on time 3 + 2 + 2 = 7, extended 1, 補正 1; at the end
//     of March 3 open, 2 overdue; monthly medians 9.5, 13.5 and 7 (March: 7, P90 61.4, n = 3);
//   - 民政局 (387000001A): received 13, closed 10, timed 9, on time 6, open 3, overdue 2; its
//     service 01 (5 working days) received 11, closed 9, timed 8, on time 6, March median 5.5,
//     P90 6.7 (n = 2), open 2, overdue 1; its service 03 (no period) received 2, closed 1, timed
//     1, on time 0, March 75 days, open 1, overdue 1;
//   - 地政局 (387000002A): received 2, timed 2, on time 1, nothing open.
var appAsOf = time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)

const (
	civilAgency = "387000001A"
	landAgency  = "387000002A"
	rankAgency  = "387000003A"
)

// appHolidays2024 are the weekday days off and the make-up workday (補行上班) of 2024, as the
// DGPA's office calendar has them: the hand-built figures depend on the Lunar New Year.
var appHolidays2024 = []string{"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13",
	"2024-02-14", "2024-02-28", "2024-04-04", "2024-04-05", "2024-06-10", "2024-09-17", "2024-10-10"}

// calendar2024 is the 2024 office calendar in the DGPA's format: every day, 2 for a day off.
func calendar2024() string {
	var b strings.Builder
	b.WriteString("西元日期,是否放假\n")
	for d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == 2024; d = d.AddDate(0, 0, 1) {
		off := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		for _, h := range appHolidays2024 {
			off = off || d.Format(time.DateOnly) == h
		}
		if d.Format(time.DateOnly) == "2024-02-17" {
			off = false
		}
		flag := "0"
		if off {
			flag = "2"
		}
		fmt.Fprintf(&b, "%s,%s\n", d.Format("20060102"), flag)
	}
	return b.String()
}

// importApps imports a file that must be accepted whole.
func importApps(t testing.TB, pool *pgxpool.Pool, kind applications.Kind, content string) {
	t.Helper()
	rep, err := applications.File(context.Background(), pool, kind, strings.NewReader(content), applications.Options{Today: appAsOf})
	if err != nil {
		if rep != nil {
			t.Fatalf("%s: %v: %v", kind, err, rep.Rejected)
		}
		t.Fatalf("%s: %v", kind, err)
	}
}

func appTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("applications/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// appSample is a fresh database with the hand-built dataset, not yet recomputed.
func appSample(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	importApps(t, pool, applications.KindPeriods, appTestdata(t, "periods.csv"))
	importApps(t, pool, applications.KindCalendar, calendar2024())
	importApps(t, pool, applications.KindApplications, appTestdata(t, "applications.csv"))
	return pool
}

func appRecompute(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	if _, err := applications.Recompute(context.Background(), pool, appAsOf); err != nil {
		t.Fatal(err)
	}
}

// appSite serves the package's routes over the hand-built dataset, recomputed.
func appSite(t testing.TB) (http.Handler, *pgxpool.Pool) {
	t.Helper()
	pool := appSample(t)
	appRecompute(t, pool)
	return newRouter(t, pool), pool
}

// addRankingData adds agency 387000003A (測試局) with services big enough to be ranked, all of a
// 10-day period, all received on Tuesday 2024-01-02 (due 01-12): an application closed on 01-04
// is on time, one closed on 01-31 is late. Service Ri (i = 1…services) has 30 + i applications,
// 2i of them late: an on-time rate of (30 − i) / (30 + i), lower for each i. Two more services
// are not ranked: R98 has 29 timed applications, all late; R99 has 35 applications, all on time,
// but 7 withdrawn, so only 28 timed.
func addRankingData(t testing.TB, pool *pgxpool.Pool, services int) {
	t.Helper()
	var periods, apps strings.Builder
	periods.WriteString("機關代碼,機關名稱,申請項目代碼,申請項目,處理期間\n")
	apps.WriteString("機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,處理結果\n")
	add := func(code string, n, late, withdrawn int) {
		fmt.Fprintf(&periods, "%s,測試局,%s,測試項目%s,10日\n", rankAgency, code, code)
		for k := range n {
			closed, outcome := "2024-01-04", "核准"
			switch {
			case k < late:
				closed = "2024-01-31"
			case k < late+withdrawn:
				outcome = "撤回"
			}
			fmt.Fprintf(&apps, "%s,測試局,%s-%03d,%s,測試項目%s,網路,2024-01-02,%s,%s\n", rankAgency, code, k, code, code, closed, outcome)
		}
	}
	for i := 1; i <= services; i++ {
		add(fmt.Sprintf("R%02d", i), 30+i, 2*i, 0)
	}
	add("R98", 29, 29, 0)
	add("R99", 35, 0, 7)
	importApps(t, pool, applications.KindPeriods, periods.String())
	importApps(t, pool, applications.KindApplications, apps.String())
}
