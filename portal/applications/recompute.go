package applications

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// recomputeLock serializes recomputations across servers and the command line.
const recomputeLock = 0x6170706c73 // "appls"

// Recomputation is what one recomputation of the statistics did.
type Recomputation struct {
	AsOf     time.Time
	Records  int64 // applications received by AsOf
	Rows     int   // rows of application_stats written
	Duration time.Duration
	// CalendarGaps are years with applications but no office calendar: there only weekends are
	// days off, so due dates may come a holiday too early.
	CalendarGaps []int32
}

// Recompute fills application_stats from every application, as of asOf (the last day counted; a
// zero asOf is today in Taipei): all rows replaced in one transaction, so readers see the old
// figures or the new ones, never a mix. Recomputations run one at a time; each is logged in
// application_recomputations with the moment of its snapshot (imports committed before it are
// counted).
func Recompute(ctx context.Context, pool *pgxpool.Pool, asOf time.Time) (*Recomputation, error) {
	return recompute(ctx, pool, asOf, time.Time{})
}

// recompute is Recompute, or nothing (a nil result) when a recomputation whose snapshot came after
// since has finished already.
func recompute(ctx context.Context, pool *pgxpool.Pool, asOf, since time.Time) (*Recomputation, error) {
	if asOf.IsZero() {
		asOf = civil(time.Now())
	}
	start := time.Now()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	// A session lock, taken before the transaction, so that its snapshot comes after the wait.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, recomputeLock); err != nil {
		return nil, err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, recomputeLock)
	if !since.IsZero() {
		var done bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM application_recomputations WHERE snapshot_at > $1)`, since).Scan(&done); err != nil || done {
			return nil, err
		}
	}

	rc := &Recomputation{AsOf: asOf}
	err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var snapshot time.Time
		if err := tx.QueryRow(ctx, `SELECT statement_timestamp()`).Scan(&snapshot); err != nil {
			return err
		}
		// The percentile sorts and the aggregates' hash tables stay in memory at millions of rows.
		if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '256MB'`); err != nil {
			return err
		}
		written, err := runSteps(ctx, tx, recomputeSteps, asOf)
		if err != nil {
			return err
		}
		rc.Rows = int(written["services"] + written["totals"])
		if err := tx.QueryRow(ctx, `SELECT COALESCE(sum(n), 0) FROM app_in`).Scan(&rc.Records); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, calendarGaps, asOf).Scan(&rc.CalendarGaps); err != nil {
			return fmt.Errorf("applications: recompute calendar gaps: %w", err)
		}
		rc.Duration = time.Since(start)
		_, err = tx.Exec(ctx, `INSERT INTO application_recomputations (as_of, snapshot_at, records, stats_rows, duration_ms, calendar_gaps)
			VALUES ($1, $2, $3, $4, $5, $6)`, asOf, snapshot, rc.Records, rc.Rows, rc.Duration.Milliseconds(), rc.CalendarGaps)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rc, nil
}

// runSteps runs SQL steps in order, passing asOf to those that use it ($1), and returns how many
// rows each wrote.
func runSteps(ctx context.Context, tx pgx.Tx, steps []struct{ name, sql string }, asOf time.Time) (map[string]int64, error) {
	written := map[string]int64{}
	for _, step := range steps {
		var args []any
		if strings.Contains(step.sql, "$1") {
			args = []any{asOf}
		}
		tag, err := tx.Exec(ctx, step.sql, args...)
		if err != nil {
			return nil, fmt.Errorf("applications: recompute %s: %w", step.name, err)
		}
		written[step.name] = tag.RowsAffected()
	}
	return written, nil
}
