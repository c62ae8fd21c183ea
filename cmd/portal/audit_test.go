package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity-portal/admin"
	"integrity-portal/internal/testdb"
)

// TestAuditCheckpointAndVerifyAgainstACopy: `portal audit checkpoint`, a copy of the published list
// saved to a file and served from elsewhere, then the last row deleted by someone who got past the
// serving role: `portal audit verify` without the copy cannot tell, with it (file or address) fails.
func TestAuditCheckpointAndVerifyAgainstACopy(t *testing.T) {
	ctx := context.Background()
	db, url := testdb.NewWithURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PORTAL_VAR_DIR", t.TempDir())
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := dispatch(ctx, args, &out)
		return out.String(), err
	}
	if out, err := run("audit", "checkpoint"); err != nil || !strings.Contains(out, "empty: no checkpoint made") {
		t.Errorf("checkpoint of an empty log: %v\n%s", err, out)
	}
	for i := range 5 {
		if err := admin.AuditNow(ctx, db, nil, "login", nil, map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := run("audit", "checkpoint"); err != nil || !strings.Contains(out, "checkpoint made") || !strings.Contains(out, "5 rows") {
		t.Fatalf("checkpoint: %v\n%s", err, out)
	}
	if out, err := run("audit", "checkpoint"); err != nil || !strings.Contains(out, "already covers every row") {
		t.Errorf("second checkpoint: %v\n%s", err, out)
	}

	// The copy a journalist keeps: the published file, as the site serves it.
	h := testEnv(t, db, nil)
	handler, err := h.buildHandler()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest("GET", "/opendata/audit-checkpoints.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("published list: %d", rec.Code)
	}
	saved := filepath.Join(t.TempDir(), "audit-checkpoints.json")
	if err := os.WriteFile(saved, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(rec.Body.Bytes()) }))
	t.Cleanup(elsewhere.Close)
	if out, err := run("audit", "verify", "-checkpoints", saved, "-checkpoints", elsewhere.URL+"/copy.json"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("verify before tampering: %v\n%s", err, out)
	}

	// The last row and the database's own checkpoints go, as a superuser can make them go.
	owner, err := testdb.AsOwner(t, db).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Release()
	for _, sql := range []string{"SET session_replication_role = replica",
		"DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", "TRUNCATE audit_checkpoints"} {
		if _, err := owner.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := run("audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Errorf("without a copy, a cut tail looks intact (why copies matter): %v\n%s", err, out)
	}
	for _, src := range []string{saved, elsewhere.URL + "/copy.json"} {
		out, err := run("audit", "verify", "-checkpoints", src)
		if err == nil || !strings.Contains(out, "the log has 4 rows, fewer than the 5") {
			t.Errorf("verify against %s after the last row was deleted: %v\n%s", src, err, out)
		}
	}
	if _, err := run("audit", "verify", "-checkpoints", filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing copy was accepted")
	}
}
