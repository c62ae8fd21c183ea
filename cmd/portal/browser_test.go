package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"integrity-portal/admin"
	"integrity-portal/internal/browsertest"
	"integrity-portal/internal/testdb"
)

// startPortal serves the whole portal, as `serve` assembles it, on a fresh database.
func startPortal(t *testing.T) (*httptest.Server, *env) {
	t.Helper()
	e := testEnv(t, testdb.New(t), nil)
	h, err := e.buildHandler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, e
}

func TestHomePageInBothLanguagesInTheBrowser(t *testing.T) {
	srv, _ := startPortal(t)
	for _, js := range []bool{true, false} {
		opts := []browsertest.Option{browsertest.WithLanguage("zh-TW")}
		if !js {
			opts = append(opts, browsertest.WithJavaScriptDisabled())
		}
		b := browsertest.New(t, opts...)
		p := b.Open(t, srv.URL+"/")

		if got := p.Attr(t, "html", "lang"); got != "zh-Hant-TW" {
			t.Errorf("js=%v: lang = %q", js, got)
		}
		if h1 := p.Text(t, "h1"); h1 != "廉政服務網" {
			t.Errorf("js=%v: h1 = %q", js, h1)
		}
		if n := p.Count(t, "ul.doors > li"); n != 3 {
			t.Errorf("js=%v: %d doors, want report, suggest and the mailbox", js, n)
		}
		if n := p.Count(t, "#door-transparency"); n != 1 {
			t.Errorf("js=%v: no transparency section after the doors", js)
		}
		body := p.Text(t, "body")
		for _, want := range []string{"檢舉", "興革建言", "資訊公開", "人民申請案件統計"} {
			if !strings.Contains(body, want) {
				t.Errorf("js=%v: home page lacks %q", js, want)
			}
		}
		if strings.Contains(body, "[home.") || strings.Contains(body, "[layout.") {
			t.Errorf("js=%v: a message key is missing from the catalogue:\n%s", js, body)
		}
		p.AssertNoAxeViolations(t)

		// The visible switch, clicked like a reader would.
		p.Click(t, ".lang-switch a")
		if got := p.Attr(t, "html", "lang"); got != "en" {
			t.Fatalf("js=%v: after the switch lang = %q", js, got)
		}
		if h1 := p.Text(t, "h1"); h1 != "Integrity Portal" {
			t.Errorf("js=%v: English h1 = %q", js, h1)
		}
		if !strings.Contains(p.Text(t, "body"), "Application statistics") {
			t.Errorf("js=%v: the English transparency door does not lead to the application statistics", js)
		}
		p.AssertNoAxeViolations(t)
		p.Click(t, ".lang-switch a")
		if got := p.Attr(t, "html", "lang"); got != "zh-Hant-TW" {
			t.Errorf("js=%v: switching back gave lang %q", js, got)
		}
	}
}

func TestPagesFitAPhoneAndReflowAtZoom(t *testing.T) {
	srv, _ := startPortal(t)
	// 360 px is a common phone; 320 px is WCAG's reflow width (a 1280 px screen at 400 %, or 640 at 200 %).
	for _, width := range []int{360, 320} {
		b := browsertest.New(t, browsertest.WithViewport(width, 740), browsertest.WithJavaScriptDisabled())
		for _, path := range []string{"/", "/no-such-page", "/applications"} {
			p := b.Open(t, srv.URL+path)
			if p.HorizontalOverflow(t) {
				p.Screenshot(t, t.TempDir()+"/overflow.png")
				t.Errorf("%s at %d px scrolls sideways", path, width)
			}
			p.AssertNoAxeViolations(t)
		}
	}
}

func TestSkipLinkAndLandmarks(t *testing.T) {
	srv, _ := startPortal(t)
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled())
	p := b.Open(t, srv.URL+"/")
	var first string
	p.Eval(t, `document.querySelector("body a, body button, body input").className`, &first)
	if first != "skip-link" {
		t.Errorf("first focusable element is %q, want the skip link", first)
	}
	if p.Attr(t, ".skip-link", "href") != "#main" || p.Count(t, "main#main") != 1 {
		t.Error("the skip link does not lead to main")
	}
	for _, sel := range []string{"header", "nav", "main", "footer"} {
		if p.Count(t, sel) == 0 {
			t.Errorf("no %s landmark", sel)
		}
	}
	var levels []int
	p.Eval(t, `[...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1])`, &levels)
	for i := 1; i < len(levels); i++ {
		if levels[i] > levels[i-1]+1 {
			t.Errorf("heading levels skip: %v", levels)
		}
	}
}

func TestDemoDataIsMarkedOnEveryPage(t *testing.T) {
	srv, e := startPortal(t)
	if err := admin.RecordDemoLoad(context.Background(), e.pool, "test"); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage("zh-TW"))
	for _, path := range []string{"/", "/missing"} {
		p := b.Open(t, srv.URL+path)
		if !strings.Contains(p.Text(t, ".demo-banner"), "示範資料") {
			t.Errorf("%s does not say demo data is loaded", path)
		}
		p.AssertNoAxeViolations(t)
	}
}
