package portal

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/applications"
)

// benchApplications fills a fresh database for the application benchmarks: the generator's
// periods, its office calendar for the years firstYear to lastYear + 1, and BENCH_APPLICATIONS
// (default 200,000) applications received from the first to the last day of those years, imported
// as a data officer's files are and recomputed as of the last day. It returns the pool and the
// code of the agency with the most applications.
func benchApplications(b *testing.B, firstYear, lastYear int) (*pgxpool.Pool, string) {
	b.Helper()
	n := 200_000
	if s := os.Getenv("BENCH_APPLICATIONS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("BENCH_APPLICATIONS=%q is not a positive number", s)
		}
		n = v
	}
	ctx := context.Background()
	pool := testdb.New(b)
	from, to := applications.Date(firstYear, 1, 1), applications.Date(lastYear, 12, 31)
	opts := applications.Options{Today: to}
	// Each file streams from the generator into the import, never whole in memory.
	load := func(kind applications.Kind, write func(io.Writer) error) {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(write(pw)) }()
		rep, err := applications.File(ctx, pool, kind, pr, opts)
		pr.Close()
		if err != nil {
			b.Fatalf("%s: %v: %+v", kind, err, rep)
		}
	}
	start := time.Now()
	load(applications.KindPeriods, applications.WritePeriodsCSV)
	load(applications.KindCalendar, func(w io.Writer) error { return applications.WriteCalendarCSV(w, firstYear, lastYear+1) })
	load(applications.KindApplications, func(w io.Writer) error {
		return applications.WriteApplicationsCSV(w, applications.NewGenerator(42, n, from, to))
	})
	rc, err := applications.Recompute(ctx, pool, to)
	if err != nil {
		b.Fatal(err)
	}
	var largest string
	if err := pool.QueryRow(ctx, `SELECT a.code FROM application_stats st JOIN application_agencies a ON a.id = st.agency_id
		WHERE st.service_id = 0 GROUP BY a.code ORDER BY sum(st.received) DESC, a.code LIMIT 1`).Scan(&largest); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d applications imported and recomputed in %v: %d rows of statistics", n, time.Since(start).Round(time.Millisecond), rc.Rows)
	return pool, largest
}
