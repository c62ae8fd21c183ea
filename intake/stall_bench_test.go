package intake

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkPagesWhileUploadsStall: 12 reporters (three times the pool's connections) answer the
// captcha, start a file and stop sending; meanwhile a client loads the report form (which needs the
// database) and /readyz. Reports their p50 and p95 in ms, a request that gets no answer within 30 s
// counting as 30 s. Run with -benchtime 200x.
func BenchmarkPagesWhileUploadsStall(b *testing.B) {
	e := newEnvTB(b, nil)
	for range 12 {
		c := e.client()
		token, id, answer := c.form("/report")
		c.stall("/report", token, reportFields(id, answer, "停住的檢舉"))
	}
	e.awaitWaiting(8) // the bound's worth wait on their clients; past it, reporters are told to come back
	client := &http.Client{Timeout: 30 * time.Second}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		path := []string{"/report", "/readyz"}[i%2]
		start := time.Now()
		resp, err := client.Get(e.srv.URL + path)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		d := time.Since(start)
		if err != nil || resp.StatusCode != 200 {
			d = max(d, 30*time.Second)
		}
		took = append(took, d)
	}
	b.StopTimer()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkTextFieldsMemory: 4 clients at once send 2,000 text fields of 96 KB each, then a wrong
// captcha. Reports how far the process's resident memory grew above where it stood (peak, MiB), and
// how much of the bodies the server read. Run with -benchtime 1x.
func BenchmarkTextFieldsMemory(b *testing.B) {
	e := newEnvTB(b, nil)
	field := strings.Repeat("x", 96000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tokens := make([]string, 4)
		clients := make([]*client, 4)
		for j := range clients {
			clients[j] = e.client()
			tokens[j], _, _ = clients[j].form("/report")
		}
		before := rssKiB(b)
		stop := make(chan struct{})
		peak := make(chan int64)
		go func() {
			top := before
			for {
				select {
				case <-stop:
					peak <- top
					return
				case <-time.After(5 * time.Millisecond):
					top = max(top, rssKiB(b))
				}
			}
		}()
		b.StartTimer()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var sent int64
		for j, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := newCountingBody(func(w *multipart.Writer, k int) bool {
					if k == 2000 {
						w.WriteField("captcha_id", "none")
						w.WriteField("captcha", "000000")
						return false
					}
					w.WriteField(fmt.Sprintf("f%d", k), field)
					return true
				})
				req, _ := http.NewRequest("POST", e.srv.URL+"/report?csrf_token="+tokens[j], body)
				req.Header.Set("Content-Type", body.contentType())
				if resp, err := c.c.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Lock()
				sent += body.sent
				mu.Unlock()
			}()
		}
		wg.Wait()
		b.StopTimer()
		close(stop)
		b.ReportMetric(float64(<-peak-before)/1024, "rss-growth-MiB")
		b.ReportMetric(float64(sent)/4/(1<<20), "read-MiB/body")
		b.StartTimer()
	}
}

// rssKiB is this process's resident memory (VmRSS), in KiB.
func rssKiB(b *testing.B) int64 {
	s, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(s), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	b.Fatal("no VmRSS in /proc/self/status")
	return 0
}
