package portal

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/benchdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/store"
)

// benchClients is the number of clients at once of the page benchmarks: issue #5 asks for 32.
const benchClients = 32

// BenchmarkProcurementPages serves the procurement pages over real HTTP on the loopback
// (httptest.NewServer) to 32 clients at once, over BENCH_PROCESSES (default 100,000) generated
// processes stored as an import stores them (package generate, load.Processes), with their red
// flags and the buyer and supplier pages computed as the red-flags job computes them:
//
//	go test ./portal/ -run '^$' -bench ProcurementPages -benchtime 2000x -count 3 -timeout 60m
//	BENCH_PROCESSES=1000000 go test ./portal/ -run '^$' -bench ProcurementPages -benchtime 2000x -timeout 3h
//
// Each sub-benchmark sends b.N requests of one kind: search (a keyword with one to three filters,
// drawn from a few hundred searches), buyer (the busiest buyer a quarter of the time, else any
// other), supplier (the busiest supplier a quarter of the time, else one of 500 others), tender (one
// of 5,000 random processes); mixed sends all four kinds in equal shares. Each reports the 50th,
// 95th and 99th percentile latency in ms and requests/s per kind, and the peak memory during its run:
// of the Go heap and of the test process (which holds the 32 clients besides the server), and of
// the server's PostgreSQL backends added up (pg-rss-peak-MB counts the shared buffers each touched,
// pg-private-peak-MB does not).
//
// The server's pool is opened as `portal serve` opens it, with pgxpool's default size (4
// connections on 2 cores, more with more cores), on fresh connections.
func BenchmarkProcurementPages(b *testing.B) {
	loadPool, dbURL := benchdb.Flagged(b, benchdb.Size(b))
	pages := pickBenchPages(b, loadPool)
	loadPool.Close()
	benchPagesUnderLoad(b, dbURL, pages)
}

