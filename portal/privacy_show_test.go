package portal

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"integrity-portal/internal/config"
	"integrity-portal/internal/web"
)

// configuredRouter is newRouter (no database) with these environment variables set; with demo, every
// page says demo data is loaded, as on a test server.
func configuredRouter(t *testing.T, env map[string]string, demo bool) http.Handler {
	t.Helper()
	cfg, err := config.Load(config.Source{Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Pages: map[string]fs.FS{"portal": Templates()}, CSRFKey: bytes.Repeat([]byte("k"), 32),
		Demo: func(context.Context) bool { return demo }})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	Routes(r, site, nil, nil)
	if err := site.Check(); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPrivacyStatementShowsTheConfiguredRetention: the privacy page gives every retention period as
// configured, says what is encrypted and what is never kept, and names the office, in each language.
func TestPrivacyStatementShowsTheConfiguredRetention(t *testing.T) {
	r := configuredRouter(t, map[string]string{
		"PORTAL_RETENTION_SUBSTANTIATED_DAYS": "7300", "PORTAL_RETENTION_MERGED_DAYS": "400",
		"PORTAL_OFFICE_NAME": "某市政府政風處", "PORTAL_OFFICE_NAME_EN": "Ethics Office of Some City",
	}, false)
	for lang, want := range map[string][]string{
		"zh-TW": {"<h1>隱私權聲明</h1>", "查證屬實</th><td>20年", "併案</th><td>400日", "不予受理</th><td>3年", "興革建言</th><td>3年",
			"用 age 加密", "IP 位址", "User-Agent", "X-Forwarded-For", "30 天", "某市政府政風處", "加密銷毀"},
		"en": {"<h1>Privacy statement</h1>", "Substantiated</th><td>20 years", "Merged</th><td>400 days",
			"Not accepted</th><td>3 years", "Reform suggestion</th><td>3 years", "encrypted with age", "IP address",
			"User-Agent", "X-Forwarded-For", "30 days", "Ethics Office of Some City", "crypto-shredding"},
	} {
		a := get(t, r, lang, "/privacy")
		if a.status != http.StatusOK {
			t.Fatalf("%s: GET /privacy = %d", lang, a.status)
		}
		a.mustContain(t, lang+" /privacy", want...)
		if strings.Contains(a.body, "[privacy.") || strings.Contains(a.body, "[retention.") {
			t.Errorf("%s: a message key is missing", lang)
		}
	}
}

// TestAccessibilityStatementSaysWhatIsTestedAndHowToTellUs: the statement names the level, the test
// tool and the ways to report a problem, with the configured phone number, in each language.
func TestAccessibilityStatementSaysWhatIsTestedAndHowToTellUs(t *testing.T) {
	r := configuredRouter(t, map[string]string{"PORTAL_OFFICE_PHONE": "04-2222 3333"}, false)
	for lang, want := range map[string][]string{
		"zh-TW": {"<h1>無障礙聲明</h1>", "WCAG", "2.1", "AA", "axe-core", "JavaScript", "Tor", `href="/suggest"`, "04-2222 3333", "tel:+886422223333"},
		"en":    {"<h1>Accessibility statement</h1>", "WCAG", "2.1", "level AA", "axe-core", "JavaScript", "Tor Browser", `href="/suggest"`, "04-2222 3333", "tel:+886422223333"},
	} {
		a := get(t, r, lang, "/accessibility")
		if a.status != http.StatusOK {
			t.Fatalf("%s: GET /accessibility = %d", lang, a.status)
		}
		a.mustContain(t, lang+" /accessibility", want...)
		if strings.Contains(a.body, "[a11y.") {
			t.Errorf("%s: a message key is missing", lang)
		}
	}
}
