package flags

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/indicators"
)

// Stage is a step of a recomputation.
type Stage string

const (
	StageRead    Stage = "read"    // streaming compiled releases into the indicators
	StageReplace Stage = "replace" // the old flags are deleted; writing the new ones
)

// Progress reports how far a recomputation is.
type Progress struct {
	Stage     Stage
	Processes int64 // compiled releases read so far
}

// progressEvery is how many processes are read between two progress reports.
const progressEvery = 10_000

// lockName names the advisory lock that keeps recomputations from overlapping.
const lockName = "procurement_flags:recompute"

// Recompute runs every indicator over all stored processes and replaces the stored flags and
// concentration figures, in one transaction: readers see the previous set until it commits. It
// returns the run as recorded in procurement_flag_runs.
//
// It waits for a recomputation already running (a transaction-level advisory lock), so the last
// one to start computes from the latest data. Compiled releases are streamed in ocid order through
// a pipe into indicators.Run, cut down to the fields the indicators read. R040 and R051 are then
// computed in SQL from procurement_awards (see concentrationSQL), in the same transaction but from
// a snapshot taken a moment later: an import committed in between shows in the concentration
// figures before the flags, until the next recomputation.
//
// progress, if not nil, is called on the calling goroutine every progressEvery processes and when
// the old set has been deleted. Recompute uses two connections of pool: the transaction, and a
// short one that records the run's start and, on failure, its error.
func Recompute(ctx context.Context, pool *pgxpool.Pool, s indicators.Settings, progress func(Progress)) (Run, error) {
	settings, err := json.Marshal(s)
	if err != nil {
		return Run{}, fmt.Errorf("flags: recompute: settings cannot be recorded: %w", err)
	}
	if progress == nil {
		progress = func(Progress) {}
	}

	tx, err := pool.Begin(ctx)
	if err != nil {
		return Run{}, fmt.Errorf("flags: recompute: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // after Commit, a no-op
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, lockName); err != nil {
		return Run{}, fmt.Errorf("flags: recompute: lock: %w", err)
	}
	run, err := startRun(ctx, pool, settings)
	if err != nil {
		return Run{}, err
	}
	run.Settings = s

	if err := recompute(ctx, tx, &run, progress); err != nil {
		failRun(ctx, pool, run.ID, err)
		return run, err
	}
	if err := tx.Commit(ctx); err != nil {
		err = fmt.Errorf("flags: recompute: commit: %w", err)
		failRun(ctx, pool, run.ID, err)
		return run, err
	}
	return run, nil
}

// recompute does the work inside tx and marks run as succeeded there.
func recompute(ctx context.Context, tx pgx.Tx, run *Run, progress func(Progress)) error {
	res, err := readReleases(ctx, tx, run.Settings, progress)
	if err != nil {
		return err
	}
	run.Processes, run.Skipped = res.read, int64(res.SkippedTotal)

	for _, table := range []string{"procurement_flags", "procurement_concentration"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table); err != nil {
			return fmt.Errorf("flags: recompute: clear %s: %w", table, err)
		}
	}
	progress(Progress{Stage: StageReplace, Processes: run.Processes})
	if run.Flags, err = writeFlags(ctx, tx, res.Result); err != nil {
		return err
	}
	if run.BuyerYears, err = writeConcentration(ctx, tx, Currency(run.Settings)); err != nil {
		return err
	}
	if run.counts, err = countFlags(ctx, tx); err != nil {
		return err
	}
	counts, err := json.Marshal(run.counts)
	if err != nil {
		return err
	}
	err = tx.QueryRow(ctx, `
UPDATE procurement_flag_runs
SET status = 'succeeded', finished_at = clock_timestamp(), processes_read = $2, skipped = $3,
    flags_written = $4, buyer_years = $5, counts = $6
WHERE id = $1
RETURNING finished_at`, run.ID, run.Processes, run.Skipped, run.Flags, run.BuyerYears, counts).Scan(&run.FinishedAt)
	if err != nil {
		return fmt.Errorf("flags: recompute: finish run: %w", err)
	}
	return nil
}

// startRun records a new run. It is called holding the lock, so any other run still marked
// running was interrupted (its process died): those are marked failed.
func startRun(ctx context.Context, pool *pgxpool.Pool, settings []byte) (Run, error) {
	var run Run
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
UPDATE procurement_flag_runs SET status = 'failed', finished_at = clock_timestamp(), error = 'interrupted'
WHERE status = 'running'`); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `
INSERT INTO procurement_flag_runs (settings) VALUES ($1) RETURNING id, started_at`, settings).Scan(&run.ID, &run.StartedAt)
	})
	if err != nil {
		return Run{}, fmt.Errorf("flags: recompute: record start: %w", err)
	}
	return run, nil
}

// failRun records why a run failed. It runs even when ctx is cancelled (a cancellation is one
// reason to record), within a short deadline of its own.
func failRun(ctx context.Context, pool *pgxpool.Pool, id int64, cause error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	msg := cause.Error()
	if errors.Is(cause, context.Canceled) {
		msg = "cancelled: " + msg
	}
	// Best effort: if this fails too, the next run marks this one as interrupted.
	_, _ = pool.Exec(ctx, `
UPDATE procurement_flag_runs SET status = 'failed', finished_at = clock_timestamp(), error = left($2, 1000)
WHERE id = $1 AND status = 'running'`, id, msg)
}
