package portal

import (
	"context"
	"testing"
	"time"

	"integrity-portal/portal/procurement/benchdb"
	"integrity-portal/portal/procurement/store"
)

// BenchmarkOpenData measures, over BENCH_PROCESSES (default 100,000) generated processes (stored by
// load.Processes), the first view of /opendata after a change (it measures every file's size once),
// later views (sizes from memory), a whole download, and API pages deep in a cursor walk:
//
//	go test ./portal/ -run '^$' -bench OpenData -benchtime 20x -timeout 30m
func BenchmarkOpenData(b *testing.B) {
	n := benchdb.Size(b)
	ctx := context.Background()
	pool, _ := benchdb.Processes(b, n)
	h := newRouter(b, pool)
	start := time.Now()
	if a := get(b, h, "zh-TW", "/opendata"); a.status != 200 {
		b.Fatalf("/opendata: %d", a.status)
	}
	b.Logf("first view of /opendata over %d processes (measuring every size): %v", n, time.Since(start).Round(time.Millisecond))

	b.Run("page_sizes_known", func(b *testing.B) {
		for b.Loop() {
			if a := get(b, h, "zh-TW", "/opendata"); a.status != 200 {
				b.Fatal(a.status)
			}
		}
	})
	b.Run("download_jsonl", func(b *testing.B) {
		for b.Loop() {
			if a := get(b, h, "zh-TW", "/opendata/procurement-compiled-releases.jsonl"); a.status != 200 {
				b.Fatal(a.status)
			}
		}
	})
	// A cursor from deep in the walk: after the (n/2+1)th tender by value.
	var it store.Item
	if err := pool.QueryRow(ctx, `SELECT ocid, award_value::text, tender_value::text FROM procurement_processes
		ORDER BY amount DESC NULLS LAST, ocid DESC OFFSET $1 LIMIT 1`, n/2).Scan(&it.OCID, &it.AwardValue, &it.TenderValue); err != nil {
		b.Fatal(err)
	}
	path := "/api/v1/tenders?sort=value&limit=100&cursor=" + encodeCursor(store.CursorOf(it, store.SortValueDesc), store.SortValueDesc)
	b.Run("api_page_deep_by_value", func(b *testing.B) {
		for b.Loop() {
			if a := get(b, h, "en", path); a.status != 200 {
				b.Fatal(a.status, a.body)
			}
		}
	})
}
