package browsertest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// pixel is a 1x1 GIF, so that image tests need no image file.
const pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="

// pages are the sample pages of the test site, by path.
var pages = map[string]string{
	"/accessible": `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accessible sample</title></head>
<body>
<header><p>Integrity portal</p></header>
<nav aria-label="Main"><a id="next" href="/second">Second page</a></nav>
<main>
<h1>Report a concern</h1>
<form action="/echo" method="get">
<label for="q">Your message</label> <input id="q" name="q" type="text">
<button type="submit">Send</button>
</form>
</main>
<footer><p>About this portal</p></footer>
</body></html>`,

	"/second": `<!doctype html><html lang="en"><head><title>Second</title></head>
<body><main><h1>Second page</h1></main></body></html>`,

	"/inaccessible": `<!doctype html><html lang="en"><head><title>Inaccessible sample</title></head>
<body><main><h1>Bad page</h1>
<img id="no-alt" src="` + pixel + `">
<input id="no-label" type="text" name="q">
<p id="faint" style="color: #ccc; background: #fff">Low contrast text</p>
</main></body></html>`,

	// With JavaScript on, the script changes the heading. With it off, the
	// heading stays, and the (scripting: none) style shows an image that lacks
	// alt text. The <noscript> image lacks alt text too, but axe-core never
	// checks <noscript> content (it treats it as hidden).
	"/script": `<!doctype html><html lang="en"><head><title>Script sample</title>
<style>.no-js-only { display: none } @media (scripting: none) { .no-js-only { display: block } }</style></head>
<body><main>
<h1 id="heading">Rendered by the server</h1>
<script>document.getElementById("heading").textContent = "Changed by JavaScript";</script>
<div class="no-js-only"><img id="no-js-img" src="` + pixel + `"></div>
<noscript><p id="noscript">Shown without JavaScript</p><img id="noscript-img" src="` + pixel + `"></noscript>
<p><a id="next" href="/script-2">Next</a></p>
</main></body></html>`,

	"/script-2": `<!doctype html><html lang="en"><head><title>Script sample 2</title></head>
<body><main>
<h1 id="heading">Second page from the server</h1>
<script>document.getElementById("heading").textContent = "Changed by JavaScript";</script>
</main></body></html>`,

	"/wide": `<!doctype html><html lang="en"><head><title>Wide</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Wide</h1><table style="width: 900px"><tr><td>A fixed-width table</td></tr></table></main></body></html>`,

	"/responsive": `<!doctype html><html lang="en"><head><title>Responsive</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>img, table { max-width: 100%; }</style></head>
<body><main><h1>Responsive</h1><p>A long paragraph that simply wraps onto as many lines as the narrow phone screen needs.</p>
<img alt="" src="` + pixel + `" width="900" height="10"></main></body></html>`,
}

