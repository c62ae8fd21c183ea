package portal

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/database"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// cityOfTwo saves two buyers' processes of 2024: B1 gave 10 single-bid awards to S1, B2 5 to S1 and 5
// to S2 after two tenderers each. So the city has 10 single bids of 20 (50.0%), and the medians of
// B1 and B2 are HHI (10,000 + 5,000) / 2 = 7,500 and top share (100% + 50%) / 2 = 75.0%.
func cityOfTwo(t *testing.T) *pgxpool.Pool {
	pool := testdb.New(t)
	var rels []ocds.Release
	for i := range 10 {
		s := "S1"
		if i >= 5 {
			s = "S2"
		}
		rels = append(rels, benchmarkRelease("B1", i, 2024, 1, "S1", 100), benchmarkRelease("B2", i, 2024, 2, s, 100))
	}
	saveReleases(t, pool, rels, "import:test")
	return pool
}

// b1Rows are B1's rows beside the city of cityOfTwo, in Chinese.
var b1Rows = []string{
	"一家投標比率|100.0%（只有一家投標 10 件 ÷ 載明投標家數 10 件）|50.0%（只有一家投標 10 件 ÷ 載明投標家數 20 件）",
	"HHI|10,000（n = 10 件決標，1 家廠商）|中位數 7,500（2 個機關）",
	"得標最多廠商的金額占比|100.0%|中位數 75.0%（2 個機關）",
}

// buyerRouter serves the buyer page of db, with the city-wide figures computed by compute.
func buyerRouter(t *testing.T, db database.DB, compute func(context.Context, database.DB, int, int, string) (store.CityBenchmark, error)) http.Handler {
	site := newSite(t, io.Discard)
	r := site.Engine()
	p := newProcurement(site, db, nil)
	p.benchmarks.compute = compute
	r.GET("/procurement/buyers/:id", p.buyerShow)
	return r
}

