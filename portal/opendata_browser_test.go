package portal

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
)

// TestOpenDataPageInTheBrowser opens /opendata in headless Chromium with JavaScript off, at a
// phone's 360 px and a desk's 1280 px, in both languages: it passes axe-core's WCAG 2.1 AA rules,
// fits the screen, names its section in the breadcrumb, and its links lead to the files and the API.
func TestOpenDataPageInTheBrowser(t *testing.T) {
	h, pool := procurementSite(t)
	addApplicationsSample(t, pool)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	want := map[string]string{"zh-TW": "開放資料", "en": "Open data"}
	kicker := map[string]string{"zh-TW": "資訊公開", "en": "Transparency"}
	for _, tc := range []struct {
		lang  string
		width int
	}{{"zh-TW", 360}, {"en", 360}, {"zh-TW", 1280}, {"en", 1280}} {
		lang := tc.lang
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(tc.width, 740), browsertest.WithTimeout(2*time.Minute))
		p := b.Open(t, srv.URL+"/opendata")
		// The page covers procurement and applications alike: its trail names both's section.
		if got := p.Text(t, ".kicker"); got != kicker[lang] {
			t.Errorf("%s: the breadcrumb says %q, want %q", lang, got, kicker[lang])
		}
		// On English pages the licence's Chinese name is marked, for screen readers to read it in Chinese.
		if lang == "en" {
			if got := p.Text(t, `a[hreflang="zh-TW"] span[lang="zh-Hant"]`); got != "政府資料開放授權條款－第1版" {
				t.Errorf("en: the licence's Chinese name is marked as %q", got)
			}
		}
		if p.Count(t, `a[href="/opendata/api"]`) != 1 || p.Count(t, `a[href="/api/v1/openapi.json"]`) != 1 {
			t.Errorf("%s: the API's page or its OpenAPI file is not linked", lang)
		}
		if got := p.Text(t, "h1"); got != want[lang] {
			t.Errorf("%s: h1 = %q, want %q", lang, got, want[lang])
		}
		if body := p.Text(t, "body"); strings.Contains(body, "[opendata.") || !strings.Contains(body, "政府資料開放授權條款－第1版") {
			t.Errorf("%s: a message is missing, or the licence is not named", lang)
		}
		if n := p.Count(t, `a[href^="/opendata/ocds/"]`); n < 5 {
			t.Errorf("%s: %d yearly packages linked", lang, n)
		}
		if n := p.Count(t, `a[href^="/opendata/applications-monthly-stats."]`); n != 2 {
			t.Errorf("%s: %d files of application statistics linked", lang, n)
		}
		if p.HorizontalOverflow(t) {
			t.Errorf("%s: the page scrolls sideways at 360 px", lang)
		}
		p.AssertNoAxeViolations(t)

		// The tender search leads here.
		p = b.Open(t, srv.URL+"/procurement/tenders")
		p.Click(t, `a[href="/opendata"]`)
		if !strings.HasSuffix(p.URL(t), "/opendata") {
			t.Errorf("%s: the search's open data link went to %s", lang, p.URL(t))
		}
	}
}
