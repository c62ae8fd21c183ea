package intake

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"integrity-portal/crypto"
	"integrity-portal/intake/captcha"
	"integrity-portal/internal/cases"
)

// Benchmarks of the intake, run by `make bench` at the real receipt KDF cost. Each reports its figures
// with b.ReportMetric; compare them with BenchmarkReceiptKDF from the same run.

func benchEnv(b *testing.B, change func(*Options)) *env {
	b.Helper()
	e := newEnvTB(b, func(o *Options) {
		o.ReceiptParams = crypto.DefaultReceiptParams
		if change != nil {
			change(o)
		}
	})
	return e
}

// BenchmarkReceiptKDF is the baseline: all the slow key derivation one receipt needs.
func BenchmarkReceiptKDF(b *testing.B) {
	r := crypto.NewReceipt()
	for b.Loop() {
		crypto.DeriveReceiptKeys(r, []byte("test pepper, at least 32 characters"), crypto.DefaultReceiptParams)
	}
}

// newChallenge is what the form page does before a submission: not part of what is measured.
func newChallenge(b *testing.B, e *env) (id, answer string) {
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	id, err := captcha.New(ctx, e.db)
	if err != nil {
		b.Fatal(err)
	}
	answer, _ = captcha.AnswerForTest(ctx, e.db, id)
	return id, answer
}

// submitOnce posts a valid text-only report through the handler in process and returns its receipt.
func submitOnce(b *testing.B, e *env, h http.Handler, start *time.Time) (string, bool) {
	id, answer := newChallenge(b, e)
	*start = time.Now()
	body, ctype := multipartBody(reportFields(id, answer, "基準測試的檢舉內容：某科長收受廠商款項。"))
	req := httptest.NewRequest("POST", "/report?csrf_token="+e.csrfToken, body)
	req.Header.Set("Content-Type", ctype)
	req.AddCookie(e.csrfCookie)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	m := receiptPattern.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		return "", false
	}
	return m[1], true
}

// BenchmarkSubmitReport: a valid text-only report, in process, end to end (captcha, validation, KDF,
// case keys, grants, sealing, one transaction). Reports p50 and p95 latency.
func BenchmarkSubmitReport(b *testing.B) {
	e := benchEnv(b, nil)
	h := e.handler()
	var durations []time.Duration
	for b.Loop() {
		var start time.Time
		_, ok := submitOnce(b, e, h, &start)
		if !ok {
			b.Fatal("submission failed")
		}
		durations = append(durations, time.Since(start))
	}
	reportLatency(b, durations)
}

