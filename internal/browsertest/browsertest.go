// Package browsertest drives headless Chromium from Go tests, so that a test can
// open the portal's real pages, read them as a person would, and check them
// against WCAG 2.1 A and AA with axe-core.
//
// A typical test starts the real router on an httptest.Server and opens it:
//
//	srv := httptest.NewServer(router)
//	defer srv.Close()
//	b := browsertest.New(t, browsertest.WithJavaScriptDisabled())
//	p := b.Open(t, srv.URL+"/")
//	if got := p.Text(t, "h1"); got != "Welcome" {
//		t.Errorf("h1 = %q", got)
//	}
//	p.AssertNoAxeViolations(t)
//
// Invariants the harness keeps:
//
//   - A test never hangs. Each Browser has a deadline (60 s unless WithTimeout
//     says otherwise); when it runs out, the browser is killed and the
//     running call fails the test.
//   - Every Browser is a fresh headless Chromium with its own temporary
//     profile, closed (and the profile removed) in t.Cleanup.
//   - The browser reaches only the loopback: no sync, component updates,
//     QUIC or other background traffic, and host names other than localhost
//     never resolve (--host-resolver-rules), so not even a DNS query leaves
//     the machine. Open pages by IP address or localhost, as httptest.Server's
//     URL does.
//   - Missing tools skip the test on a developer's machine, with a hint, but
//     fail it when CI=true: a CI run must never skip browser tests silently.
//   - With WithJavaScriptDisabled, the page's own scripts never run, in every
//     page that Browser opens, including pages reached by Click. The harness's
//     own reads (Text, Attr, Count, Eval, HorizontalOverflow, Axe) still work,
//     because Chrome DevTools Protocol evaluation is not blocked by
//     Emulation.setScriptExecutionDisabled. See Page.Eval and Page.Axe for what
//     that does and does not cover.
//   - Queries do not wait. Pages are server-rendered and loaded before Open
//     and Click return, so a selector that matches nothing fails the test at
//     once instead of polling until a timeout.
//
// Tools: Chromium (Debian's chromium package, or CHROMIUM_PATH) and axe-core
// from the module root's node_modules (run `npm ci` at the module root).
package browsertest

import (
	"integrity-portal/internal/testdata"

	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultTimeout is how long a Browser may live before it is killed and the
// running call fails the test.
const DefaultTimeout = 60 * time.Second

// Browser is one headless Chromium process that belongs to one test.
// Open a page with Open. A Browser is not safe for concurrent use; give each
// parallel test its own.
type Browser struct {
	ctx       context.Context // the browser's context; it ends at the deadline
	timeout   time.Duration
	jsOff     bool
	viewportW int64
	viewportH int64
	language  string
}

// Option changes how New sets up the browser.
type Option func(*Browser)

// WithJavaScriptDisabled runs every page that this Browser opens with
// JavaScript off (CDP Emulation.setScriptExecutionDisabled), as for a visitor
// who has turned JavaScript off. Inline and external scripts, event handler
// attributes and timers never run; <noscript> content is shown and the CSS
// media feature (scripting: none) matches.
func WithJavaScriptDisabled() Option {
	return func(b *Browser) { b.jsOff = true }
}

// WithViewport sets the viewport of every page to width x height CSS pixels,
// for example 360 x 740 for a small phone.
//
// It emulates a narrow desktop window, not a mobile device: the page's
// <meta name="viewport"> is ignored and the browser cannot zoom out to fit wide
// content. That is the WCAG 1.4.10 (Reflow) situation, so content wider than
// the viewport really scrolls sideways and HorizontalOverflow reports it.
func WithViewport(width, height int) Option {
	return func(b *Browser) { b.viewportW, b.viewportH = int64(width), int64(height) }
}

// WithLanguage sets the browser's language, which it sends as Accept-Language (e.g. "zh-TW").
// Without it headless Chromium asks for en-US.
func WithLanguage(lang string) Option {
	return func(b *Browser) { b.language = lang }
}

// WithTimeout replaces DefaultTimeout as the Browser's deadline. Raise it for a
// test that opens many pages.
func WithTimeout(d time.Duration) Option {
	return func(b *Browser) { b.timeout = d }
}

// New starts headless Chromium for test t and closes it in t.Cleanup. It finds
// the browser at $CHROMIUM_PATH, /usr/bin/chromium, or chromium,
// chromium-browser or google-chrome on PATH. If none is found, t.Fatal with a
// one-line fix: a test run never skips browser tests.
func New(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	execPath := findChromium(t)
	b := &Browser{timeout: DefaultTimeout}
	for _, o := range opts {
		o(b)
	}

	ctx, cancelTimeout := context.WithTimeout(context.Background(), b.timeout)
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		// DefaultExecAllocatorOptions already sets headless, no-first-run,
		// disable-background-networking, disable-sync and
		// disable-dev-shm-usage. Setting them again keeps this list complete.
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoSandbox, // tests run as root, where the sandbox cannot start
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater"),
		// Without this, Chromium still looks up update.googleapis.com,
		// accounts.google.com and clients2.google.com despite the flags above.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*, EXCLUDE ::1"),
		// No UserDataDir option: chromedp then makes a fresh temporary
		// --user-data-dir for this browser and removes it when it exits.
	)
	if b.language != "" {
		allocOpts = append(allocOpts, chromedp.Flag("lang", b.language), chromedp.Flag("accept-lang", b.language))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	b.ctx, _ = chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(b.ctx) // close gracefully; errors only after a kill
		cancelAlloc()              // waits for the process and removes the profile
		cancelTimeout()
	})
	// The first Do starts the browser, so its life is bound to b.ctx.
	if err := chromedp.Do(b.ctx); err != nil {
		b.fatal(t, "starting "+execPath, err)
	}
	return b
}

// findChromium returns the browser to run, or fails t.
func findChromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("browsertest: CHROMIUM_PATH=%q is not an executable: %v", p, err)
		}
		return p
	}
	if _, err := exec.LookPath("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, PATH): install Debian's chromium package")
	return ""
}

// missing fails t for a missing tool, with its fix.
func missing(t testing.TB, msg string) {
	t.Helper()
	testdata.Missing(t, "browsertest: a tool", msg)
}

// fatal fails t for err, and says so plainly when the deadline ran out or the
// browser has gone.
func (b *Browser) fatal(t testing.TB, what string, err error) {
	t.Helper()
	switch {
	case errors.Is(b.ctx.Err(), context.DeadlineExceeded):
		t.Fatalf("browsertest: %s: the browser's %v deadline ran out (see WithTimeout): %v", what, b.timeout, err)
	case b.ctx.Err() != nil:
		t.Fatalf("browsertest: %s: the browser has gone (crashed or closed): %v", what, err)
	}
	t.Fatalf("browsertest: %s: %v", what, err)
}
