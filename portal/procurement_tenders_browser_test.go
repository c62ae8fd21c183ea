package portal

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
	"integrity-portal/portal/procurement/flags"
)

// TestTenderSearchPagesInTheBrowser opens the tender search in headless Chromium with JavaScript
// off, in both languages, on a phone (360 px) and a desk (1280 px): empty, with results, with the
// matches of a buyer's name to pick from, and with an amount it cannot read. Each passes axe-core's
// WCAG 2.1 AA rules and fits the screen without scrolling sideways; on the phone the results
// start within its first screen, the other conditions folded away.
func TestTenderSearchPagesInTheBrowser(t *testing.T) {
	h, _ := procurementSite(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	pages := []struct{ name, path string }{
		{"empty", "/procurement/tenders"},
		{"results", search(url.Values{"q": {"臺中"}})},
		{"name matches", search(url.Values{"q": {"臺"}, "buyer": {"市政府"}})},
		{"amount error", search(url.Values{"q": {"臺中"}, "min": {"99999億億"}})},
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(360, 780), browsertest.WithTimeout(6*time.Minute))
		for _, pg := range pages {
			p := b.Open(t, srv.URL+pg.path)
			if body := p.Text(t, "body"); strings.Contains(body, "[procurement.") || strings.Contains(body, "[flag") {
				t.Errorf("%s (%s): a message key is missing from the catalogue", pg.name, lang)
			}
			if pg.name == "empty" {
				var top float64
				p.Eval(t, `document.querySelector("table.tender-results tbody tr").getBoundingClientRect().top`, &top)
				if top > 780-60 {
					t.Errorf("%s (%s): the first result starts %v px down, below a phone's first screen", pg.name, lang, top)
				}
				if p.Count(t, "details.more-filters[open]") != 0 {
					t.Errorf("%s (%s): the other conditions are open with none set", pg.name, lang)
				}
			}
			// The same page on a phone, then on a desk.
			for _, width := range []int{360, 1280} {
				p.SetViewport(t, width, 780)
				if p.HorizontalOverflow(t) {
					t.Errorf("%s (%s) scrolls sideways at %d px", pg.name, lang, width)
				}
				p.AssertNoAxeViolations(t)
			}
		}
	}
}

// TestTenderSearchShowsFlagBadges computes the red flags of the planted tenders (some have a single
// bidder) and searches them in Chromium with JavaScript off, in both languages: a result's row shows
// a badge that names its flag, links to that flag's explanation, and the page passes axe-core and
// fits the screen at 360 and 1280 px.
func TestTenderSearchShowsFlagBadges(t *testing.T) {
	h, pool := procurementSite(t)
	if _, err := flags.Recompute(context.Background(), pool, flags.TaiwanSettings(), nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	badge := "table.tender-results a.flag-badge"
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(360, 780), browsertest.WithTimeout(6*time.Minute))
		p := b.Open(t, srv.URL+search(url.Values{"q": {"臺中"}}))
		for _, width := range []int{360, 1280} {
			p.SetViewport(t, width, 780)
			if p.Count(t, badge) == 0 {
				t.Fatalf("%s at %d px: no red-flag badge in the results", lang, width)
			}
			if p.HorizontalOverflow(t) {
				t.Errorf("%s: the results with badges scroll sideways at %d px", lang, width)
			}
			p.AssertNoAxeViolations(t)
		}
		href := p.Attr(t, badge, "href")
		code, ok := strings.CutPrefix(href, "/procurement/flags#")
		if !ok || code == "" || !strings.Contains(p.Attr(t, badge, "aria-label"), code) {
			t.Fatalf("%s: a badge named %q links to %q, not to its flag's explanation", lang, p.Attr(t, badge, "aria-label"), href)
		}
		if e := b.Open(t, srv.URL+href); e.Count(t, "section.flag h3#"+code) != 1 {
			t.Errorf("%s: %s has no explanation of %s", lang, href, code)
		}
	}
}

// TestTenderSearchFindsNamesWithoutJavaScript types names and amounts into the search form as a
// reader on a phone would, with JavaScript off.
func TestTenderSearchFindsNamesWithoutJavaScript(t *testing.T) {
	h, _ := procurementSite(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage("zh-TW"),
		browsertest.WithViewport(360, 780), browsertest.WithTimeout(4*time.Minute))
	submit := "form.search .keyword-row button[type=submit]"

	// A part of two agencies' names: the form lists both to pick from, and keeps the amount typed.
	p := b.Open(t, srv.URL+"/procurement/tenders")
	p.Click(t, "details.more-filters summary") // opens without script
	if p.Count(t, "details.more-filters[open]") != 1 {
		t.Fatal("the other conditions do not open")
	}
	p.SetValue(t, "#f-buyer", "市政府")
	p.SetValue(t, "#f-min", "100 萬")
	p.Click(t, submit)
	if got := p.Count(t, "section.pick li a"); got != 2 {
		t.Fatalf("市政府 lists %d agencies, want 2 (建設局, 都市發展局)", got)
	}
	if got := p.Count(t, "table.tender-results"); got != 0 {
		t.Error("results are shown before an agency is picked")
	}
	if txt := p.Text(t, "section.pick"); !strings.Contains(txt, "臺中市政府建設局") || !strings.Contains(txt, "3.76.47") {
		t.Errorf("the matches read %q", txt)
	}
	// Picking one searches its tenders, the amount kept.
	p.Click(t, `section.pick a[href*="3.76.47"]`)
	if u := p.URL(t); !strings.Contains(u, "buyer=TW-GOV-3.76.47") || !strings.Contains(u, "min=100") {
		t.Errorf("the choice went to %s", u)
	}
	if got := p.Count(t, "table.tender-results tbody tr"); got != 20 {
		t.Errorf("the agency's first page has %d tenders, want 20", got)
	}
	if got := p.Attr(t, "#f-buyer", "value"); got != "3.76.47" {
		t.Errorf("the agency box holds %q, want its code", got)
	}

	// A name that matches one agency is used at once, and the page says so.
	p = b.Open(t, srv.URL+"/procurement/tenders")
	p.SetValue(t, "#f-buyer", "都市發展")
	p.Click(t, submit)
	if txt := p.Text(t, "p.resolved"); !strings.Contains(txt, "都市發展") || !strings.Contains(txt, "臺北市政府都市發展局") {
		t.Errorf("the single match is announced as %q", txt)
	}
	if got := p.Count(t, "table.tender-results tbody tr"); got != 1 {
		t.Errorf("the agency has %d tenders, want 1", got)
	}

	// A supplier by its 統一編號, without the scheme the data puts before it.
	p = b.Open(t, srv.URL+"/procurement/tenders")
	p.SetValue(t, "#f-supplier", "22222222")
	p.Click(t, submit)
	if txt := p.Text(t, "h2#results-h"); !strings.Contains(txt, "共 6 筆") {
		t.Errorf("supplier 22222222: %q", txt)
	}

	// An amount that cannot be read is named on the form and stays in its box.
	p = b.Open(t, srv.URL+"/procurement/tenders")
	p.SetValue(t, "#f-max", "1萬萬")
	p.Click(t, submit)
	if txt := p.Text(t, ".error-summary"); !strings.Contains(txt, "金額上限請填數字") {
		t.Errorf("the error summary reads %q", txt)
	}
	if got := p.Attr(t, "#f-max", "value"); got != "1萬萬" {
		t.Errorf("the amount box holds %q after the error", got)
	}
	if p.Count(t, "details.more-filters[open]") != 1 {
		t.Error("the field with the error is folded away")
	}
}
