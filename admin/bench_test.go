package admin

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/testdb"
)

// Benchmarks of the officers' pages over generated data: BENCH_CASES cases (default 100,000) in a
// realistic mix of states over three years, 1% of them with 20 messages. One set of case keys serves
// every generated case, so generation takes seconds; the database sees the real shape and sizes.

type benchData struct {
	e       *testEnv
	b       *browser
	heavy   int64 // a case with a 10 KB report and 20 messages
	officer int64
}

func setupBench(b *testing.B) *benchData {
	b.Helper()
	n := 100000
	if s := os.Getenv("BENCH_CASES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	e := newTestEnvTB(b)
	ctx := context.Background()
	id, k := e.addOfficerTB(b, "bench-sup", "supervisor")
	keys, _ := crypto.NewCaseKeys()
	offID := openTestKey(b, k, pw("bench-sup"))
	mailboxGrant, _ := crypto.Grant(keys.Mailbox, offID.Recipient())
	internalGrant, _ := crypto.Grant(keys.Internal, offID.Recipient())
	statuses := []string{"received", "triage", "awaiting_info", "investigating", "referred", "closure_pending", "closed", "closed", "closed", "closed"}
	categories := []string{"corruption", "procurement", "ethics", "maladministration", "leak", "other"}
	start := time.Now().AddDate(-3, 0, 0)
	rows := make([][]any, 0, n)
	for i := 0; i < n; i++ {
		lookup := make([]byte, 32)
		rand.Read(lookup)
		received := start.Add(time.Duration(i) * 3 * 365 * 24 * time.Hour / time.Duration(n)).Truncate(time.Hour)
		status := statuses[i%len(statuses)]
		var ack, closed any
		if status != "received" {
			ack = received.Add(time.Duration(1+i%6) * 24 * time.Hour)
		}
		if status == "closed" {
			closed = received.Add(time.Duration(20+i%90) * 24 * time.Hour)
		}
		rows = append(rows, []any{"report", categories[i%len(categories)], int32(1 + i%57), status, i%20 == 0, "web", received, received,
			keys.Mailbox.Recipient().String(), keys.Internal.Recipient().String(), lookup, ack, closed})
	}
	_, err := e.db.CopyFrom(ctx, pgx.Identifier{"cases"}, []string{"kind", "category", "agency_id", "status", "whistleblower_act", "channel",
		"received_at", "updated_at", "mailbox_recipient", "internal_recipient", "receipt_lookup", "acknowledged_at", "closed_at"}, pgx.CopyFromRows(rows))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.db.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed)
		SELECT id, k, 'officer', $1, CASE k WHEN 'mailbox' THEN $2::bytea ELSE $3::bytea END FROM cases, unnest(ARRAY['mailbox','internal']) k`, id, mailboxGrant, internalGrant); err != nil {
		b.Fatal(err)
	}
	report, _ := json.Marshal(cases.ReportContent{Category: "procurement", What: string(make10KB())})
	sealedReport, _ := crypto.Seal(report, keys.Mailbox.Recipient())
	msg, _ := json.Marshal(cases.MessageContent{Text: "請問您是否保留了投標文件？我們需要更多資料以便查證。"})
	sealedMsg, _ := crypto.Seal(msg, keys.Mailbox.Recipient())
	if _, err := e.db.Exec(ctx, `INSERT INTO case_entries (case_id, kind, author, key_name, sealed) SELECT id, 'report', 'reporter', 'mailbox', $1 FROM cases`, sealedReport); err != nil {
		b.Fatal(err)
	}
	if _, err := e.db.Exec(ctx, `INSERT INTO case_entries (case_id, kind, author, key_name, sealed)
		SELECT c.id, 'message', CASE WHEN g % 2 = 0 THEN 'officer' ELSE 'reporter' END, 'mailbox', $1
		FROM cases c, generate_series(1, 20) g WHERE c.id % 100 = 0`, sealedMsg); err != nil {
		b.Fatal(err)
	}
	testdb.AsOwner(b, e.db).Exec(ctx, `ANALYZE`) // the owner's to do
	var heavy int64
	e.db.QueryRow(ctx, `SELECT min(id) FROM cases WHERE id % 100 = 0`).Scan(&heavy)
	return &benchData{e: e, b: e.signedIn(id, k, pw("bench-sup")), heavy: heavy, officer: id}
}

func make10KB() []byte {
	s := []byte("某科長於標案評選期間與特定廠商多次會面，並要求修改規格以利該廠商得標。")
	out := make([]byte, 0, 10<<10)
	for len(out) < 10<<10 {
		out = append(out, s...)
	}
	return out
}

// timeGet serves path through the router in process and returns the duration.
func timeGet(b *testing.B, d *benchData, path string) time.Duration {
	req := httptest.NewRequest("GET", path, nil)
	for _, c := range d.b.c.Jar.Cookies(mustURL(d.e.srv.URL)) {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	start := time.Now()
	d.e.router.ServeHTTP(w, req)
	took := time.Since(start)
	if w.Code != 200 {
		b.Fatalf("GET %s = %d", path, w.Code)
	}
	return took
}

func benchPage(b *testing.B, path func(*benchData) string) { measurePage(b, setupBench(b), path) }

// measurePage serves path's page b.N times and reports the median and the 95th percentile.
func measurePage(b *testing.B, d *benchData, path func(*benchData) string) {
	var durations []time.Duration
	b.ResetTimer()
	for b.Loop() {
		durations = append(durations, timeGet(b, d, path(d)))
	}
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
}

func BenchmarkCaseListPage(b *testing.B) {
	benchPage(b, func(*benchData) string { return "/admin/cases" })
}

func BenchmarkCaseListOverdueByDue(b *testing.B) {
	benchPage(b, func(*benchData) string { return "/admin/cases?overdue=1&sort=due" })
}

func BenchmarkOpenCase(b *testing.B) {
	benchPage(b, func(d *benchData) string { return fmt.Sprintf("/admin/cases/%d", d.heavy) })
}

func BenchmarkStatsYear(b *testing.B) {
	year := time.Now().Year() - 1
	benchPage(b, func(*benchData) string { return fmt.Sprintf("/admin/stats?from=%d-01-01&to=%d-12-31", year, year) })
}

func BenchmarkDashboard(b *testing.B) {
	benchPage(b, func(*benchData) string { return "/admin" })
}

// BenchmarkDashboardWithApprovals is a supervisor's dashboard with the 「待核定」 queue over some
// thousand pending closures (a third of the cases awaiting closure), proposed by an investigator over
// the last month.
func BenchmarkDashboardWithApprovals(b *testing.B) {
	d := setupBench(b)
	ctx := context.Background()
	inv, _ := d.e.addOfficerTB(b, "bench-inv", "investigator")
	tag, err := d.e.db.Exec(ctx, `INSERT INTO approvals (case_id, kind, proposed_by, payload, previous_status, proposed_at)
			SELECT id, 'closure', $1, '{"outcome": "unsubstantiated"}', 'investigating', now() - (id % 30) * interval '1 day' - (id % 24) * interval '1 hour'
			FROM cases WHERE status = 'closure_pending' AND id % 3 = 0`, inv)
	if err != nil || tag.RowsAffected() < 1000 {
		b.Fatalf("pending approvals: %v (%d)", err, tag.RowsAffected())
	}
	testdb.AsOwner(b, d.e.db).Exec(ctx, `ANALYZE approvals`)
	measurePage(b, d, func(*benchData) string { return "/admin" })
}
