package portal

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// applicationsAsOf is the day the sample statistics are computed as of.
var applicationsAsOf = applications.Date(2024, 3, 31)

// laterPeriod shortens the period of 民政局's 戶籍謄本 from March 2024: the files give the period in
// force at each month's end.
const laterPeriod = "機關代碼,機關名稱,申請項目代碼,申請項目,處理期間,單位,生效日期\n" +
	"387000001A,臺中市政府民政局,01,戶籍謄本,3,工作天,2024-03-01\n"

// importApplications imports a file that must be accepted whole.
func importApplications(t testing.TB, pool *pgxpool.Pool, kind applications.Kind, content string) {
	t.Helper()
	if rep, err := applications.File(context.Background(), pool, kind, strings.NewReader(content), applications.Options{}); err != nil {
		t.Fatalf("%s: %v %v", kind, err, rep)
	}
}

// applicationsSite serves the portal over the sample data of portal/applications (two agencies,
// three services, fifteen applications in early 2024) with a later period for one service,
// recomputed as of the end of March 2024.
func applicationsSite(t testing.TB) (http.Handler, *pgxpool.Pool) {
	t.Helper()
	pool := testdb.New(t)
	addApplicationsSample(t, pool)
	return newRouter(t, pool), pool
}

// addApplicationsSample imports applicationsSite's data into pool and recomputes the statistics.
func addApplicationsSample(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	for _, f := range []struct {
		kind applications.Kind
		name string
	}{{applications.KindPeriods, "periods.csv"}, {applications.KindCalendar, "calendar.csv"}, {applications.KindApplications, "applications.csv"}} {
		b, err := os.ReadFile("applications/testdata/" + f.name)
		if err != nil {
			t.Fatal(err)
		}
		importApplications(t, pool, f.kind, string(b))
	}
	importApplications(t, pool, applications.KindPeriods, laterPeriod)
	if _, err := applications.Recompute(context.Background(), pool, applicationsAsOf); err != nil {
		t.Fatal(err)
	}
}

