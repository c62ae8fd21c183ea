package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/cputime"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
)

// The import benchmarks, on BENCH_RELEASES generated compiled releases (default 100,000), into an
// empty database each run:
//
//	go test ./portal/procurement/store/ -run '^$' -bench 'Import|CopyBaseline' -benchtime 1x -count 3
//	BENCH_RELEASES=1000000 go test … -timeout 2h
//
// BenchmarkImport imports them as `portal import` imports a JSON Lines file: read, decode and store
// with a Loader, in one transaction. BenchmarkCopyBaseline COPYs the rows that import leaves in the
// three tables into the same empty tables, with nothing else to do: the ratio of the two is the
// import's cost over PostgreSQL's own. Both report releases/s, and the CPU time spent per release by
// this process (go-cpu-us) and by its PostgreSQL backend (pg-cpu-us), which change less than the
// wall time when other work shares the machine. BenchmarkImport also reports the peak of the Go
// heap, the process's peak resident memory, and that of its PostgreSQL backend (which counts the
// shared buffers it touched).

// benchFiles holds the benchmarks' generated files, removed by TestMain.
var benchFiles struct {
	sync.Mutex
	dir   string
	jsonl map[int]string    // n → JSON Lines of n releases
	dumps map[int][3]string // n → COPY text of releases, processes and awards
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchFiles.dir != "" {
		os.RemoveAll(benchFiles.dir)
	}
	os.Exit(code)
}

// benchReleases is the number of releases of the import benchmarks.
func benchReleases(b *testing.B) int {
	s := os.Getenv("BENCH_RELEASES")
	if s == "" {
		return 100_000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("BENCH_RELEASES=%q is not a positive number", s)
	}
	return n
}

