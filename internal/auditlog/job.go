package auditlog

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Args is the hourly checkpoint job.
type Args struct{}

// Kind names the job in River's table.
func (Args) Kind() string { return "audit_checkpoint" }

// Worker makes a checkpoint when the log has rows the latest checkpoint does not cover.
type Worker struct {
	river.WorkerDefaults[Args]
	DB     Beginner
	Logger *slog.Logger
}

// Work makes the checkpoint, if there is anything new to cover.
func (w *Worker) Work(ctx context.Context, _ *river.Job[Args]) error {
	c, made, err := Make(ctx, w.DB)
	if made {
		w.Logger.Info("audit checkpoint", "rows", c.Rows)
	}
	return err
}

// Hourly schedules the job at the start of every hour, and once when the server starts, so every
// hour that had audit rows ends in a checkpoint.
func Hourly() *river.PeriodicJob {
	return river.NewPeriodicJob(everyHour{},
		func() (river.JobArgs, *river.InsertOpts) { return Args{}, nil },
		&river.PeriodicJobOpts{ID: "audit_checkpoint", RunOnStart: true})
}

// everyHour is the start of each hour, whenever the server started.
type everyHour struct{}

func (everyHour) Next(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }
