package store

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
)

// TestCopyCompiledDerivesAsSaveDoes loads the same releases with Save and with CopyCompiled and
// expects the same columns and award rows (the compiled JSON differs only by Save's merge: its id
// and tag).
func TestCopyCompiledDerivesAsSaveDoes(t *testing.T) {
	g := generate.New(generate.Options{Seed: 7})
	var rels []ocds.Release
	for i := range copyChunk + 10 { // more than one chunk
		rels = append(rels, g.Release(i))
	}
	for _, s := range synthetic {
		rels = append(rels, s.release())
	}
	saved := testdb.New(t)
	save(t, saved, rels, "import:1")

	copied := testdb.New(t)
	ctx := context.Background()
	i := 0
	var n int64
	err := pgx.BeginFunc(ctx, copied, func(tx pgx.Tx) error {
		var err error
		n, err = CopyCompiled(ctx, tx, func() (ocds.Release, error) {
			if i == len(rels) {
				return nil, nil
			}
			i++
			return rels[i-1], nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(rels)) {
		t.Errorf("copied %d, want %d", n, len(rels))
	}
	for _, q := range []string{
		`SELECT (p.*)::text FROM (SELECT ocid, release_count, release_date, process_date, buyer_id, buyer_name,
            procuring_entity_id, procuring_entity_name, title, procurement_method, method_details,
            main_category, tender_value, tender_currency, tender_start, tender_end, number_of_tenderers,
            tender_status, award_date, award_value, award_currency, supplier_ids, amount, search_text,
            search_terms, is_demo FROM procurement_processes) p ORDER BY 1`,
		`SELECT a::text FROM procurement_awards a ORDER BY 1`,
	} {
		want, got := rowsText(t, saved, q), rowsText(t, copied, q)
		if len(want) < len(rels)/2 || !slices.Equal(got, want) {
			t.Errorf("%s:\n%d rows copied, %d saved; first difference %s", q, len(got), len(want), firstDiff(got, want))
		}
	}
}

func rowsText(t *testing.T, pool *pgxpool.Pool, q string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return "\n got " + a[i] + "\nwant " + b[i]
		}
	}
	return "(lengths differ)"
}
