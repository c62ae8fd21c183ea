package portal

import (
	"math/rand/v2"
	"net/http/httptest"
	"testing"
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
	pool, agency := benchApplications(b, 2020, 2024)
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
