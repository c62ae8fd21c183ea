package portal

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
)

// TestProcurementPagesInTheBrowser opens every kind of procurement page in headless Chromium with
// JavaScript off, at a phone's 360 px, in both languages: each must pass axe-core's WCAG 2.1 AA
// rules and fit the screen without scrolling sideways (wide tables scroll inside their own region).
func TestProcurementPagesInTheBrowser(t *testing.T) {
	h, _ := procurementSite(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	pages := []struct {
		name, path string
		h1         map[string]string // by language; "" not checked
	}{
		{"list with results", "/procurement/tenders?" + url.Values{"q": {"臺中"}, "page": {"2"}}.Encode(),
			map[string]string{"zh-TW": "採購標案查詢", "en": "Tender search"}},
		{"list with an error", "/procurement/tenders?year=abc&min=5&max=1&page=0",
			map[string]string{"zh-TW": "採購標案查詢", "en": "Tender search"}},
		{"tender", "/procurement/tenders/" + pccOCID,
			map[string]string{"zh-TW": "108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案"}},
		{"tender with a contract", "/procurement/tenders/" + fictionOCID,
			map[string]string{"en": "Planned cycle lane improvements"}},
		{"supplier", "/procurement/suppliers/" + supplierA, map[string]string{"zh-TW": "大安營造股份有限公司"}},
		{"buyer", "/procurement/buyers/" + plantedBuyer, map[string]string{"zh-TW": "臺中市政府建設局"}},
		{"unknown tender", "/procurement/tenders/ocds-no-such-tender", map[string]string{"zh-TW": "找不到這個標案", "en": "No such tender"}},
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(360, 740), browsertest.WithTimeout(4*time.Minute))
		for _, pg := range pages {
			p := b.Open(t, srv.URL+pg.path)
			if want := pg.h1[lang]; want != "" {
				if got := p.Text(t, "h1"); got != want {
					t.Errorf("%s (%s): h1 = %q, want %q", pg.name, lang, got, want)
				}
			}
			if body := p.Text(t, "body"); strings.Contains(body, "[procurement.") || strings.Contains(body, "[chart.") {
				t.Errorf("%s (%s): a message key is missing from the catalogue", pg.name, lang)
			}
			if p.HorizontalOverflow(t) {
				t.Errorf("%s (%s) scrolls sideways at 360 px", pg.name, lang)
			}
			p.AssertNoAxeViolations(t)
		}

		// The search works with JavaScript off: fill in the form and send it as a reader would.
		p := b.Open(t, srv.URL+"/procurement/tenders")
		p.SetValue(t, "#f-q", "臺中")
		p.SetValue(t, "#f-method", "limited")
		p.Click(t, "form.search button[type=submit]")
		if got := p.Count(t, "table.tender-results tbody tr"); got != 5 {
			t.Errorf("%s: the form found %d limited tenders of 臺中, want 5", lang, got)
		}
		if !strings.Contains(p.URL(t), "method=limited") {
			t.Errorf("%s: the form went to %s", lang, p.URL(t))
		}
		// The buyer's chart is drawn, and reads as one image named by its title.
		p = b.Open(t, srv.URL+"/procurement/buyers/"+plantedBuyer)
		if n := p.Count(t, `svg.barchart[role="img"] rect`); n != 5 {
			t.Errorf("%s: the buyer's charts have %d bars, want 3 years and 2 methods", lang, n)
		}
		var width float64
		p.Eval(t, `document.querySelector("svg.barchart").getBoundingClientRect().width`, &width)
		if width < 250 {
			t.Errorf("%s: the chart is %v px wide at 360 px", lang, width)
		}
	}
}
