package portal

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/store"
)

// BenchmarkProcurementPages measures whole requests, through the router and the templates, of the
// tender search with filters, the buyer page and the supplier page, over BENCH_PROCESSES (default
// 100,000) generated processes with bidders and awards (store.Generate):
//
//	go test ./portal/ -run '^$' -bench ProcurementPages -count 3 -timeout 30m
//
// The buyer and the supplier are the busiest ones: the worst case for their pages.
func BenchmarkProcurementPages(b *testing.B) {
	n := 100_000
	if s := os.Getenv("BENCH_PROCESSES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("BENCH_PROCESSES=%q is not a positive number", s)
		}
		n = v
	}
	ctx := context.Background()
	pool := testdb.New(b)
	start := time.Now()
	if err := store.Generate(ctx, pool, n, 42, store.GenerateOptions{Bidding: true}); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d processes in %v", n, time.Since(start).Round(time.Millisecond))
	var buyer, supplier string
	if err := pool.QueryRow(ctx, `SELECT buyer_id FROM procurement_processes GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&buyer); err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT supplier_id FROM procurement_awards GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&supplier); err != nil {
		b.Fatal(err)
	}
	h := newRouter(b, pool)

	kw := store.GeneratedKeyword // in 5% of the titles
	cases := []struct{ name, path string }{
		{"search_keyword", "/procurement/tenders?" + url.Values{"q": {kw}}.Encode()},
		{"search_keyword_filters", "/procurement/tenders?" + url.Values{"q": {kw}, "method": {"open"},
			"category": {"works"}, "year": {"2023"}, "min": {"1000000"}, "max": {"15000000"}}.Encode()},
		{"search_filters_value_sort", "/procurement/tenders?year=2022&category=services&sort=value"},
		{"search_every_buyer_page_50", "/procurement/tenders?" + url.Values{"q": {"臺中"}, "page": {"50"}}.Encode()},
		{"tender", "/procurement/tenders/ocds-gen-0000001"},
		{"buyer", buyerHref(buyer)},
		{"supplier", supplierHref(supplier)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if a := get(b, h, "zh-TW", c.path); a.status != 200 {
				b.Fatalf("%s: status %d", c.path, a.status)
			}
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", c.path, nil))
				if w.Code != 200 {
					b.Fatalf("%s: status %d", c.path, w.Code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}