// benchDir returns the directory of the benchmarks' files; benchFiles must be locked.
func benchDir(b *testing.B) string {
	if benchFiles.dir == "" {
		dir, err := os.MkdirTemp("", "import-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchFiles.dir = dir
		benchFiles.jsonl = map[int]string{}
		benchFiles.dumps = map[int][3]string{}
	}
	return benchFiles.dir
}

// benchJSONL returns a JSON Lines file of the first n generated releases, written once.
func benchJSONL(b *testing.B, n int) string {
	benchFiles.Lock()
	defer benchFiles.Unlock()
	if path, ok := benchFiles.jsonl[n]; ok {
		return path
	}
	path := filepath.Join(benchDir(b), fmt.Sprintf("releases-%d.jsonl", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Now()
	g := generate.New(generate.Options{Seed: 42})
	for r := range g.Releases(n) {
		line, err := marshalJSON(map[string]any(r)) // json.Marshal's text, sooner
		if err != nil {
			b.Fatal(err)
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	b.Logf("generated %d releases (%d MB of JSON Lines) in %v", n, st.Size()>>20, time.Since(start).Round(time.Second))
	benchFiles.jsonl[n] = path
	return path
}

func BenchmarkImport(b *testing.B) {
	n := benchReleases(b)
	path := benchJSONL(b, n)
	ctx := context.Background()
	var elapsed time.Duration
	var peakHeap uint64
	var backendPeak int64
	var cpu cpuTimes
	for range b.N {
		b.StopTimer()
		pool := testdb.New(b)
		runtime.GC()
		pid := backendPID(b, pool)
		before := readCPU(pid)
		b.StartTimer()
		start := time.Now()
		stop := sampleHeap(&peakHeap)
		res := importJSONL(b, ctx, pool, path)
		stop()
		elapsed += time.Since(start)
		b.StopTimer()
		cpu.add(readCPU(pid), before)
		backendPeak = max(backendPeak, residentPeak(pid))
		if res.ProcessesCreated != n {
			b.Fatalf("imported %+v, want %d new processes", res, n)
		}
		saveDump(b, ctx, pool, n)
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "releases/s")
	cpu.report(b, n*b.N)
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-rss-MB") // Maxrss is in KiB on Linux
	}
	if backendPeak > 0 {
		b.ReportMetric(float64(backendPeak)/1024, "pg-backend-peak-MB")
	}
}

// importJSONL imports a JSON Lines file as `portal import` does, returning what was saved.
func importJSONL(b *testing.B, ctx context.Context, pool *pgxpool.Pool, path string) SaveResult {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var res SaveResult
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		l := NewLoader(ctx, tx, "bench.jsonl")
		problems, readErr := ocds.ReadPackage(bufio.NewReaderSize(f, 1<<16), func(_ string, r ocds.Release) error {
			return l.Add(r)
		})
		var err error
		res, err = l.Close()
		if readErr != nil || len(problems) > 0 {
			return fmt.Errorf("read: %v %v", readErr, problems)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// backendPID returns the process id of the PostgreSQL backend of pool's only connection, which
// the benchmark then uses.
func backendPID(b *testing.B, pool *pgxpool.Pool) uint32 {
	conn, err := pool.Acquire(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	if n := pool.Stat().TotalConns(); n != 1 {
		b.Fatalf("%d connections in the pool, want 1", n)
	}
	return conn.Conn().PgConn().PID()
}

// cpuTimes adds up CPU time of this process and of a PostgreSQL backend.
type cpuTimes struct{ self, backend time.Duration }

// readCPU returns the CPU time used so far by this process and by the local process pid (zero if
// it cannot be read).
func readCPU(pid uint32) cpuTimes {
	backend, _ := cputime.Process(int(pid))
	return cpuTimes{self: cputime.Self(), backend: backend}
}

func (t *cpuTimes) add(after, before cpuTimes) {
	t.self += after.self - before.self
	t.backend += after.backend - before.backend
}

func (t cpuTimes) report(b *testing.B, releases int) {
	b.ReportMetric(float64(t.self.Microseconds())/float64(releases), "go-cpu-us/release")
	if t.backend > 0 {
		b.ReportMetric(float64(t.backend.Microseconds())/float64(releases), "pg-cpu-us/release")
	}
}

// sampleHeap records the peak of the Go heap in *peak until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// residentPeak returns the peak resident memory (VmHWM, KiB) of a local process, or 0 if it cannot
// be read (PostgreSQL on another machine, or another user's process).
func residentPeak(pid uint32) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// dumpTables are the tables BenchmarkCopyBaseline fills, with the columns that the import writes.
var dumpTables = []struct {
	name    string
	columns []string
}{
	{"procurement_releases", releaseColumns},
	{"procurement_processes", processColumns},
	{"procurement_awards", awardColumns},
}

// saveDump writes the rows of an import of n releases as COPY text, once.
func saveDump(b *testing.B, ctx context.Context, pool *pgxpool.Pool, n int) {
	benchFiles.Lock()
	defer benchFiles.Unlock()
	if _, ok := benchFiles.dumps[n]; ok {
		return
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	var paths [3]string
	for i, t := range dumpTables {
		paths[i] = filepath.Join(benchDir(b), fmt.Sprintf("%s-%d.copy", t.name, n))
		f, err := os.Create(paths[i])
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		sql := fmt.Sprintf("COPY %s (%s) TO STDOUT", t.name, strings.Join(t.columns, ", "))
		if _, err := conn.Conn().PgConn().CopyTo(ctx, w, sql); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	benchFiles.dumps[n] = paths
}

func BenchmarkCopyBaseline(b *testing.B) {
	n := benchReleases(b)
	ctx := context.Background()
	benchFiles.Lock()
	paths, ok := benchFiles.dumps[n]
	benchFiles.Unlock()
	if !ok {
		pool := testdb.New(b)
		importJSONL(b, ctx, pool, benchJSONL(b, n))
		saveDump(b, ctx, pool, n)
		benchFiles.Lock()
		paths = benchFiles.dumps[n]
		benchFiles.Unlock()
	}
	var elapsed time.Duration
	var cpu cpuTimes
	for range b.N {
		b.StopTimer()
		pool := testdb.New(b)
		pid := backendPID(b, pool)
		before := readCPU(pid)
		b.StartTimer()
		start := time.Now()
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for i, t := range dumpTables {
				f, err := os.Open(paths[i])
				if err != nil {
					return err
				}
				sql := fmt.Sprintf("COPY %s (%s) FROM STDIN", t.name, strings.Join(t.columns, ", "))
				_, err = tx.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), sql)
				f.Close()
				if err != nil {
					return err
				}
			}
			return nil
		})
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		cpu.add(readCPU(pid), before)
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "releases/s")
	cpu.report(b, n*b.N)
}
