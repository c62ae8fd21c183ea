package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
)

// tableRows returns every row of the three tables as text, in a stable order, leaving out what
// depends on the clock (received_at, updated_at) and the sequence's own numbers (seq, of which
// only the order within a process matters).
func tableRows(t *testing.T, pool *pgxpool.Pool) map[string][]string {
	t.Helper()
	queries := map[string]string{
		"releases": `SELECT concat_ws(' | ', ocid, release_id, date, release::text, source,
    row_number() OVER (PARTITION BY ocid ORDER BY seq))
FROM procurement_releases ORDER BY ocid, release_id`,
		"processes": `SELECT (to_jsonb(p) - 'updated_at')::text FROM procurement_processes p ORDER BY ocid`,
		"awards":    `SELECT to_jsonb(a)::text FROM procurement_awards a ORDER BY ocid, award_id, supplier_id`,
	}
	out := map[string][]string{}
	for name, q := range queries {
		rows, err := pool.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out[name], err = pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// awkwardReleases are releases that take SaveBulk's other paths: several releases of one process in
// a batch, numbers that jsonb rewrites (read back, as Save does), releases without ids.
func awkwardReleases(t *testing.T) []ocds.Release {
	t.Helper()
	rels := readPackage(t, fictionalReleases)
	rels = append(rels, readPackage(t, "paraguay-dncp_release-package_1.1-2.json")...)
	for i, amount := range []string{"1e3", "-0", "12.50", "1.0E+2", "99999999999999999999.5"} {
		rels = append(rels, decodeJSON(t, fmt.Sprintf(`{"ocid":"ocds-num-%d","id":"r","date":"2024-03-0%dT00:00:00+08:00",
			"tender":{"title":"號誌維護","value":{"amount":%s,"currency":"TWD"},"numberOfTenderers":2},
			"awards":[{"id":"1","status":"active","value":{"amount":%s,"currency":"TWD"},"suppliers":[{"id":"TW-UBN-22099131","name":"甲"}]}]}`,
			i, i+1, amount, amount)))
	}
	noID := decodeJSON(t, `{"ocid":"ocds-noid-1","date":"2024-01-02T00:00:00Z","tender":{"title":"道路維護"}}`)
	return append(rels, noID, noID)
}

// TestSaveBulkMatchesSave saves the same releases, batch by batch, with Save into one database and
// with SaveBulk into another: the tables and the counts must be the same.
func TestSaveBulkMatchesSave(t *testing.T) {
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: 11})
	var generated []ocds.Release
	for r := range g.Releases(400) {
		generated = append(generated, r)
	}
	awkward := awkwardReleases(t)
	// The publisher corrects a generated release (same id, another title) in a later batch.
	corrected := decodeJSON(t, jsonText(generated[5]))
	corrected["tender"].(map[string]any)["title"] = "更正後的標案名稱"
	batches := []struct {
		source string
		rels   []ocds.Release
	}{
		{"import:1", generated[:250]},
		{"import:2", append(slices.Clone(awkward[:4]), generated[250:]...)},
		{"import:3", append(append(slices.Clone(generated[100:300]), corrected), awkward[4:]...)},
		{DemoSource, generated[:10]},
	}

	var results [2][]SaveResult
	var tables [2]map[string][]string
	for k, fn := range []func(context.Context, pgx.Tx, []ocds.Release, string) (SaveResult, error){Save, SaveBulk} {
		pool := testdb.New(t)
		for _, b := range batches {
			err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				res, err := fn(ctx, tx, b.rels, b.source)
				results[k] = append(results[k], res)
				return err
			})
			if err != nil {
				t.Fatalf("%d %s: %v", k, b.source, err)
			}
		}
		tables[k] = tableRows(t, pool)
	}

	if !slices.Equal(results[0], results[1]) {
		t.Errorf("counts differ:\n Save     %+v\n SaveBulk %+v", results[0], results[1])
	}
	for _, name := range []string{"releases", "processes", "awards"} {
		save, bulk := tables[0][name], tables[1][name]
		if len(save) == 0 {
			t.Errorf("%s: no rows", name)
		}
		if len(save) != len(bulk) {
			t.Errorf("%s: %d rows with Save, %d with SaveBulk", name, len(save), len(bulk))
			continue
		}
		for i := range save {
			if save[i] != bulk[i] {
				t.Errorf("%s row %d differs:\n Save     %s\n SaveBulk %s", name, i, save[i], bulk[i])
				break
			}
		}
	}
	// Both paths were taken: processes compiled at hand, and read back.
	if n := len(results[1]); n != 4 || results[1][0].ProcessesCreated != 250 {
		t.Errorf("first batch: %+v", results[1])
	}
	if !strings.Contains(strings.Join(tables[1]["processes"], "\n"), `"amount": 1000`) {
		t.Error("the process with 1e3 was not compiled from the stored row (jsonb writes 1000)")
	}
}

