package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/testdb"
)

// closedTestCase stores a report closed with outcome at closedAt, optionally warned at warnedAt.
func closedTestCase(t *testing.T, db *pgxpool.Pool, outcome string, closedAt time.Time, warnedAt *time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	recovery, _ := crypto.NewRecoveryKey()
	keys, _ := crypto.NewCaseKeys()
	receipt := crypto.DeriveReceiptKeys(crypto.NewReceipt(), []byte("pepper"), crypto.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1})
	var id int64
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var err error
		id, err = cases.Create(ctx, tx, cases.NewCase{Kind: cases.KindReport, Category: "bribery", Channel: "web"}, keys, receipt, recovery.Recipient())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cases.AddEntry(ctx, db, id, cases.KindReport, cases.AuthorReporter, "mailbox", []byte("report")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE cases SET status = 'closed', outcome = $2, closed_at = $3, retention_warned_at = $4 WHERE id = $1`,
		id, outcome, closedAt, warnedAt); err != nil {
		t.Fatal(err)
	}
	return id
}

func caseStatus(db *pgxpool.Pool, id int64) (status string, warned bool) {
	db.QueryRow(context.Background(), `SELECT status, retention_warned_at IS NOT NULL FROM cases WHERE id = $1`, id).Scan(&status, &warned)
	return status, warned
}

// TestPurgeDryRunListsAndTheDailyJobShreds checks `portal purge -dry-run` changes nothing, and that the
// retention job River runs when the server starts does the work.
func TestPurgeDryRunListsAndTheDailyJobShreds(t *testing.T) {
	db, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	now := time.Now()
	longAgo := now.AddDate(0, -2, 0)
	expired := closedTestCase(t, db, "substantiated", now.AddDate(-11, 0, 0), &longAgo)
	unwarned := closedTestCase(t, db, "not_accepted", now.AddDate(-4, 0, 0), nil)
	recent := closedTestCase(t, db, "substantiated", now.AddDate(-1, 0, 0), nil)

	var out bytes.Buffer
	if err := dispatch(ctx, []string{"purge", "-dry-run"}, &out); err != nil {
		t.Fatalf("purge -dry-run: %v\n%s", err, out.String())
	}
	text := out.String()
	row := func(action string, id int64) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^` + action + `\s+` + strconv.FormatInt(id, 10) + `\s+report\s`)
	}
	for _, want := range []*regexp.Regexp{row("shred", expired), row("warn", unwarned),
		regexp.MustCompile("1 to shred, 1 to warn about"), regexp.MustCompile("dry run: nothing changed")} {
		if !want.MatchString(text) {
			t.Errorf("purge -dry-run output lacks %s:\n%s", want, text)
		}
	}
	if row(`\w+`, recent).MatchString(text) {
		t.Errorf("purge -dry-run lists case %d, years from its end:\n%s", recent, text)
	}
	if s, w := caseStatus(db, expired); s != "closed" {
		t.Errorf("dry run changed case %d to %s", expired, s)
	} else if _, w2 := caseStatus(db, unwarned); w2 || !w {
		t.Errorf("dry run changed the warnings")
	}

	runServerJobs(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, _ := caseStatus(db, expired)
		_, warned := caseStatus(db, unwarned)
		if s == "shredded" && warned {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the retention job did not run at start: case %d is %s, case %d warned %t", expired, s, unwarned, warned)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s, w := caseStatus(db, recent); s != "closed" || w {
		t.Errorf("a recent case was touched: %s, warned %t", s, w)
	}
}

// runServerJobs starts the background jobs as serve does, on the DATABASE_URL the test set, until
// the test ends.
func runServerJobs(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	e, err := loadEnv(os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	e.log = discardLogger()
	if err := e.openDatabase(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.close)
	jobs, err := e.startJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jobs.Stop(ctx) })
}
