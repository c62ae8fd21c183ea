package portal

import (
	"net/http/httptest"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
	"integrity-portal/portal/procurement/ocds"
)

// The tender, buyer, supplier and flags pages, with flags raised and bids published, in headless
// Chromium with JavaScript off, in both languages, on a desk (1280 px) and a phone (360 px): axe-core
// finds no WCAG 2.1 AA violation, the page never scrolls sideways, and each wide table scrolls in a
// region that the keyboard can reach and that has a name.
func TestProcurementDetailPagesInTheBrowser(t *testing.T) {
	h, pool := procurementSite(t)
	saveReleases(t, pool, []ocds.Release{bidsRelease()}, "import:test")
	flagData(t, pool)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	pages := []struct{ name, path string }{
		{"tender with bids and flags", "/procurement/tenders/" + bidsOCID},
		{"Taiwan tender", "/procurement/tenders/" + pccOCID},
		{"tender with a contract", "/procurement/tenders/" + fictionOCID},
		{"buyer", "/procurement/buyers/" + plantedBuyer},
		{"supplier", "/procurement/suppliers/" + supplierA},
		{"bidder that lost", "/procurement/suppliers/TW-UBN-28704347"},
		{"flags", "/procurement/flags"},
		{"unknown supplier", "/procurement/suppliers/TW-UBN-99999999"},
	}
	// unreachable counts the scroll regions a keyboard cannot reach or a screen reader cannot name.
	const unreachable = `[...document.querySelectorAll(".table-scroll")].filter(r => r.getAttribute("tabindex") !== "0" ||
		!(document.getElementById(r.getAttribute("aria-labelledby") || "") || {}).textContent).length`
	for _, lang := range []string{"zh-TW", "en"} {
		for _, width := range []int{1280, 360} {
			b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
				browsertest.WithViewport(width, 800), browsertest.WithTimeout(4*time.Minute))
			for _, pg := range pages {
				p := b.Open(t, srv.URL+pg.path)
				if p.HorizontalOverflow(t) {
					t.Errorf("%s (%s, %d px) scrolls sideways", pg.name, lang, width)
				}
				var n int
				p.Eval(t, unreachable, &n)
				if n > 0 {
					t.Errorf("%s (%s, %d px): %d table regions cannot be reached or named", pg.name, lang, width, n)
				}
				p.AssertNoAxeViolations(t)
			}
		}
	}
}
