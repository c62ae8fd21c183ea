package portal

import (
	"context"
	"sync"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/store"
)

// benchmarks caches the city-wide figures that buyers' pages set theirs beside. Computing them reads
// every process and award of the years asked (about a second over a million processes), while they
// change only when an import writes processes; so each is kept until store.DataVersion moves on.
type benchmarks struct {
	db database.DB
	mu sync.Mutex
	m  map[benchmarkKey]benchmarkEntry
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

// get returns the benchmark of the years from–to in currency, from the cache while it is current.
func (c *benchmarks) get(ctx context.Context, from, to int, currency string) (store.CityBenchmark, error) {
	version, err := store.DataVersion(ctx, c.db)
	if err != nil {
		return store.CityBenchmark{}, err
	}
	k := benchmarkKey{from, to, currency}
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok && e.version == version {
		return e.b, nil
	}
	b, err := store.Benchmark(ctx, c.db, from, to, currency)
	if err != nil {
		return b, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxBenchmarks {
		c.m = map[benchmarkKey]benchmarkEntry{}
	}
	c.m[k] = benchmarkEntry{version, b}
	c.mu.Unlock()
	return b, nil
}