// benchPagesUnderLoad serves the database at dbURL on a fresh pool and runs a sub-benchmark for each
// kind of page and for all four mixed.
func benchPagesUnderLoad(b *testing.B, dbURL string, pages *benchPages) {
	pool, err := database.Open(context.Background(), dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	// The search runs on the in-memory index, as `portal serve` runs it, built before the runs as
	// a server builds it when it starts.
	search := store.NewSearcher(pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer search.Close()
	start := time.Now()
	search.Start()
	if !search.Wait(context.Background()) {
		b.Fatal("the search index was not built")
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("built the search index in %v; Go heap then %d MiB", time.Since(start).Round(time.Millisecond), ms.HeapAlloc>>20)
	h := newSearchRouter(b, pool, io.Discard, search)
	pages.check(b, h)
	srv := httptest.NewServer(h)
	defer srv.Close()
	backends := backendPIDs(b, pool)

	kinds := map[string]func(*rand.Rand) string{
		"search": pages.search, "buyer": pages.buyer, "supplier": pages.supplier, "tender": pages.tender,
	}
	order := []string{"search", "buyer", "supplier", "tender"}
	var overall memPeaks
	for _, name := range append(order, "mixed") {
		next := func(r *rand.Rand) loadRequest {
			kind := name
			if kind == "mixed" {
				kind = order[r.IntN(len(order))]
			}
			return loadRequest{kind, kinds[kind](r)}
		}
		b.Run(name, func(b *testing.B) {
			lt := newLoadTest(srv.URL, benchClients, next)
			defer lt.close()
			mem := startMemSampler(backends)
			cpu := readCPUClock(backends)
			res := lt.run(b.N, uint64(b.N))
			readCPUClock(backends).report(b, cpu, b.N)
			peaks := mem.stop()
			res.report(b)
			peaks.report(b)
			overall = memPeaks{max(overall.goHeap, peaks.goHeap), max(overall.goRSS, peaks.goRSS),
				max(overall.pgRSS, peaks.pgRSS), max(overall.pgPrivate, peaks.pgPrivate)}
		})
	}
	b.Logf("peak memory over all the page runs: Go heap %d MiB, test process %d MiB, PostgreSQL backends %d MiB (%d MiB private)",
		overall.goHeap>>20, overall.goRSS>>20, overall.pgRSS>>20, overall.pgPrivate>>20)
}

// benchPages are the pages the benchmark asks for.
type benchPages struct {
	searches            []string
	busiestBuyer        string
	buyers              []string // the others
	busiestSupplier     string
	suppliers           []string // a sample of the others
	ocids               []string // a sample of processes
	busiestBuyerName    string
	busiestSupplierName string
}

func (p *benchPages) search(r *rand.Rand) string { return p.searches[r.IntN(len(p.searches))] }

func (p *benchPages) buyer(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return buyerHref(p.busiestBuyer)
	}
	return buyerHref(p.buyers[r.IntN(len(p.buyers))])
}

func (p *benchPages) supplier(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return supplierHref(p.busiestSupplier)
	}
	return supplierHref(p.suppliers[r.IntN(len(p.suppliers))])
}

func (p *benchPages) tender(r *rand.Rand) string { return tenderHref(p.ocids[r.IntN(len(p.ocids))]) }

// pickBenchPages chooses the pages from the stored data.
func pickBenchPages(b *testing.B, pool *pgxpool.Pool) *benchPages {
	ctx := context.Background()
	p := &benchPages{searches: benchSearches(500)}
	column := func(sql string) []string {
		rows, err := pool.Query(ctx, sql)
		if err != nil {
			b.Fatal(err)
		}
		l, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			b.Fatal(err)
		}
		if len(l) == 0 {
			b.Fatalf("nothing found by %s", sql)
		}
		return l
	}
	buyers := column(`SELECT buyer_id FROM procurement_processes GROUP BY 1 ORDER BY count(*) DESC, 1`)
	p.busiestBuyer, p.buyers = buyers[0], buyers[1:]
	suppliers := column(`SELECT supplier_id FROM procurement_awards WHERE supplier_id IS NOT NULL
		GROUP BY 1 ORDER BY count(*) DESC, 1`)
	p.busiestSupplier = suppliers[0]
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		p.suppliers = append(p.suppliers, suppliers[1+r.IntN(len(suppliers)-1)])
	}
	// A sample of about 5,000 processes, in no particular order.
	p.ocids = column(`SELECT ocid FROM procurement_processes TABLESAMPLE BERNOULLI (
		least(100, 500000.0 / greatest(1, (SELECT reltuples FROM pg_class WHERE relname = 'procurement_processes'))))
		LIMIT 5000`)
	if err := pool.QueryRow(ctx, `SELECT buyer_name FROM procurement_processes WHERE buyer_id = $1 LIMIT 1`,
		p.busiestBuyer).Scan(&p.busiestBuyerName); err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT supplier_name FROM procurement_awards WHERE supplier_id = $1 LIMIT 1`,
		p.busiestSupplier).Scan(&p.busiestSupplierName); err != nil {
		b.Fatal(err)
	}
	return p
}

// check asks for one page of each kind through h and checks what it shows, so that the benchmark
// measures real pages; and that most searches find something.
func (p *benchPages) check(b *testing.B, h http.Handler) {
	get(b, h, "zh-TW", buyerHref(p.busiestBuyer)).mustContain(b, "the busiest buyer's page", p.busiestBuyerName)
	get(b, h, "zh-TW", supplierHref(p.busiestSupplier)).mustContain(b, "the busiest supplier's page", p.busiestSupplierName)
	get(b, h, "zh-TW", tenderHref(p.ocids[0])).mustContain(b, "a tender's page", p.ocids[0])
	found := 0
	for _, path := range p.searches {
		a := get(b, h, "zh-TW", path)
		if a.status != 200 {
			b.Fatalf("%s: status %d", path, a.status)
		}
		if len(resultTitles(a.body)) > 0 {
			found++
		}
	}
	if found < len(p.searches)/2 {
		b.Fatalf("only %d of %d searches find anything", found, len(p.searches))
	}
	b.Logf("%d of %d searches find something", found, len(p.searches))
}

// benchSearches returns n searches of the tender list, each a keyword with one to three filters:
// the generator's benchmark words at their fixed shares of titles (common, four characters, rare),
// words of titles and of agency names, places; the filters a reader would set.
func benchSearches(n int) []string {
	keywords := []string{generate.KeywordCommon, generate.KeywordFour, generate.KeywordSelective,
		"道路", "校舍", "資訊", "清潔", "監視器", "公園", "維護工程", "委託服務", "採購", "西屯區", "北屯區",
		"建設局", "國民小學", "臺中"}
	filters := []func(r *rand.Rand, v url.Values){
		func(r *rand.Rand, v url.Values) { v.Set("method", []string{"open", "selective", "limited"}[r.IntN(3)]) },
		func(r *rand.Rand, v url.Values) { v.Set("category", procurementKinds[r.IntN(len(procurementKinds))]) },
		func(r *rand.Rand, v url.Values) { v.Set("year", strconv.Itoa(2019+r.IntN(7))) },
		func(r *rand.Rand, v url.Values) {
			bounds := [][2]string{{"", "1500000"}, {"1500000", "50000000"}, {"1000000", "15000000"}, {"10000000", ""}}
			b := bounds[r.IntN(len(bounds))]
			if b[0] != "" {
				v.Set("min", b[0])
			}
			if b[1] != "" {
				v.Set("max", b[1])
			}
		},
		func(r *rand.Rand, v url.Values) { v.Set("sort", []string{"value", "date", "value_asc"}[r.IntN(3)]) },
		func(r *rand.Rand, v url.Values) { v.Set("flag", []string{"any", "R003", "R018"}[r.IntN(3)]) },
		func(r *rand.Rand, v url.Values) { v.Set("page", strconv.Itoa(2+r.IntN(4))) },
	}
	r := rand.New(rand.NewPCG(5, 6))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		v := url.Values{"q": {keywords[r.IntN(len(keywords))]}}
		for _, k := range r.Perm(len(filters))[:1+r.IntN(3)] {
			filters[k](r, v)
		}
		if path := "/procurement/tenders?" + v.Encode(); !seen[path] {
			seen[path] = true
			out = append(out, path)
		}
	}
	return out
}

// backendPIDs returns the process ids of the PostgreSQL backends of all of pool's connections,
// opening as many as the pool may hold.
func backendPIDs(b *testing.B, pool *pgxpool.Pool) []int {
	ctx := context.Background()
	var pids []int
	var conns []*pgxpool.Conn
	for range pool.Config().MaxConns {
		c, err := pool.Acquire(ctx)
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, c)
		pids = append(pids, int(c.Conn().PgConn().PID()))
	}
	for _, c := range conns {
		c.Release()
	}
	return pids
}
