package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
)

// An import queues one recomputation of the red flags, however many files it brings; a server's job
// runner then does it (and recomputes once when it starts).
func TestImportQueuesTheRedFlagsAndTheServerComputesThem(t *testing.T) {
	db, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	ctx := context.Background()
	dir := testdata.Dir(t, "ocds")
	for range 2 {
		var out bytes.Buffer
		err := dispatch(ctx, []string{"import", "procurement", filepath.Join(dir, "ocp-fictional_release-package_ocds-213czf-000-00001.json"),
			filepath.Join(dir, "paraguay-dncp_release-package_1.1-2.json")}, &out)
		if err != nil || !strings.Contains(out.String(), "recomputation queued") {
			t.Fatalf("import: %v\n%s", err, out.String())
		}
	}
	var queued int
	db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'procurement_flags' AND state = 'available'`).Scan(&queued)
	if queued != 2 {
		t.Errorf("%d recomputations queued by two imports, want 2", queued)
	}

	runServerJobs(t)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var runs, processes, pending int
		db.QueryRow(ctx, `SELECT count(*), coalesce(max(processes_read), 0) FROM procurement_flag_runs WHERE status = 'succeeded'`).Scan(&runs, &processes)
		db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'procurement_flags' AND state <> 'completed'`).Scan(&pending)
		if runs > 0 && pending == 0 {
			// The two queued jobs and the one at start share one recomputation.
			if runs != 1 || processes != 2 {
				t.Errorf("%d recomputations, the last read %d processes; want 1 over the 2 imported", runs, processes)
			}
			// The job then computed the buyer and supplier pages ahead, for that run.
			var buyers, stored, pages int
			db.QueryRow(ctx, `SELECT count(DISTINCT buyer_id) + count(DISTINCT supplier_id) FROM procurement_awards`).Scan(&pages)
			db.QueryRow(ctx, `SELECT count(*) FILTER (WHERE kind = 'buyer'), count(*) FROM procurement_holder_figures f
				JOIN procurement_holder_refreshes r USING (run_id) WHERE r.finished_at IS NOT NULL
				AND r.run_id = (SELECT max(id) FROM procurement_flag_runs)`).Scan(&buyers, &stored)
			if buyers == 0 || stored != pages {
				t.Errorf("%d pages stored, %d of buyers; want %d, of every buyer and supplier", stored, buyers, pages)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no recomputation of the red flags ran")
		}
		time.Sleep(200 * time.Millisecond)
	}
}
