package store

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
)

// generate inserts n synthetic processes (see Generate) for search tests and benchmarks.
func generate(tb testing.TB, pool *pgxpool.Pool, n int, seed uint64) {
	tb.Helper()
	if err := Generate(context.Background(), pool, n, seed, GenerateOptions{}); err != nil {
		tb.Fatal(err)
	}
}

// TestGenerateWithBiddingKeepsTheSearchedData: bidders come from their own random stream, so the
// search benchmark measures the same processes with or without them, and every bidder list names
// the winner among numberOfTenderers bidders.
func TestGenerateWithBiddingKeepsTheSearchedData(t *testing.T) {
	const cols = `ocid, title, buyer_id, procurement_method, main_category, amount, process_date, number_of_tenderers, supplier_ids, search_text`
	read := func(bidding bool) []string {
		pool := testdb.New(t)
		if err := Generate(context.Background(), pool, 300, 7, GenerateOptions{Bidding: bidding}); err != nil {
			t.Fatal(err)
		}
		rows, err := pool.Query(context.Background(), `SELECT concat_ws('|', `+cols+`) FROM procurement_processes ORDER BY ocid`)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if bidding {
			var bad, awards int
			pool.QueryRow(context.Background(), `
SELECT count(*) FILTER (WHERE jsonb_array_length(compiled -> 'tender' -> 'tenderers') <> number_of_tenderers
    OR cardinality(supplier_ids) > 0
        AND NOT (compiled -> 'tender' -> 'tenderers') @> jsonb_build_array(jsonb_build_object('id', supplier_ids[1]))),
    (SELECT count(*) FROM procurement_awards)
FROM procurement_processes`).Scan(&bad, &awards)
			if bad != 0 || awards == 0 {
				t.Errorf("%d processes with a wrong bidder list; %d award rows", bad, awards)
			}
		}
		return out
	}
	without, with := read(false), read(true)
	if len(without) != 300 || strings.Join(without, "\n") != strings.Join(with, "\n") {
		t.Error("bidders changed the searched columns")
	}
}
