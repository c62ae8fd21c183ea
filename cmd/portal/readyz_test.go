package main

import (
	"integrity-portal/internal/testdata"

	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"integrity-portal/internal/database"
	"integrity-portal/internal/pgcluster"
)

// TestReadyzTurnsUnreadyWhenTheDatabaseStops runs its own PostgreSQL, so it can stop it.
func TestReadyzTurnsUnreadyWhenTheDatabaseStops(t *testing.T) {
	if _, err := pgcluster.FindBinaries(); err != nil {
		testdata.Missing(t, "PostgreSQL", err.Error())
	}
	ctx := context.Background()
	dir := t.TempDir()
	os.Chmod(dir, 0o755) // the unprivileged server user must reach it when tests run as root
	cluster, err := pgcluster.Start(ctx, filepath.Join(dir, "pg"), "portal", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cluster.Stop(context.Background()) })
	pool, err := database.Open(ctx, cluster.URL("portal"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	e := testEnv(t, pool, nil)

	h, err := e.buildHandler()
	if err != nil {
		t.Fatal(err)
	}
	ready := func() int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		return w.Code
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz on an unmigrated database = %d, want 503", code)
	}
	if err := e.prepareSchema(ctx, true); err != nil {
		t.Fatal(err)
	}
	if code := ready(); code != http.StatusOK {
		t.Fatalf("/readyz with the database up = %d", code)
	}
	if err := cluster.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database stopped = %d, want 503", code)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
	if w.Code != http.StatusOK {
		t.Errorf("/healthz with the database stopped = %d, want 200 (the process is up)", w.Code)
	}
}
