package portal

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuClock is the CPU time used so far by the test process (the server with its clients) and by
// the PostgreSQL backends pids. Divided by the requests served, it is the cost of a page, which,
// unlike its latency, hardly moves when other work shares the machine.
type cpuClock struct{ self, pg time.Duration }

func readCPUClock(pids []int) cpuClock {
	var ru syscall.Rusage
	var c cpuClock
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		c.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	for _, pid := range pids {
		c.pg += procCPU(pid)
	}
	return c
}

// procCPU is the user and system time of process pid from /proc (fields 14 and 15 of stat, in
// clock ticks of 10 ms on Linux); 0 if it cannot be read.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, field 2, may hold spaces: count fields after its closing parenthesis.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
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
