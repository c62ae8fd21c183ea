package store

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
)

// indexedData stores 3,000 generated processes and then makes the cases a search must get right:
// equal amounts and equal dates (ties broken by ocid), processes without an amount, demo processes,
// and red flags of several codes.
func indexedData(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	generateProcesses(t, pool, 3000, 11)
	for _, sql := range []string{
		`UPDATE procurement_processes SET award_value = 1000000 WHERE right(ocid, 1) = '3'`,
		`UPDATE procurement_processes SET award_value = NULL, tender_value = NULL WHERE right(ocid, 1) = '7'`,
		`UPDATE procurement_processes SET process_date = '2023-05-01T02:00:00Z' WHERE right(ocid, 2) IN ('11', '42', '58')`,
		`UPDATE procurement_processes SET is_demo = true WHERE right(ocid, 1) = '5'`,
		`INSERT INTO procurement_flags (subject_type, subject_id, code, value)
		 SELECT 'ocid', ocid, (ARRAY['R003', 'R018', 'R024', 'R030'])[1 + abs(hashtext(ocid)) % 4], 1
		 FROM procurement_processes WHERE abs(hashtext(ocid || 'f')) % 5 = 0`,
		`INSERT INTO procurement_flags (subject_type, subject_id, code, value)
		 SELECT 'ocid', ocid, 'R058', 1 FROM procurement_processes WHERE abs(hashtext(ocid || 'g')) % 9 = 0
		 ON CONFLICT DO NOTHING`,
		`INSERT INTO procurement_flags (subject_type, subject_id, code, value) VALUES ('buyer', 'x', 'R003', 1)`,
		`ANALYZE`, // the owner's to do
	} {
		if _, err := testdb.AsOwner(t, pool).Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	return pool
}

// TestIndexSearchesAsSearchDoes runs 1,500 random searches (keywords common, rare, absent, of one
// character, with spaces, full-width or 台; every filter and order; pages 1 to 6, past the end,
// beyond the cap) with the index and with Search, which must give the same page, totals and errors.
func TestIndexSearchesAsSearchDoes(t *testing.T) {
	ctx := context.Background()
	pool := indexedData(t)
	x, err := BuildIndex(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	var buyers, suppliers []string
	for id := range x.buyers {
		buyers = append(buyers, id)
	}
	for id := range x.supplier {
		suppliers = append(suppliers, id)
	}
	slices.Sort(buyers)
	slices.Sort(suppliers)

	keywords := []string{"", "臺中", "台中", generate.KeywordCommon, generate.KeywordFour, generate.KeywordSelective,
		"道路", "工程", "採購案", "中", "區", "led", "ＬＥＤ", "2023", "市政府 ", "臺中市政府", "不存在的字詞", "a", "e", " "}
	r := rand.New(rand.NewPCG(3, 4))
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	value := func() *float64 {
		v := []float64{0, 500000, 1000000, 1000000.5, 3e6, 2e7, -1}[r.IntN(7)]
		return &v
	}
	for n := range 1500 {
		q := Query{Keyword: pick(keywords), Sort: Sort(pick([]string{"", "date", "value", "value_asc"}))}
		for _, k := range r.Perm(10)[:r.IntN(4)] {
			switch k {
			case 0:
				q.BuyerID = pick(append(buyers, "TW-GOV-none"))
			case 1:
				q.SupplierID = pick(append(suppliers, "TW-UBN-00000000"))
			case 2:
				q.Method = pick([]string{"open", "selective", "limited", "direct", "other"})
			case 3:
				q.Category = pick([]string{"goods", "works", "services", "none"})
			case 4:
				q.Year = 2018 + r.IntN(9)
			case 5:
				q.MinValue = value()
			case 6:
				q.MaxValue = value()
			case 7:
				q.NoDemo = true
			case 8:
				q.Flag = pick([]string{FlagAny, "R003", "R018", "R024", "R058", "R036"})
			case 9:
				q.Page = []int{2, 3, 6, 40, 501}[r.IntN(5)]
				q.PageSize = []int{0, 5, 100}[r.IntN(3)]
			}
		}
		want, wantErr := Search(ctx, pool, q)
		got, gotErr := searchIndexed(ctx, pool, x, q)
		if !errors.Is(gotErr, ErrBadQuery) && gotErr != nil || errors.Is(gotErr, ErrBadQuery) != errors.Is(wantErr, ErrBadQuery) {
			t.Fatalf("search %d %+v: index error %v, Search error %v", n, q, gotErr, wantErr)
		}
		if wantErr != nil {
			continue
		}
		if g, w := ocids(got.Items), ocids(want.Items); !slices.Equal(g, w) || got.Total != want.Total ||
			got.TotalCapped != want.TotalCapped || got.HasNext != want.HasNext || got.Page != want.Page || got.PageSize != want.PageSize {
			t.Fatalf("search %d %+v:\nindex  %v total %d capped %v next %v\nSearch %v total %d capped %v next %v",
				n, q, g, got.Total, got.TotalCapped, got.HasNext, w, want.Total, want.TotalCapped, want.HasNext)
		}
	}
}

// TestSearcherIsNeverOutOfDate: the Searcher answers from its index only while no import has
// committed and no recomputation of the flags has succeeded since the index's snapshot; meanwhile
// it answers with Search and builds a new index.
func TestSearcherIsNeverOutOfDate(t *testing.T) {
	ctx := context.Background()
	pool := indexedData(t)
	s := NewSearcher(pool, discard())
	defer s.Close()
	indexed := func() *Index {
		t.Helper()
		s.Start()
		if !s.Wait(ctx) {
			t.Fatal("no current index after a build")
		}
		return s.current(ctx)
	}
	first := indexed()
	q := Query{Keyword: "臺中", Sort: SortValueDesc}
	before, err := s.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}

	// A process added by an import, with the largest amount: the next search must show it first.
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO procurement_processes (ocid, compiled, release_count, release_date,
			process_date, title, search_text, search_terms, award_value)
			VALUES ('ocds-test-new', '{}', 1, now(), now(), '臺中 新案', '臺中 新案', '臺中', 1e13)`); err != nil {
			return err
		}
		return logChange(ctx, tx)
	}); err != nil {
		t.Fatal(err)
	}
	if s.current(ctx) != nil {
		t.Fatal("the index is still current after an import")
	}
	after, err := s.Search(ctx, q)
	if err != nil || len(after.Items) == 0 || after.Items[0].OCID != "ocds-test-new" {
		t.Fatalf("after the import: %v, %v", ocids(after.Items), err)
	}
	second := indexed()
	if second == first || !slices.Contains(second.ocids, "ocds-test-new") {
		t.Fatal("the new index does not hold the imported process")
	}
	if got, _ := s.Search(ctx, q); got.Items[0].OCID != "ocds-test-new" || got.Total != before.Total+1 && !got.TotalCapped {
		t.Fatalf("the new index: %v, total %d (before %d)", ocids(got.Items), got.Total, before.Total)
	}

	// A recomputation of the flags.
	if _, err := pool.Exec(ctx, `INSERT INTO procurement_flag_runs (status, settings, finished_at)
		VALUES ('succeeded', '{}', now())`); err != nil {
		t.Fatal(err)
	}
	if s.current(ctx) != nil {
		t.Fatal("the index is still current after a recomputation of the flags")
	}
	if third := indexed(); third.runID == 0 || third.runID == second.runID {
		t.Fatalf("the rebuilt index read run %d", third.runID)
	}
}

// searchIndexed is Searcher.Search with the index x.
func searchIndexed(ctx context.Context, pool *pgxpool.Pool, x *Index, q Query) (Page, error) {
	ids, page, err := x.search(q)
	if err != nil {
		return page, err
	}
	page.Items, err = items(ctx, pool, ids)
	return page, err
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestSearcherSearchesInSQLWhenItCannotBuild: a build that fails leaves the searches to SQL, and the
// next build waits retryAfter.
func TestSearcherSearchesInSQLWhenItCannotBuild(t *testing.T) {
	ctx := context.Background()
	pool := indexedData(t)
	s := NewSearcher(pool, discard())
	defer s.Close()
	owner := testdb.AsOwner(t, pool) // renaming a table is the owner's
	if _, err := owner.Exec(ctx, `ALTER TABLE procurement_flags RENAME TO hidden_flags`); err != nil {
		t.Fatal(err)
	}
	s.Start()
	if s.Wait(ctx) {
		t.Fatal("an index was built without the flags")
	}
	q := Query{Keyword: "臺中", Sort: SortValueAsc}
	got, err := s.Search(ctx, q)
	want, _ := Search(ctx, pool, q)
	if err != nil || !slices.Equal(ocids(got.Items), ocids(want.Items)) || len(got.Items) == 0 {
		t.Fatalf("search without an index: %v, %v; want %v", ocids(got.Items), err, ocids(want.Items))
	}
	if _, err := owner.Exec(ctx, `ALTER TABLE hidden_flags RENAME TO procurement_flags`); err != nil {
		t.Fatal(err)
	}
	if s.Wait(ctx) {
		t.Fatal("a build was tried again at once")
	}
	s.mu.Lock()
	s.failed = s.failed.Add(-retryAfter)
	s.mu.Unlock()
	s.Start()
	if !s.Wait(ctx) {
		t.Fatal("no index once the flags were back and the wait was over")
	}
}
