package flags

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/cputime"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// BenchmarkRecompute measures Recompute with the Taiwan settings over BENCH_PROCESSES (default
// 100,000) generated processes, and reports releases/s and the time 1,000,000 would take at that
// rate:
//
//	go test ./portal/procurement/flags/ -run '^$' -bench Recompute -benchtime 3x
//	BENCH_PROCESSES=1000000 go test ./portal/procurement/flags/ -run '^$' -bench Recompute -benchtime 1x -timeout 60m
func BenchmarkRecompute(b *testing.B) {
	n := 100_000
	if s := os.Getenv("BENCH_PROCESSES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("BENCH_PROCESSES=%q is not a positive number", s)
		}
		n = v
	}
	pool := testdb.New(b)
	start := time.Now()
	generateProcesses(b, pool, n, 42)
	b.Logf("generated %d processes in %v", n, time.Since(start).Round(time.Millisecond))

	s := TaiwanSettings()
	var run Run
	var reading time.Duration // until the old set is deleted: streaming and the indicators
	cpu := startCPU(b, pool)
	for b.Loop() {
		start := time.Now()
		var err error
		run, err = Recompute(context.Background(), pool, s, func(p Progress) {
			if p.Stage == StageReplace {
				reading += time.Since(start)
			}
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	perRun := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perRun, "s/run")
	b.ReportMetric(reading.Seconds()/float64(b.N), "s/read")
	// On a shared machine wall time depends on the neighbours; CPU time does not. Go and
	// PostgreSQL together, per 1,000,000 releases: on c idle cores a run takes at least this / c.
	if goCPU, pgCPU, ok := cpu.stop(); ok {
		b.ReportMetric((goCPU+pgCPU).Seconds()/float64(b.N)*1e6/float64(n), "cpu-s/1M")
		b.ReportMetric(pgCPU.Seconds()/float64(b.N)*1e6/float64(n), "pg-cpu-s/1M")
	}
	b.ReportMetric(float64(n)/perRun, "releases/s")
	b.ReportMetric(perRun*1e6/float64(n), "s/1M")
	b.ReportMetric(float64(run.Flags), "flags")
	b.ReportMetric(float64(run.BuyerYears), "buyer-years")
	b.ReportMetric(0, "ns/op") // s/run says it
}

// generateProcesses loads processes 0 to n−1 of package generate's data set of seed (with bids,
// items, parties and contracts, and red flags planted) with store.CopyCompiled, the quickest way,
// which skips procurement_releases: the indicators read only the compiled releases.
func generateProcesses(tb testing.TB, pool *pgxpool.Pool, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: seed})
	i := 0
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.CopyCompiled(ctx, tx, func() (ocds.Release, error) {
			if i == n {
				return nil, nil
			}
			i++
			return g.Release(i - 1), nil
		})
		return err
	})
	if err != nil {
		tb.Fatalf("generate: %v", err)
	}
	if _, err := testdb.AsOwner(tb, pool).Exec(ctx, "ANALYZE procurement_processes; ANALYZE procurement_awards"); err != nil { // the owner's to do
		tb.Fatal(err)
	}
}

// cpuMeter measures the CPU time of this process and of the database's server processes.
type cpuMeter struct {
	pool  *pgxpool.Pool
	goCPU time.Duration
	pg    map[int]time.Duration
}

func startCPU(tb testing.TB, pool *pgxpool.Pool) *cpuMeter {
	m := &cpuMeter{pool: pool, goCPU: processCPU(), pg: map[int]time.Duration{}}
	for _, pid := range serverPIDs(tb, pool) {
		if t, ok := pidCPU(pid); ok {
			m.pg[pid] = t
		}
	}
	return m
}

// stop returns the CPU time used since start; ok is false where /proc cannot be read.
func (m *cpuMeter) stop() (goCPU, pgCPU time.Duration, ok bool) {
	goCPU = processCPU() - m.goCPU
	for _, pid := range serverPIDs(nil, m.pool) {
		t, readable := pidCPU(pid)
		if !readable {
			return goCPU, 0, false
		}
		pgCPU += t - m.pg[pid] // a server process started since counts whole
	}
	return goCPU, pgCPU, true
}

// serverPIDs lists the server processes of the test database's connections.
func serverPIDs(tb testing.TB, pool *pgxpool.Pool) []int {
	rows, err := pool.Query(context.Background(),
		`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		if tb != nil {
			tb.Fatal(err)
		}
		return nil
	}
	pids, _ := pgx.CollectRows(rows, pgx.RowTo[int])
	return pids
}

func processCPU() time.Duration { return cputime.Self() }

// pidCPU reads a process's user and system time (Linux).
func pidCPU(pid int) (time.Duration, bool) { return cputime.Process(pid) }
