package database_test

import (
	"context"
	"sync"
	"testing"
	"testing/fstest"

	"integrity-portal/internal/database"
	"integrity-portal/internal/testdb"
)

func TestMigrateAppliesEverythingOnce(t *testing.T) {
	ctx := context.Background()
	pool, _ := testdb.Empty(t)

	st, err := database.SchemaStatus(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Behind() || st.Current != 0 || st.Latest < 1 {
		t.Fatalf("empty database status = %+v", st)
	}
	if err := database.Ready(ctx, pool); err == nil {
		t.Error("Ready on an unmigrated database")
	}
	n, err := database.Migrate(ctx, pool)
	if err != nil || n != len(st.Pending) {
		t.Fatalf("Migrate = %d, %v; want %d", n, err, len(st.Pending))
	}
	if n, err := database.Migrate(ctx, pool); err != nil || n != 0 {
		t.Fatalf("second Migrate = %d, %v; want 0", n, err)
	}
	if err := database.Ready(ctx, pool); err != nil {
		t.Errorf("Ready after migrating: %v", err)
	}
	var tables int
	pool.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename IN ('officers', 'office_keys')").Scan(&tables)
	if tables != 2 {
		t.Errorf("found %d of the 2 foundation tables", tables)
	}
}

// TestConcurrentMigrations starts several runners at once, as several servers starting together
// would: each migration must be applied exactly once and none may fail.
func TestConcurrentMigrations(t *testing.T) {
	ctx := context.Background()
	pool, _ := testdb.Empty(t)
	const runners = 6
	var wg sync.WaitGroup
	applied := make([]int, runners)
	errs := make([]error, runners)
	for i := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = database.Migrate(ctx, pool)
		}()
	}
	wg.Wait()
	total := 0
	for i := range runners {
		if errs[i] != nil {
			t.Errorf("runner %d: %v", i, errs[i])
		}
		total += applied[i]
	}
	ms, _ := database.Migrations()
	if total != len(ms) {
		t.Errorf("migrations applied %d times in all, want %d (each once)", total, len(ms))
	}
	var rows int
	pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&rows)
	if rows != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", rows, len(ms))
	}
}

func TestFailedMigrationLeavesNothingHalfDone(t *testing.T) {
	ctx := context.Background()
	pool, _ := testdb.Empty(t)
	bad := []database.Migration{
		{Version: 1, Name: "good", SQL: "CREATE TABLE a (x int)"},
		{Version: 2, Name: "bad", SQL: "CREATE TABLE b (x int); SELECT no_such_function()"},
	}
	if _, err := database.ApplyForTest(ctx, pool, bad); err == nil {
		t.Fatal("a failing migration reported success")
	}
	var b, recorded int
	pool.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'b'").Scan(&b)
	pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&recorded)
	if b != 0 || recorded != 1 {
		t.Errorf("after a failed migration: table b exists=%d, recorded=%d; want 0 and 1", b, recorded)
	}
}

func TestMigrationFileNames(t *testing.T) {
	good := fstest.MapFS{"001_a.sql": {Data: []byte("x")}, "002_b.sql": {Data: []byte("y")}}
	if ms, err := database.ReadMigrationsForTest(good); err != nil || len(ms) != 2 || ms[1].Name != "b" {
		t.Errorf("good names: %v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"no number": {"init.sql": {Data: []byte("x")}},
		"duplicate": {"001_a.sql": {Data: []byte("x")}, "1_b.sql": {Data: []byte("y")}},
		"zero":      {"000_a.sql": {Data: []byte("x")}},
	} {
		if _, err := database.ReadMigrationsForTest(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
