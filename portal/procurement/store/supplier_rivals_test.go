package store

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/ocds"
)

// TestRivalsFollowEveryImport stores generated processes by every path that writes them (the loader,
// SaveBulk, Save, CopyCompiled, a correction), and expects a supplier's lost bids, co-bidders and
// win rate to be what reading the compiled bidder lists gives, right after each import.
func TestRivalsFollowEveryImport(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	g := generate.New(generate.Options{Seed: 5})
	var rels []ocds.Release
	for i := range 700 {
		rels = append(rels, g.Release(i))
	}
	tx := func(f func(pgx.Tx) error) {
		t.Helper()
		if err := pgx.BeginFunc(ctx, pool, f); err != nil {
			t.Fatal(err)
		}
	}
	tx(func(tx pgx.Tx) error {
		l := NewLoader(ctx, tx, "import:1")
		for _, r := range rels[:200] {
			if err := l.Add(r); err != nil {
				return err
			}
		}
		_, err := l.Close()
		return err
	})
	tx(func(tx pgx.Tx) error { _, err := SaveBulk(ctx, tx, rels[200:400], "import:2"); return err })
	compareRivals(t, pool, "after the loader and SaveBulk")

	// A busy bidder's page, then an import in which it bids in a new, newer process and loses.
	id := busiestBidder(t, pool)
	before, err := Rivals(ctx, pool, id)
	if err != nil {
		t.Fatal(err)
	}
	var lostOne map[string]any
	for _, r := range rels[400:500] {
		if w := awardSupplierIDs(r); len(w) > 0 && !slices.Contains(w, id) {
			lostOne = decodeJSON(t, jsonText(r))
			break
		}
	}
	lostOne["ocid"] = "ocds-rivals-new"
	lostOne["date"] = "2031-01-02T00:00:00Z"
	tender := lostOne["tender"].(map[string]any)
	tender["tenderPeriod"] = map[string]any{"startDate": "2031-01-01T00:00:00Z"}
	tenderers, _ := tender["tenderers"].([]any)
	tender["tenderers"] = append(tenderers, map[string]any{"id": id, "name": "新的投標名稱"})
	save(t, pool, []ocds.Release{lostOne}, "import:3")
	after, err := Rivals(ctx, pool, id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lost != before.Lost+1 || len(after.LostBids) == 0 || after.LostBids[0].OCID != "ocds-rivals-new" {
		t.Errorf("after a new import %s lost %d (was %d), latest %+v", id, after.Lost, before.Lost, after.LostBids)
	}
	compareRivals(t, pool, "after Save")

	// The publisher corrects the release (same id): the supplier did not bid after all.
	corrected := decodeJSON(t, jsonText(lostOne))
	corrected["tender"].(map[string]any)["tenderers"] = tenderers
	save(t, pool, []ocds.Release{corrected}, "import:4")
	if again, err := Rivals(ctx, pool, id); err != nil || !reflect.DeepEqual(again, before) {
		t.Errorf("after the correction %s shows %+v, %v; want %+v", id, again, err, before)
	}

	i := 500
	tx(func(tx pgx.Tx) error {
		_, err := CopyCompiled(ctx, tx, func() (ocds.Release, error) {
			if i == len(rels) {
				return nil, nil
			}
			i++
			return rels[i-1], nil
		})
		return err
	})
	compareRivals(t, pool, "after CopyCompiled")
}

// awardSupplierIDs returns the ids of a release's award suppliers.
func awardSupplierIDs(r ocds.Release) []string {
	var ids []string
	awards, _ := r["awards"].([]any)
	for _, a := range awards {
		suppliers, _ := a.(map[string]any)["suppliers"].([]any)
		for _, s := range suppliers {
			if id, ok := s.(map[string]any)["id"].(string); ok {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// busiestBidder is the id that bid in the most processes.
func busiestBidder(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var id string
	if err := pool.QueryRow(context.Background(), `
SELECT t ->> 'id' FROM procurement_processes p, jsonb_array_elements(p.compiled -> 'tender' -> 'tenderers') AS t
WHERE jsonb_typeof(p.compiled -> 'tender' -> 'tenderers') = 'array'
GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// compareRivals expects every bidder's and award supplier's lost bids, co-bidders and win rate to be
// what the compiled bidder lists give, and the figures to show lost bids and co-bidders at all.
func compareRivals(t *testing.T, pool *pgxpool.Pool, when string) {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `
SELECT t ->> 'id' FROM procurement_processes p, jsonb_array_elements(p.compiled -> 'tender' -> 'tenderers') AS t
WHERE jsonb_typeof(p.compiled -> 'tender' -> 'tenderers') = 'array' AND t ->> 'id' IS NOT NULL
UNION SELECT supplier_id FROM procurement_awards WHERE supplier_id IS NOT NULL ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var lost, met int
	for _, id := range ids {
		got, err := Rivals(ctx, pool, id)
		if err != nil {
			t.Fatal(err)
		}
		want := rivalsFromCompiled(t, pool, id)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %s has\n%+v\nbut its compiled bidder lists give\n%+v", when, id, got, want)
		}
		f, err := Supplier(ctx, pool, id)
		if err != nil {
			t.Fatal(err)
		}
		if bids, won := bidsFromCompiled(t, pool, id); f.Bids != bids || f.Won != won {
			t.Fatalf("%s: %s bid in %d and won %d, but its compiled bidder lists give %d and %d", when, id, f.Bids, f.Won, bids, won)
		}
		lost += len(got.LostBids)
		met += len(got.CoBidders)
	}
	if len(ids) < 50 || lost < 50 || met < 50 {
		t.Fatalf("%s: %d suppliers, %d lost bids, %d co-bidders: too few to compare", when, len(ids), lost, met)
	}
}

// bidsFromCompiled counts the processes whose compiled bidder list names id, and those it won.
func bidsFromCompiled(t *testing.T, pool *pgxpool.Pool, id string) (bids, won int) {
	t.Helper()
	bidder, _ := json.Marshal([]map[string]string{{"id": id}})
	if err := pool.QueryRow(context.Background(), `
SELECT count(*), count(*) FILTER (WHERE supplier_ids @> ARRAY[$1::text])
FROM procurement_processes
WHERE (compiled -> 'tender' -> 'tenderers') @> $2::jsonb`, id, string(bidder)).Scan(&bids, &won); err != nil {
		t.Fatal(err)
	}
	return bids, won
}

// rivalsFromCompiled is a supplier's lost bids and co-bidders read from the compiled releases'
// bidder lists, as supplier pages read them before procurement_bidders.
func rivalsFromCompiled(t *testing.T, pool *pgxpool.Pool, id string) SupplierRivals {
	t.Helper()
	ctx := context.Background()
	var r SupplierRivals
	bidder, _ := json.Marshal([]map[string]string{{"id": id}})
	rows, err := pool.Query(ctx, `
SELECT p.ocid, p.title, p.buyer_id, p.buyer_name, p.process_date,
    (SELECT d -> 'value' ->> 'amount' FROM jsonb_array_elements(
        CASE jsonb_typeof(p.compiled -> 'bids' -> 'details') WHEN 'array' THEN p.compiled -> 'bids' -> 'details' ELSE '[]' END) AS d
     WHERE jsonb_typeof(d -> 'tenderers') = 'array' AND d -> 'tenderers' @> $2::jsonb LIMIT 1) AS price,
    (SELECT d -> 'value' ->> 'currency' FROM jsonb_array_elements(
        CASE jsonb_typeof(p.compiled -> 'bids' -> 'details') WHEN 'array' THEN p.compiled -> 'bids' -> 'details' ELSE '[]' END) AS d
     WHERE jsonb_typeof(d -> 'tenderers') = 'array' AND d -> 'tenderers' @> $2::jsonb LIMIT 1) AS currency,
    ARRAY(SELECT DISTINCT a.supplier_name FROM procurement_awards a
          WHERE a.ocid = p.ocid AND a.supplier_name <> '' AND `+countedAward+` ORDER BY 1) AS winners,
    p.award_value::text AS award_value, p.award_currency
FROM procurement_processes p
WHERE (p.compiled -> 'tender' -> 'tenderers') @> $2::jsonb
    AND cardinality(p.supplier_ids) > 0 AND NOT p.supplier_ids @> ARRAY[$1::text]
ORDER BY p.process_date DESC, p.ocid DESC
LIMIT $3`, id, string(bidder), RivalRows)
	if err != nil {
		t.Fatal(err)
	}
	if r.LostBids, err = pgx.CollectRows(rows, pgx.RowToStructByName[LostBid]); err != nil {
		t.Fatal(err)
	}
	rows, err = pool.Query(ctx, `
WITH mine AS (
    SELECT p.ocid, p.supplier_ids, p.compiled -> 'tender' -> 'tenderers' AS tenderers
    FROM procurement_processes p
    WHERE (p.compiled -> 'tender' -> 'tenderers') @> $2::jsonb
), others AS (
    SELECT DISTINCT m.ocid, m.supplier_ids, t ->> 'id' AS id, t ->> 'name' AS name
    FROM mine m, jsonb_array_elements(m.tenderers) AS t
    WHERE jsonb_typeof(t) = 'object' AND t ->> 'id' IS NOT NULL AND t ->> 'id' <> $1
), top AS (
    SELECT id, max(name) AS name, count(DISTINCT ocid) AS together,
        count(DISTINCT ocid) FILTER (WHERE supplier_ids @> ARRAY[$1::text]) AS supplier_won,
        count(DISTINCT ocid) FILTER (WHERE supplier_ids @> ARRAY[id]) AS they_won
    FROM others GROUP BY id
    ORDER BY together DESC, id LIMIT $3
)
SELECT (SELECT count(*) FROM mine WHERE cardinality(supplier_ids) > 0 AND NOT supplier_ids @> ARRAY[$1::text]),
    (SELECT count(DISTINCT ocid) FROM others),
    top.id, COALESCE(top.name, ''), COALESCE(top.together, 0), COALESCE(top.supplier_won, 0), COALESCE(top.they_won, 0)
FROM (SELECT 1) AS one LEFT JOIN top ON true
ORDER BY top.together DESC, top.id`, id, string(bidder), RivalRows)
	if err != nil {
		t.Fatal(err)
	}
	var c CoBidder
	var cid *string
	if _, err = pgx.ForEachRow(rows, []any{&r.Lost, &r.Met, &cid, &c.Name, &c.Together, &c.SupplierWon, &c.TheyWon}, func() error {
		if cid != nil {
			c.ID = *cid
			r.CoBidders = append(r.CoBidders, c)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return r
}