// TestBulkLoader streams generated releases through a Loader twice: the second time changes nothing.
func TestBulkLoader(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: 12})
	const n = LoaderBatch + 345
	load := func() SaveResult {
		var res SaveResult
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			l := NewLoader(ctx, tx, "import:gen")
			for r := range g.Releases(n) {
				if err := l.Add(r); err != nil {
					l.Close()
					return err
				}
			}
			var err error
			res, err = l.Close()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := load(); res != (SaveResult{Releases: n, Inserted: n, ProcessesCreated: n}) {
		t.Errorf("first load: %+v", res)
	}
	before := tableRows(t, pool)
	var updated string
	pool.QueryRow(ctx, `SELECT max(updated_at)::text FROM procurement_processes`).Scan(&updated)
	if res := load(); res != (SaveResult{Releases: n, Unchanged: n}) {
		t.Errorf("second load: %+v", res)
	}
	after := tableRows(t, pool)
	for name := range before {
		if !slices.Equal(before[name], after[name]) {
			t.Errorf("%s changed by loading again", name)
		}
	}
	var updatedAgain string
	pool.QueryRow(ctx, `SELECT max(updated_at)::text FROM procurement_processes`).Scan(&updatedAgain)
	if updated != updatedAgain {
		t.Errorf("updated_at moved: %s, then %s", updated, updatedAgain)
	}
}

// TestBulkLoaderMatchesSave streams releases through a Loader, among them a process whose releases
// fall in both of its batches and a correction of an earlier release, and compares with Save given
// the same batches.
func TestBulkLoaderMatchesSave(t *testing.T) {
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: 15})
	var rels []ocds.Release
	for r := range g.Releases(LoaderBatch + 500) {
		rels = append(rels, r)
	}
	fictional := readPackage(t, fictionalReleases)
	corrected := decodeJSON(t, jsonText(rels[3]))
	corrected["tender"].(map[string]any)["title"] = "更正後的標案名稱"
	rels = slices.Insert(rels, 1400, corrected)
	rels = slices.Insert(rels, 1200, fictional[4:]...)
	rels = slices.Insert(rels, 900, fictional[2:4]...)
	rels = slices.Insert(rels, 10, fictional[:2]...)

	var saved, loaded SaveResult
	savePool, loadPool := testdb.New(t), testdb.New(t)
	for chunk := range slices.Chunk(rels, LoaderBatch) {
		res := save(t, savePool, chunk, "import:1")
		saved.Releases += res.Releases
		saved.Inserted += res.Inserted
		saved.Updated += res.Updated
		saved.Unchanged += res.Unchanged
		saved.ProcessesCreated += res.ProcessesCreated
		saved.ProcessesUpdated += res.ProcessesUpdated
	}
	err := pgx.BeginFunc(ctx, loadPool, func(tx pgx.Tx) error {
		l := NewLoader(ctx, tx, "import:1")
		for _, r := range rels {
			if err := l.Add(r); err != nil {
				l.Close()
				return err
			}
		}
		var err error
		loaded, err = l.Close()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if saved != loaded || saved.Updated != 1 || saved.ProcessesUpdated != 2 {
		t.Errorf("counts: Save %+v, Loader %+v", saved, loaded)
	}
	want, got := tableRows(t, savePool), tableRows(t, loadPool)
	for name := range want {
		if !slices.Equal(want[name], got[name]) {
			t.Errorf("%s differ between Save and the Loader", name)
		}
	}
}

// TestBulkLoaderError: a bad release stops the Loader with an error, and the transaction stores nothing.
func TestBulkLoaderError(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: 13})
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		l := NewLoader(ctx, tx, "import:bad")
		var addErr error
		for i := range 3 * LoaderBatch {
			r := g.Release(i)
			if i == LoaderBatch+7 {
				r = ocds.Release{"ocid": "ocds-bad", "date": "yesterday"}
			}
			if addErr = l.Add(r); addErr != nil {
				break
			}
		}
		_, err := l.Close()
		if addErr != nil {
			return addErr
		}
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "no date-time date") {
		t.Fatalf("error %v, want the bad date", err)
	}
	if c := counts(t, pool); c != [3]int{} {
		t.Errorf("stored %v", c)
	}
}

// TestGeneratedColumns: generated releases pass the store's checks and fill its columns as the
// notice importer's would.
func TestGeneratedColumns(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	g := generate.New(generate.Options{Seed: 14})
	var rels []ocds.Release
	for r := range g.Releases(600) {
		rels = append(rels, r)
	}
	save(t, pool, rels, DemoSource)
	var processes, taichung, demo, withSuppliers int
	err := pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE buyer_id LIKE 'TW-GOV-3.76.%' AND buyer_name LIKE '臺中%'),
    count(*) FILTER (WHERE is_demo), count(*) FILTER (WHERE cardinality(supplier_ids) > 0)
FROM procurement_processes`).Scan(&processes, &taichung, &demo, &withSuppliers)
	if err != nil {
		t.Fatal(err)
	}
	if processes != 600 || taichung != 600 || demo != 600 || withSuppliers < 400 {
		t.Errorf("%d processes: %d of Taichung agencies, %d demo, %d with suppliers", processes, taichung, demo, withSuppliers)
	}
	rows, _ := pool.Query(ctx, `SELECT DISTINCT unnest(supplier_ids) FROM procurement_processes`)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !strings.HasPrefix(id, "TW-UBN-") || !generate.ValidUBN(strings.TrimPrefix(id, "TW-UBN-")) {
			t.Errorf("supplier id %q", id)
		}
	}
	page, err := Search(ctx, pool, Query{Keyword: generate.KeywordCommon})
	if err != nil || page.Total < 10 || page.Total > 60 {
		t.Errorf("search %s: %d of 600, %v", generate.KeywordCommon, page.Total, err)
	}
}
