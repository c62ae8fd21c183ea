package portal

import (
	"net/http/httptest"
	"strings"
	"testing"

	"integrity-portal/internal/browsertest"
)

// TestFlagsPageInTheBrowser reads /procurement/flags in headless Chromium with JavaScript off, in
// both languages and at a phone's width, and checks it with axe-core (WCAG 2.1 AA).
func TestFlagsPageInTheBrowser(t *testing.T) {
	r, pool := flagsEngine(t)
	flagData(t, pool)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)

	for _, c := range []struct {
		lang, h1, computed, link string
	}{
		{"zh-TW", "採購風險指標（紅旗）", "最近一次計算完成於", "列出被標記的採購案"},
		{"en", "Red flags in procurement", "Last computed on", "List the flagged processes"},
	} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(c.lang))
		p := b.Open(t, srv.URL+"/procurement/flags")
		if got := p.Text(t, "h1"); got != c.h1 {
			t.Errorf("%s: h1 = %q, want %q", c.lang, got, c.h1)
		}
		if got := p.Text(t, ".computed"); !strings.Contains(got, c.computed) {
			t.Errorf("%s: computed line = %q", c.lang, got)
		}
		if n := p.Count(t, "section.flag"); n != 13 {
			t.Errorf("%s: %d indicators explained, want 13", c.lang, n)
		}
		if got := p.Attr(t, `a[href^="/procurement/tenders?flag="]`, "href"); got != "/procurement/tenders?flag=R003" {
			t.Errorf("%s: first list link is %q", c.lang, got)
		}
		if got := p.Text(t, `a[href="/procurement/tenders?flag=R003"]`); got != c.link {
			t.Errorf("%s: list link reads %q", c.lang, got)
		}
		if p.Count(t, `a[href="/procurement/buyers/3.76.47"]`) != 1 {
			t.Errorf("%s: no link to the concentrated buyer", c.lang)
		}
		if body := p.Text(t, "body"); strings.Contains(body, "[flag") {
			t.Errorf("%s: a message key is missing", c.lang)
		}
		p.AssertNoAxeViolations(t)
	}

	// A phone at WCAG's reflow width: the page does not scroll sideways (wide tables scroll in
	// their own region, which the keyboard can reach).
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithViewport(320, 740))
	p := b.Open(t, srv.URL+"/procurement/flags")
	if p.HorizontalOverflow(t) {
		t.Error("/procurement/flags at 320 px scrolls sideways")
	}
	p.AssertNoAxeViolations(t)
}
