package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Page is one browser tab with a loaded page. Its methods fail the test on any
// error, so a test reads as a list of steps. A Page is closed in t.Cleanup of
// the test that opened it.
type Page struct {
	b   *Browser
	ctx context.Context // the tab's context
}

// navigationGrace is how long Click and SendKeys wait for a navigation to
// start before they decide that none will.
const navigationGrace = 300 * time.Millisecond

// Open opens url in a new tab, with the Browser's options applied, and waits
// for the load event. It returns a Page for queries.
func (b *Browser) Open(t testing.TB, url string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx) // a new tab
	t.Cleanup(cancel)
	p := &Page{b: b, ctx: ctx}
	if err := chromedp.Do(ctx, chromedp.Func(b.setUpTab)); err != nil {
		b.fatal(t, "opening a tab", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		b.fatal(t, "opening "+url, err)
	}
	return p
}

// setUpTab applies the Browser's options to a new, still blank tab. The
// emulation settings stay for every later navigation of the tab.
func (b *Browser) setUpTab(ctx context.Context, tab *chromedp.Target) error {
	if b.jsOff {
		if _, err := cdp.Call(ctx, tab, emulation.SetScriptExecutionDisabled,
			emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			return fmt.Errorf("disabling JavaScript: %w", err)
		}
	}
	if b.viewportW > 0 {
		if _, err := chromedp.EmulateViewport(b.viewportW, b.viewportH)(ctx, tab); err != nil {
			return fmt.Errorf("setting the viewport: %w", err)
		}
	}
	return nil
}

// URL returns the address of the page now shown, for example after a Click.
func (p *Page) URL(t testing.TB) string {
	t.Helper()
	var u string
	p.Eval(t, `location.href`, &u)
	return u
}

// Text returns the innerText of the first element that matches the CSS
// selector: the text as rendered, without hidden parts. It calls t.Fatal if
// nothing matches.
func (p *Page) Text(t testing.TB, selector string) string {
	t.Helper()
	var s string
	p.first(t, selector, `el.innerText`, &s)
	return s
}

// Attr returns the attribute name of the first element that matches the CSS
// selector, or "" if the element has no such attribute (use Count with
// `sel[name]` to tell an empty attribute from a missing one). It calls t.Fatal
// if nothing matches.
func (p *Page) Attr(t testing.TB, selector, name string) string {
	t.Helper()
	var s *string
	p.first(t, selector, fmt.Sprintf(`el.getAttribute(%s)`, jsString(name)), &s)
	if s == nil {
		return ""
	}
	return *s
}

// Count returns the number of elements that match the CSS selector.
func (p *Page) Count(t testing.TB, selector string) int {
	t.Helper()
	var n int
	p.Eval(t, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(selector)), &n)
	return n
}

// Click clicks the first element that matches the CSS selector with real mouse
// events, as a person would, so it follows links and submits forms also with
// JavaScript off. If the click starts a navigation, Click waits for the new
// page's load event; otherwise it returns after a short grace time. It calls
// t.Fatal if nothing matches.
func (p *Page) Click(t testing.TB, selector string) {
	t.Helper()
	p.mustExist(t, selector)
	p.navigating(t, "clicking "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// SendKeys focuses the first element that matches the CSS selector and types
// text into it with key events, as a person would. "\n" is the Enter key,
// which submits a form: if text holds one, SendKeys waits for a navigation as
// Click does. It calls t.Fatal if nothing matches.
func (p *Page) SendKeys(t testing.TB, selector, text string) {
	t.Helper()
	p.mustExist(t, selector)
	action := chromedp.SendKeys(chromedp.CSS(selector), text)
	if strings.Contains(text, "\n") {
		p.navigating(t, "typing into "+selector, action)
		return
	}
	if err := chromedp.Do(p.ctx, action); err != nil {
		p.b.fatal(t, "typing into "+selector, err)
	}
}

// navigating runs action and, if it starts a navigation of the page, waits
// until the new page has loaded.
func (p *Page) navigating(t testing.TB, what string, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	frame, err := chromedp.Call(p.ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		p.b.fatal(t, "reading the frame tree", err)
	}
	nav := watchNavigation(p.ctx, frame.FrameTree.Frame.ID)
	defer nav.stop()
	if err := chromedp.Do(p.ctx, action); err != nil {
		p.b.fatal(t, what, err)
	}
	if err := nav.wait(p.ctx, navigationGrace); err != nil {
		p.b.fatal(t, "waiting for the page after "+what, err)
	}
}

// SetValue sets the value of the first form field that matches the CSS
// selector, replacing what it held. It fires no key or input events. It calls
// t.Fatal if nothing matches.
func (p *Page) SetValue(t testing.TB, selector, value string) {
	t.Helper()
	p.mustExist(t, selector)
	if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.CSS(selector), value)); err != nil {
		p.b.fatal(t, "setting the value of "+selector, err)
	}
}

