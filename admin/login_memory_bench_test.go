package admin

import (
	"bufio"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkSignInMemory measures what issue 12 measured by hand: the resident memory of the server
// (this process: the site, the admin side and an HTTP server on loopback) while 16 sign-ins with
// unknown usernames arrive at once, and a minute later. It reports the idle figure before, the peak
// (VmHWM, or the highest VmRSS sampled every 10 ms where the peak cannot be reset) and the figure
// after BENCH_SIGNIN_AFTER (default 1m), in MiB, and how the sign-ins were answered.
//
// Run it once per process, so that each run starts from a fresh server (the Makefile does):
//
//	go test -run '^$' -bench SignInMemory -benchtime 1x -count 1 ./admin/
func BenchmarkSignInMemory(b *testing.B) {
	const clients = 16
	after := time.Minute
	if s := os.Getenv("BENCH_SIGNIN_AFTER"); s != "" {
		after, _ = time.ParseDuration(s)
	}
	e := newTestEnvTB(b)
	for b.Loop() {
		browsers := make([]*browser, clients)
		tokens := make([]string, clients)
		for i := range browsers {
			browsers[i] = e.browser()
			tokens[i] = browsers[i].token()
		}
		runtime.GC()
		idle := rss(b, "VmRSS")
		resetPeak := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil

		sampled := idle
		stop, sampling := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(sampling)
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					sampled = max(sampled, rss(b, "VmRSS"))
				}
			}
		}()
		var wg sync.WaitGroup
		statuses := make([]int, clients)
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				values := url.Values{"username": {"nobody-" + strconv.Itoa(i)}, "password": {"a guessed password"}, "csrf_token": {tokens[i]}}
				req, _ := http.NewRequest("POST", e.srv.URL+"/admin/login", strings.NewReader(values.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				resp, err := browsers[i].c.Do(req)
				if err != nil {
					return // counted as no answer
				}
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			}()
		}
		wg.Wait()
		close(stop)
		<-sampling
		peak := sampled
		if resetPeak {
			peak = max(peak, rss(b, "VmHWM"))
		}
		time.Sleep(after)
		later := rss(b, "VmRSS")

		// The tests check the answers; here they are counted, so that a baseline that fails them
		// still gets its figures.
		counts := map[int]int{}
		for _, s := range statuses {
			counts[s]++
		}
		mib := func(kib int64) float64 { return float64(kib) / 1024 }
		b.ReportMetric(mib(idle), "idle-MiB")
		b.ReportMetric(mib(peak), "peak-MiB")
		b.ReportMetric(mib(later), "after-MiB")
		b.ReportMetric(float64(later)/float64(idle), "after/idle")
		b.ReportMetric(float64(counts[http.StatusUnauthorized]), "answered-401")
		b.ReportMetric(float64(counts[http.StatusServiceUnavailable]), "busy-503")
		b.ReportMetric(float64(clients-counts[http.StatusUnauthorized]-counts[http.StatusServiceUnavailable]), "other")
	}
}

// rss reads one of the memory lines of /proc/self/status, in KiB.
func rss(b *testing.B, field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	b.Fatalf("no %s in /proc/self/status", field)
	return 0
}
