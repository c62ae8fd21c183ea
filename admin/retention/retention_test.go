package retention

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/crypto"
	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/testdb"
)

var testPeriods = Periods{
	Outcome: map[string]int{"substantiated": 3650, "unsubstantiated": 1825, "cleared": 1825,
		"not_accepted": 1095, "transferred": 1095, "merged": 1095},
	Suggestion: 1095,
}

type fixture struct {
	db       *pgxpool.Pool
	officer  int64
	receipts map[int64]crypto.ReceiptKeys
}

func newFixture(t *testing.T) *fixture {
	db := testdb.New(t)
	o, err := admin.AddOfficer(context.Background(), db, admin.NewOfficer{Username: "supervisor1", DisplayName: "主管",
		Roles: []string{"supervisor"}, Password: "correct horse supervisor battery"})
	if err != nil {
		t.Fatal(err)
	}
	// Approved as a second supervisor would, so that intake seals to it like to any supervisor.
	if _, err := db.Exec(context.Background(), `UPDATE officers SET roles_approved_at = now() WHERE id = $1`, o.ID); err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, officer: o.ID, receipts: map[int64]crypto.ReceiptKeys{}}
}

// closedCase makes a case with every kind of sealed thing a case can hold (the report, a note, an
// attachment, a mailbox session, an identity request, a sealed message awaiting approval, a referral),
// then closes it with outcome at closedAt.
func (f *fixture) closedCase(t *testing.T, kind, outcome string, closedAt time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	recovery, _ := crypto.NewRecoveryKey()
	keys, _ := crypto.NewCaseKeys()
	receipt := crypto.DeriveReceiptKeys(crypto.NewReceipt(), []byte("pepper"), crypto.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1})
	var id int64
	err := pgx.BeginFunc(ctx, f.db, func(tx pgx.Tx) error {
		var err error
		id, err = cases.Create(ctx, tx, cases.NewCase{Kind: kind, Category: "bribery", Channel: "web"}, keys, receipt, recovery.Recipient())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.receipts[id] = receipt
	entry, err := cases.AddEntry(ctx, f.db, id, kind, cases.AuthorReporter, "mailbox", []byte("某科長收受廠商回扣"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cases.AddEntry(ctx, f.db, id, "note", "officer", "internal", []byte("internal note")); err != nil {
		t.Fatal(err)
	}
	w, err := cases.NewAttachment(ctx, f.db, id, entry)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("sealed evidence bytes"))
	if _, err := w.Finish([]byte("sealed meta")); err != nil {
		t.Fatal(err)
	}
	// Each statement takes the case ($1) and the officer ($2).
	for _, q := range []string{
		`INSERT INTO reporter_sessions (id_hash, case_id, sealed, idle_until, valid_until)
		 SELECT sha256(($1::bigint || '-' || $2::bigint)::bytea), $1::bigint, 'x', now() + interval '1 hour', now() + interval '1 hour'`,
		`INSERT INTO identity_requests (case_id, requested_by, reason_sealed) VALUES ($1, $2, 'sealed reason')`,
		`INSERT INTO approvals (case_id, kind, proposed_by, previous_status, sealed_message) VALUES ($1, 'closure', $2, 'investigating', 'sealed message')`,
		`INSERT INTO referrals (case_id, kind, addressee, referred_on, reference_no, result)
		 SELECT $1::bigint, 'criminal', 'prosecutors', '2015-01-01', '中檢104他' || $2::bigint, '起訴'`,
		`INSERT INTO case_subjects (case_id, sealed) SELECT $1::bigint, ('sealed subject ' || $2::bigint)::bytea`,
	} {
		if _, err := f.db.Exec(ctx, q, id, f.officer); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var out any
	if kind == cases.KindReport {
		out = outcome
	}
	if _, err := f.db.Exec(ctx, `UPDATE cases SET status = 'closed', outcome = $2, closed_at = $3::timestamptz, received_at = $3::timestamptz - interval '100 days',
		acknowledged_at = $3::timestamptz - interval '95 days' WHERE id = $1`, id, out, closedAt); err != nil {
		t.Fatal(err)
	}
	return id
}

// sealedRows counts every row that holds ciphertext or a grant for a case, by table.
func sealedRows(t *testing.T, db *pgxpool.Pool, id int64) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for table, q := range map[string]string{
		"case_grants":       `SELECT count(*) FROM case_grants WHERE case_id = $1`,
		"case_entries":      `SELECT count(*) FROM case_entries WHERE case_id = $1`,
		"case_subjects":     `SELECT count(*) FROM case_subjects WHERE case_id = $1`,
		"attachments":       `SELECT count(*) FROM attachments WHERE case_id = $1`,
		"attachment_chunks": `SELECT count(*) FROM attachment_chunks k JOIN attachments a ON a.id = k.attachment_id WHERE a.case_id = $1`,
		"reporter_sessions": `SELECT count(*) FROM reporter_sessions WHERE case_id = $1`,
		"identity_requests": `SELECT count(*) FROM identity_requests WHERE case_id = $1`,
		"sealed_messages":   `SELECT count(*) FROM approvals WHERE case_id = $1 AND sealed_message IS NOT NULL`,
		"referral_texts":    `SELECT count(*) FROM referrals WHERE case_id = $1 AND (reference_no <> '' OR result <> '')`,
	} {
		var n int
		if err := db.QueryRow(context.Background(), q, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}

func ids(items []Item) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.CaseID)
	}
	return out
}

func TestShreddingLeavesNoCiphertextOrGrantAndTheStatisticsStayRight(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	now := time.Now()
	years := func(n int) time.Time { return now.AddDate(-n, 0, 0) }
	expired := f.closedCase(t, cases.KindReport, "substantiated", years(11))       // 10-year period, over
	unwarned := f.closedCase(t, cases.KindReport, "not_accepted", years(4))        // 3-year period, over, never warned
	comingDue := f.closedCase(t, cases.KindSuggestion, "", now.AddDate(-3, 0, 20)) // due in about 20 days
	kept := f.closedCase(t, cases.KindReport, "unsubstantiated", years(2))         // 5-year period, years to go
	// The expired case was warned long ago; the others not yet.
	f.db.Exec(ctx, `UPDATE cases SET retention_warned_at = $2 WHERE id = $1`, expired, now.AddDate(0, -2, 0))

	for _, id := range []int64{expired, unwarned, comingDue, kept} {
		for table, n := range sealedRows(t, f.db, id) {
			if n == 0 {
				t.Fatalf("fixture: case %d has no %s to shred", id, table)
			}
		}
	}
	plan, err := MakePlan(ctx, f.db, testPeriods, now)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(plan.Shred), []int64{expired}; !reflect.DeepEqual(got, want) {
		t.Errorf("plan shreds %v, want %v", got, want)
	}
	if got, want := ids(plan.Warn), []int64{unwarned, comingDue}; !reflect.DeepEqual(got, want) {
		t.Errorf("plan warns %v, want %v", got, want)
	}

	period := func() admin.Stats {
		s, err := admin.ComputeStats(ctx, f.db, admin.Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}, years(20), now.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := period()

	res, err := Run(ctx, f.db, testPeriods, now)
	if err != nil {
		t.Fatal(err)
	}
	if res != (Result{Warned: 2, Shredded: 1}) {
		t.Errorf("Run = %+v, want 2 warned and 1 shredded", res)
	}
	for table, n := range sealedRows(t, f.db, expired) {
		if n != 0 {
			t.Errorf("after shredding, %d row(s) of %s remain", n, table)
		}
	}
	for _, id := range []int64{unwarned, comingDue, kept} {
		for table, n := range sealedRows(t, f.db, id) {
			if n == 0 {
				t.Errorf("case %d lost its %s without being due", id, table)
			}
		}
	}
	var status string
	var shreddedAt *time.Time
	f.db.QueryRow(ctx, `SELECT status, shredded_at FROM cases WHERE id = $1`, expired).Scan(&status, &shreddedAt)
	if status != "shredded" || shreddedAt == nil {
		t.Errorf("shredded case: status %s, shredded_at %v", status, shreddedAt)
	}
	var warned int
	f.db.QueryRow(ctx, `SELECT count(*) FROM cases WHERE retention_warned_at IS NOT NULL AND id = ANY($1)`, []int64{unwarned, comingDue}).Scan(&warned)
	if warned != 2 {
		t.Errorf("%d of 2 cases marked warned", warned)
	}
	// The reporter's receipt now says the records are gone, instead of opening anything.
	if _, _, err := cases.ByReceipt(ctx, f.db, f.receipts[expired].Lookup); !errors.Is(err, cases.ErrShredded) {
		t.Errorf("ByReceipt of a shredded case: %v, want ErrShredded", err)
	}

	// Every figure of the integrity meeting's statistics is unchanged, except that one closed case
	// is now counted as shredded.
	after := period()
	moved := func(rows []admin.StatRow) map[string]int {
		m := map[string]int{}
		for _, r := range rows {
			m[r.Key] = r.N
		}
		return m
	}
	bs, as := moved(before.ByDimension["status"]), moved(after.ByDimension["status"])
	if as["closed"] != bs["closed"]-1 || as["shredded"] != bs["shredded"]+1 {
		t.Errorf("status counts before %v, after %v", bs, as)
	}
	delete(before.ByDimension, "status")
	delete(after.ByDimension, "status")
	if !reflect.DeepEqual(before, after) {
		t.Errorf("statistics changed by shredding:\nbefore %+v\nafter  %+v", before, after)
	}
	if before.Received != 4 || len(before.Referrals) == 0 || before.Closure.N != 4 {
		t.Errorf("fixture statistics look wrong: %+v", before)
	}

	// The audit log records both steps, and still verifies.
	var warns, shreds int
	f.db.QueryRow(ctx, `SELECT count(*) FILTER (WHERE action = 'retention.warn'), count(*) FILTER (WHERE action = 'retention.shred') FROM audit_log`).Scan(&warns, &shreds)
	if warns != 2 || shreds != 1 {
		t.Errorf("audit log: %d warnings, %d shreddings", warns, shreds)
	}
	if rep, err := auditlog.Verify(ctx, f.db, nil); err != nil || !rep.Intact() {
		t.Errorf("audit verify: %v %v", rep.Problems, err)
	}

	// A second run the same day does nothing more.
	if res, err := Run(ctx, f.db, testPeriods, now); err != nil || res != (Result{}) {
		t.Errorf("second run = %+v, %v", res, err)
	}
}

// A case is never shredded less than 30 days after its warning, even when its period has long run
// out (say, after the period was shortened).
func TestShreddingWaitsThirtyDaysAfterTheWarning(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	now := time.Now()
	id := f.closedCase(t, cases.KindReport, "merged", now.AddDate(-5, 0, 0))
	if res, _ := Run(ctx, f.db, testPeriods, now); res != (Result{Warned: 1}) {
		t.Fatalf("first run = %+v, want one warning", res)
	}
	if res, _ := Run(ctx, f.db, testPeriods, now.Add(WarnAhead-time.Hour)); res != (Result{}) {
		t.Errorf("29 days later = %+v, want nothing", res)
	}
	if res, _ := Run(ctx, f.db, testPeriods, now.Add(WarnAhead+time.Minute)); res != (Result{Shredded: 1}) {
		t.Errorf("30 days later = %+v, want the case shredded", res)
	}
	if n := sealedRows(t, f.db, id)["case_grants"]; n != 0 {
		t.Errorf("%d grants left", n)
	}
}

// A reopened case is not shredded, even if it was warned.
func TestAReopenedCaseIsKept(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	now := time.Now()
	id := f.closedCase(t, cases.KindReport, "cleared", now.AddDate(-6, 0, 0))
	Run(ctx, f.db, testPeriods, now)
	f.db.Exec(ctx, `UPDATE cases SET status = 'reopened' WHERE id = $1`, id)
	if res, err := Run(ctx, f.db, testPeriods, now.Add(2*WarnAhead)); err != nil || res != (Result{}) {
		t.Errorf("run after reopening = %+v, %v", res, err)
	}
	if n := sealedRows(t, f.db, id)["case_entries"]; n == 0 {
		t.Error("a reopened case lost its entries")
	}
}