// Many views of buyers' pages at once, before anything is cached (at start, or after an import), wait
// for one computation of the city-wide figures instead of each reading every process.
func TestConcurrentBuyerPagesComputeTheCityOnce(t *testing.T) {
	pool := cityOfTwo(t)
	var runs atomic.Int32
	release := make(chan struct{})
	h := buyerRouter(t, pool, func(ctx context.Context, db database.DB, from, to int, currency string) (store.CityBenchmark, error) {
		runs.Add(1)
		<-release
		return store.Benchmark(ctx, db, from, to, currency)
	})

	const views = 32
	answers := make([]answer, views)
	var wg sync.WaitGroup
	for i := range views {
		wg.Go(func() {
			buyer := []string{"B1", "B2"}[i%2]
			answers[i] = get(t, h, "zh-TW", "/procurement/buyers/"+buyer)
		})
	}
	// Hold the computation until every view has asked for one, or long enough for them to have: with a
	// computation each, they would all be held here.
	for start := time.Now(); runs.Load() < views && time.Since(start) < 2*time.Second; {
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	wg.Wait()

	if n := runs.Load(); n != 1 {
		t.Errorf("%d views computed the city-wide figures %d times, want once", views, n)
	}
	for i, a := range answers {
		if a.status != http.StatusOK {
			t.Fatalf("view %d: status %d", i, a.status)
		}
		own := "10,000（n = 10 件決標，1 家廠商）"
		if i%2 == 1 {
			own = "5,000（n = 10 件決標，2 家廠商）"
		}
		a.unmarked().mustHaveRows(t, "a concurrent view", "HHI|"+own+"|中位數 7,500（2 個機關）")
	}
}

// The computation goes on when the view that started it stops waiting, and the next view is served
// its result.
func TestCityComputationOutlivesItsView(t *testing.T) {
	pool := cityOfTwo(t)
	var runs atomic.Int32
	release := make(chan struct{})
	var cancelled atomic.Bool
	c := newBenchmarks(pool)
	c.compute = func(ctx context.Context, db database.DB, from, to int, currency string) (store.CityBenchmark, error) {
		runs.Add(1)
		<-release
		cancelled.Store(ctx.Err() != nil)
		return store.Benchmark(ctx, db, from, to, currency)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() {
		_, err := c.get(ctx, 2024, 2024, "TWD")
		done <- err
	}()
	for runs.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the view that went away got %v, want context.Canceled", err)
	}
	close(release)

	b, err := c.get(t.Context(), 2024, 2024, "TWD")
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.Load() {
		t.Error("the computation's context ended with the view that started it")
	}
	if b.SingleBid != 10 || b.KnownBids != 20 || b.Buyers != 2 || runs.Load() != 1 {
		t.Errorf("next view: %d of %d single bids over %d buyers after %d computations; want 10 of 20, 2 buyers, 1",
			b.SingleBid, b.KnownBids, b.Buyers, runs.Load())
	}
}

// When the city-wide figures cannot be had, from an error or because they take longer than the page
// waits, the buyer's page is still whole: its name and its own figures, the city's cells empty and a
// line saying why. Once they have been computed, the figures of the previous import are served instead.
func TestBuyerPageWithoutTheCity(t *testing.T) {
	pool := cityOfTwo(t)
	var broken atomic.Bool
	broken.Store(true)
	h := buyerRouter(t, pool, func(ctx context.Context, db database.DB, from, to int, currency string) (store.CityBenchmark, error) {
		if broken.Load() {
			return store.CityBenchmark{}, errors.New("store: benchmark: canceling statement due to statement timeout")
		}
		return store.Benchmark(ctx, db, from, to, currency)
	})

	zh := get(t, h, "zh-TW", "/procurement/buyers/B1").unmarked()
	if zh.status != http.StatusOK {
		t.Fatalf("status %d", zh.status)
	}
	zh.mustContain(t, "B1 without the city", "<h1>機關B1</h1>", "本機關與全市機關的比較（民國113年（2024））",
		"全市機關的比較數字暫時無法取得，請稍後重新整理。")
	zh.mustHaveRows(t, "B1 without the city",
		"一家投標比率|100.0%（只有一家投標 10 件 ÷ 載明投標家數 10 件）|—",
		"HHI|10,000（n = 10 件決標，1 家廠商）|—", "得標最多廠商的金額占比|100.0%|—")

	en := get(t, h, "en", "/procurement/buyers/B1").unmarked()
	if en.status != http.StatusOK {
		t.Fatalf("status %d in English", en.status)
	}
	en.mustContain(t, "B1 without the city in English", "<h1>機關B1</h1>", "This buyer beside every buyer of the city (2024)",
		"The city-wide figures are unavailable right now: reload in a moment.")
	en.mustHaveRows(t, "B1 without the city in English",
		"Single-bid rate|100.0% (10 with one tenderer ÷ 10 that give the number)|—",
		"HHI|10,000 (n = 10 awards, 1 supplier)|—", "Top supplier's share of value|100.0%|—")

	// Mended, the figures are back; broken again after an import, the page keeps those of before it.
	broken.Store(false)
	get(t, h, "zh-TW", "/procurement/buyers/B1").unmarked().mustHaveRows(t, "B1 with the city", b1Rows...)
	broken.Store(true)
	saveReleases(t, pool, []ocds.Release{benchmarkRelease("B3", 0, 2024, 1, "S9", 100)}, "import:test")
	stale := get(t, h, "zh-TW", "/procurement/buyers/B1").unmarked()
	stale.mustHaveRows(t, "B1 after an import, the city broken", b1Rows...)
	if strings.Contains(stale.body, "暫時無法取得") {
		t.Error("the page says the city is unavailable while it shows the previous import's figures")
	}
}

// A view whose deadline comes before the city-wide figures does not wait for them.
func TestBuyerPageDoesNotWaitPastItsDeadline(t *testing.T) {
	pool := cityOfTwo(t)
	release := make(chan struct{})
	defer close(release)
	h := buyerRouter(t, pool, func(ctx context.Context, db database.DB, from, to int, currency string) (store.CityBenchmark, error) {
		<-release
		return store.Benchmark(ctx, db, from, to, currency)
	})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/procurement/buyers/B1", nil)
	req.Header.Set("Accept-Language", "en")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	a := answer{status: w.Code, body: w.Body.String()}.unmarked()
	if a.status != http.StatusOK {
		t.Fatalf("status %d", a.status)
	}
	a.mustContain(t, "B1 past its deadline", "<h1>機關B1</h1>", "The city-wide figures are unavailable right now")
	a.mustHaveRows(t, "B1 past its deadline", "Top supplier's share of value|100.0%|—")
}