// newSite starts the test site. /echo shows its query parameter q.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, html := range pages {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			// A strict policy, as the portal sends: the harness must still work.
			if path == "/accessible" {
				w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; img-src 'self' data:")
			}
			fmt.Fprint(w, html)
		})
	}
	mux.HandleFunc("GET /echo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>Echo</title></head><body><main><h1>Echo</h1><p id="got">%s</p></main></body></html>`,
			strings.ReplaceAll(r.URL.Query().Get("q"), "<", "&lt;"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func ruleIDs(vs []Violation) []string {
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	return ids
}

func TestAccessiblePageHasNoViolations(t *testing.T) {
	srv := newSite(t)
	p := New(t).Open(t, srv.URL+"/accessible")
	if got := p.Text(t, "h1"); got != "Report a concern" {
		t.Errorf("h1 = %q", got)
	}
	if got := p.Attr(t, "html", "lang"); got != "en" {
		t.Errorf("lang = %q", got)
	}
	if got := p.Attr(t, "#q", "placeholder"); got != "" {
		t.Errorf("missing attribute = %q, want empty", got)
	}
	if got := p.Count(t, "main, nav, header, footer"); got != 4 {
		t.Errorf("landmarks = %d, want 4", got)
	}
	p.AssertNoAxeViolations(t)
}

func TestInaccessiblePageReportsViolations(t *testing.T) {
	srv := newSite(t)
	p := New(t).Open(t, srv.URL+"/inaccessible")
	vs := p.Axe(t)
	for _, want := range []string{"image-alt", "label", "color-contrast"} {
		if !slices.Contains(ruleIDs(vs), want) {
			t.Errorf("violations %v lack %s", ruleIDs(vs), want)
		}
	}
	for _, v := range vs {
		if v.ID == "image-alt" && !slices.Contains(v.Targets, "#no-alt") {
			t.Errorf("image-alt targets = %v, want #no-alt", v.Targets)
		}
	}

	// The assertion reports each rule with its help and its targets.
	rec := &recorder{TB: t}
	p.AssertNoAxeViolations(rec)
	msg := strings.Join(rec.errors, "\n")
	for _, want := range []string{"image-alt (critical): Images must have alternative text", "- #no-label", "color-contrast"} {
		if !strings.Contains(msg, want) {
			t.Errorf("AssertNoAxeViolations message lacks %q:\n%s", want, msg)
		}
	}
}

func TestJavaScriptDisabled(t *testing.T) {
	srv := newSite(t)

	// With JavaScript on, the page's script runs: the control case.
	on := New(t).Open(t, srv.URL+"/script")
	if got := on.Text(t, "#heading"); got != "Changed by JavaScript" {
		t.Fatalf("JavaScript on: heading = %q, so the sample script did not run", got)
	}
	if ids := ruleIDs(on.Axe(t)); len(ids) != 0 {
		t.Errorf("JavaScript on: violations %v, want none (the no-JS image is not shown)", ids)
	}

	b := New(t, WithJavaScriptDisabled())
	p := b.Open(t, srv.URL+"/script")
	if got := p.Text(t, "#heading"); got != "Rendered by the server" {
		t.Errorf("JavaScript off: heading = %q, want the server's text", got)
	}
	if got := p.Text(t, "#noscript"); got != "Shown without JavaScript" {
		t.Errorf("JavaScript off: <noscript> text = %q", got)
	}
	// Axe runs, and it sees the page as it is without JavaScript: the image
	// that only (scripting: none) shows is a violation. (The <noscript> image
	// is not: axe-core skips <noscript> content in any case.)
	vs := p.Axe(t)
	if len(vs) != 1 || vs[0].ID != "image-alt" || !slices.Equal(vs[0].Targets, []string{"#no-js-img"}) {
		t.Errorf("JavaScript off: violations = %+v, want only image-alt on #no-js-img", vs)
	}
	// A second run works too, and the page's timers are the real ones again.
	if n := len(p.Axe(t)); n != 1 {
		t.Errorf("second Axe run: %d violations, want 1", n)
	}
	var restored bool
	p.Eval(t, `String(setTimeout).includes("[native code]")`, &restored)
	if !restored {
		t.Error("setTimeout was not restored after Axe")
	}

	// JavaScript stays off in pages reached by a click.
	p.Click(t, "#next")
	if got := p.Text(t, "#heading"); got != "Second page from the server" {
		t.Errorf("after Click, JavaScript off: heading = %q", got)
	}
}

func TestEvalWithJavaScriptDisabled(t *testing.T) {
	srv := newSite(t)
	p := New(t, WithJavaScriptDisabled()).Open(t, srv.URL+"/script")

	var sum int
	p.Eval(t, `1 + 2`, &sum)
	if sum != 3 {
		t.Errorf("1 + 2 = %d", sum)
	}
	var viaPromise string
	p.Eval(t, `Promise.resolve("promise jobs run").then(s => s)`, &viaPromise)
	if viaPromise != "promise jobs run" {
		t.Errorf("promise = %q", viaPromise)
	}
	var noScripting bool
	p.Eval(t, `matchMedia("(scripting: none)").matches`, &noScripting)
	if !noScripting {
		t.Error("(scripting: none) does not match with JavaScript off")
	}
	// What Eval's documentation says does not work: timer callbacks.
	p.Eval(t, `setTimeout(() => { document.title = "timer ran" }, 0)`, nil)
	time.Sleep(200 * time.Millisecond)
	var title string
	p.Eval(t, `document.title`, &title)
	if title != "Script sample" {
		t.Errorf("title = %q: a timer ran with JavaScript off", title)
	}
}

func TestHorizontalOverflowOnPhone(t *testing.T) {
	srv := newSite(t)
	b := New(t, WithViewport(360, 740))

	wide := b.Open(t, srv.URL+"/wide")
	var width int
	wide.Eval(t, `window.innerWidth`, &width)
	if width != 360 {
		t.Errorf("innerWidth = %d, want 360", width)
	}
	if !wide.HorizontalOverflow(t) {
		t.Error("a 900px table in a 360px viewport: HorizontalOverflow = false, want true")
	}
	if wide := b.Open(t, srv.URL+"/responsive"); wide.HorizontalOverflow(t) {
		t.Error("responsive page: HorizontalOverflow = true, want false")
	}
}

func TestClick(t *testing.T) {
	srv := newSite(t)
	p := New(t).Open(t, srv.URL+"/accessible")

	p.Click(t, "#next")
	if got := p.URL(t); got != srv.URL+"/second" {
		t.Errorf("URL after Click = %q", got)
	}
	if got := p.Text(t, "h1"); got != "Second page" {
		t.Errorf("h1 after Click = %q", got)
	}
	p.Click(t, "h1") // no navigation: returns after the grace time
}

func TestFormWithJavaScriptDisabled(t *testing.T) {
	srv := newSite(t)
	p := New(t, WithJavaScriptDisabled()).Open(t, srv.URL+"/accessible")

	p.SendKeys(t, "#q", "typed")
	p.Click(t, "button[type=submit]")
	if got := p.Text(t, "#got"); got != "typed" {
		t.Errorf("echo after SendKeys = %q", got)
	}

	p = New(t, WithJavaScriptDisabled()).Open(t, srv.URL+"/accessible")
	p.SetValue(t, "#q", "set")
	p.SendKeys(t, "#q", "\n") // Enter submits the form
	if got := p.Text(t, "#got"); got != "set" {
		t.Errorf("echo after SetValue and Enter = %q", got)
	}
}

func TestScreenshot(t *testing.T) {
	srv := newSite(t)
	p := New(t, WithViewport(360, 740)).Open(t, srv.URL+"/accessible")
	path := filepath.Join(t.TempDir(), "shots", "accessible.png")
	p.Screenshot(t, path)
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 1000 {
		t.Errorf("%s is not a PNG screenshot (%d bytes)", path, len(png))
	}
}

func TestMissingToolFailsWithOrWithoutCI(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		rec := &recorder{TB: t}
		missing(rec, "no tool")
		if !rec.fataled || rec.skipped {
			t.Errorf("CI=%q: fataled=%v skipped=%v, want a failure and no skip", ci, rec.fataled, rec.skipped)
		}
	}
}

// recorder is a testing.TB that records failures and skips instead of acting
// on them. Its Fatal and Skip return, so use it only where that is harmless.
type recorder struct {
	testing.TB
	errors           []string
	fataled, skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}
func (r *recorder) Fatal(a ...any)                 { r.fataled = true }
func (r *recorder) Fatalf(format string, a ...any) { r.fataled = true }
func (r *recorder) Skip(a ...any)                  { r.skipped = true }
func (r *recorder) Skipf(format string, a ...any)  { r.skipped = true }
