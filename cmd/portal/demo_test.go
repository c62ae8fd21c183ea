package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/pcc"
	"integrity-portal/portal/procurement/store"
)

// TestDemoProcurement: `portal demo -procurement N` loads N generated processes marked as demo,
// which search finds; a second run adds nothing, and a larger N adds only the new ones.
func TestDemoProcurement(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	run := func(n string) string {
		t.Helper()
		var out bytes.Buffer
		if err := dispatch(ctx, []string{"demo", "-officers=false", "-applications", "0", "-procurement", n}, &out); err != nil {
			t.Fatalf("demo -procurement %s: %v\n%s", n, err, out.String())
		}
		return out.String()
	}
	if out := run("300"); !strings.Contains(out, "300 procurement process(es) added") {
		t.Errorf("first run:\n%s", out)
	}
	all, err := store.Search(ctx, pool, store.Query{Keyword: "臺中", PageSize: store.MaxPageSize})
	if err != nil || all.Total != 300 || len(all.Items) != store.MaxPageSize {
		t.Fatalf("search: %d found, %d on the page, %v", all.Total, len(all.Items), err)
	}
	for _, it := range all.Items {
		if !it.IsDemo || !strings.HasPrefix(it.OCID, generate.DefaultOCIDPrefix+"-") {
			t.Errorf("%s: demo %v", it.OCID, it.IsDemo)
		}
	}
	if real, err := store.Search(ctx, pool, store.Query{Keyword: "臺中", NoDemo: true}); err != nil || real.Total != 0 {
		t.Errorf("search without demo data: %d found, %v", real.Total, err)
	}
	if out := run("300"); !strings.Contains(out, "0 procurement process(es) added, 0 updated, 300 already loaded") {
		t.Errorf("second run:\n%s", out)
	}
	if out := run("350"); !strings.Contains(out, "50 procurement process(es) added, 0 updated, 300 already loaded") {
		t.Errorf("larger run:\n%s", out)
	}
	var loads int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM demo_loads WHERE what = 'procurement'`).Scan(&loads); err != nil || loads != 2 {
		t.Errorf("%d procurement demo loads recorded, want 2 (the runs that added): %v", loads, err)
	}
}

// TestDemoApplications: `portal demo -applications N` loads the generator's agencies, periods and
// office calendar and N applications through the importer, records the demo load and computes the
// statistics at once, so the API and /opendata show figures as of today; a year already in the
// office calendar keeps its days; a second run adds nothing and recomputes nothing.
func TestDemoApplications(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	y, m, d := time.Now().In(pcc.Taipei).Date()
	today := applications.Date(y, m, d)
	// A real calendar of next year, with a lunar holiday the generator knows nothing of.
	calendar := "西元日期,星期,是否放假,備註\n" + today.AddDate(1, 0, 0).Format("20060102") + ",,2,春節\n"
	if _, err := applications.File(ctx, pool, applications.KindCalendar, strings.NewReader(calendar), applications.Options{Today: today.AddDate(2, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		t.Helper()
		var out bytes.Buffer
		if err := dispatch(ctx, []string{"demo", "-officers=false", "-procurement", "0", "-applications", "3000"}, &out); err != nil {
			t.Fatalf("demo -applications 3000: %v\n%s", err, out.String())
		}
		return out.String()
	}
	out := run()
	if !strings.Contains(out, "demo data: 3000 application(s) added, 0 updated, 0 already loaded") ||
		!strings.Contains(out, "application statistics recomputed as of "+today.Format(time.DateOnly)+": 3000 application(s)") {
		t.Errorf("first run:\n%s", out)
	}
	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM application_records`); n != 3000 {
		t.Errorf("%d applications stored", n)
	}
	if a, s := count(`SELECT count(*) FROM application_agencies WHERE code LIKE 'G%'`), count(`SELECT count(*) FROM application_services`); a != 18 || s != 71 {
		t.Errorf("%d agencies and %d services registered, want the generator's 18 and 71", a, s)
	}
	if n := count(`SELECT count(*) FROM office_calendar WHERE extract(year FROM day) = $1`, y-1); n < 365 {
		t.Errorf("last year has %d days in the office calendar", n)
	}
	if n := count(`SELECT count(*) FROM office_calendar WHERE extract(year FROM day) = $1`, y+1); n != 1 {
		t.Errorf("next year, loaded before, has %d days in the office calendar: the demo changed it", n)
	}
	if n := count(`SELECT sum(received) FROM application_stats WHERE agency_id = 0`); n != 3000 {
		t.Errorf("the city's statistics count %d applications received", n)
	}
	if n := count(`SELECT count(*) FROM demo_loads WHERE what = 'applications'`); n != 1 {
		t.Errorf("%d application demo loads recorded", n)
	}

	// The public side shows the figures at once, up to this month.
	e := testEnv(t, pool, nil)
	h, err := e.buildHandler()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/applications", nil))
	var city struct {
		AsOf   string `json:"as_of"`
		Months []struct {
			Month    string
			Received int
		}
		Agencies []struct{ Code string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &city); err != nil || w.Code != 200 {
		t.Fatalf("/api/v1/applications: %d %v", w.Code, err)
	}
	if city.AsOf != today.Format(time.DateOnly) || len(city.Months) < 36 || len(city.Agencies) != 18 ||
		city.Months[len(city.Months)-1].Month != today.Format("2006-01") {
		t.Errorf("/api/v1/applications: as of %s, %d months, %d agencies", city.AsOf, len(city.Months), len(city.Agencies))
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/opendata", nil))
	if !strings.Contains(w.Body.String(), "共計 3,000 件申請") || !strings.Contains(w.Body.String(), "demo-banner") {
		t.Errorf("/opendata does not show the demo statistics:\n%.3000s", w.Body.String())
	}

	if out := run(); !strings.Contains(out, "demo data: 0 application(s) added, 0 updated, 3000 already loaded") || strings.Contains(out, "recomputed") {
		t.Errorf("second run:\n%s", out)
	}
	if n := count(`SELECT count(*) FROM application_recomputations`); n != 1 {
		t.Errorf("%d recomputations after two runs, want 1", n)
	}
	if n := count(`SELECT count(*) FROM demo_loads WHERE what = 'applications'`); n != 1 {
		t.Errorf("%d application demo loads recorded after a run that added nothing", n)
	}
}
