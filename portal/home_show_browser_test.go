package portal

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"integrity-portal/internal/browsertest"
)

// TestHomeDoorsAreOnThePhonesFirstScreen opens the home page at 360×780 with JavaScript off and the
// demo banner shown (the tallest header a page has): the links to report, to suggest and to follow
// up end inside the first screen, in both languages.
func TestHomeDoorsAreOnThePhonesFirstScreen(t *testing.T) {
	srv := httptest.NewServer(configuredRouter(t, nil, true))
	t.Cleanup(srv.Close)
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
			browsertest.WithViewport(360, 780), browsertest.WithTimeout(time.Minute))
		p := b.Open(t, srv.URL+"/")
		for _, href := range []string{"/report", "/suggest", "/mailbox"} {
			var bottom float64
			p.Eval(t, fmt.Sprintf(`document.querySelector('main a.door-link[href=%q]').getBoundingClientRect().bottom`, href), &bottom)
			if bottom <= 0 || bottom > 780 {
				t.Errorf("%s: the door to %s ends %.0f px down, below the first 780 px screen", lang, href, bottom)
			}
		}
	}
}

// TestTrustPagesPassAxe: the home page, the privacy and accessibility statements and the API's page, with the
// footer every page has, pass axe-core's WCAG 2.1 AA rules and do not scroll sideways, at a desk's
// 1280 px and a phone's 360 px, in both languages, with JavaScript off.
func TestTrustPagesPassAxe(t *testing.T) {
	srv := httptest.NewServer(configuredRouter(t, nil, true))
	t.Cleanup(srv.Close)
	for _, lang := range []string{"zh-TW", "en"} {
		for _, width := range []int{1280, 360} {
			b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
				browsertest.WithViewport(width, 780), browsertest.WithTimeout(2*time.Minute))
			for _, path := range []string{"/", "/privacy", "/accessibility", "/opendata/api"} {
				p := b.Open(t, srv.URL+path)
				if p.HorizontalOverflow(t) {
					t.Errorf("%s %s at %d px: the page scrolls sideways", lang, path, width)
				}
				p.AssertNoAxeViolations(t)
			}
		}
	}
}
