package retention

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Args is the daily retention job.
type Args struct{}

// Kind names the job in River's table.
func (Args) Kind() string { return "retention" }

// Worker runs the retention rules.
type Worker struct {
	river.WorkerDefaults[Args]
	DB      *pgxpool.Pool
	Periods Periods
	Logger  *slog.Logger
}

// Timeout allows for a pass that shreds many cases at once (River's default is a minute).
func (w *Worker) Timeout(*river.Job[Args]) time.Duration { return 30 * time.Minute }

// Work runs one pass at the current time.
func (w *Worker) Work(ctx context.Context, _ *river.Job[Args]) error {
	res, err := Run(ctx, w.DB, w.Periods, time.Now())
	w.Logger.Info("retention", "warned", res.Warned, "shredded", res.Shredded)
	return err
}

// Daily schedules the job once a day, and once when the server starts.
func Daily() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return Args{}, nil },
		&river.PeriodicJobOpts{ID: "retention", RunOnStart: true})
}
