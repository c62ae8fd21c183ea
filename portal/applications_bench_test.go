package portal

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// benchClients is how many clients request a page at once.
const benchClients = 32

// BenchmarkApplicationPages measures /applications and the page of the agency with the most
// applications, whole requests over real loopback HTTP (httptest.NewServer) from 32 clients at
// once, over BENCH_APPLICATIONS (default 200,000) generated applications received from 2020 to 2024,
// imported and recomputed once (as of 2024-12-31):
//
//	go test ./portal/ -run '^$' -bench ApplicationPages -benchtime 2000x -count 3 -timeout 30m
//
// The pages are served from the page cache after their first request, as they are between two
// recomputations; the _rendered variants render every time. Each sub-benchmark shares its b.N requests among the clients and reports the median and the 95th
// percentile of their latencies (p50_ms, p95_ms) and the requests answered per second (req/s).
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
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchClients}}
	b.Cleanup(client.CloseIdleConnections)
	for _, c := range []struct{ name, path string }{
		{"city", "/applications"},
		{"largest_agency", agencyHref(agency)},
		// A query string bypasses the page cache (web.PageCache): what rendering costs each time.
		{"city_rendered", "/applications?bench=1"},
		{"largest_agency_rendered", agencyHref(agency) + "?bench=1"},
	} {
		b.Run(c.name, func(b *testing.B) {
			if status := loadPage(client, srv.URL+c.path); status != http.StatusOK {
				b.Fatalf("%s: status %d", c.path, status)
			}
			b.ResetTimer()
			lat := concurrentGets(b, client, srv.URL+c.path, b.N)
			b.StopTimer()
			b.ReportMetric(ms(percentileOf(lat, 0.50)), "p50_ms")
			b.ReportMetric(ms(percentileOf(lat, 0.95)), "p95_ms")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}

// concurrentGets requests url n times from benchClients clients at once and returns each request's
// latency; a request that fails or does not answer 200 fails b.
func concurrentGets(b *testing.B, client *http.Client, url string, n int) []time.Duration {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range benchClients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || failed.Load() {
					return
				}
				t := time.Now()
				if status := loadPage(client, url); status != http.StatusOK {
					failed.Store(true)
					b.Errorf("%s: status %d", url, status)
					return
				}
				lat[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		b.FailNow()
	}
	return lat
}

// loadPage requests url and reads the whole answer; it returns the status, or 0 when the request failed.
func loadPage(client *http.Client, url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0
	}
	return resp.StatusCode
}

// percentileOf is the p-quantile of ds (nearest rank).
func percentileOf(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
