package applications

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"integrity-portal/internal/testdb"
)

// A job recomputes unless a recomputation that began after the job was enqueued has finished: then
// the imports it was enqueued for are counted already.
func TestRecomputeWorker(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	loadSample(t, pool)
	w := &RecomputeWorker{DB: pool, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	runs := func() int {
		var n int
		pool.QueryRow(ctx, `SELECT count(*) FROM application_recomputations`).Scan(&n)
		return n
	}
	work := func(created time.Time) {
		t.Helper()
		if err := w.Work(ctx, &river.Job[RecomputeArgs]{JobRow: &rivertype.JobRow{CreatedAt: created}}); err != nil {
			t.Fatal(err)
		}
	}

	enqueued := time.Now()
	work(enqueued)
	if runs() != 1 {
		t.Fatalf("%d recomputations after the first job, want 1", runs())
	}
	var cityRows int
	pool.QueryRow(ctx, `SELECT count(*) FROM application_stats WHERE agency_id = 0`).Scan(&cityRows)
	if cityRows == 0 {
		t.Error("the job left no city statistics")
	}
	work(enqueued) // a second job from the same moment: done already
	if runs() != 1 {
		t.Errorf("%d recomputations after a job whose work was done, want 1", runs())
	}
	work(time.Now().Add(time.Second)) // enqueued after the last snapshot: runs
	if runs() != 2 {
		t.Errorf("%d recomputations after a later job, want 2", runs())
	}
}
