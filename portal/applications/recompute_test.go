package applications

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
)

// asOf is the day the hand-built dataset (testdata/applications.csv) is counted at.
var asOf = Date(2024, 3, 31)

// importFile imports a file that must be accepted whole.
func importFile(t testing.TB, pool *pgxpool.Pool, kind Kind, content string) *Report {
	t.Helper()
	rep, err := File(context.Background(), pool, kind, strings.NewReader(content), Options{Today: asOf})
	if err != nil {
		if rep != nil {
			t.Fatalf("%s: %v: %v", kind, err, rep.Rejected)
		}
		t.Fatalf("%s: %v", kind, err)
	}
	return rep
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// loadSample imports the sample periods, the 2024 calendar and the hand-built applications.
func loadSample(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	importFile(t, pool, KindPeriods, readTestdata(t, "periods.csv"))
	importFile(t, pool, KindCalendar, calendarCSV())
	importFile(t, pool, KindApplications, readTestdata(t, "applications.csv"))
}

// figures is a row of application_stats, as the test compares it.
type figures struct {
	received, counter, online, mail       int
	closed, approved, rejected, withdrawn int
	timed                                 int
	median, p90                           float64 // NaN: none
	onTime, extended, corrected           int
	open, overdue                         int
}

const none = -1.0 // a day figure that must be NULL

// statsKey names a row: agency and service codes ("" for all) and the month.
type statsKey struct{ agency, service, month string }

func readStats(t *testing.T, pool *pgxpool.Pool) map[statsKey]figures {
	t.Helper()
	rows, _ := pool.Query(context.Background(), `SELECT COALESCE(a.code, ''), COALESCE(s.code, ''), to_char(st.month, 'YYYY-MM'),
		received, received_counter, received_online, received_mail, closed, approved, rejected, withdrawn, timed,
		COALESCE(median_days, -1), COALESCE(p90_days, -1), on_time, extended, corrected, open_end, overdue_end
		FROM application_stats st
		LEFT JOIN application_agencies a ON a.id = st.agency_id
		LEFT JOIN application_services s ON s.id = st.service_id`)
	got := map[statsKey]figures{}
	var k statsKey
	var f figures
	_, err := pgx.ForEachRow(rows, []any{&k.agency, &k.service, &k.month, &f.received, &f.counter, &f.online, &f.mail,
		&f.closed, &f.approved, &f.rejected, &f.withdrawn, &f.timed, &f.median, &f.p90, &f.onTime, &f.extended,
		&f.corrected, &f.open, &f.overdue}, func() error {
		got[k] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

const (
	civil1 = "387000001A" // 民政局: 01 戶籍謄本, 5 working days; 03 其他申請, no period (two months)
	land   = "387000002A" // 地政局: 01 土地登記, 10 days
)

// The figures of testdata/applications.csv as of 2024-03-31, worked out by hand (the case numbers
// say which applications count where):
//
//	01 January: received A-001…A-007 (counter A-001, 003, 006, 007; online 002, 005; mail 004);
//	   closed A-001 (3 days, due 1-09), A-002 (12, due 1-10: late), A-003 (14 − 7 補正 = 7, due
//	   1-15 + 7 = 1-22: on time), A-004 (14, extended 5 working days to 1-24: on time). Days 3, 7,
//	   12, 14: median 9.5, P90 12 + 0.7 × 2 = 13.4. Open at the end: A-005, 006, 007, none due yet.
//	01 February: closed A-005 (22, late: due 2-05, but overdue and closed in the same month, so
//	   never in an overdue backlog), A-007 (withdrawn: not timed), B-001 (12, due 2-20 over the
//	   Lunar New Year and its make-up Saturday). Days 12, 22: median 17, P90 21. Open: A-006
//	   (overdue since 2-06) and B-002.
//	01 March: closed B-002 (7 days, due 3-05 over 和平紀念日), C-002 (4). Open: A-006 (overdue),
//	   C-001 (due 4-01).
//	03 (two months): D-002 received 1-05, due 3-05, closed 3-20 (75 days, late); D-001 received
//	   1-15, due 3-15, open: overdue at the end of March. February has no activity but two open.
//	Land 01 (10 days), February: E-001 due 2-11, a Sunday in the Lunar New Year, so 2-15; closed
//	   2-16 (15 days, late). E-002 due 2-15, closed then (10 days). Median 12.5, P90 14.5. March
//	   has nothing at all: no row.
var wantStats = map[statsKey]figures{
	{civil1, "01", "2024-01"}: {7, 4, 2, 1, 4, 3, 1, 0, 4, 9.5, 13.4, 3, 1, 1, 3, 0},
	{civil1, "01", "2024-02"}: {2, 1, 1, 0, 3, 2, 0, 1, 2, 17, 21, 1, 0, 0, 2, 1},
	{civil1, "01", "2024-03"}: {2, 1, 1, 0, 2, 2, 0, 0, 2, 5.5, 6.7, 2, 0, 0, 2, 1},
	{civil1, "03", "2024-01"}: {2, 1, 0, 1, 0, 0, 0, 0, 0, none, none, 0, 0, 0, 2, 0},
	{civil1, "03", "2024-02"}: {0, 0, 0, 0, 0, 0, 0, 0, 0, none, none, 0, 0, 0, 2, 0},
	{civil1, "03", "2024-03"}: {0, 0, 0, 0, 1, 1, 0, 0, 1, 75, 75, 0, 0, 0, 1, 1},
	{land, "01", "2024-02"}:   {2, 1, 1, 0, 2, 2, 0, 0, 2, 12.5, 14.5, 1, 0, 0, 0, 0},
	// The agencies: counts add up; the day figures are over all their closed applications.
	{civil1, "", "2024-01"}: {9, 5, 2, 2, 4, 3, 1, 0, 4, 9.5, 13.4, 3, 1, 1, 5, 0},
	{civil1, "", "2024-02"}: {2, 1, 1, 0, 3, 2, 0, 1, 2, 17, 21, 1, 0, 0, 4, 1},
	{civil1, "", "2024-03"}: {2, 1, 1, 0, 3, 3, 0, 0, 3, 7, 61.4, 2, 0, 0, 3, 2}, // days 4, 7, 75
	{land, "", "2024-02"}:   {2, 1, 1, 0, 2, 2, 0, 0, 2, 12.5, 14.5, 1, 0, 0, 0, 0},
	// The city: days 10, 12, 15, 22 in February, median 13.5, P90 15 + 0.7 × 7 = 19.9.
	{"", "", "2024-01"}: {9, 5, 2, 2, 4, 3, 1, 0, 4, 9.5, 13.4, 3, 1, 1, 5, 0},
	{"", "", "2024-02"}: {4, 2, 2, 0, 5, 4, 0, 1, 4, 13.5, 19.9, 2, 0, 0, 4, 1},
	{"", "", "2024-03"}: {2, 1, 1, 0, 3, 3, 0, 0, 3, 7, 61.4, 2, 0, 0, 3, 2},
}

func TestRecomputeHandBuilt(t *testing.T) {
	pool := testdb.New(t)
	loadSample(t, pool)
	rc, err := Recompute(context.Background(), pool, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Records != 15 || rc.Rows != len(wantStats) || len(rc.CalendarGaps) != 0 {
		t.Errorf("recomputation: %+v; want 15 records, %d rows, no calendar gaps", rc, len(wantStats))
	}
	got := readStats(t, pool)
	for k, want := range wantStats {
		g, ok := got[k]
		if !ok {
			t.Errorf("%v: no row", k)
			continue
		}
		if !sameFigures(g, want) {
			t.Errorf("%v:\n got %+v\nwant %+v", k, g, want)
		}
	}
	for k := range got {
		if _, ok := wantStats[k]; !ok {
			t.Errorf("%v: a row not expected: %+v", k, got[k])
		}
	}

	// Recomputing gives the same figures, and the log keeps both runs.
	if _, err := Recompute(context.Background(), pool, asOf); err != nil {
		t.Fatal(err)
	}
	if again := readStats(t, pool); len(again) != len(got) {
		t.Errorf("second recomputation: %d rows, first %d", len(again), len(got))
	}
	var runs int
	pool.QueryRow(context.Background(), `SELECT count(*) FROM application_recomputations WHERE as_of = '2024-03-31' AND records = 15`).Scan(&runs)
	if runs != 2 {
		t.Errorf("%d recomputations logged, want 2", runs)
	}
}

func sameFigures(a, b figures) bool {
	close := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	ok := close(a.median, b.median) && close(a.p90, b.p90)
	a.median, a.p90, b.median, b.p90 = 0, 0, 0, 0
	return ok && a == b
}

// As of an earlier day, later receipts are not counted and later closings are still open.
func TestRecomputeAsOf(t *testing.T) {
	pool := testdb.New(t)
	loadSample(t, pool)
	rc, err := Recompute(context.Background(), pool, Date(2024, 2, 10))
	if err != nil {
		t.Fatal(err)
	}
	if rc.Records != 12 { // all but B-002, C-001 and C-002
		t.Errorf("%d records as of 2024-02-10, want 12", rc.Records)
	}
	got := readStats(t, pool)
	// February so far: B-001, E-001 and E-002 received; A-007 closed (withdrawn); open at the day:
	// A-005 and A-006 (due 2-05 and 2-06: overdue), B-001, D-001, D-002, E-001 and E-002.
	if f := got[statsKey{"", "", "2024-02"}]; f.received != 3 || f.closed != 1 || f.withdrawn != 1 || f.timed != 0 ||
		f.median != none || f.open != 7 || f.overdue != 2 {
		t.Errorf("city, February as of the 10th: %+v", f)
	}
	if _, ok := got[statsKey{"", "", "2024-03"}]; ok {
		t.Error("a row for March, after the as-of day")
	}
}

// The due dates of the SQL in Recompute are those of DueDate: on the hand-checked table, with
// every kind of period, with a period that changes on an effective date, with none, and on a
// thousand random applications.
func TestDueDateSQL(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	importFile(t, pool, KindCalendar, calendarCSV())
	units := map[Unit]string{CalendarDays: "calendar_days", WorkingDays: "working_days", Months: "months"}
	var periods strings.Builder
	periods.WriteString("agency_code,agency_name,service_code,service_name,period,unit,effective_from\n")
	for i, c := range dueCases {
		fmt.Fprintf(&periods, "T1,測試機關,S%d,項目,%d,%s,\n", i, c.period.Value, units[c.period.Unit])
	}
	// A service whose period changes: 30 days, then 20 days from 2024-02-01; one without a period.
	periods.WriteString("T1,測試機關,CHG,項目,30,日,2023-01-01\nT1,測試機關,CHG,項目,20,日,2024-02-01\nT1,測試機關,NONE,項目,,,\n")
	importFile(t, pool, KindPeriods, periods.String())

	want := map[string]string{}
	var apps strings.Builder
	apps.WriteString("agency_code,agency_name,case_number,service_code,service_name,channel,received,suspended_days,extension_days\n")
	add := func(key, service string, received time.Time, ext, susp int, due time.Time) {
		fmt.Fprintf(&apps, "T1,測試機關,%s,%s,項目,online,%s,%d,%d\n", key, service, received.Format(time.DateOnly), susp, ext)
		want[key] = due.Format(time.DateOnly)
	}
	for i, c := range dueCases {
		add(fmt.Sprint("case", i), fmt.Sprint("S", i), day(c.received), c.extension, c.suspended, day(c.due))
	}
	add("before", "CHG", day("2024-01-31"), 0, 0, day("2024-03-01")) // 30 days
	add("after", "CHG", day("2024-02-01"), 0, 0, day("2024-02-21"))  // 20 days
	add("early", "CHG", day("2022-12-31"), 0, 0, day("2023-02-28"))  // before any period: two months
	add("none", "NONE", day("2024-01-31"), 0, 0, day("2024-04-01"))  // 3-31 is a Sunday

	// Random applications of every service, due as DueDate says with the period in effect.
	cal := testCalendar()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 1000 {
		received := Date(2023, 1, 1).AddDate(0, 0, r.IntN(600))
		ext, susp := r.IntN(3)*r.IntN(15), r.IntN(4)*r.IntN(20)
		k := r.IntN(len(dueCases) + 2)
		service, p := fmt.Sprint("S", k), Period{}
		switch {
		case k == len(dueCases):
			service, p = "CHG", Period{30, CalendarDays}
			if !received.Before(day("2024-02-01")) {
				p.Value = 20
			}
		case k == len(dueCases)+1:
			service, p = "NONE", DefaultPeriod
		default:
			p = dueCases[k].period
		}
		add(fmt.Sprint("random", i), service, received, ext, susp, DueDate(received, p, ext, susp, cal))
	}
	today := Date(2024, 12, 31)
	if rep, err := File(ctx, pool, KindApplications, strings.NewReader(apps.String()), Options{Today: today}); err != nil {
		t.Fatalf("%v: %+v", err, rep)
	}
	got := sqlDueDates(t, pool, today)
	for key, due := range want {
		if got[key] != due {
			t.Errorf("%s: SQL due %s, want %s", key, got[key], due)
		}
	}
}

// sqlDueDates runs Recompute's first steps and its due-date SQL, returning each case's due date.
func sqlDueDates(t *testing.T, pool *pgxpool.Pool, asOf time.Time) map[string]string {
	t.Helper()
	ctx := context.Background()
	got := map[string]string{}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := runSteps(ctx, tx, recomputeSteps[:3], asOf); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `WITH `+dueCTE+` SELECT case_key, COALESCE(to_char(date '1949-12-31' + NULLIF(due, 0), 'YYYY-MM-DD'), 'later') FROM e`, asOf)
		var key, due string
		_, err := pgx.ForEachRow(rows, []any{&key, &due}, func() error {
			got[key] = due
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
