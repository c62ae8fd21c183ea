package portal

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
)

// TestApplicationPagesInTheBrowser opens the application statistics pages in headless Chromium with
// JavaScript off, at a phone's 360 px, in both languages: each must pass axe-core's WCAG 2.1 AA
// rules and fit the screen without scrolling sideways (wide tables scroll in their own region), and
// each chart must fill the width with its month labels apart.
func TestApplicationPagesInTheBrowser(t *testing.T) {
	pool := appSample(t)
	addRankingData(t, pool, 12)
	appRecompute(t, pool)
	srv := httptest.NewServer(newRouter(t, pool))
	t.Cleanup(srv.Close)

	pages := []struct {
		name, path string
		h1         map[string]string
		charts     int
	}{
		{"city", "/applications", map[string]string{"zh-TW": "人民申請案件辦理情形", "en": "How the city handles citizens' applications"}, 1},
		{"agency", "/applications/" + civilAgency, map[string]string{"zh-TW": "臺中市政府民政局", "en": "Civil Affairs Bureau"}, 2},
		{"agency with many services", "/applications/" + rankAgency, map[string]string{"zh-TW": "測試局", "en": "測試局"}, 14},
		{"unknown agency", "/applications/387999999A", map[string]string{"zh-TW": "找不到這個機關", "en": "No such agency"}, 0},
		{"bad agency code", "/applications/a%20b", map[string]string{"zh-TW": "機關代碼格式不正確", "en": "That agency code is not valid"}, 0},
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(360, 740), browsertest.WithTimeout(4*time.Minute))
		for _, pg := range pages {
			p := b.Open(t, srv.URL+pg.path)
			if got := p.Text(t, "h1"); got != pg.h1[lang] {
				t.Errorf("%s (%s): h1 = %q, want %q", pg.name, lang, got, pg.h1[lang])
			}
			if body := p.Text(t, "body"); strings.Contains(body, "[applications.") || strings.Contains(body, "[nav.") {
				t.Errorf("%s (%s): a message key is missing from the catalogue", pg.name, lang)
			}
			if p.HorizontalOverflow(t) {
				t.Errorf("%s (%s) scrolls sideways at 360 px", pg.name, lang)
			}
			if n := p.Count(t, `svg.trend[role="img"]`); n != pg.charts {
				t.Errorf("%s (%s): %d charts, want %d", pg.name, lang, n, pg.charts)
			}
			if pg.charts > 0 {
				checkTrendChart(t, p, pg.name+" ("+lang+")")
			}
			p.AssertNoAxeViolations(t)
		}

		// A service's table opens under its chart, with no script.
		p := b.Open(t, srv.URL+"/applications/"+civilAgency)
		var shown bool
		p.Eval(t, `document.querySelector("#service-1 details table").checkVisibility()`, &shown)
		if shown {
			t.Errorf("%s: a service's table is open before its summary is clicked", lang)
		}
		p.Click(t, "#service-1 summary")
		p.Eval(t, `document.querySelector("#service-1 details table").checkVisibility()`, &shown)
		if !shown {
			t.Errorf("%s: clicking the summary does not open the service's table", lang)
		}
		p.AssertNoAxeViolations(t)
	}
}

// checkTrendChart checks the first chart of a page: it is as wide as the page allows, and its
// month numbers do not overlap (each ends before the next begins).
func checkTrendChart(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	var c struct {
		Width  float64
		Months int
		Apart  bool
	}
	p.Eval(t, `(() => {
		const svg = document.querySelector("svg.trend");
		const months = [...svg.querySelectorAll('text[text-anchor="middle"]')].map(e => e.getBoundingClientRect());
		let apart = true;
		for (let i = 1; i < months.length; i++) apart = apart && months[i-1].right <= months[i].left;
		return {Width: svg.getBoundingClientRect().width, Months: months.length, Apart: apart};
	})()`, &c)
	if c.Width < 300 {
		t.Errorf("%s: the chart is %v px wide at 360 px", what, c.Width)
	}
	if c.Months != 12 || !c.Apart {
		t.Errorf("%s: %d month labels, apart: %v; want 12 apart", what, c.Months, c.Apart)
	}
}
