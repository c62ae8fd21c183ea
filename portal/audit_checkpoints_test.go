package portal

import (
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/testdb"
)

// auditRows appends n rows to the audit log, as officers' work does, each with a canary in its
// detail that must never reach a public page.
func auditRows(t testing.TB, db *pgxpool.Pool, n int) {
	t.Helper()
	caseID := int64(41)
	for i := range n {
		if err := admin.AuditNow(context.Background(), db, nil, "case.view", &caseID, map[string]any{"note": "canary-audit-detail", "n": i}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditCheckpointsJSON(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	h := newRouter(t, db)

	a := get(t, h, "en", "/opendata/audit-checkpoints.json")
	if a.status != 200 || strings.TrimSpace(a.body) != `{"checkpoints":[]}` {
		t.Errorf("no checkpoints yet: %d %s", a.status, a.body)
	}
	if cc := a.header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control = %q, want public for 60 s", cc)
	}
	if a.header.Get("Access-Control-Allow-Origin") != "*" || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
		t.Errorf("headers: %v", a.header)
	}

	auditRows(t, db, 7)
	want, made, err := auditlog.Make(ctx, db)
	if err != nil || !made {
		t.Fatal(made, err)
	}
	auditRows(t, db, 2) // rows after the checkpoint are not published until the next one
	a = get(t, h, "zh-TW", "/opendata/audit-checkpoints.json")
	list, err := auditlog.Read(strings.NewReader(a.body))
	if err != nil || len(list) != 1 {
		t.Fatalf("published: %v, %v\n%s", list, err, a.body)
	}
	if got := list[0]; got.Rows != 7 || !bytes.Equal(got.Head, want.Head) || !got.At.Equal(want.At) {
		t.Errorf("published %+v, want %+v", got, want)
	}
	if !strings.Contains(a.body, hex.EncodeToString(want.Head)) {
		t.Errorf("the head is not in hexadecimal: %s", a.body)
	}
	for _, secret := range []string{"canary", "case.view", "note"} {
		if strings.Contains(a.body, secret) {
			t.Errorf("the checkpoints hold the log's content %q: %s", secret, a.body)
		}
	}
}

func TestAuditCheckpointsPage(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	h := newRouter(t, db)
	for lang, want := range map[string][]string{
		"zh-TW": {"稽核紀錄檢查點", "目前還沒有檢查點"},
		"en":    {"Audit log checkpoints", "There is no checkpoint yet"},
	} {
		a := get(t, h, lang, "/opendata/audit-checkpoints")
		if a.status != 200 {
			t.Fatalf("%s: %d", lang, a.status)
		}
		a.mustContain(t, lang+" page", append(want, `href="/opendata/audit-checkpoints.json"`, "portal audit verify -checkpoints")...)
	}

	auditRows(t, db, 1234)
	c, _, err := auditlog.Make(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"zh-TW": "目前共有 1 個檢查點", "en": "Checkpoints so far: 1."} {
		a := get(t, h, lang, "/opendata/audit-checkpoints")
		a.mustContain(t, lang+" page with a checkpoint", want, "1,234", hex.EncodeToString(c.Head))
		if strings.Contains(a.body, "canary") {
			t.Errorf("%s: the page shows the log's content", lang)
		}
	}

	// The open data page leads here.
	for _, lang := range []string{"zh-TW", "en"} {
		get(t, h, lang, "/opendata").mustContain(t, lang+" /opendata", `href="/opendata/audit-checkpoints"`, `href="/opendata/audit-checkpoints.json"`)
	}
}
