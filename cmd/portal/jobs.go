package main

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"integrity-portal/admin/retention"
	"integrity-portal/internal/auditlog"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/holders"
	"integrity-portal/portal/procurement/importer"
)

// startJobs runs the background jobs on River, in PostgreSQL, until the client is stopped. Several
// servers may run them: River hands each job to one of them, and periodic jobs are scheduled by the
// elected leader.
func (e *env) startJobs(ctx context.Context) (*river.Client[pgx.Tx], error) {
	client, err := e.jobClient()
	if err != nil {
		return nil, err
	}
	return client, client.Start(ctx)
}

// jobClient makes the River client once: handlers enqueue jobs with it before it is started.
func (e *env) jobClient() (*river.Client[pgx.Tx], error) {
	if e.jobs != nil {
		return e.jobs, nil
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &auditlog.Worker{DB: e.pool, Logger: e.log})
	river.AddWorker(workers, &retention.Worker{DB: e.pool, Periods: retention.FromConfig(*e.cfg), Logger: e.log})
	river.AddWorker(workers, &importer.Worker{DB: e.pool, OCIDPrefix: "ocds-twpcc", Logger: e.log, AfterImport: queueFlags})
	river.AddWorker(workers, &flags.Worker{DB: e.pool, Logger: e.log, After: e.refreshHolders})
	river.AddWorker(workers, &applications.RecomputeWorker{DB: e.pool, Logger: e.log})
	appImport := &applications.ImportWorker{DB: e.pool, Logger: e.log}
	river.AddWorker(workers, appImport)
	client, err := river.NewClient(riverpgxv5.New(e.pool), &river.Config{
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}, flags.Queue: {MaxWorkers: 1}},
		Workers:      workers,
		PeriodicJobs: []*river.PeriodicJob{retention.Daily(), flags.Daily(), auditlog.Hourly()},
		// REINDEX needs the tables' owner, which the serving role is not (docs/operations.md).
		ReindexerSchedule: river.NeverSchedule(),
		// River reports its own housekeeping at info level; the portal's log keeps its warnings.
		Logger: slog.New(warnOnly{e.log.Handler()}),
	})
	if err != nil {
		return nil, err
	}
	appImport.Jobs = client // queues the recomputation when an upload changed anything
	e.jobs = client
	return client, nil
}

// queueFlags asks the servers' job runners to recompute the red flags, from a command.
func (e *env) queueFlags(ctx context.Context) error {
	client, err := e.jobClient()
	if err != nil {
		return err
	}
	_, err = client.Insert(ctx, flags.Args{}, nil)
	return err
}

// queueFlags asks for the red flags to be recomputed, from inside another job (an import).
func queueFlags(ctx context.Context) error {
	_, err := river.ClientFromContext[pgx.Tx](ctx).Insert(ctx, flags.Args{}, nil)
	return err
}

// refreshHolders computes the buyer and supplier pages ahead, after a recomputation of the flags.
func (e *env) refreshHolders(ctx context.Context, run flags.Run) error {
	done, err := holders.Refresh(ctx, e.pool, run.ID)
	if err != nil {
		return err
	}
	e.log.Info("procurement buyer and supplier pages computed", "buyers", done.Buyers, "suppliers", done.Suppliers)
	return nil
}

// warnOnly passes on warnings and errors only.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}
