package portal

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// BenchmarkApplicationData measures the application statistics' downloads and API answers over
// BENCH_APPLICATIONS (default 200,000) generated applications received over seven years (18
// agencies, 71 services: about 7,600 rows of statistics, which the answers' cost follows more than
// the number of applications):
//
//	go test ./portal/ -run '^$' -bench ApplicationData -benchtime 20x -timeout 30m
func BenchmarkApplicationData(b *testing.B) {
	n := 200_000
	if s := os.Getenv("BENCH_APPLICATIONS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("BENCH_APPLICATIONS=%q is not a positive number", s)
		}
		n = v
	}
	ctx := context.Background()
	pool := testdb.New(b)
	from, to := applications.Date(2019, 1, 1), applications.Date(2025, 12, 31)
	load := func(kind applications.Kind, write func(io.Writer) error) {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(write(pw)) }()
		_, err := applications.File(ctx, pool, kind, pr, applications.Options{})
		pr.Close()
		if err != nil {
			b.Fatalf("%s: %v", kind, err)
		}
	}
	start := time.Now()
	load(applications.KindPeriods, applications.WritePeriodsCSV)
	load(applications.KindCalendar, func(w io.Writer) error { return applications.WriteCalendarCSV(w, 2019, 2026) })
	load(applications.KindApplications, func(w io.Writer) error {
		return applications.WriteApplicationsCSV(w, applications.NewGenerator(42, n, from, to))
	})
	rc, err := applications.Recompute(ctx, pool, to)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d applications imported and counted in %v: %d rows of statistics", n, time.Since(start).Round(time.Millisecond), rc.Rows)
	var largest string
	if err := pool.QueryRow(ctx, `SELECT a.code FROM application_stats st JOIN application_agencies a ON a.id = st.agency_id
		WHERE st.service_id = 0 GROUP BY a.code ORDER BY sum(st.received) DESC LIMIT 1`).Scan(&largest); err != nil {
		b.Fatal(err)
	}
	h := newRouter(b, pool)
	for _, c := range []struct{ name, path string }{
		{"page", "/opendata"}, // sizes known after the first view
		{"download_csv", "/opendata/applications-monthly-stats.csv"},
		{"download_json", "/opendata/applications-monthly-stats.json"},
		{"api_city", "/api/v1/applications"},
		{"api_largest_agency", "/api/v1/applications/" + largest},
		{"api_largest_agency_one_year", "/api/v1/applications/" + largest + "?from=2025-01&to=2025-12"},
	} {
		if a := get(b, h, "zh-TW", c.path); a.status != 200 {
			b.Fatalf("%s: %d", c.path, a.status)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if a := get(b, h, "zh-TW", c.path); a.status != 200 {
					b.Fatal(a.status)
				}
			}
		})
	}
}
