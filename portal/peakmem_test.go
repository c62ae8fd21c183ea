package portal

import (
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"
)

// memSampler records the peak memory of this process and of some local processes (PostgreSQL
// backends) while a load test runs. This process holds the clients of the load test as well as the
// server, so its figures are an upper bound of the server's.
type memSampler struct {
	pids     []int
	done     chan struct{}
	finished chan struct{}
	reset    bool // the kernel's peaks (VmHWM) were reset at the start: they cover the run only
	peaks    memPeaks
}

// memPeaks are peaks in bytes.
type memPeaks struct {
	goHeap    uint64 // Go heap objects, live and not yet swept (runtime/metrics)
	goRSS     uint64 // this process's resident memory
	pgRSS     uint64 // the backends' resident memory added up, shared buffers they touched included
	pgPrivate uint64 // the backends' private resident memory (RssAnon) added up: what each adds
}

// heapObjects is the runtime metric of the heap's objects, like MemStats.HeapAlloc but read
// without stopping the world.
const heapObjects = "/memory/classes/heap/objects:bytes"

// startMemSampler starts sampling every 20 ms. Where the kernel allows it (Linux, and root for
// another user's backends), it first resets the peaks it keeps (VmHWM), so that they cover the run
// and not what came before, such as generating the data.
func startMemSampler(pids []int) *memSampler {
	m := &memSampler{pids: pids, done: make(chan struct{}), finished: make(chan struct{}), reset: true}
	for _, pid := range append([]int{os.Getpid()}, pids...) {
		if os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) != nil {
			m.reset = false
		}
	}
	go func() {
		defer close(m.finished)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: heapObjects}}
		for {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				m.peaks.goHeap = max(m.peaks.goHeap, sample[0].Value.Uint64())
			}
			m.peaks.goRSS = max(m.peaks.goRSS, procStatus(os.Getpid(), "VmRSS"))
			var rss, private uint64
			for _, pid := range m.pids {
				rss += procStatus(pid, "VmRSS")
				private += procStatus(pid, "RssAnon")
			}
			m.peaks.pgRSS, m.peaks.pgPrivate = max(m.peaks.pgRSS, rss), max(m.peaks.pgPrivate, private)
			select {
			case <-m.done:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

// stop ends the sampling and returns the peaks, raised to the kernel's own peaks when those cover
// the run only: a peak between two samples is then counted too.
func (m *memSampler) stop() memPeaks {
	close(m.done)
	<-m.finished
	p := m.peaks
	if m.reset {
		p.goRSS = max(p.goRSS, procStatus(os.Getpid(), "VmHWM"))
		var hwm uint64
		for _, pid := range m.pids {
			hwm += procStatus(pid, "VmHWM")
		}
		p.pgRSS = max(p.pgRSS, hwm)
	}
	return p
}

// report reports the peaks in MiB; those of the backends only if they could be read.
func (p memPeaks) report(b *testing.B) {
	mib := func(v uint64) float64 { return float64(v) / (1 << 20) }
	b.ReportMetric(mib(p.goHeap), "go-heap-peak-MB")
	b.ReportMetric(mib(p.goRSS), "go-rss-peak-MB")
	if p.pgRSS > 0 {
		b.ReportMetric(mib(p.pgRSS), "pg-rss-peak-MB")
		b.ReportMetric(mib(p.pgPrivate), "pg-private-peak-MB")
	}
}

// procStatus reads a memory figure of /proc/<pid>/status (Linux) in bytes, or 0 if it cannot be
// read: PostgreSQL on another machine, or another system.
func procStatus(pid int, field string) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
