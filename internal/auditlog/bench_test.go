package auditlog_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/testdb"
)

// BenchmarkVerify walks a log of 200,000 rows, a few years of a busy office, against a checkpoint
// every 1,000 rows.
func BenchmarkVerify(b *testing.B) {
	const n = 200_000
	ctx := context.Background()
	db := testdb.New(b)
	rows := make([][]any, 0, n)
	prev := make([]byte, auditlog.HashSize)
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var checkpoints []auditlog.Checkpoint
	for i := range n {
		caseID := int64(1 + i%5000)
		detail, _ := json.Marshal(map[string]any{"n": i, "status": "investigating"})
		at = at.Add(7 * time.Minute)
		h := auditlog.Hash(prev, at, nil, "case.view", &caseID, string(detail))
		rows = append(rows, []any{at, "case.view", caseID, string(detail), prev, h})
		prev = h
		if (i+1)%1000 == 0 {
			checkpoints = append(checkpoints, auditlog.Checkpoint{At: at, Rows: int64(i + 1), Head: h})
		}
	}
	if _, err := db.CopyFrom(ctx, pgx.Identifier{"audit_log"}, []string{"at", "action", "case_id", "detail", "prev_hash", "hash"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatal(err)
	}
	if _, err := testdb.AsOwner(b, db).Exec(ctx, "VACUUM ANALYZE audit_log"); err != nil { // the owner's to do
		b.Fatal(err)
	}
	for b.Loop() {
		rep, err := auditlog.Verify(ctx, db, checkpoints)
		if err != nil || !rep.Intact() || rep.Rows != n {
			b.Fatalf("%d rows, %v, %v", rep.Rows, rep.Problems, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
