package applications

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// RecomputeArgs is the job that recomputes the statistics. Enqueue it after an import has
// committed (never inside the import's transaction), so that a recomputation whose snapshot comes
// after the job was created counts the import.
type RecomputeArgs struct{}

// Kind names the job in River's table.
func (RecomputeArgs) Kind() string { return "applications_recompute" }

// RecomputeWorker runs Recompute. Several imports in a row enqueue several jobs; a job finds its
// work done when a recomputation that began after it was enqueued has finished, and then does
// nothing.
type RecomputeWorker struct {
	river.WorkerDefaults[RecomputeArgs]
	DB     *pgxpool.Pool
	Logger *slog.Logger
}

// Timeout allows for tens of millions of applications under load (River's default is a minute).
func (w *RecomputeWorker) Timeout(*river.Job[RecomputeArgs]) time.Duration { return 30 * time.Minute }

// Work recomputes the statistics as of today, unless a later recomputation already did.
func (w *RecomputeWorker) Work(ctx context.Context, job *river.Job[RecomputeArgs]) error {
	rc, err := recompute(ctx, w.DB, time.Time{}, job.CreatedAt)
	if err != nil {
		return err
	}
	if rc == nil {
		w.Logger.Info("applications recompute: already done by a later run")
		return nil
	}
	w.Logger.Info("applications recompute", "records", rc.Records, "rows", rc.Rows, "duration", rc.Duration, "calendar_gaps", rc.CalendarGaps)
	return nil
}
