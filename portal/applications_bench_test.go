package portal

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// BenchmarkApplicationPages measures /applications and the page of the agency with the most
// applications, whole requests over real loopback HTTP (httptest.NewServer) from 32 clients at
// once, over BENCH_APPLICATIONS (default 200,000) generated applications received from 2020 to 2024,
// imported and recomputed once (as of 2024-12-31):
//
//	go test ./portal/ -run '^$' -bench ApplicationPages -benchtime 2000x -count 3 -timeout 30m
//
// The pages are served from the page cache after their first request, as they are between two
// recomputations; the _rendered variants render every time. Each sub-benchmark shares its b.N
// requests among the clients (loadTest) and reports percentiles of their latencies and the
// requests answered per second.
func BenchmarkApplicationPages(b *testing.B) {
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
	from, to := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	var periods, calendar bytes.Buffer
	applications.WritePeriodsCSV(&periods)
	applications.WriteCalendarCSV(&calendar, 2020, 2025)
	opts := applications.Options{Today: to}
	for _, f := range []struct {
		kind applications.Kind
		r    io.Reader
	}{{applications.KindPeriods, &periods}, {applications.KindCalendar, &calendar}} {
		if _, err := applications.File(ctx, pool, f.kind, f.r, opts); err != nil {
			b.Fatalf("%s: %v", f.kind, err)
		}
	}
	// The generated CSV streams into the import, never whole in memory.
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(applications.WriteApplicationsCSV(pw, applications.NewGenerator(42, n, from, to)))
	}()
	if rep, err := applications.File(ctx, pool, applications.KindApplications, pr, opts); err != nil {
		b.Fatalf("applications: %v: %+v", err, rep)
	}
	if _, err := applications.Recompute(ctx, pool, to); err != nil {
		b.Fatal(err)
	}
	var agency string
	if err := pool.QueryRow(ctx, `SELECT a.code FROM application_stats st JOIN application_agencies a ON a.id = st.agency_id
		WHERE st.service_id = 0 GROUP BY a.code ORDER BY sum(st.received) DESC, a.code LIMIT 1`).Scan(&agency); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated, imported and recomputed %d applications in %v", n, time.Since(start).Round(time.Millisecond))

	srv := httptest.NewServer(newRouter(b, pool))
	b.Cleanup(srv.Close)
	for _, c := range []struct{ name, path string }{
		{"city", "/applications"},
		{"largest_agency", agencyHref(agency)},
		// A query string bypasses the page cache (web.PageCache): what rendering costs each time.
		{"city_rendered", "/applications?bench=1"},
		{"largest_agency_rendered", agencyHref(agency) + "?bench=1"},
	} {
		b.Run(c.name, func(b *testing.B) {
			lt := newLoadTest(srv.URL, benchClients, func(*rand.Rand) loadRequest { return loadRequest{c.name, c.path} })
			defer lt.close()
			if res := lt.run(1, 1); res.failed > 0 {
				b.Fatalf("%s: %v", c.path, res.failures)
			}
			b.ResetTimer()
			res := lt.run(b.N, 2)
			b.StopTimer()
			res.report(b)
		})
	}
}
