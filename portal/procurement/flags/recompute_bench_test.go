package flags

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
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

// generateProcesses loads n processes: store.GenerateRelease's processes, each given what the
// indicators read (method details, a tender period, bids, items) and what real compiled releases
// carry besides (parties, documents), so that every indicator has work and rows have a realistic
// size.
func generateProcesses(tb testing.TB, pool *pgxpool.Pool, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, seed+1))
	extra := rand.New(rand.NewPCG(seed+2, seed+3))
	i := 0
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.CopyCompiled(ctx, tx, func() (ocds.Release, error) {
			if i == n {
				return nil, nil
			}
			rel := store.GenerateRelease(r, i)
			enrich(extra, rel)
			i++
			return rel, nil
		})
		return err
	})
	if err != nil {
		tb.Fatalf("generate: %v", err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE procurement_processes; ANALYZE procurement_awards"); err != nil {
		tb.Fatal(err)
	}
}

// details maps a generated procurementMethod to the 招標方式 a Taiwan notice would give.
var details = map[string][]string{
	"open":      {"公開招標", "公開招標", "公開取得報價單或企劃書"},
	"selective": {"選擇性招標(個案)"},
	"limited":   {"限制性招標(經公開評選或公開徵求)", "限制性招標(未經公開評選或公開徵求)"},
	"direct":    {"限制性招標(未經公開評選或公開徵求)"},
}

// supplierID draws one of the generator's 3,000 suppliers, as store.GenerateRelease does.
func supplierID(r *rand.Rand) string { return fmt.Sprintf("%08d", r.IntN(3000)*7919%100000000) }

// enrich adds to a generated release what the indicators read.
func enrich(r *rand.Rand, rel ocds.Release) {
	tender := rel["tender"].(map[string]any)
	method := tender["procurementMethod"].(string)
	tender["procurementMethodDetails"] = details[method][r.IntN(len(details[method]))]
	start, _ := time.Parse(time.RFC3339, tender["tenderPeriod"].(map[string]any)["startDate"].(string))
	days := 7 + r.IntN(35)
	if r.IntN(100) < 3 {
		days = 1 + r.IntN(4) // short periods, some below the thresholds
	}
	end := start.AddDate(0, 0, days)
	tender["tenderPeriod"].(map[string]any)["endDate"] = end.Format(time.RFC3339)
	tender["documents"] = []any{
		map[string]any{"id": "1", "documentType": "tenderNotice", "title": "招標公告", "url": "https://web.pcc.gov.tw/notice/" + rel.OCID()},
		map[string]any{"id": "2", "documentType": "biddingDocuments", "title": "投標須知", "format": "application/pdf"},
	}
	value, _ := strconv.ParseFloat(string(tender["value"].(map[string]any)["amount"].(json.Number)), 64)

	// The winner (if awarded) and other bidders, numberOfTenderers in all.
	bidders, _ := strconv.Atoi(string(tender["numberOfTenderers"].(json.Number)))
	var winner string
	awards, _ := rel["awards"].([]any)
	if len(awards) > 0 {
		award := awards[0].(map[string]any)
		winner = award["suppliers"].([]any)[0].(map[string]any)["id"].(string)
		award["items"] = []any{map[string]any{"id": "1", "classification": map[string]any{
			"scheme": "CPC", "id": classification(r, winner)}}}
	}
	var bids []any
	parties := []any{map[string]any{"id": rel["buyer"].(map[string]any)["id"], "name": rel["buyer"].(map[string]any)["name"],
		"roles": []any{"buyer", "procuringEntity"}, "address": map[string]any{"locality": "臺中市", "countryName": "臺灣"}}}
	low := value * (0.80 + 0.15*r.Float64())
	for k := range bidders {
		id, amount := supplierID(r), low*(1+0.2*r.Float64())
		if k == 0 && winner != "" {
			id, amount = winner, low
		}
		status := "valid"
		if k > 0 && r.IntN(100) < 15 {
			status = "disqualified"
		}
		date := end.Add(-time.Duration(1+r.IntN(72)) * time.Hour)
		if r.IntN(1000) < 5 {
			date = end.Add(time.Hour) // a late bid
		}
		bids = append(bids, map[string]any{"id": strconv.Itoa(k + 1), "status": status, "date": date.Format(time.RFC3339),
			"tenderers": []any{map[string]any{"id": id}},
			"value":     map[string]any{"amount": json.Number(strconv.FormatFloat(float64(int64(amount)), 'f', -1, 64)), "currency": "TWD"}})
		parties = append(parties, map[string]any{"id": id, "name": "廠商" + id, "roles": []any{"tenderer"},
			"identifier": map[string]any{"scheme": "TW-UBN", "id": id}, "address": map[string]any{"locality": "臺中市"}})
	}
	rel["bids"] = map[string]any{"details": bids}
	rel["parties"] = parties
}

// classification gives a supplier mostly its own line of business (CPC-like codes), sometimes
// another.
func classification(r *rand.Rand, supplier string) string {
	home, _ := strconv.Atoi(supplier[len(supplier)-2:])
	if r.IntN(20) == 0 {
		home = r.IntN(100)
	}
	return fmt.Sprintf("%02d%03d", home, r.IntN(1000))
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

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pidCPU reads a process's user and system time from /proc (Linux).
func pidCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks, true
}
