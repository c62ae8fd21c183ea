package applications

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
)

// BenchmarkApplications measures, on BENCH_APPLICATIONS generated applications (default
// 1,000,000) received over seven years:
//
//   - import: the CSV file through File (decoded, every row checked, staged, merged), records/s;
//   - copy: the same rows as a plain COPY into application_records (a file already in the table's
//     layout, ids resolved), records/s, and import's share of its speed;
//   - reimport: the same file again, which changes nothing, records/s;
//   - recompute: Recompute over them, seconds.
//
// Each is run BENCH_REPS times (default 3) and reported as the median:
//
//	go test ./portal/applications/ -run '^$' -bench Applications -benchtime 1x -timeout 30m
//	BENCH_APPLICATIONS=10000000 go test ./portal/applications/ -run '^$' -bench Applications -benchtime 1x -timeout 3h
func BenchmarkApplications(b *testing.B) {
	n, reps := envInt(b, "BENCH_APPLICATIONS", 1_000_000), envInt(b, "BENCH_REPS", 3)
	from, to := Date(2019, 1, 1), Date(2025, 12, 31)
	pool := testdb.New(b)
	ctx := context.Background()
	var periods, calendar bytes.Buffer
	WritePeriodsCSV(&periods)
	WriteCalendarCSV(&calendar, 2019, 2027)
	importFile(b, pool, KindPeriods, periods.String())
	importFile(b, pool, KindCalendar, calendar.String())

	start := time.Now()
	dir := b.TempDir()
	csvPath, copyPath := filepath.Join(dir, "applications.csv"), filepath.Join(dir, "copy.csv")
	writeFile(b, csvPath, func(w *bufio.Writer) error { return WriteApplicationsCSV(w, NewGenerator(42, n, from, to)) })
	writeFile(b, copyPath, func(w *bufio.Writer) error { return writeCopyRows(ctx, pool, w, NewGenerator(42, n, from, to)) })
	st, _ := os.Stat(csvPath)
	b.Logf("generated %d applications (%d MiB of CSV) in %v", n, st.Size()>>20, time.Since(start).Round(time.Millisecond))

	var importRate, reimportRate, copyRate, recompute []float64
	for rep := range reps {
		truncate(b, pool)
		t := time.Now()
		r := importPath(b, pool, csvPath, to)
		importRate = append(importRate, float64(n)/time.Since(t).Seconds())
		if r.Inserted != n {
			b.Fatalf("import: %+v", r)
		}
		t = time.Now()
		if r := importPath(b, pool, csvPath, to); r.Unchanged != n {
			b.Fatalf("reimport: %+v", r)
		}
		reimportRate = append(reimportRate, float64(n)/time.Since(t).Seconds())

		truncate(b, pool)
		t = time.Now()
		copied := copyFile(b, pool, copyPath)
		copyRate = append(copyRate, float64(n)/time.Since(t).Seconds())
		if copied != int64(n) {
			b.Fatalf("copied %d rows", copied)
		}

		rc, err := Recompute(ctx, pool, to)
		if err != nil {
			b.Fatal(err)
		}
		recompute = append(recompute, rc.Duration.Seconds())
		b.Logf("run %d: import %.0f/s, reimport %.0f/s, copy %.0f/s, recompute %.1fs (%d rows)",
			rep+1, importRate[rep], reimportRate[rep], copyRate[rep], recompute[rep], rc.Rows)
	}
	b.ReportMetric(median(importRate), "import_records/s")
	b.ReportMetric(median(copyRate), "copy_records/s")
	b.ReportMetric(median(importRate)/median(copyRate), "import/copy")
	b.ReportMetric(median(reimportRate), "reimport_records/s")
	b.ReportMetric(median(recompute), "recompute_s")
}

func envInt(b *testing.B, name string, def int) int {
	if s := os.Getenv(name); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("%s=%q is not a positive number", name, s)
		}
		return v
	}
	return def
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func writeFile(b *testing.B, path string, write func(*bufio.Writer) error) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// writeCopyRows writes g's applications as COPY reads them into application_records: CSV with
// ids for codes, NULL for no date or outcome.
func writeCopyRows(ctx context.Context, pool *pgxpool.Pool, w *bufio.Writer, g *Generator) error {
	reg, err := LoadRegistry(ctx, pool)
	if err != nil {
		return err
	}
	var a Application
	for g.Next(&a) {
		fmt.Fprintf(w, "%d,%s,%d,%s,%s,%s,%d,%t,%d,%s\n", reg.Agencies[a.AgencyCode].ID, a.Key,
			reg.Services[ServiceKey{a.AgencyCode, a.ServiceCode}].ID, a.Channel, a.Received.Format(time.DateOnly),
			dateOrEmpty(a.Closed), a.SuspendedDays, a.Extended, a.ExtensionDays, a.Outcome)
	}
	return nil
}

func truncate(b *testing.B, pool *pgxpool.Pool) {
	owner := testdb.AsOwner(b, pool) // TRUNCATE and CHECKPOINT are not the serving role's
	if _, err := owner.Exec(context.Background(), `TRUNCATE application_records`); err != nil {
		b.Fatal(err)
	}
	owner.Exec(context.Background(), `CHECKPOINT`) // start each run with clean buffers
}

func importPath(b *testing.B, pool *pgxpool.Pool, path string, today time.Time) *Report {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rep, err := File(context.Background(), pool, KindApplications, f, Options{Today: today})
	if err != nil {
		b.Fatalf("%v: %+v", err, rep)
	}
	return rep
}

func copyFile(b *testing.B, pool *pgxpool.Pool, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	conn, err := pool.Acquire(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	tag, err := conn.Conn().PgConn().CopyFrom(context.Background(), f, `COPY application_records (agency_id, case_key,
		service_id, channel, received, closed, suspended_days, extended, extension_days, outcome) FROM STDIN (FORMAT csv)`)
	if err != nil {
		b.Fatal(err)
	}
	return tag.RowsAffected()
}
