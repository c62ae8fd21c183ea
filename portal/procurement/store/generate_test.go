package store

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
)

// generateProcesses inserts n generated processes with CopyFrom (bypassing Save and
// procurement_releases, which search does not read, but deriving every column as Save does), then
// ANALYZEs.
func generateProcesses(tb testing.TB, pool *pgxpool.Pool, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: seed})
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		p, err := derive(g.Release(i), 1, false)
		if err != nil {
			return nil, err
		}
		i++
		return p.row(), nil
	})
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"procurement_processes"}, processColumns, src); err != nil {
		tb.Fatalf("generate: %v", err)
	}
	if _, err := testdb.AsOwner(tb, pool).Exec(ctx, "ANALYZE procurement_processes"); err != nil { // the owner's to do
		tb.Fatal(err)
	}
}
