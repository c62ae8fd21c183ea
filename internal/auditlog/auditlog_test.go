package auditlog_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/testdb"
)

// appendRows adds n rows to the log as the portal does.
func appendRows(t testing.TB, db *pgxpool.Pool, n int) {
	t.Helper()
	caseID := int64(3)
	for i := range n {
		if err := admin.AuditNow(context.Background(), db, nil, "case.view", &caseID, map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
}

// saveCopy writes the checkpoints as /opendata/audit-checkpoints.json publishes them, to a file kept
// outside the database, as a journalist would.
func saveCopy(t *testing.T, db *pgxpool.Pool) string {
	t.Helper()
	list, err := auditlog.List(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(auditlog.Document{Checkpoints: list})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "audit-checkpoints.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// asTamperer runs sql as the owner with the append-only triggers switched off: what a superuser can
// do and the serving role cannot.
func asTamperer(t *testing.T, db *pgxpool.Pool, sql ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := testdb.AsOwner(t, db).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	for _, s := range sql {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// rehash rewrites every row's hashes from the first, as someone who edited a row and wanted the chain
// to look whole would.
func rehash(t *testing.T, db *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	owner := testdb.AsOwner(t, db)
	tx, err := owner.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	type row struct {
		id                int64
		at                time.Time
		officerID, caseID *int64
		action, detail    string
	}
	rs, err := tx.Query(ctx, "SELECT id, at, officer_id, action, case_id, detail FROM audit_log ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var all []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.id, &r.at, &r.officerID, &r.action, &r.caseID, &r.detail); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rs.Close()
	prev := make([]byte, auditlog.HashSize)
	for _, r := range all {
		h := auditlog.Hash(prev, r.at, r.officerID, r.action, r.caseID, r.detail)
		if _, err := tx.Exec(ctx, "UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3", prev, h, r.id); err != nil {
			t.Fatal(err)
		}
		prev = h
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointsCatchWhatTheChainCannot: each tampering the hash chain alone takes for an intact
// log, against a saved copy of the checkpoints.
func TestCheckpointsCatchWhatTheChainCannot(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db *pgxpool.Pool)
		want   string
	}{
		{"last row deleted", func(t *testing.T, db *pgxpool.Pool) {
			asTamperer(t, db, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
		}, "the log has 34 rows, fewer than the 35"},
		{"last 10 rows deleted", func(t *testing.T, db *pgxpool.Pool) {
			asTamperer(t, db, "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 10)")
		}, "the log has 25 rows, fewer than the 35"},
		{"table truncated, checkpoints too", func(t *testing.T, db *pgxpool.Pool) {
			asTamperer(t, db, "TRUNCATE audit_log", "TRUNCATE audit_checkpoints")
		}, "the log has 0 rows, fewer than the 20"},
		{"row edited and every later hash recomputed", func(t *testing.T, db *pgxpool.Pool) {
			asTamperer(t, db, `UPDATE audit_log SET detail = '{"n": 999}' WHERE id = (SELECT min(id) + 4 FROM audit_log)`)
			rehash(t, db)
		}, "the log up to here was rewritten"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.New(t)
			appendRows(t, db, 20)
			if _, made, err := auditlog.Make(ctx, db); err != nil || !made {
				t.Fatalf("checkpoint at 20 rows: made %v, %v", made, err)
			}
			appendRows(t, db, 15)
			if c, made, err := auditlog.Make(ctx, db); err != nil || !made || c.Rows != 35 {
				t.Fatalf("checkpoint at 35 rows: %+v, made %v, %v", c, made, err)
			}
			saved := saveCopy(t, db)
			checkpoints, err := auditlog.Load(ctx, saved)
			if err != nil || len(checkpoints) != 2 {
				t.Fatalf("saved copy: %d checkpoints, %v", len(checkpoints), err)
			}
			if rep, err := auditlog.Verify(ctx, db, checkpoints); err != nil || !rep.Intact() || rep.Rows != 35 {
				t.Fatalf("before tampering: %+v, %v", rep, err)
			}

			tc.tamper(t, db)

			if rep, err := auditlog.Verify(ctx, db, nil); err != nil || !rep.Intact() {
				t.Fatalf("the chain alone should not see this tampering (else the test tampers wrongly): %+v, %v", rep.Problems, err)
			}
			rep, err := auditlog.Verify(ctx, db, checkpoints)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Intact() {
				t.Fatalf("tampering not detected against the saved checkpoints (%d rows)", rep.Rows)
			}
			var all []string
			for _, p := range rep.Problems {
				all = append(all, p.String())
			}
			if text := strings.Join(all, "\n"); !strings.Contains(text, tc.want) {
				t.Errorf("problems do not say %q:\n%s", tc.want, text)
			}
		})
	}
}

// TestCheckpointsAfterAppendsStayIntact: a log that only grew extends every checkpoint, also rows
// appended after the last one.
func TestCheckpointsAfterAppendsStayIntact(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	if c, made, err := auditlog.Make(ctx, db); err != nil || made || c.Rows != 0 {
		t.Fatalf("checkpoint of an empty log: %+v, made %v, %v", c, made, err)
	}
	appendRows(t, db, 3)
	first, made, err := auditlog.Make(ctx, db)
	if err != nil || !made || first.Rows != 3 || len(first.Head) != auditlog.HashSize || first.At.IsZero() {
		t.Fatalf("first checkpoint: %+v, made %v, %v", first, made, err)
	}
	if again, made, err := auditlog.Make(ctx, db); err != nil || made || again.Rows != 3 {
		t.Errorf("a checkpoint with nothing new: %+v, made %v, %v", again, made, err)
	}
	appendRows(t, db, 2)
	list, err := auditlog.List(ctx, db)
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v, %v", list, err)
	}
	rep, err := auditlog.Verify(ctx, db, list)
	if err != nil || !rep.Intact() || rep.Rows != 5 {
		t.Errorf("a log that grew after its checkpoint: %+v, %v", rep, err)
	}
}

// TestCheckpointJobOnlyWhenTheHourHadRows: the hourly job adds a checkpoint when there are rows the
// latest does not cover, and none otherwise.
func TestCheckpointJobOnlyWhenTheHourHadRows(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	w := &auditlog.Worker{DB: db, Logger: discard()}
	count := func() int {
		list, err := auditlog.List(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	for _, step := range []struct {
		rows, want int
	}{{0, 0}, {4, 1}, {0, 1}, {1, 2}} {
		appendRows(t, db, step.rows)
		if err := w.Work(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got := count(); got != step.want {
			t.Errorf("after %d new rows: %d checkpoints, want %d", step.rows, got, step.want)
		}
	}
}

func TestHourlyRunsAtTheStartOfEachHour(t *testing.T) {
	at := time.Date(2026, 12, 7, 12, 34, 56, 0, time.UTC)
	if got, want := auditlog.NextHourForTest(at), time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("after %s: %s, want %s", at, got, want)
	}
	if got, want := auditlog.NextHourForTest(time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC)), time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("at the hour: %s, want %s", got, want)
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestReadRefusesWhatIsNotACheckpointList(t *testing.T) {
	for name, text := range map[string]string{
		"not JSON":       "rows,head\n3,abc",
		"no checkpoints": `{"other": []}`,
		"short head":     `{"checkpoints": [{"at": "2026-01-01T00:00:00Z", "rows": 3, "head": "abcd"}]}`,
		"zero rows":      `{"checkpoints": [{"at": "2026-01-01T00:00:00Z", "rows": 0, "head": "` + strings.Repeat("00", 32) + `"}]}`,
	} {
		if _, err := auditlog.Read(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
