package load

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
)

// TestBatchesInOrder: the batches, made side by side, come out in the order of the processes, and
// stopping early ends the iteration.
func TestBatchesInOrder(t *testing.T) {
	g := generate.New(generate.Options{Seed: 7})
	const n = 3_456 // not a whole number of batches
	i := 0
	for batch := range batches(context.Background(), g, n) {
		for _, r := range batch {
			if want := g.Release(i).OCID(); r.OCID() != want {
				t.Fatalf("release %d is %s, want %s", i, r.OCID(), want)
			}
			i++
		}
	}
	if i != n {
		t.Fatalf("%d releases, want %d", i, n)
	}
	seen := 0
	for range batches(context.Background(), g, 100_000) {
		if seen++; seen == 2 {
			break
		}
	}
}

// TestProcesses: every generated process is stored, with its release, not marked as demo data, and
// the tables are analyzed.
func TestProcesses(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	g := generate.New(generate.Options{Seed: 3})
	const n = 2_345
	res, err := Processes(ctx, testdb.AsOwner(t, pool), g, n) // as the owner: it vacuums and analyzes
	if err != nil {
		t.Fatal(err)
	}
	if res.Releases != n || res.ProcessesCreated != n {
		t.Fatalf("saved %+v, want %d releases and processes", res, n)
	}
	rows, err := pool.Query(ctx, `SELECT ocid FROM procurement_processes WHERE NOT is_demo ORDER BY ocid`)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range n {
		want = append(want, g.Release(i).OCID())
	}
	slices.Sort(want)
	if !slices.Equal(stored, want) {
		t.Fatalf("stored %d processes not marked as demo, want the %d generated ones", len(stored), n)
	}
	var releases, awards int
	var analyzed bool
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM procurement_releases WHERE source = $1),
		(SELECT count(*) FROM procurement_awards),
		(SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'procurement_processes')`,
		Source).Scan(&releases, &awards, &analyzed); err != nil {
		t.Fatal(err)
	}
	if releases != n || awards == 0 || !analyzed {
		t.Errorf("%d releases from %s (want %d), %d award rows, analyzed %v", releases, Source, n, awards, analyzed)
	}
}
