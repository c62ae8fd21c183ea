package flags

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// setupMixed saves a cardinal conformance file and the planted concentration data, so both tables
// get rows.
func setupMixed(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	rels := readJSONL(t, filepath.Join(testdata.Dir(t, "cardinal"), "R024.jsonl"))
	for _, p := range concentrationData {
		rels = append(rels, p.release())
	}
	save(t, pool, rels)
	return pool
}

var mixedSettings = cardinalSettings("R024") + "[R003]\n"

func TestRecomputeTwiceGivesTheSameRows(t *testing.T) {
	pool := setupMixed(t)
	s := parseSettings(t, mixedSettings)
	first := mustRecompute(t, pool, s)
	flags, conc := dump(t, pool, "procurement_flags"), dump(t, pool, "procurement_concentration")
	if len(flags) == 0 || len(conc) == 0 {
		t.Fatalf("the data raise %d flags and %d concentration rows: the comparison proves nothing", len(flags), len(conc))
	}
	second := mustRecompute(t, pool, s)
	if got := dump(t, pool, "procurement_flags"); !slices.Equal(got, flags) {
		t.Errorf("flags differ on the second run:\n got %v\nwant %v", got, flags)
	}
	if got := dump(t, pool, "procurement_concentration"); !slices.Equal(got, conc) {
		t.Errorf("concentration differs on the second run:\n got %v\nwant %v", got, conc)
	}
	if second.ID <= first.ID || second.Flags != first.Flags || second.BuyerYears != first.BuyerYears {
		t.Errorf("runs: first %+v, second %+v", first, second)
	}
	last, err := LastRun(context.Background(), pool)
	if err != nil || last == nil || last.ID != second.ID || last.Settings.R024 == nil || last.Settings.R018 != nil {
		t.Errorf("LastRun = %+v, %v; want the second run with its settings", last, err)
	}
	if !last.FinishedAt.After(last.StartedAt) || last.Processes != second.Processes {
		t.Errorf("LastRun times or counts: %+v", last)
	}
}

// TestFailedRecomputeKeepsThePreviousSet cancels a run after it deleted the old flags: readers
// must still see them, and the run is recorded as failed.
func TestFailedRecomputeKeepsThePreviousSet(t *testing.T) {
	pool := setupMixed(t)
	s := parseSettings(t, mixedSettings)
	good := mustRecompute(t, pool, s)
	flags, conc := dump(t, pool, "procurement_flags"), dump(t, pool, "procurement_concentration")

	// More data, so that a run that did complete would change the flags.
	save(t, pool, []ocds.Release{decode(t, `{"ocid":"late","date":"2024-01-01T00:00:00Z","tender":{"tenderPeriod":{"startDate":"2024-01-01T00:00:00Z","endDate":"2024-01-02T00:00:00Z"}}}`)})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stages []Stage
	_, err := Recompute(ctx, pool, s, func(p Progress) {
		stages = append(stages, p.Stage)
		if p.Stage == StageReplace {
			cancel() // the old rows are deleted, inside the transaction
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Recompute = %v, want a cancellation", err)
	}
	if !slices.Contains(stages, StageReplace) {
		t.Fatalf("stages %v: the run never reached the replacement", stages)
	}
	if got := dump(t, pool, "procurement_flags"); !slices.Equal(got, flags) {
		t.Errorf("flags after a failed run:\n got %v\nwant %v", got, flags)
	}
	if got := dump(t, pool, "procurement_concentration"); !slices.Equal(got, conc) {
		t.Errorf("concentration after a failed run changed")
	}
	last, err := LastRun(context.Background(), pool)
	if err != nil || last == nil || last.ID != good.ID {
		t.Errorf("LastRun = %+v, %v; want the good run %d", last, err, good.ID)
	}
	var status, msg string
	if err := pool.QueryRow(context.Background(), `
SELECT status, error FROM procurement_flag_runs ORDER BY id DESC LIMIT 1`).Scan(&status, &msg); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || msg == "" {
		t.Errorf("the failed run is recorded as %q (%q)", status, msg)
	}
	// And the next run goes through, with the new process.
	if run := mustRecompute(t, pool, s); run.Processes != good.Processes+1 {
		t.Errorf("next run read %d processes, want %d", run.Processes, good.Processes+1)
	}
}

// TestRecomputationsNeverOverlap starts several runs at once: each must start after the previous
// one finished.
func TestRecomputationsNeverOverlap(t *testing.T) {
	pool := setupMixed(t)
	s := parseSettings(t, mixedSettings)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Go(func() {
			_, err := Recompute(context.Background(), pool, s, nil)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	rows, err := pool.Query(context.Background(), `
SELECT started_at, finished_at FROM procurement_flag_runs WHERE status = 'succeeded' ORDER BY started_at`)
	if err != nil {
		t.Fatal(err)
	}
	var spans [][2]time.Time
	for rows.Next() {
		var span [2]time.Time
		if err := rows.Scan(&span[0], &span[1]); err != nil {
			t.Fatal(err)
		}
		spans = append(spans, span)
	}
	if len(spans) != 3 {
		t.Fatalf("%d succeeded runs, want 3", len(spans))
	}
	for i := 1; i < len(spans); i++ {
		if spans[i][0].Before(spans[i-1][1]) {
			t.Errorf("run %d started at %v, before run %d finished at %v", i, spans[i][0], i-1, spans[i-1][1])
		}
	}
}

func TestInterruptedRunIsMarkedFailed(t *testing.T) {
	pool := setupMixed(t)
	ctx := context.Background()
	var stale int64
	if err := pool.QueryRow(ctx, `INSERT INTO procurement_flag_runs (settings) VALUES ('{}') RETURNING id`).Scan(&stale); err != nil {
		t.Fatal(err)
	}
	mustRecompute(t, pool, parseSettings(t, mixedSettings))
	var status, msg string
	if err := pool.QueryRow(ctx, `SELECT status, error FROM procurement_flag_runs WHERE id = $1`, stale).Scan(&status, &msg); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || msg != "interrupted" {
		t.Errorf("a run left running is %q (%q), want failed (interrupted)", status, msg)
	}
}

func TestRecomputeRefusesSettingsItCannotRecord(t *testing.T) {
	pool := testdb.New(t)
	s := parseSettings(t, "[R024]\nthreshold = NaN\n")
	if _, err := Recompute(context.Background(), pool, s, nil); err == nil {
		t.Error("settings with NaN were accepted, but cannot be recorded as JSON")
	}
}
