package holders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/store"
)

// Refreshed says what a refresh stored.
type Refreshed struct {
	Buyers, Suppliers int
}

// refreshWorkers is how many holders are computed at once, each on its own connection.
const refreshWorkers = 2

// copyEvery is how many computed pages are written at a time.
const copyEvery = 500

// Refresh computes and stores the page of every buyer named by a process and of every supplier of
// an award, for the flags of run (which must be the latest succeeded run for the pages to read
// them). It replaces the previous refresh's pages at once, so that pages compute their figures
// until it finishes. Suppliers that only ever bid are left to be computed on request.
//
// It is called by the red-flags job after each recomputation; one refresh at a time.
func Refresh(ctx context.Context, pool *pgxpool.Pool, runID int64) (Refreshed, error) {
	var done Refreshed
	if _, err := pool.Exec(ctx, `DELETE FROM procurement_holder_refreshes`); err != nil {
		return done, fmt.Errorf("holders: refresh: %w", err)
	}
	if _, err := pool.Exec(ctx, `
INSERT INTO procurement_holder_refreshes (run_id, snapshot) VALUES ($1, pg_current_snapshot())`, runID); err != nil {
		return done, fmt.Errorf("holders: refresh: %w", err)
	}
	buyers, err := ids(ctx, pool, `SELECT DISTINCT buyer_id FROM procurement_processes WHERE buyer_id IS NOT NULL`)
	if err != nil {
		return done, err
	}
	suppliers, err := ids(ctx, pool, `SELECT DISTINCT supplier_id FROM procurement_awards WHERE supplier_id IS NOT NULL`)
	if err != nil {
		return done, err
	}

	type job struct {
		kind Kind
		id   string
	}
	jobs := make(chan job)
	rows := make(chan []any, copyEvery)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for range refreshWorkers {
		wg.Go(func() {
			for j := range jobs {
				doc, err := computed(ctx, pool, j.kind, j.id)
				if err != nil {
					cancel(err)
					return
				}
				if doc != nil {
					select {
					case rows <- []any{string(j.kind), j.id, runID, doc}:
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, l := range []struct {
			kind Kind
			ids  []string
		}{{KindBuyer, buyers}, {KindSupplier, suppliers}} {
			for _, id := range l.ids {
				select {
				case jobs <- job{l.kind, id}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	go func() {
		wg.Wait()
		close(rows)
	}()

	batch := make([][]any, 0, copyEvery)
	write := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := pool.CopyFrom(ctx, pgx.Identifier{"procurement_holder_figures"},
			[]string{"kind", "id", "run_id", "figures"}, pgx.CopyFromRows(batch))
		for _, r := range batch {
			if r[0] == string(KindBuyer) {
				done.Buyers++
			} else {
				done.Suppliers++
			}
		}
		batch = batch[:0]
		return err
	}
	for r := range rows {
		if batch = append(batch, r); len(batch) == copyEvery {
			if err := write(); err != nil {
				cancel(err)
			}
		}
	}
	if err := context.Cause(ctx); err != nil {
		return done, fmt.Errorf("holders: refresh: %w", err)
	}
	if err := write(); err != nil {
		return done, fmt.Errorf("holders: refresh: %w", err)
	}

	_, err = pool.Exec(ctx, `
UPDATE procurement_holder_refreshes SET finished_at = clock_timestamp(), buyers = $2, suppliers = $3
WHERE run_id = $1`, runID, done.Buyers, done.Suppliers)
	if err != nil {
		return done, fmt.Errorf("holders: refresh: finish: %w", err)
	}
	return done, nil
}

// computed returns the stored form of one holder's page; nil if it has no page any more.
func computed(ctx context.Context, pool *pgxpool.Pool, kind Kind, id string) ([]byte, error) {
	var doc any
	var err error
	if kind == KindBuyer {
		doc, err = computeBuyer(ctx, pool, id, true)
	} else {
		doc, err = computeSupplier(ctx, pool, id, true)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

func ids(ctx context.Context, pool *pgxpool.Pool, sql string) ([]string, error) {
	rows, err := pool.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("holders: refresh: %w", err)
	}
	l, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("holders: refresh: %w", err)
	}
	return l, nil
}
