package portal

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadRequest is one request of a load test: the kind of page it asks for, and its path.
type loadRequest struct{ kind, path string }

// loadTest sends requests to a server from several clients at once, over real HTTP, and measures
// each request from its first byte sent to its last byte read. Benchmarks of pages build one with
// newLoadTest and call run with b.N.
type loadTest struct {
	base    string // the server's URL, e.g. httptest.Server.URL
	clients int
	client  *http.Client
	next    func(r *rand.Rand) loadRequest // a client's next request, from its own random stream
}

// newLoadTest returns a load test of base by clients clients sharing one http.Client, which keeps
// a connection alive per client, as browsers and proxies in front of the portal do.
func newLoadTest(base string, clients int, next func(r *rand.Rand) loadRequest) *loadTest {
	transport := &http.Transport{
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients, // the default, 2, would open and close connections all the time
		IdleConnTimeout:     time.Minute,
	}
	return &loadTest{base: base, clients: clients, next: next,
		client: &http.Client{Transport: transport, Timeout: time.Minute}}
}

// close drops the kept connections.
func (lt *loadTest) close() { lt.client.CloseIdleConnections() }

// loadResult is what a run measured.
type loadResult struct {
	elapsed   time.Duration
	latencies map[string][]time.Duration // by kind, sorted
	failed    int
	failures  []string // the first few
}

// run sends total requests, each taken by whichever client is free, and returns their latencies. A
// response other than 200 counts as a failure; its body is read all the same.
func (lt *loadTest) run(total int, seed uint64) loadResult {
	var taken atomic.Int64
	var mu sync.Mutex
	res := loadResult{latencies: map[string][]time.Duration{}}
	var wg sync.WaitGroup
	start := time.Now()
	for c := range lt.clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(seed, uint64(c)))
			mine := map[string][]time.Duration{}
			var failures []string
			failed := 0
			for taken.Add(1) <= int64(total) {
				req := lt.next(r)
				t0 := time.Now()
				status, err := lt.get(req.path)
				took := time.Since(t0)
				if err != nil || status != http.StatusOK {
					failed++
					if len(failures) < 5 {
						failures = append(failures, fmt.Sprintf("%s %s: status %d, %v", req.kind, req.path, status, err))
					}
					continue
				}
				mine[req.kind] = append(mine[req.kind], took)
			}
			mu.Lock()
			defer mu.Unlock()
			for k, l := range mine {
				res.latencies[k] = append(res.latencies[k], l...)
			}
			res.failed += failed
			res.failures = append(res.failures, failures...)
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	for _, l := range res.latencies {
		slices.Sort(l)
	}
	return res
}

// get requests path and reads the whole body, so that the connection can be used again.
func (lt *loadTest) get(path string) (int, error) {
	resp, err := lt.client.Get(lt.base + path)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// percentile returns the p'th percentile (0 < p ≤ 100) of sorted latencies by the nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// report fails b if any request failed, and reports, for each kind of page, the 50th, 95th and
// 99th percentiles of the latency in milliseconds and the requests served per second; with more
// than one kind, also those of all requests together (as "all"). ns/op is set to zero: with many
// clients at once it is not the time of a request.
func (res loadResult) report(b *testing.B) {
	b.Helper()
	if res.failed > 0 {
		b.Fatalf("%d requests failed, e.g. %v", res.failed, res.failures)
	}
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range res.latencies {
			if !yield(k) {
				return
			}
		}
	})
	var all []time.Duration
	for _, k := range kinds {
		res.reportKind(b, k, res.latencies[k])
		all = append(all, res.latencies[k]...)
	}
	if len(kinds) > 1 {
		slices.Sort(all)
		res.reportKind(b, "all", all)
	}
	b.ReportMetric(0, "ns/op")
}

func (res loadResult) reportKind(b *testing.B, kind string, sorted []time.Duration) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(percentile(sorted, 50)), kind+"-p50-ms")
	b.ReportMetric(ms(percentile(sorted, 95)), kind+"-p95-ms")
	b.ReportMetric(ms(percentile(sorted, 99)), kind+"-p99-ms")
	b.ReportMetric(float64(len(sorted))/res.elapsed.Seconds(), kind+"-req/s")
}