// Screenshot saves a full-page PNG to path, creating its directory, for a
// person to look at. It is not compared with anything.
func (p *Page) Screenshot(t testing.TB, path string) {
	t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.b.fatal(t, "taking a screenshot", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
}

// SetViewport resizes this tab's viewport to width x height CSS pixels (as WithViewport does for
// every tab) and keeps the page, so that one signed-in page can be looked at on a desk and a phone.
func (p *Page) SetViewport(t testing.TB, width, height int) {
	t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		p.b.fatal(t, "setting the viewport", err)
	}
}

// HorizontalOverflow reports whether the page is wider than the viewport, so
// that a person must scroll sideways. Use it with WithViewport(360, 740) for
// the phone check (WCAG 1.4.10 Reflow).
func (p *Page) HorizontalOverflow(t testing.TB) bool {
	t.Helper()
	var over bool
	p.Eval(t, `document.scrollingElement.scrollWidth > window.innerWidth`, &over)
	return over
}

// Eval evaluates the JavaScript expression js in the page and decodes its
// JSON result into out, which may be nil to ignore the result. If the result
// is a Promise, Eval waits for it. A thrown exception fails the test.
//
// Eval works when the page's JavaScript is disabled: it uses CDP
// Runtime.evaluate, which Emulation.setScriptExecutionDisabled does not block
// (TestEvalWithJavaScriptDisabled proves it). The expression itself runs, and
// so do Promise jobs, but no callback that the browser would call later:
// timers, event listeners, requestAnimationFrame, queueMicrotask and
// MutationObserver callbacks never fire while JavaScript is off. A Promise that
// waits for one of them never settles, and the test fails at the deadline.
func (p *Page) Eval(t testing.TB, js string, out any) {
	t.Helper()
	raw, err := p.evalRaw(js)
	if err != nil {
		p.b.fatal(t, "evaluating "+abbrev(js), err)
	}
	if out == nil {
		return
	}
	if len(raw) == 0 {
		t.Fatalf("browsertest: %s returned undefined", abbrev(js))
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("browsertest: decoding the result of %s: %v", abbrev(js), err)
	}
}

// evalRaw evaluates js and returns its JSON result, waiting for a Promise.
func (p *Page) evalRaw(js string) ([]byte, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
}

// first evaluates expr with el bound to the first match of selector, into
// out. It fails t if nothing matches.
func (p *Page) first(t testing.TB, selector, expr string, out any) {
	t.Helper()
	var res struct {
		Found bool
		Value json.RawMessage
	}
	p.Eval(t, fmt.Sprintf(`(el => el ? {Found: true, Value: %s} : {Found: false})(document.querySelector(%s))`,
		expr, jsString(selector)), &res)
	if !res.Found {
		t.Fatalf("browsertest: no element matches %q", selector)
	}
	if err := json.Unmarshal(res.Value, out); err != nil {
		t.Fatalf("browsertest: decoding %s of %q: %v", expr, selector, err)
	}
}

// mustExist fails t at once if nothing matches selector, so that the waiting
// chromedp actions do not poll until the deadline.
func (p *Page) mustExist(t testing.TB, selector string) {
	t.Helper()
	if p.Count(t, selector) == 0 {
		t.Fatalf("browsertest: no element matches %q", selector)
	}
}

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// abbrev shortens JavaScript for an error message.
func abbrev(js string) string {
	if len(js) > 80 {
		return js[:77] + "..."
	}
	return js
}

// Browser is the browser the page belongs to, for opening another page with the same cookies.
func (p *Page) Browser() *Browser { return p.b }

// SetFiles chooses the files at paths in the file input that matches the CSS selector, as a person
// picking them in the file dialog would. It calls t.Fatal if nothing matches.
func (p *Page) SetFiles(t testing.TB, selector string, paths ...string) {
	t.Helper()
	p.mustExist(t, selector)
	if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(selector), paths)); err != nil {
		p.b.fatal(t, "choosing files for "+selector, err)
	}
}
