package portal

import (
	"testing"
)

// BenchmarkApplicationData measures the application statistics' downloads and API answers over
// BENCH_APPLICATIONS (default 200,000) generated applications received over seven years (18
// agencies, 71 services: about 7,600 rows of statistics, which the answers' cost follows more than
// the number of applications):
//
//	go test ./portal/ -run '^$' -bench ApplicationData -benchtime 20x -timeout 30m
func BenchmarkApplicationData(b *testing.B) {
	pool, largest := benchApplications(b, 2019, 2025)
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