// BenchmarkRejectedCaptcha: a submission with a wrong captcha, which must cost almost nothing.
func BenchmarkRejectedCaptcha(b *testing.B) {
	e := benchEnv(b, nil)
	h := e.handler()
	for b.Loop() {
		id, _ := newChallenge(b, e)
		body, ctype := multipartBody(reportFields(id, "999999x", "內容"))
		req := httptest.NewRequest("POST", "/report?csrf_token="+e.csrfToken, body)
		req.Header.Set("Content-Type", ctype)
		req.AddCookie(e.csrfCookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 400 {
			b.Fatalf("wrong captcha answered %d", w.Code)
		}
	}
}

// BenchmarkConcurrentSubmissions: 8 clients submit over loopback HTTP for the benchmark time (run
// with -benchtime=60s). Every submission must succeed, and afterwards every receipt must open its
// report. Reports throughput and failures.
func BenchmarkConcurrentSubmissions(b *testing.B) {
	e := benchEnv(b, nil)
	var failures atomic.Int64
	var mu sync.Mutex
	var receipts []string
	var durations []time.Duration
	b.SetParallelism((8 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)) // 8 goroutines
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		c := e.client()
		for pb.Next() {
			t0 := time.Now()
			token, id, answer := c.form("/report")
			body, ctype := multipartBody(reportFields(id, answer, "併發測試"))
			req, _ := http.NewRequest("POST", e.srv.URL+"/report?csrf_token="+token, body)
			req.Header.Set("Content-Type", ctype)
			resp, err := c.c.Do(req)
			if err != nil {
				failures.Add(1)
				continue
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			m := receiptPattern.FindStringSubmatch(string(page))
			if resp.StatusCode != 200 || m == nil {
				failures.Add(1)
				continue
			}
			mu.Lock()
			receipts = append(receipts, m[1])
			durations = append(durations, time.Since(t0))
			mu.Unlock()
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(len(receipts))/elapsed.Seconds(), "submissions/s")
	b.ReportMetric(float64(failures.Load()), "failures")
	reportLatency(b, durations)
	if failures.Load() > 0 {
		b.Errorf("%d submissions failed", failures.Load())
	}
	// Every receipt opens its own report.
	ctx := context.Background()
	for _, r := range receipts {
		rc, _ := crypto.ParseReceipt(r)
		keys := crypto.DeriveReceiptKeys(rc, e.in.Pepper, e.in.ReceiptParams)
		caseID, grant, err := cases.ByReceipt(ctx, e.db, keys.Lookup)
		if err != nil {
			b.Fatalf("receipt %s finds no case: %v", r, err)
		}
		mailbox, err := crypto.OpenGrant(grant, keys.Seal.Identity())
		if err != nil {
			b.Fatalf("receipt %s does not open its grant", r)
		}
		entries, err := cases.Entries(ctx, e.db, caseID, "mailbox", mailbox)
		if err != nil || len(entries) != 1 || !strings.Contains(string(entries[0].Plaintext), "併發測試") {
			b.Fatalf("receipt %s does not open its report", r)
		}
	}
}

// BenchmarkBigUpload sends one 1 GiB video over loopback HTTP. It reports MB/s, the server's peak heap
// growth, and the same file encrypted by the stock age command in the same run, for a ratio.
func BenchmarkBigUpload(b *testing.B) {
	size := int64(1 << 30)
	if s := os.Getenv("BIG_UPLOAD_MIB"); s != "" {
		fmt.Sscan(s, &size)
		size <<= 20
	}
	e := benchEnv(b, func(o *Options) {
		o.FileMax = size + 1<<20
		o.TotalMax = size + 1<<20
		if os.Getenv("CHEAP_KDF") != "" {
			o.ReceiptParams = testParams
		}
	})
	c := e.client()
	for b.Loop() {
		token, id, answer := c.form("/report")
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			for _, f := range reportFields(id, answer, "大檔案") {
				mw.WriteField(f.name, f.value)
			}
			fw, _ := mw.CreateFormFile("files", "video.mp4")
			writeFakeMP4(fw, size)
			pw.CloseWithError(mw.Close())
		}()
		stop := make(chan struct{})
		peak := watchHeap(stop)
		start := time.Now()
		req, _ := http.NewRequest("POST", e.srv.URL+"/report?csrf_token="+token, pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.c.Do(req)
		elapsed := time.Since(start)
		close(stop)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("upload: %d %.500s", resp.StatusCode, body)
		}
		b.ReportMetric(float64(size)/1e6/elapsed.Seconds(), "MB/s")
		b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-growth-MiB")
	}
	b.StopTimer()
	b.ReportMetric(stockAgeMBps(b, size), "stock-age-MB/s")
}

// writeFakeMP4 writes an MP4-looking stream (an ftyp box, then random data) without holding it.
func writeFakeMP4(w io.Writer, size int64) {
	head := []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
	w.Write(head)
	buf := make([]byte, 1<<20)
	rand.Read(buf)
	for left := size - int64(len(head)); left > 0; left -= int64(len(buf)) {
		w.Write(buf[:min(int64(len(buf)), left)])
	}
}

// watchHeap samples the heap until stop closes and sends the largest growth seen.
func watchHeap(stop chan struct{}) chan uint64 {
	out := make(chan uint64, 1)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	go func() {
		var peak uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > base.HeapInuse && m.HeapInuse-base.HeapInuse > peak {
					peak = m.HeapInuse - base.HeapInuse
				}
			}
		}
	}()
	return out
}

// stockAgeMBps times the stock age command encrypting a file of the same size.
func stockAgeMBps(b *testing.B, size int64) float64 {
	dir := b.TempDir()
	path := filepath.Join(dir, "big.bin")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	writeFakeMP4(f, size)
	f.Close()
	id, _ := crypto.NewRecoveryKey()
	start := time.Now()
	cmd := exec.Command("go", "tool", "age", "-r", id.Recipient().String(), "-o", os.DevNull, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("stock age: %v %s", err, out)
	}
	return float64(size) / 1e6 / time.Since(start).Seconds()
}

func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "p95-ms")
}
