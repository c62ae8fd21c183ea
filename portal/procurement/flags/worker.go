package flags

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Args is the job recomputing every red flag, queued after each import, and daily.
type Args struct {
	// Daily marks the periodic job, which only makes sure the flags are never older than a day.
	Daily bool `json:"daily,omitempty"`
}

// Kind names the job in River's table.
func (Args) Kind() string { return "procurement_flags" }

// Queue is the River queue of recomputations: one worker, so queued recomputations run one after
// another and each can see whether the one before already covered it.
const Queue = "procurement_flags"

// InsertOpts puts the job on its own queue.
func (Args) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: Queue} }

// Worker recomputes the flags with the Taiwan settings.
type Worker struct {
	river.WorkerDefaults[Args]
	DB     *pgxpool.Pool
	Logger *slog.Logger
	// After, if set, runs after each successful recomputation (the buyer and supplier pages are
	// computed ahead from its flags); its error fails the job.
	After func(ctx context.Context, run Run) error
}

// Timeout lets a recomputation over millions of processes finish (River's default is a minute).
func (w *Worker) Timeout(*river.Job[Args]) time.Duration { return time.Hour }

// Work runs one recomputation, unless one that started after this job was queued has succeeded
// (imports in quick succession queue a job each, and one recomputation serves them all), or, for the
// daily job, one succeeded in the last 20 hours.
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	last, err := LastRun(ctx, w.DB)
	if err != nil {
		return err
	}
	if last != nil && (last.StartedAt.After(job.CreatedAt) || job.Args.Daily && time.Since(last.StartedAt) < 20*time.Hour) {
		return nil
	}
	run, err := Recompute(ctx, w.DB, TaiwanSettings(), nil)
	if err != nil {
		return err
	}
	w.Logger.Info("procurement red flags recomputed", "processes", run.Processes)
	if w.After != nil {
		return w.After(ctx, run)
	}
	return nil
}

// Inserter is the part of River's client that queues a job in a transaction.
type Inserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Daily recomputes the flags once a day and when a server starts, so they are never older than a
// day even if a queued recomputation was lost.
func Daily() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return Args{Daily: true}, nil },
		&river.PeriodicJobOpts{ID: "procurement_flags", RunOnStart: true})
}
