package portal

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
)

// figureRow writes an API month's figures as storedStats does.
func figureRow(m apiApplicationMonth) []string {
	f := m.applicationFiguresJSON
	var row []string
	for _, n := range []int{f.Received, f.ReceivedCounter, f.ReceivedOnline, f.ReceivedMail, f.Closed, f.Approved, f.Rejected, f.Withdrawn, f.Timed} {
		row = append(row, strconv.Itoa(n))
	}
	row = append(row, dayFigure(f.MedianDays), dayFigure(f.P90Days))
	for _, n := range []int{f.OnTime, f.Extended, f.Corrected, f.OpenEnd, f.OverdueEnd} {
		row = append(row, strconv.Itoa(n))
	}
	return row
}

// checkMonths compares an answer's months with application_stats at a level ("city|||", "agency|A||",
// "service|A|S|"), and their order and range.
func checkMonths(t *testing.T, what string, months []apiApplicationMonth, stats map[string][]string, prefix string, want []string) {
	t.Helper()
	var got []string
	for _, m := range months {
		got = append(got, m.Month)
		if w, ok := stats[prefix+m.Month]; !ok || !slices.Equal(figureRow(m), w) {
			t.Errorf("%s %s: %q, application_stats %q", what, m.Month, figureRow(m), w)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: months %q, want %q", what, got, want)
	}
}

// TestAPIApplications: /api/v1/applications gives the city's figures per month and the agencies,
// /api/v1/applications/{agency} the agency's and each service's with its periods, all equal to
// application_stats, and from and to narrow the months.
func TestAPIApplications(t *testing.T) {
	h, pool := applicationsSite(t)
	stats := storedStats(t, pool)

	var city apiApplications
	a := apiGet(t, h, "/api/v1/applications", &city)
	if a.status != 200 || deref(city.AsOf) != "2024-03-31" || city.From != nil || city.To != nil {
		t.Fatalf("/api/v1/applications: %d %+v", a.status, city)
	}
	if at, err := time.Parse(time.RFC3339, deref(city.ComputedAt)); err != nil || time.Since(at) > time.Hour || !strings.HasSuffix(*city.ComputedAt, "+08:00") {
		t.Errorf("computed_at %v: %v", city.ComputedAt, err)
	}
	checkMonths(t, "the city", city.Months, stats, "city|||", []string{"2024-01", "2024-02", "2024-03"})
	want := []apiApplicationAgency{
		{Code: "387000001A", NameZh: "臺中市政府民政局", NameEn: "Civil Affairs Bureau", Services: 2,
			URL: "http://localhost:8080/applications/387000001A", APIURL: "http://localhost:8080/api/v1/applications/387000001A"},
		{Code: "387000002A", NameZh: "臺中市政府地政局", NameEn: "Land Administration Bureau", Services: 1,
			URL: "http://localhost:8080/applications/387000002A", APIURL: "http://localhost:8080/api/v1/applications/387000002A"},
	}
	if !slices.Equal(city.Agencies, want) {
		t.Errorf("agencies %+v", city.Agencies)
	}

	var feb apiApplications
	apiGet(t, h, "/api/v1/applications?from=2024-02&to=2024-02", &feb)
	checkMonths(t, "the city in February", feb.Months, stats, "city|||", []string{"2024-02"})
	if deref(feb.From) != "2024-02" || deref(feb.To) != "2024-02" || feb.Agencies[0].APIURL != "http://localhost:8080/api/v1/applications/387000001A?from=2024-02&to=2024-02" {
		t.Errorf("February: from %v to %v, %q", feb.From, feb.To, feb.Agencies[0].APIURL)
	}
	var from apiApplications
	apiGet(t, h, "/api/v1/applications?from=2024-02", &from)
	checkMonths(t, "the city from February", from.Months, stats, "city|||", []string{"2024-02", "2024-03"})
	var upTo apiApplications
	apiGet(t, h, "/api/v1/applications?to=2024-01", &upTo)
	checkMonths(t, "the city to January", upTo.Months, stats, "city|||", []string{"2024-01"})

	var ag apiApplicationsAgency
	a = apiGet(t, h, "/api/v1/applications/387000001A", &ag)
	if a.status != 200 || ag.Code != "387000001A" || ag.NameZh != "臺中市政府民政局" || ag.NameEn != "Civil Affairs Bureau" ||
		ag.URL != "http://localhost:8080/applications/387000001A" || deref(ag.AsOf) != "2024-03-31" || len(ag.Services) != 2 {
		t.Fatalf("the agency: %d %+v", a.status, ag)
	}
	checkMonths(t, "the agency", ag.Months, stats, "agency|387000001A||", []string{"2024-01", "2024-02", "2024-03"})
	s := ag.Services[0]
	if s.Code != "01" || s.NameZh != "戶籍謄本" || s.NameEn != "Household registration transcript" || len(s.Periods) != 2 ||
		s.Periods[0].EffectiveFrom != nil || deref(s.Periods[0].Unit) != "working_days" || *s.Periods[0].Value != 5 ||
		s.Periods[0].Source != "民政局人民申請案件處理期限表" || deref(s.Periods[1].EffectiveFrom) != "2024-03-01" || *s.Periods[1].Value != 3 {
		t.Errorf("戶籍謄本: %+v", s)
	}
	checkMonths(t, "戶籍謄本", s.Months, stats, "service|387000001A|01|", []string{"2024-01", "2024-02", "2024-03"})
	s = ag.Services[1]
	if s.Code != "03" || len(s.Periods) != 1 || s.Periods[0].Value != nil || s.Periods[0].Unit != nil || s.Periods[0].Source != "未訂處理期間" {
		t.Errorf("其他申請: %+v", s)
	}
	checkMonths(t, "其他申請", s.Months, stats, "service|387000001A|03|", []string{"2024-01", "2024-02", "2024-03"})

	var land apiApplicationsAgency
	apiGet(t, h, "/api/v1/applications/387000002A?from=2024-03", &land)
	if len(land.Months) != 0 || len(land.Services) != 1 || len(land.Services[0].Months) != 0 || len(land.Services[0].Periods) != 1 {
		t.Errorf("地政局 from March (no figures): %+v", land)
	}
}

// TestAPIApplicationsRefusesBadRequests: bad months, a reversed range, unknown parameters and bad
// or unknown agency codes are answered in JSON with a code and a message, in zh-TW too.
func TestAPIApplicationsRefusesBadRequests(t *testing.T) {
	h, _ := applicationsSite(t)
	cases := []struct {
		path, code, message, messageZh string
		status                         int
		parameters                     []string
	}{
		{"/api/v1/applications?from=2024-13", "invalid_parameter", "from must be a month written YYYY-MM", "from 必須是 YYYY-MM 格式的月份", 400, []string{"from"}},
		{"/api/v1/applications?from=2024-1&to=24-01", "invalid_parameter", "from must be a month", "to 必須是", 400, []string{"from", "to"}},
		{"/api/v1/applications?to=1899-12", "invalid_parameter", "to must be a month written YYYY-MM (1900-01 or later)", "", 400, []string{"to"}},
		{"/api/v1/applications?from=2024-03&to=2024-01", "invalid_parameter", "from cannot be later than to.", "from 不能晚於 to。", 400, []string{"from"}},
		{"/api/v1/applications?year=2024", "invalid_parameter", "year is not a parameter of this address.", "「year」不是這個網址的參數。", 400, []string{"year"}},
		{"/api/v1/applications/387000001A?form=2024-01", "invalid_parameter", "form is not a parameter", "", 400, []string{"form"}},
		{"/api/v1/applications/387000001A?to=soon", "invalid_parameter", "to must be a month", "", 400, []string{"to"}},
		{"/api/v1/applications/%20387000001A", "invalid_id", "The agency code in the address is not valid", "網址中的機關代碼無效", 400, nil},
		{"/api/v1/applications/387%01", "invalid_id", "The agency code in the address is not valid", "", 400, nil},
		{"/api/v1/applications/387000009Z", "not_found", "No agency with application data has the code “387000009Z”.", "找不到機關代碼為「387000009Z」", 404, nil},
		{"/api/v1/applications/387000001A/01", "not_found", "There is no such address in the API", "/api/v1/applications/{agency}", 404, nil},
	}
	for _, c := range cases {
		var e apiErrorBody
		a := apiGet(t, h, c.path, &e, "Accept-Language", "zh-TW")
		var names []string
		for _, p := range e.Error.Parameters {
			names = append(names, p.Name)
		}
		if a.status != c.status || e.Error.Code != c.code || !strings.Contains(e.Error.Message, c.message) ||
			!strings.Contains(e.Error.MessageZh, c.messageZh) || !slices.Equal(names, c.parameters) {
			t.Errorf("%s: %d %q %q %q %q", c.path, a.status, e.Error.Code, e.Error.Message, e.Error.MessageZh, names)
		}
	}
	pre := fetch(t, h, "OPTIONS", "/api/v1/applications/387000001A", "Origin", "https://example.org",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
	if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != "*" || pre.header.Get("Access-Control-Allow-Methods") != "GET" {
		t.Errorf("preflight: %d %v", pre.status, pre.header)
	}
	if a := fetch(t, h, "POST", "/api/v1/applications"); a.status != http.StatusMethodNotAllowed || !strings.Contains(a.body, `"code":"method_not_allowed"`) {
		t.Errorf("POST: %d %s", a.status, a.body)
	}
}

// TestApplicationDataNeverReadsTheApplications: with application_records out of reach, the API and
// the open data files answer exactly as before; they read only the statistics and the registry.
func TestApplicationDataNeverReadsTheApplications(t *testing.T) {
	h, pool := applicationsSite(t)
	paths := []string{"/api/v1/applications", "/api/v1/applications/387000001A?from=2024-02", "/opendata",
		"/opendata/applications-monthly-stats.csv", "/opendata/applications-monthly-stats.json"}
	before := map[string]string{}
	for _, p := range paths {
		before[p] = get(t, h, "zh-TW", p).body
	}
	if _, err := testdb.AsOwner(t, pool).Exec(context.Background(), `ALTER TABLE application_records RENAME TO application_records_away`); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if a := get(t, h, "zh-TW", p); a.status != 200 || a.body != before[p] {
			t.Errorf("%s without application_records: %d, changed %v", p, a.status, a.body != before[p])
		}
	}
}

// TestAPIApplicationsBeforeAnyData: with nothing imported, the answers are empty, not errors.
func TestAPIApplicationsBeforeAnyData(t *testing.T) {
	h := newRouter(t, testdb.New(t))
	var city apiApplications
	a := apiGet(t, h, "/api/v1/applications", &city)
	if a.status != 200 || city.AsOf != nil || city.ComputedAt != nil || city.Months == nil || len(city.Months) != 0 ||
		city.Agencies == nil || len(city.Agencies) != 0 {
		t.Errorf("empty: %d %s", a.status, a.body)
	}
}
