package portal

import (
	"testing"
	"time"

	"integrity-portal/internal/cputime"
)

// cpuClock is the CPU time used so far by the test process (the server with its clients) and by
// the PostgreSQL backends pids. Divided by the requests served, it is the cost of a page, which,
// unlike its latency, hardly moves when other work shares the machine.
type cpuClock struct{ self, pg time.Duration }

func readCPUClock(pids []int) cpuClock {
	c := cpuClock{self: cputime.Self()}
	for _, pid := range pids {
		d, _ := cputime.Process(pid)
		c.pg += d
	}
	return c
}

// report reports the CPU time per request since start, in ms: of the test process and of the
// backends.
func (c cpuClock) report(b *testing.B, start cpuClock, requests int) {
	b.Helper()
	if requests == 0 {
		return
	}
	b.ReportMetric(float64(c.self-start.self)/float64(requests)/1e6, "go-cpu-ms/req")
	b.ReportMetric(float64(c.pg-start.pg)/float64(requests)/1e6, "pg-cpu-ms/req")
}