// storedStats reads application_stats as the files write it, keyed by level, agency and service
// codes and month: the sixteen figures, day figures as their shortest decimals.
func storedStats(t testing.TB, pool *pgxpool.Pool) map[string][]string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT CASE WHEN st.agency_id = 0 THEN 'city' WHEN st.service_id = 0 THEN 'agency' ELSE 'service' END,
		COALESCE(a.code, ''), COALESCE(s.code, ''), to_char(st.month, 'YYYY-MM'),
		received, received_counter, received_online, received_mail, closed, approved, rejected, withdrawn, timed,
		median_days, p90_days, on_time, extended, corrected, open_end, overdue_end
		FROM application_stats st LEFT JOIN application_agencies a ON a.id = st.agency_id
		LEFT JOIN application_services s ON s.id = st.service_id`)
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string][]string{}
	var level, agency, service, month string
	var n [14]int
	var median, p90 *float64
	_, err = pgx.ForEachRow(rows, []any{&level, &agency, &service, &month, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7], &n[8],
		&median, &p90, &n[9], &n[10], &n[11], &n[12], &n[13]}, func() error {
		var f []string
		for _, v := range n[:9] {
			f = append(f, strconv.Itoa(v))
		}
		f = append(f, dayFigure(median), dayFigure(p90))
		for _, v := range n[9:] {
			f = append(f, strconv.Itoa(v))
		}
		stats[level+"|"+agency+"|"+service+"|"+month] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// TestApplicationStatisticsFiles: /opendata lists the statistics' CSV and JSON with their true sizes,
// the day they are as of and the licence; the CSV (BOM, header in the reader's language) and the
// JSON hold every row of application_stats with the same figures, the names in zh and en, and each
// service's period in force at the month's end.
func TestApplicationStatisticsFiles(t *testing.T) {
	h, pool := applicationsSite(t)
	stats := storedStats(t, pool)
	if len(stats) < 10 {
		t.Fatalf("the sample has %d rows of statistics", len(stats))
	}
	cat := mustCatalogues(t)

	page := get(t, h, "zh-TW", "/opendata")
	page.mustContain(t, "the open data page", "人民申請案件統計", `href="/opendata/applications-monthly-stats.csv"`,
		`href="/opendata/applications-monthly-stats.json"`, "統計截至民國113年3月31日（<span class=\"when\">2024-03-31</span>），共計 15 件申請。",
		fmt.Sprintf("<dd>%d</dd>", len(stats)), "政府資料開放授權條款－第1版")
	en := get(t, h, "en", "/opendata")
	en.mustContain(t, "the English open data page", "Statistics of citizens&#39; applications", "Figures as of <span class=\"when\">31 Mar 2024</span>, counting 15 applications.")

	// CSV: the BOM, the header in the reader's language, a row per row of the statistics.
	for _, lang := range []string{"zh-TW", "en"} {
		a := get(t, h, lang, "/opendata/applications-monthly-stats.csv")
		header := map[string]string{"zh-TW": "\ufeff層級,月份,機關代碼,機關名稱,機關英文名稱,申請項目代碼,申請項目名稱,申請項目英文名稱,處理期間,處理期間單位,收件數,",
			"en": "\ufeffLevel,Month,Agency code,Agency (Chinese),Agency (English),Service code,"}[lang]
		if a.status != 200 || !strings.HasPrefix(a.body, header) || a.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			a.header.Get("Content-Disposition") != `attachment; filename="applications-monthly-stats.csv"` {
			t.Fatalf("CSV (%s): %d %q %.120q", lang, a.status, a.header.Get("Content-Type"), a.body)
		}
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(a.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != len(stats)+1 || len(records[0]) != 26 {
			t.Fatalf("CSV (%s): %d lines of %d columns, want a header and %d rows of 26", lang, len(records), len(records[0]), len(stats))
		}
		for _, r := range records[1:] {
			key := r[0] + "|" + r[2] + "|" + r[5] + "|" + r[1]
			if want, ok := stats[key]; !ok || !slices.Equal(r[10:], want) {
				t.Errorf("CSV (%s) row %q: figures %q, application_stats %q", lang, key, r[10:], want)
			}
		}
		if records[1][0] != "city" || records[1][2] != "" || records[1][8] != "" {
			t.Errorf("CSV (%s): the first row is not the city's: %q", lang, records[1])
		}
		wantRows := [][]string{
			{"service", "2024-01", "387000001A", "臺中市政府民政局", "Civil Affairs Bureau", "01", "戶籍謄本", "Household registration transcript", "5", "working_days"},
			{"service", "2024-03", "387000001A", "臺中市政府民政局", "Civil Affairs Bureau", "01", "戶籍謄本", "Household registration transcript", "3", "working_days"},
			{"service", "2024-02", "387000002A", "臺中市政府地政局", "Land Administration Bureau", "01", "土地登記", "Land registration", "10", "calendar_days"},
			{"service", "2024-01", "387000001A", "臺中市政府民政局", "Civil Affairs Bureau", "03", "其他申請", "Other applications", "", ""},
			{"agency", "2024-02", "387000002A", "臺中市政府地政局", "Land Administration Bureau", "", "", "", "", ""},
		}
		for _, w := range wantRows {
			if !slices.ContainsFunc(records, func(r []string) bool { return slices.Equal(r[:10], w) }) {
				t.Errorf("CSV (%s) has no row starting %q", lang, w)
			}
		}
		p := page
		if lang == "en" {
			p = en
		}
		p.mustContain(t, "the page ("+lang+")", "<dd>"+byteSize(cat, i18n.Negotiate("", lang), int64(len(a.body)))+"</dd>")
	}

	// JSON: the head, then every row under the CSV's column names.
	a := get(t, h, "zh-TW", "/opendata/applications-monthly-stats.json")
	if a.status != 200 || a.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("JSON: %d %q", a.status, a.header.Get("Content-Type"))
	}
	var file struct {
		License, LicenseName, PublishedDate, AsOf string
		Applications                              int
		Publisher                                 struct{ Name string }
		Stats                                     []map[string]any
	}
	dec := json.NewDecoder(strings.NewReader(a.body))
	dec.UseNumber()
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("JSON: %v\n%.300s", err, a.body)
	}
	var head map[string]any
	json.Unmarshal([]byte(a.body), &head)
	if head["license"] != licenseURL || head["license_name"] != "政府資料開放授權條款－第1版" || head["as_of"] != "2024-03-31" ||
		head["applications"] != 15.0 || file.Publisher.Name != "臺中市政府政風處" {
		t.Errorf("JSON head: %v %v %v %v %v", head["license"], head["license_name"], head["as_of"], head["applications"], file.Publisher)
	}
	if _, err := time.Parse(time.RFC3339Nano, head["published_date"].(string)); err != nil || !strings.HasSuffix(head["published_date"].(string), "+08:00") {
		t.Errorf("JSON published_date %v", head["published_date"])
	}
	if len(file.Stats) != len(stats) {
		t.Fatalf("JSON has %d rows, application_stats %d", len(file.Stats), len(stats))
	}
	text := func(v any) string {
		switch v := v.(type) {
		case nil:
			return ""
		case json.Number:
			return v.String()
		}
		return fmt.Sprint(v)
	}
	for _, r := range file.Stats {
		key := text(r["level"]) + "|" + text(r["agency_code"]) + "|" + text(r["service_code"]) + "|" + text(r["month"])
		var got []string
		for _, col := range applicationCSVColumns[10:] {
			got = append(got, text(r[col]))
		}
		if want := stats[key]; !slices.Equal(got, want) {
			t.Errorf("JSON row %q: %q, application_stats %q", key, got, want)
		}
		if r["level"] == "city" && (r["agency_code"] != nil || r["period_value"] != nil) {
			t.Errorf("JSON city row %v", r)
		}
	}
	if r := file.Stats[len(file.Stats)-1]; r["agency_name_en"] != "Land Administration Bureau" || text(r["period_value"]) != "10" || r["period_unit"] != "calendar_days" {
		t.Errorf("JSON's last row: %v", r)
	}
	page.mustContain(t, "the page", "<dd>"+byteSize(cat, i18n.ZhTW, int64(len(a.body)))+"</dd>")
}

// TestApplicationStatisticsFilesAnswerConditionalRequests: a download of unchanged statistics is a
// 304; a recomputation, or a rename by a periods file (which recomputes nothing), changes the ETag.
func TestApplicationStatisticsFilesAnswerConditionalRequests(t *testing.T) {
	h, pool := applicationsSite(t)
	for _, path := range []string{"/opendata/applications-monthly-stats.csv", "/opendata/applications-monthly-stats.json"} {
		a := get(t, h, "zh-TW", path)
		etag, modified := a.header.Get("ETag"), a.header.Get("Last-Modified")
		if a.status != 200 || etag == "" || modified == "" || a.header.Get("Access-Control-Allow-Origin") != "*" ||
			a.header.Get("Cache-Control") != "public, no-cache" {
			t.Fatalf("%s: %d, ETag %q, Last-Modified %q, headers %v", path, a.status, etag, modified, a.header)
		}
		for _, cond := range [][]string{{"If-None-Match", etag}, {"If-Modified-Since", modified}} {
			if b := fetch(t, h, "GET", path, "Accept-Language", "zh-TW", cond[0], cond[1]); b.status != http.StatusNotModified || b.body != "" {
				t.Errorf("%s with %s: %d", path, cond[0], b.status)
			}
		}
		if hd := fetch(t, h, "HEAD", path, "Accept-Language", "zh-TW"); hd.status != 200 || hd.header.Get("ETag") != etag || hd.body != "" {
			t.Errorf("HEAD %s: %d %q", path, hd.status, hd.header.Get("ETag"))
		}
	}
	zh, en := get(t, h, "zh-TW", "/opendata/applications-monthly-stats.csv"), get(t, h, "en", "/opendata/applications-monthly-stats.csv")
	if zh.header.Get("ETag") == en.header.Get("ETag") {
		t.Error("the CSV has the same ETag in both languages, with different header rows")
	}

	before := get(t, h, "zh-TW", "/opendata/applications-monthly-stats.json")
	importApplications(t, pool, applications.KindPeriods, "機關代碼,機關名稱,機關英文名稱,申請項目代碼,申請項目,處理期間,單位\n"+
		"387000002A,臺中市政府地政局,Land Office,01,土地登記,10,日\n")
	renamed := fetch(t, h, "GET", "/opendata/applications-monthly-stats.json", "If-None-Match", before.header.Get("ETag"))
	if renamed.status != 200 || renamed.header.Get("ETag") == before.header.Get("ETag") || !strings.Contains(renamed.body, `"agency_name_en":"Land Office"`) {
		t.Errorf("after a rename: %d, ETag %q (was %q)", renamed.status, renamed.header.Get("ETag"), before.header.Get("ETag"))
	}
	if _, err := applications.Recompute(context.Background(), pool, applications.Date(2024, 4, 30)); err != nil {
		t.Fatal(err)
	}
	later := fetch(t, h, "GET", "/opendata/applications-monthly-stats.json", "If-None-Match", renamed.header.Get("ETag"))
	if later.status != 200 || later.header.Get("ETag") == renamed.header.Get("ETag") || !strings.Contains(later.body, `"as_of":"2024-04-30"`) ||
		!strings.Contains(later.body, `"month":"2024-04"`) {
		t.Errorf("after a recomputation: %d, ETag %q (was %q)\n%.300s", later.status, later.header.Get("ETag"), renamed.header.Get("ETag"), later.body)
	}
}

// TestApplicationStatisticsFilesBeforeAnyRecomputation: the page says there are none yet, and the
// files hold no rows.
func TestApplicationStatisticsFilesBeforeAnyRecomputation(t *testing.T) {
	h := newRouter(t, testdb.New(t))
	page := get(t, h, "zh-TW", "/opendata")
	page.mustContain(t, "the page", "目前還沒有人民申請案件統計。")
	if strings.Contains(page.body, "applications-monthly-stats") {
		t.Error("the page links files before any recomputation")
	}
	if a := get(t, h, "en", "/opendata/applications-monthly-stats.csv"); a.status != 200 || strings.Count(a.body, "\n") != 1 {
		t.Errorf("CSV: %d %q", a.status, a.body)
	}
	var file struct {
		AsOf  *string `json:"as_of"`
		Stats []any   `json:"stats"`
	}
	if a := get(t, h, "en", "/opendata/applications-monthly-stats.json"); a.status != 200 || json.Unmarshal([]byte(a.body), &file) != nil ||
		file.AsOf != nil || file.Stats == nil || len(file.Stats) != 0 {
		t.Errorf("JSON: %d %q", a.status, a.body)
	}
}
