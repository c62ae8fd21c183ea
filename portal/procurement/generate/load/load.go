// Package load stores generated procurement processes (package generate) in the database the way an
// import stores them, quickly enough for benchmarks and tests of a million processes.
//
// It is a package of its own because package generate must not import the store: the store's own
// tests import the generator.
package load

import (
	"context"
	"fmt"
	"runtime"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// Source is the source the releases are stored under: not store.DemoSource, so that the processes
// are not marked as demo data and pages show them as they would show imported ones.
const Source = "generated.jsonl"

// Processes stores processes 0 to n−1 of g with a store.Loader in one transaction, as `portal
// import` stores a JSON Lines file, then vacuums and analyzes the tables, as autovacuum would soon
// after a large import, so that queries run on settled tables. It returns what was saved. Only the
// tables' owner may vacuum them (PostgreSQL skips them for anyone else), so pool is the owner's.
//
// The releases are made on every core at once, a batch per worker, and handed to the Loader in
// order: making them costs about as much as storing them.
func Processes(ctx context.Context, pool *pgxpool.Pool, g *generate.Generator, n int) (store.SaveResult, error) {
	var res store.SaveResult
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		l := store.NewLoader(ctx, tx, Source)
		for batch := range batches(ctx, g, n) {
			for _, r := range batch {
				if err := l.Add(r); err != nil {
					l.Close()
					return err
				}
			}
		}
		if err := ctx.Err(); err != nil { // batches stopped early
			l.Close()
			return err
		}
		var err error
		res, err = l.Close()
		return err
	})
	if err != nil {
		return res, fmt.Errorf("load: %w", err)
	}
	if _, err := pool.Exec(ctx, "VACUUM (ANALYZE) procurement_releases, procurement_processes, procurement_awards, procurement_bidders"); err != nil {
		return res, fmt.Errorf("load: vacuum: %w", err)
	}
	return res, nil
}

// batches yields the releases of processes 0 to n−1 in order, in batches made side by side by one
// worker per core. It stops early if ctx ends or the caller stops.
func batches(ctx context.Context, g *generate.Generator, n int) func(yield func([]ocds.Release) bool) {
	return func(yield func([]ocds.Release) bool) {
		workers := runtime.GOMAXPROCS(0)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// Each batch has a channel of its own, queued in order; workers fill them in any order.
		type job struct {
			from, to int
			done     chan []ocds.Release
		}
		jobs := make(chan job)
		order := make(chan job, 2*workers) // bounds the batches made ahead of the caller
		go func() {
			defer close(order)
			defer close(jobs)
			for from := 0; from < n; from += store.LoaderBatch {
				j := job{from, min(from+store.LoaderBatch, n), make(chan []ocds.Release, 1)}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
		for range workers {
			go func() {
				for j := range jobs {
					out := make([]ocds.Release, 0, j.to-j.from)
					for i := j.from; i < j.to; i++ {
						out = append(out, g.Release(i))
					}
					j.done <- out
				}
			}()
		}
		for j := range order {
			select {
			case batch := <-j.done:
				if !yield(batch) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}
}
