package store

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// generate inserts n synthetic processes with CopyFrom (bypassing Save and procurement_releases,
// which search does not read, but deriving every column as Save does), then ANALYZEs.
func generate(tb testing.TB, pool *pgxpool.Pool, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, seed+1))
	cols := []string{"ocid", "compiled", "release_count", "release_date", "process_date", "buyer_id",
		"buyer_name", "title", "procurement_method", "main_category", "tender_value",
		"tender_currency", "tender_start", "number_of_tenderers", "tender_status", "award_date",
		"award_value", "award_currency", "supplier_ids", "search_text", "search_terms"}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		p, err := derive(GenerateRelease(r, i), 1, false)
		if err != nil {
			return nil, err
		}
		i++
		return []any{p.ocid, p.compiled, p.releaseCount, p.releaseDate, p.processDate, p.buyerID,
			p.buyerName, p.title, p.method, p.category, numeric(p.tenderValue), p.tenderCurrency,
			p.tenderStart, p.numberOfTenderers, p.tenderStatus, p.awardDate, numeric(p.awardValue),
			p.awardCurrency, p.supplierIDs, p.searchText, tsvector(p.searchTerms)}, nil
	})
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"procurement_processes"}, cols, src); err != nil {
		tb.Fatalf("generate: %v", err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE procurement_processes"); err != nil {
		tb.Fatal(err)
	}
}
