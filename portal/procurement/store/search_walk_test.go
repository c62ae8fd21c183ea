package store

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
)

// TestSearchPageWalkIsBounded: with the walk cut short, a page is the same as the plain statement's
// (LIMIT-first, as the planner likes), in every order, whether the walk fills the page, finds some
// matches (the page is planned again) or none (planned without the order's index).
func TestSearchPageWalkIsBounded(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	generateProcesses(t, pool, 3000, 5)
	defer func(b int) { walkBound = b }(walkBound)

	lo, hi := 1_000_000.0, 20_000_000.0
	queries := []Query{
		{},
		{Keyword: "臺中"},
		{Keyword: generate.KeywordCommon},
		{Keyword: generate.KeywordCommon, Category: "goods"}, // 路燈 is in works and services only
		{Keyword: generate.KeywordCommon, Category: "works", Year: 2022},
		{Keyword: generate.KeywordSelective},
		{Keyword: generate.KeywordFour, MinValue: &lo},
		{Category: "services", Method: "limited", MaxValue: &hi},
		{Keyword: "道路", Year: 2020},
	}
	seen := map[string]bool{} // the walk's outcomes met
	for _, bound := range []int{0, 40, 2000} {
		walkBound = bound
		for _, q := range queries {
			for _, sort := range []Sort{SortDateDesc, SortDateAsc, SortValueDesc, SortValueAsc} {
				for _, page := range []int{1, 2, 4} {
					q.Sort, q.Page = sort, page
					got, err := Search(ctx, pool, q)
					if err != nil {
						t.Fatalf("%+v: %v", q, err)
					}
					want, found := plainPage(t, pool, q)
					seen[found] = true
					if !slices.Equal(ocids(got.Items), want) {
						t.Errorf("bound %d, %+v (walk %s): %v, want %v", bound, q, found, ocids(got.Items), want)
					}
				}
			}
		}
	}
	for _, outcome := range []string{"filled the page", "found some", "found none"} {
		if !seen[outcome] {
			t.Errorf("no search where the walk %s", outcome)
		}
	}
}

// plainPage returns the ocids of q's page from the plain statement, and what the bounded walk of
// Search finds for it.
func plainPage(t *testing.T, pool *pgxpool.Pool, q Query) ([]string, string) {
	t.Helper()
	ctx := context.Background()
	offset := (q.Page - 1) * DefaultPageSize
	st, err := q.statements(DefaultPageSize, offset)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := pool.Query(ctx, st.list, st.listArgs...)
	if err != nil {
		t.Fatal(err)
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		t.Fatal(err)
	}
	// The walk reads the first bound processes in order within the range of the order's key, and
	// needs limit+offset matches among them, limit being a page and one.
	need := DefaultPageSize + 1 + offset
	bound := walkBound + 2*need
	keyRange, rangeArgs := q.orderRange(1)
	order, _ := q.order()
	var inRange []string
	rows, err = pool.Query(ctx, `SELECT ocid FROM procurement_processes WHERE `+keyRange+` ORDER BY `+order+` LIMIT `+
		strconv.Itoa(bound), rangeArgs...)
	if err != nil {
		t.Fatal(err)
	}
	if inRange, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	rows, err = pool.Query(ctx, st.list, append(st.listArgs[:len(st.listArgs)-2:len(st.listArgs)-2], 1_000_000, 0)...)
	if err != nil {
		t.Fatal(err)
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, it := range all {
		if slices.Contains(inRange, it.OCID) {
			found++
		}
	}
	switch {
	case found >= need:
		return ocids(items), "filled the page"
	case found > 0:
		return ocids(items), "found some"
	}
	return ocids(items), "found none"
}

func ocids(items []Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.OCID)
	}
	return out
}
