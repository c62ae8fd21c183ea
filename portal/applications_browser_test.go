package portal

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
	"integrity-portal/portal/applications"
)

// TestApplicationPagesInTheBrowser opens the application statistics pages in headless Chromium with
// JavaScript off, on a desk (1280 px) and a phone (360 px), in both languages: each must pass
// axe-core's WCAG 2.1 AA rules and fit the screen without scrolling sideways (wide tables scroll in
// their own region), and each chart must fill the width with its month labels apart and its axis's
// values left of every column. The figures are as of 2024-03-20, so March is the month to date.
// With APP_SCREENSHOTS set to a directory, each page is also saved there as a PNG to look at.
func TestApplicationPagesInTheBrowser(t *testing.T) {
	pool := appSample(t)
	addRankingData(t, pool, 12)
	addHeadlineData(t, pool)
	if _, err := applications.Recompute(context.Background(), pool, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newRouter(t, pool))
	t.Cleanup(srv.Close)

	pages := []struct {
		name, path string
		h1         map[string]string
		charts     int
	}{
		{"city", "/applications", map[string]string{"zh-TW": "人民申請案件辦理情形", "en": "How the city handles citizens' applications"}, 1},
		{"agency", "/applications/" + civilAgency, map[string]string{"zh-TW": "臺中市政府民政局", "en": "Civil Affairs Bureau"}, 2},
		{"agency with headline figures", "/applications/" + headlineAgency, map[string]string{"zh-TW": "測試處", "en": "測試處"}, 1},
		{"agency with many services", "/applications/" + rankAgency, map[string]string{"zh-TW": "測試局", "en": "測試局"}, 14},
		{"unknown agency", "/applications/387999999A", map[string]string{"zh-TW": "找不到這個機關", "en": "No such agency"}, 0},
		{"malformed agency code", "/applications/a%00b", map[string]string{"zh-TW": "找不到這個機關", "en": "No such agency"}, 0},
	}
	shots := os.Getenv("APP_SCREENSHOTS")
	for _, width := range []int{1280, 360} {
		for _, lang := range []string{"zh-TW", "en"} {
			b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
				browsertest.WithViewport(width, 740), browsertest.WithTimeout(10*time.Minute))
			for _, pg := range pages {
				what := fmt.Sprintf("%s (%s, %d px)", pg.name, lang, width)
				p := b.Open(t, srv.URL+pg.path)
				if got := p.Text(t, "h1"); got != pg.h1[lang] {
					t.Errorf("%s: h1 = %q, want %q", what, got, pg.h1[lang])
				}
				if body := p.Text(t, "body"); strings.Contains(body, "[applications.") || strings.Contains(body, "[nav.") {
					t.Errorf("%s: a message key is missing from the catalogue", what)
				}
				if p.HorizontalOverflow(t) {
					t.Errorf("%s scrolls sideways", what)
				}
				if n := p.Count(t, `svg.trend[role="img"]`); n != pg.charts {
					t.Errorf("%s: %d charts, want %d", what, n, pg.charts)
				}
				if pg.charts > 0 {
					checkTrendChart(t, p, what)
				}
				p.AssertNoAxeViolations(t)
				if shots != "" {
					p.Screenshot(t, filepath.Join(shots, fmt.Sprintf("%s-%s-%d.png", strings.ReplaceAll(pg.name, " ", "_"), lang, width)))
				}
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
}

// checkTrendChart checks every chart of a page: it is nearly as wide as its figure, its month
// numbers do not overlap (each ends before the next begins), and the axis's values end left of
// every column, January's included.
func checkTrendChart(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	var charts []struct {
		Width, Figure       float64
		Months              int
		Apart               bool
		AxisRight, BarsLeft float64
		Values              int
	}
	p.Eval(t, `[...document.querySelectorAll("figure.trend-chart")].map(fig => {
		const svg = fig.querySelector("svg.trend");
		const months = [...svg.querySelectorAll('text[text-anchor="middle"]')].map(e => e.getBoundingClientRect());
		let apart = true;
		for (let i = 1; i < months.length; i++) apart = apart && months[i-1].right <= months[i].left;
		const values = [...fig.querySelectorAll("svg.trend-axis text")].map(e => e.getBoundingClientRect());
		const bars = [...svg.querySelectorAll("rect.received, rect.closed")].map(e => e.getBoundingClientRect());
		return {Width: svg.getBoundingClientRect().width + fig.querySelector("svg.trend-axis").getBoundingClientRect().width,
			Figure: fig.getBoundingClientRect().width, Months: months.length, Apart: apart, Values: values.length,
			AxisRight: Math.max(...values.map(r => r.right)), BarsLeft: Math.min(...bars.map(r => r.left))};
	})`, &charts)
	for i, c := range charts {
		if c.Width < c.Figure-1 || c.Figure < 280 {
			t.Errorf("%s: chart %d is %v px wide in a figure of %v px", what, i, c.Width, c.Figure)
		}
		if c.Months != 12 || !c.Apart {
			t.Errorf("%s: chart %d has %d month labels, apart: %v; want 12 apart", what, i, c.Months, c.Apart)
		}
		if c.Values < 5 || c.AxisRight > c.BarsLeft {
			t.Errorf("%s: chart %d's %d axis values end at %v px, right of its first column at %v px", what, i, c.Values, c.AxisRight, c.BarsLeft)
		}
	}
}
