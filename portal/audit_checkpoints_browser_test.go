package portal

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/browsertest"
	"integrity-portal/internal/testdb"
)

// TestAuditCheckpointsPageInTheBrowser opens /opendata/audit-checkpoints in headless Chromium with
// JavaScript off, at a phone's 360 px, in both languages: it passes axe-core's WCAG 2.1 AA rules and
// fits the screen, 64-character hashes and commands included.
func TestAuditCheckpointsPageInTheBrowser(t *testing.T) {
	db := testdb.New(t)
	auditRows(t, db, 3)
	if _, _, err := auditlog.Make(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newRouter(t, db))
	t.Cleanup(srv.Close)
	want := map[string]string{"zh-TW": "稽核紀錄檢查點", "en": "Audit log checkpoints"}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(360, 740), browsertest.WithTimeout(2*time.Minute))
		p := b.Open(t, srv.URL+"/opendata/audit-checkpoints")
		if got := p.Text(t, "h1"); got != want[lang] {
			t.Errorf("%s: h1 = %q, want %q", lang, got, want[lang])
		}
		if body := p.Text(t, "body"); strings.Contains(body, "[audit_checkpoints.") {
			t.Errorf("%s: a message is missing", lang)
		}
		if n := p.Count(t, `a[href="/opendata/audit-checkpoints.json"]`); n != 1 {
			t.Errorf("%s: %d links to the file", lang, n)
		}
		if p.HorizontalOverflow(t) {
			t.Errorf("%s: the page scrolls sideways at 360 px", lang)
		}
		p.AssertNoAxeViolations(t)
	}
}
