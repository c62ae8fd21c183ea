package store

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
)

// BenchmarkSearch measures Search on BENCH_PROCESSES (default 100,000) generated processes:
//
//	go test ./portal/procurement/store/ -run '^$' -bench Search -count 3
//	BENCH_PROCESSES=10000 BENCH_EXPLAIN=1 go test ./portal/procurement/store/ -run '^$' -bench Search -v
//
// BENCH_EXPLAIN=1 logs each query's plan (EXPLAIN ANALYZE) once.
func BenchmarkSearch(b *testing.B) {
	n := 100_000
	if s := os.Getenv("BENCH_PROCESSES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("BENCH_PROCESSES=%q is not a positive number", s)
		}
		n = v
	}
	pool := testdb.New(b)
	ctx := context.Background()
	start := time.Now()
	generateProcesses(b, pool, n, 42)
	b.Logf("generated %d processes in %v", n, time.Since(start).Round(time.Millisecond))

	// Search is the whole call (the page, and the capped count when the page does not settle it);
	// "rows" runs only the page's statement, LIMIT 20 in the requested order.
	cases := []struct {
		name     string
		q        Query
		rowsOnly bool
	}{
		{"common2_5pct_rows", Query{Keyword: generate.KeywordCommon}, true},
		{"common2_5pct_search", Query{Keyword: generate.KeywordCommon}, false},
		{"common2_5pct_value_sort_search", Query{Keyword: generate.KeywordCommon, Sort: SortValueDesc}, false},
		{"selective2_0.1pct_rows", Query{Keyword: generate.KeywordSelective}, true},
		{"selective2_0.1pct_search", Query{Keyword: generate.KeywordSelective}, false},
		{"four_0.5pct_rows", Query{Keyword: generate.KeywordFour}, true},
		{"four_0.5pct_search", Query{Keyword: generate.KeywordFour}, false},
		{"one_char_search", Query{Keyword: "纜"}, false},        // prefix of bigrams
		{"all_rows_match_search", Query{Keyword: "臺中"}, false}, // every buyer: capped count
		{"filters_only_search", Query{Year: 2022, Category: "works"}, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			page, err := Search(ctx, pool, c.q)
			if err != nil {
				b.Fatal(err)
			}
			if os.Getenv("BENCH_EXPLAIN") != "" {
				explain(b, pool, c.q)
			}
			st, err := c.q.statements(DefaultPageSize, 0)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if c.rowsOnly {
					rows, err := pool.Query(ctx, st.list, st.listArgs...)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item]); err != nil {
						b.Fatal(err)
					}
				} else if _, err := Search(ctx, pool, c.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			b.ReportMetric(float64(page.Total), "matches")
		})
	}
}

// explain logs the plans of q's statements.
func explain(b *testing.B, pool *pgxpool.Pool, q Query) {
	b.Helper()
	page := max(q.Page, 1)
	st, err := q.statements(DefaultPageSize+1, (page-1)*DefaultPageSize)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []struct {
		sql  string
		args []any
	}{{st.list, st.listArgs}, {st.count, st.countArgs}} {
		rows, err := pool.Query(context.Background(), "EXPLAIN (ANALYZE, BUFFERS OFF) "+s.sql, s.args...)
		if err != nil {
			b.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				b.Fatal(err)
			}
			plan = append(plan, line)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s\n%s", strings.TrimSpace(s.sql), strings.Join(plan, "\n"))
	}
}
