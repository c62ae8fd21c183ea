package portal

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/store"
)

// benchmarks caches the city-wide figures that buyers' pages set theirs beside. Computing them reads
// every process and award of the years asked (about a second over a million processes), while they
// change only when an import writes processes; so each is kept until store.DataVersion moves on.
//
// After an import (or at start) many views may ask at once: they wait for one computation per key
// and data version instead of each starting its own. It runs apart from the view that started it,
// so it goes on when that view ends or stops waiting, and the views after get its result.
//
// A view waits for the current figures rather than being served the previous import's while they
// are computed: they take about a second, and the buyer's own figures beside them are always
// current. Only when the current ones cannot be had (an error, or the view stopped waiting) is the
// previous import's value served, as it differs from the current one by one import's processes.
type benchmarks struct {
	db      database.DB
	compute func(ctx context.Context, db database.DB, from, to int, currency string) (store.CityBenchmark, error) // store.Benchmark; tests count or break it
	flight  singleflight.Group
	mu      sync.Mutex
	m       map[benchmarkKey]benchmarkEntry
}

type benchmarkKey struct {
	from, to int
	currency string
}

type benchmarkEntry struct {
	version string
	b       store.CityBenchmark
}

// maxBenchmarks bounds the cache: a key is a span of years and a currency, so few exist.
const maxBenchmarks = 256

// benchmarkTimeout bounds one computation, which runs on after the views waiting for it give up.
const benchmarkTimeout = 2 * time.Minute

func newBenchmarks(db database.DB) *benchmarks {
	return &benchmarks{db: db, compute: store.Benchmark}
}

// get returns the benchmark of the years from–to in currency, from the cache while it is current,
// waiting at most until ctx ends. When the current one cannot be had it returns the error, with the
// value of an earlier data version if one is cached and nil if not.
func (c *benchmarks) get(ctx context.Context, from, to int, currency string) (*store.CityBenchmark, error) {
	k := benchmarkKey{from, to, currency}
	c.mu.Lock()
	e, cached := c.m[k]
	c.mu.Unlock()
	b, err := c.current(ctx, k, e, cached)
	if err != nil && cached {
		return &e.b, err
	}
	return b, err
}

// current returns the benchmark of k at the data's current version: e when it is of that version,
// else the result of the one computation of it, started here if none is running.
func (c *benchmarks) current(ctx context.Context, k benchmarkKey, e benchmarkEntry, cached bool) (*store.CityBenchmark, error) {
	version, err := store.DataVersion(ctx, c.db)
	if err != nil {
		return nil, err
	}
	if cached && e.version == version {
		return &e.b, nil
	}
	done := c.flight.DoChan(fmt.Sprintf("%d-%d-%s-%s", k.from, k.to, k.currency, version), func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), benchmarkTimeout)
		defer cancel()
		b, err := c.compute(ctx, c.db, k.from, k.to, k.currency)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.m == nil || len(c.m) >= maxBenchmarks {
			c.m = map[benchmarkKey]benchmarkEntry{}
		}
		c.m[k] = benchmarkEntry{version, b}
		c.mu.Unlock()
		return &b, nil
	})
	select {
	case r := <-done:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*store.CityBenchmark), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("portal: city benchmark: %w", ctx.Err())
	}
}
