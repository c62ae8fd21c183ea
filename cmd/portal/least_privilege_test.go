package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/internal/config"
	"integrity-portal/internal/database"
	"integrity-portal/internal/pgcluster"
	"integrity-portal/internal/testdata"
	"integrity-portal/internal/testdb"
)

// TestServeRefusesAnOwnerConnectionInProduction: a DATABASE_URL that owns the audit log (or is a
// superuser) could rewrite it, so production does not serve on it; development warns.
func TestServeRefusesAnOwnerConnectionInProduction(t *testing.T) {
	ctx := context.Background()
	serving := testdb.New(t)
	var logged bytes.Buffer
	e := testEnv(t, testdb.AsOwner(t, serving), nil)
	e.log = slog.New(slog.NewTextHandler(&logged, nil))
	if err := e.checkLeastPrivilege(ctx); err != nil {
		t.Fatalf("development refused the owner: %v", err)
	}
	if !strings.Contains(logged.String(), "superuser") || !strings.Contains(logged.String(), "owns audit_log") {
		t.Errorf("development did not warn about the owner:\n%s", logged.String())
	}
	e.cfg.Mode = config.Production
	err := e.checkLeastPrivilege(ctx)
	if err == nil || !strings.Contains(err.Error(), "refusing to serve") || !strings.Contains(err.Error(), "MIGRATION_DATABASE_URL") {
		t.Errorf("production on the owner's connection: %v", err)
	}
	e.pool = serving
	if err := e.checkLeastPrivilege(ctx); err != nil {
		t.Errorf("production on the serving role: %v", err)
	}
}

// TestDevelopmentClusterServesAsTheServingRole: `portal serve` with no DATABASE_URL migrates its
// private cluster as the superuser but serves as the serving role.
func TestDevelopmentClusterServesAsTheServingRole(t *testing.T) {
	if _, err := pgcluster.FindBinaries(); err != nil {
		testdata.Missing(t, "PostgreSQL", err.Error())
	}
	ctx := context.Background()
	dir := t.TempDir()
	os.Chmod(dir, 0o755) // the unprivileged server user must reach it when tests run as root
	e := testEnv(t, nil, map[string]string{"PORTAL_VAR_DIR": dir})
	if err := e.openDatabase(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgcluster.StopDir(context.Background(), filepath.Join(dir, "pg")) })
	defer e.close()
	if err := e.prepareSchema(ctx, true); err != nil {
		t.Fatal(err)
	}
	var user string
	if err := e.pool.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != database.ServingLogin {
		t.Fatalf("serving as %q (%v), want %s", user, err, database.ServingLogin)
	}
	if problems, err := database.ServingProblems(ctx, e.pool); err != nil || len(problems) > 0 {
		t.Errorf("the development cluster's serving role: %v, %v", problems, err)
	}
	if _, err := e.pool.Exec(ctx, "DELETE FROM audit_log"); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("the serving role deleted from the audit log: %v", err)
	}
	if err := e.checkLeastPrivilege(ctx); err != nil {
		t.Error(err)
	}
}
