package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/generate"
	"integrity-portal/portal/procurement/store"
)

// TestDemoProcurement: `portal demo -procurement N` loads N generated processes marked as demo,
// which search finds; a second run adds nothing, and a larger N adds only the new ones.
func TestDemoProcurement(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	run := func(n string) string {
		t.Helper()
		var out bytes.Buffer
		if err := dispatch(ctx, []string{"demo", "-officers=false", "-procurement", n}, &out); err != nil {
			t.Fatalf("demo -procurement %s: %v\n%s", n, err, out.String())
		}
		return out.String()
	}
	if out := run("300"); !strings.Contains(out, "300 procurement process(es) added") {
		t.Errorf("first run:\n%s", out)
	}
	all, err := store.Search(ctx, pool, store.Query{Keyword: "臺中", PageSize: store.MaxPageSize})
	if err != nil || all.Total != 300 || len(all.Items) != store.MaxPageSize {
		t.Fatalf("search: %d found, %d on the page, %v", all.Total, len(all.Items), err)
	}
	for _, it := range all.Items {
		if !it.IsDemo || !strings.HasPrefix(it.OCID, generate.DefaultOCIDPrefix+"-") {
			t.Errorf("%s: demo %v", it.OCID, it.IsDemo)
		}
	}
	if real, err := store.Search(ctx, pool, store.Query{Keyword: "臺中", NoDemo: true}); err != nil || real.Total != 0 {
		t.Errorf("search without demo data: %d found, %v", real.Total, err)
	}
	if out := run("300"); !strings.Contains(out, "0 procurement process(es) added, 0 updated, 300 already loaded") {
		t.Errorf("second run:\n%s", out)
	}
	if out := run("350"); !strings.Contains(out, "50 procurement process(es) added, 0 updated, 300 already loaded") {
		t.Errorf("larger run:\n%s", out)
	}
	var loads int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM demo_loads WHERE what = 'procurement'`).Scan(&loads); err != nil || loads != 2 {
		t.Errorf("%d procurement demo loads recorded, want 2 (the runs that added): %v", loads, err)
	}
}
