package main

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/store"
)

// demoSeed chooses the demo procurement data. It never changes, so that loading again finds the
// processes already there and adds only those beyond them.
const demoSeed = 20260101

// loadDemoProcurement stores the first n generated processes as demo data (store.DemoSource), in
// one transaction, with a progress bar on progressTo if it is a terminal.
func loadDemoProcurement(ctx context.Context, pool *pgxpool.Pool, n int, progressTo io.Writer) (store.SaveResult, error) {
	g := generate.New(generate.Options{Seed: demoSeed})
	bar := newProgress(progressTo, "procurement", int64(n))
	var res store.SaveResult
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		l := store.NewLoader(ctx, tx, store.DemoSource)
		for i := range n {
			if err := l.Add(g.Release(i)); err != nil {
				l.Close()
				return err
			}
			bar.advance(1)
		}
		var err error
		res, err = l.Close()
		return err
	})
	bar.done()
	return res, err
}
