package holders

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/generate/load"
	"integrity-portal/portal/procurement/ocds"
	"integrity-portal/portal/procurement/store"
)

// filled returns a database with generated processes 0 to n−1, their flags recomputed, and the
// generator.
func filled(t *testing.T, n int) (*pgxpool.Pool, *generate.Generator, flags.Run) {
	t.Helper()
	ctx := context.Background()
	pool := testdb.New(t)
	g := generate.New(generate.Options{Seed: 7})
	if _, err := load.Processes(ctx, testdb.AsOwner(t, pool), g, n); err != nil {
		t.Fatal(err)
	}
	run, err := flags.Recompute(ctx, pool, flags.TaiwanSettings(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return pool, g, run
}

// TestRefreshStoresWhatPagesCompute: a refresh stores a page for every buyer and every supplier of
// an award, each exactly what computing it gives; the pages are then read without touching the
// processes, the awards or the flags.
func TestRefreshStoresWhatPagesCompute(t *testing.T) {
	ctx := context.Background()
	pool, _, run := filled(t, 800)
	done, err := Refresh(ctx, pool, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var buyers, suppliers int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(DISTINCT buyer_id) FROM procurement_processes),
		(SELECT count(DISTINCT supplier_id) FROM procurement_awards)`).Scan(&buyers, &suppliers); err != nil {
		t.Fatal(err)
	}
	if done.Buyers != buyers || done.Suppliers != suppliers || buyers < 5 || suppliers < 50 {
		t.Fatalf("refreshed %+v, want %d buyers and %d suppliers", done, buyers, suppliers)
	}

	rows, err := pool.Query(ctx, `SELECT kind, id, figures::text FROM procurement_holder_figures ORDER BY kind, id`)
	if err != nil {
		t.Fatal(err)
	}
	type page struct{ kind, id, doc string }
	pages, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (page, error) {
		var p page
		return p, r.Scan(&p.kind, &p.id, &p.doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		var live any
		if Kind(p.kind) == KindBuyer {
			live, err = computeBuyer(ctx, pool, p.id, true)
		} else {
			live, err = computeSupplier(ctx, pool, p.id, true)
		}
		if err != nil {
			t.Fatal(err)
		}
		if want, got := canonical(t, live), canonical(t, []byte(p.doc)); !bytes.Equal(want, got) {
			t.Fatalf("%s %s stored\n%s\nbut computing gives\n%s", p.kind, p.id, got, want)
		}
	}

	// Read with the processes, awards, bidders and flags out of reach: only stored pages can answer.
	// The supplier is one that lost bids and met other bidders, read from its stored page too.
	buyer, supplier := pages[0], pages[len(pages)-1]
	for _, p := range pages {
		if Kind(p.kind) == KindSupplier && strings.Contains(p.doc, `"CoBidders": [{`) && !strings.Contains(p.doc, `"LostBids": null`) {
			supplier = p
		}
	}
	withoutData(t, pool, func(tx pgx.Tx) {
		b, err := ReadBuyer(ctx, tx, buyer.id)
		if err != nil || b.Run == nil || b.Run.ID != run.ID || b.Figures.ID != buyer.id || b.Figures.Processes == 0 {
			t.Errorf("stored buyer page: %+v, %v", b, err)
		}
		s, err := ReadSupplier(ctx, tx, supplier.id)
		if err != nil || s.Figures.ID != supplier.id || s.Figures.Awards == 0 || len(s.Rivals.CoBidders) == 0 ||
			len(s.Rivals.LostBids) == 0 || s.Rivals.Lost == 0 {
			t.Errorf("stored supplier page: %+v, %v", s, err)
		}
	})

	// A page stored before pages held the rivals: they are computed on request.
	want, err := store.Rivals(ctx, pool, supplier.id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := testdb.AsOwner(t, pool).Exec(ctx, `UPDATE procurement_holder_figures SET figures = figures - 'rivals'
		WHERE kind = 'supplier' AND id = $1`, supplier.id); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadSupplier(ctx, pool, supplier.id); err != nil || !bytes.Equal(canonical(t, s.Rivals), canonical(t, want)) ||
		len(want.CoBidders) == 0 {
		t.Errorf("a supplier's page stored without rivals: %+v, %v; want %+v", s.Rivals, err, want)
	}
}

// TestStoredPagesAreReadOnlyWhileCurrent: an import committed after a refresh, or during it, or a
// recomputation of the flags since, make the stored pages out of date at once: the pages are
// computed again, with the new figures, until the next refresh.
func TestStoredPagesAreReadOnlyWhileCurrent(t *testing.T) {
	ctx := context.Background()
	pool, g, run := filled(t, 400)
	buyer := g.Release(0)["buyer"].(map[string]any)["id"].(string)
	before, err := store.Buyer(ctx, pool, buyer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Refresh(ctx, pool, run.ID); err != nil {
		t.Fatal(err)
	}
	storedUsed := func(why string, want bool) {
		t.Helper()
		last, err := flags.LastRun(ctx, pool)
		if err != nil {
			t.Fatal(err)
		}
		_, found, err := readStored[store.BuyerFigures](ctx, pool, KindBuyer, buyer, last)
		if err != nil || found != want {
			t.Errorf("%s: stored page read: %v, want %v (%v)", why, found, want, err)
		}
	}
	storedUsed("after the refresh", true)

	// An import begun before a refresh and committed after it.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	added := sameBuyer(g, 400, buyer)
	if _, err := store.Save(ctx, tx, []ocds.Release{added}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := Refresh(ctx, pool, run.ID); err != nil {
		t.Fatal(err)
	}
	storedUsed("refreshed while an import is open", true)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	storedUsed("the import committed after the refresh began", false)
	b, err := ReadBuyer(ctx, pool, buyer)
	if err != nil || b.Figures.Processes != before.Processes+1 {
		t.Errorf("buyer after the import: %d processes, %v; want %d", b.Figures.Processes, err, before.Processes+1)
	}

	// The next refresh sees it.
	if _, err := Refresh(ctx, pool, run.ID); err != nil {
		t.Fatal(err)
	}
	storedUsed("refreshed after the import", true)

	// Saving the same release again changes nothing, and keeps the pages current.
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := store.Save(ctx, tx, []ocds.Release{added}, "test")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	storedUsed("the same release saved again", true)

	// A new recomputation of the flags: its flags are not those stored.
	if _, err := flags.Recompute(ctx, pool, flags.TaiwanSettings(), nil); err != nil {
		t.Fatal(err)
	}
	storedUsed("a recomputation since the refresh", false)
}

// sameBuyer returns generated release i, or the first after it, whose buyer is buyer, as a new
// process of that buyer.
func sameBuyer(g *generate.Generator, i int, buyer string) ocds.Release {
	for ; ; i++ {
		r := g.Release(i)
		if r["buyer"].(map[string]any)["id"] == buyer {
			return r
		}
	}
}

// withoutData runs f in a transaction, rolled back, in which the processes, the awards and the
// flags cannot be read.
func withoutData(t *testing.T, pool *pgxpool.Pool, f func(tx pgx.Tx)) {
	t.Helper()
	ctx := context.Background()
	tx, err := testdb.AsOwner(t, pool).Begin(ctx) // renaming a table is the owner's
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, table := range []string{"procurement_processes", "procurement_awards", "procurement_bidders", "procurement_flags"} {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+table+` RENAME TO hidden_`+table); err != nil {
			t.Fatal(err)
		}
	}
	f(tx)
}

// canonical is v (or JSON text) as JSON with sorted keys and no spaces.
func canonical(t *testing.T, v any) []byte {
	t.Helper()
	b, ok := v.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(generic)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
