package applications

import (
	"bytes"
	"context"
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/testdb"
)

var (
	genFrom = Date(2023, 1, 1)
	genTo   = Date(2024, 12, 31)
)

func generatedCSV(t testing.TB, seed uint64, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteApplicationsCSV(&b, NewGenerator(seed, n, genFrom, genTo)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Generated files import whole, the same seed gives the same file, and the figures look like a
// city's: most applications closed on time, a backlog, a few services late.
func TestGenerator(t *testing.T) {
	const n = 30_000
	file := generatedCSV(t, 7, n)
	if a, b := sha256.Sum256(file), sha256.Sum256(generatedCSV(t, 7, n)); a != b {
		t.Fatal("the same seed gave two files")
	}
	if bytes.Equal(file[:2000], generatedCSV(t, 8, n)[:2000]) {
		t.Error("another seed gave the same file")
	}

	pool := testdb.New(t)
	ctx := context.Background()
	var periods, calendar bytes.Buffer
	WritePeriodsCSV(&periods)
	WriteCalendarCSV(&calendar, 2023, 2025)
	importFile(t, pool, KindPeriods, periods.String())
	importFile(t, pool, KindCalendar, calendar.String())
	rep, err := File(ctx, pool, KindApplications, bytes.NewReader(file), Options{Today: genTo})
	if err != nil {
		t.Fatalf("%v: %v", err, rep.Rejected)
	}
	if rep.Inserted != n || rep.NewServices != 0 {
		t.Fatalf("%+v", rep)
	}
	if _, err := Recompute(ctx, pool, genTo); err != nil {
		t.Fatal(err)
	}
	var received, closed, timed, onTime, open, overdue, lateServices int
	var busiest, quietest float64
	err = pool.QueryRow(ctx, `SELECT sum(received), sum(closed), sum(timed), sum(on_time),
		(SELECT open_end FROM application_stats WHERE agency_id = 0 AND month = '2024-12-01'),
		(SELECT overdue_end FROM application_stats WHERE agency_id = 0 AND month = '2024-12-01'),
		max(received) FILTER (WHERE extract(month FROM month) = 7), min(received) FILTER (WHERE extract(month FROM month) = 2)
		FROM application_stats WHERE agency_id = 0`).Scan(&received, &closed, &timed, &onTime, &open, &overdue, &busiest, &quietest)
	if err != nil {
		t.Fatal(err)
	}
	pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT service_id FROM application_stats WHERE service_id > 0
		GROUP BY service_id HAVING sum(on_time)::float / NULLIF(sum(timed), 0) < 0.8) late`).Scan(&lateServices)
	t.Logf("%d received, %d closed (%d timed, %d on time), %d open and %d overdue at the end, %d services late; July %v, February %v",
		received, closed, timed, onTime, open, overdue, lateServices, busiest, quietest)
	switch {
	case received != n || closed+open != n:
		t.Errorf("received %d, closed %d, open %d; want %d in all", received, closed, open, n)
	case float64(onTime)/float64(timed) < 0.85 || float64(onTime)/float64(timed) > 0.99:
		t.Errorf("%d of %d on time: not a city's share", onTime, timed)
	case open == 0 || overdue == 0 || overdue >= open:
		t.Errorf("open %d, overdue %d at the end", open, overdue)
	case lateServices == 0 || lateServices > 20:
		t.Errorf("%d services under 80%% on time; want a few", lateServices)
	case busiest <= quietest:
		t.Errorf("July %v, February %v: no seasons", busiest, quietest)
	}
	if !strings.Contains(string(file[:200]), "臺中市西屯區戶政事務所") {
		t.Errorf("file starts %q", file[:200])
	}
}

// The day figures come from histograms (see the closed step of recompute_sql.go); they are those
// percentile_cont gives over the applications themselves, at every level, and the counts are the
// applications' counts.
func TestRecomputeMatchesPercentileCont(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	var periods bytes.Buffer
	WritePeriodsCSV(&periods)
	importFile(t, pool, KindPeriods, periods.String())
	if _, err := File(ctx, pool, KindApplications, bytes.NewReader(generatedCSV(t, 3, 20_000)), Options{Today: genTo}); err != nil {
		t.Fatal(err)
	}
	asOf := Date(2024, 9, 30) // a day in the data: later closings are open, later receipts not counted
	if _, err := Recompute(ctx, pool, asOf); err != nil {
		t.Fatal(err)
	}
	rows, _ := pool.Query(ctx, `WITH direct AS (
		SELECT COALESCE(r.agency_id, 0) AS agency_id, COALESCE(r.service_id, 0) AS service_id,
			date_trunc('month', r.closed)::date AS month, count(*) AS closed,
			count(*) FILTER (WHERE r.outcome IS DISTINCT FROM 'withdrawn') AS timed,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY r.closed - r.received - r.suspended_days)
				FILTER (WHERE r.outcome IS DISTINCT FROM 'withdrawn') AS median,
			percentile_cont(0.9) WITHIN GROUP (ORDER BY r.closed - r.received - r.suspended_days)
				FILTER (WHERE r.outcome IS DISTINCT FROM 'withdrawn') AS p90
		FROM application_records r WHERE r.closed <= $1
		GROUP BY GROUPING SETS ((r.agency_id, r.service_id, date_trunc('month', r.closed)), (r.agency_id, date_trunc('month', r.closed)), (date_trunc('month', r.closed)))
	)
	SELECT d.agency_id, d.service_id, d.month::text, d.closed, COALESCE(s.closed, -1), d.timed, COALESCE(s.timed, -1),
		COALESCE(d.median, -1), COALESCE(s.median_days, -1), COALESCE(d.p90, -1), COALESCE(s.p90_days, -1)
	FROM direct d LEFT JOIN application_stats s USING (agency_id, service_id, month)`, asOf)
	var agency, service, closed, statsClosed, timed, statsTimed int
	var month string
	var median, statsMedian, p90, statsP90 float64
	n := 0
	_, err := pgx.ForEachRow(rows, []any{&agency, &service, &month, &closed, &statsClosed, &timed, &statsTimed,
		&median, &statsMedian, &p90, &statsP90}, func() error {
		n++
		if closed != statsClosed || timed != statsTimed || median != statsMedian || p90 != statsP90 {
			t.Errorf("agency %d, service %d, %s: closed %d, timed %d, median %v, P90 %v; the statistics say %d, %d, %v, %v",
				agency, service, month, closed, timed, median, p90, statsClosed, statsTimed, statsMedian, statsP90)
		}
		return nil
	})
	if err != nil || n < 500 {
		t.Fatalf("%v; %d rows compared", err, n)
	}
}
