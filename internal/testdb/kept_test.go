package testdb_test

import (
	"context"
	"testing"

	"integrity-portal/internal/testdb"
)

// A kept database outlives its test with what was stored in it and the stage marked on it, and is
// migrated when opened again.
func TestKeptDatabaseOutlivesItsTest(t *testing.T) {
	name := "kept_test"
	testdb.DropKept(t, name) // left by an interrupted run
	ctx := context.Background()
	t.Run("first", func(t *testing.T) {
		pool, _, stage := testdb.Kept(t, name)
		if stage != "" {
			t.Fatalf("a new kept database has stage %q", stage)
		}
		if _, err := testdb.AsOwner(t, pool).Exec(ctx, `CREATE TABLE kept_marker (v text); INSERT INTO kept_marker VALUES ('here')`); err != nil {
			t.Fatal(err)
		}
		testdb.MarkKept(t, name, "it's stored")
	})
	t.Run("again", func(t *testing.T) {
		pool, _, stage := testdb.Kept(t, name)
		if stage != "it's stored" {
			t.Fatalf("stage %q, want the one marked", stage)
		}
		owner := testdb.AsOwner(t, pool)
		var v string
		if err := owner.QueryRow(ctx, `SELECT v FROM kept_marker`).Scan(&v); err != nil || v != "here" {
			t.Fatalf("kept data: %q, %v", v, err)
		}
		var migrated bool
		if err := owner.QueryRow(ctx, `SELECT to_regclass('procurement_processes') IS NOT NULL`).Scan(&migrated); err != nil || !migrated {
			t.Fatalf("kept database not migrated: %v %v", migrated, err)
		}
	})
	testdb.DropKept(t, name)
}
