// Package benchdb gives the procurement benchmarks their database of generated processes.
//
// Storing a million processes and computing their red flags and pages takes most of an hour, so with
// BENCH_KEEP=1 the database is kept (as bench_procurement_<n> on the test server) and the next run
// with the same BENCH_PROCESSES reuses it, migrated to the current schema; otherwise each run makes
// its own and drops it, as tests do. Drop a kept one with `DROP DATABASE bench_procurement_<n>` on
// the test server, or by stopping and deleting var/test-pg.
package benchdb

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/generate/load"
	"integrity-portal/portal/procurement/holders"
)

// The stages a kept database records, in order.
const (
	stageProcesses = "processes"
	stageFlagged   = "flagged"
)

// Size is BENCH_PROCESSES, or 100,000.
func Size(b testing.TB) int {
	s := os.Getenv("BENCH_PROCESSES")
	if s == "" {
		return 100_000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("BENCH_PROCESSES=%q is not a positive number", s)
	}
	return n
}

// Processes returns a pool as the serving role, and its connection string, on a database holding
// generated processes 0 to n−1 (seed 42) stored as an import stores them.
func Processes(b testing.TB, n int) (*pgxpool.Pool, string) {
	pool, url, _ := open(b, n)
	return pool, url
}

// Flagged is Processes with the processes' red flags computed, and the buyer and supplier pages
// computed ahead, as the red-flags job does after an import.
func Flagged(b testing.TB, n int) (*pgxpool.Pool, string) {
	pool, url, stage := open(b, n)
	if stage == stageFlagged {
		return pool, url
	}
	ctx := context.Background()
	start := time.Now()
	run, err := flags.Recompute(ctx, pool, flags.TaiwanSettings(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("computed their red flags in %v", time.Since(start).Round(time.Second))
	start = time.Now()
	done, err := holders.Refresh(ctx, pool, run.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("computed the pages of %d buyers and %d suppliers ahead in %v", done.Buyers, done.Suppliers,
		time.Since(start).Round(time.Second))
	mark(b, n, stageFlagged)
	return pool, url
}

// open returns the database of n processes, storing them unless a kept one already holds them, and
// the stage it is at.
func open(b testing.TB, n int) (*pgxpool.Pool, string, string) {
	ctx := context.Background()
	var (
		pool  *pgxpool.Pool
		url   string
		stage string
	)
	if keep() {
		pool, url, stage = testdb.Kept(b, name(n))
		if stage != "" {
			b.Logf("reusing the kept database %s (%s)", name(n), stage)
			return pool, url, stage
		}
		// A run stopped while storing left nothing: load.Processes stores in one transaction.
	} else {
		pool, url = testdb.NewWithURL(b)
	}
	start := time.Now()
	if _, err := load.Processes(ctx, testdb.AsOwner(b, pool), generate.New(generate.Options{Seed: 42}), n); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored %d generated processes in %v", n, time.Since(start).Round(time.Second))
	mark(b, n, stageProcesses)
	return pool, url, stageProcesses
}

func keep() bool { return os.Getenv("BENCH_KEEP") == "1" }

func name(n int) string { return "bench_procurement_" + strconv.Itoa(n) }

func mark(b testing.TB, n int, stage string) {
	if keep() {
		testdb.MarkKept(b, name(n), stage)
	}
}
