package browsertest

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// AxeTags are the axe-core rule tags that Axe runs: WCAG 2.0 and 2.1, levels A
// and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Violation is one axe-core rule that fails on a page.
type Violation struct {
	ID      string   `json:"id"`      // the rule, such as "image-alt"
	Impact  string   `json:"impact"`  // "minor", "moderate", "serious" or "critical"
	Help    string   `json:"help"`    // what the rule asks for, in one line
	HelpURL string   `json:"helpUrl"` // Deque's page about the rule
	Targets []string `json:"targets"` // a CSS selector for each failing element
}

//go:embed axe_run.js
var axeRunJS string

// Axe runs axe-core in the page with the rule tags AxeTags and returns the
// violations. It finds axe-core at node_modules/axe-core/axe.min.js in the
// directory of go.mod, walking up from the working directory. If the file is
// missing, it calls t.Fatal ("run npm ci").
//
// Axe works on pages opened WithJavaScriptDisabled too, and it checks them as
// they render with JavaScript off: (scripting: none) styles apply and
// <noscript> content takes its place in the layout. JavaScript is not turned
// back on for the run, because that would change those styles and drop the
// <noscript> content from the layout. axe-core is injected with CDP
// Runtime.evaluate, which is not blocked, and the harness runs axe's timers
// itself because the browser does not; see axe_run.js.
//
// Limits: only the top document is checked (axe is not injected into
// iframes), and axe-core treats <noscript> content as hidden, so it never
// checks it, with JavaScript off or on. Check such content with Text and Attr.
func (p *Page) Axe(t testing.TB) []Violation {
	t.Helper()
	// A page that reloads itself (a Refresh header while an import runs) can replace the document
	// in the middle of a run; the run is then started again on the new document.
	for attempt := 0; attempt < 5; attempt++ {
		if vs, ok := p.axeOnce(t); ok {
			return vs
		}
	}
	t.Fatalf("browsertest: axe-core could not finish on %s: the page kept replacing itself", p.URL(t))
	return nil
}

// axeOnce runs axe-core on the current document; ok is false when the document was replaced
// before the run ended.
func (p *Page) axeOnce(t testing.TB) (vs []Violation, ok bool) {
	t.Helper()
	src := axeSource(t)
	options, _ := json.Marshal(map[string]any{
		"runOnly":     map[string]any{"type": "tag", "values": AxeTags},
		"resultTypes": []string{"violations"},
	})
	start := fmt.Sprintf(`(() => { if (typeof window.axe !== "object") { %s
		}; %s(%t, %s); return true })()`, src, axeRunJS, p.b.jsOff, options)
	if _, err := p.evalRaw(start); err != nil {
		return nil, p.replaced(t, err)
	}
	for {
		var st struct {
			Lost, Ran, Done bool
			Error           string
			Violations      []Violation
		}
		raw, err := p.evalRaw(`window.__browsertestAxe ? window.__browsertestAxe.poll() : {Lost: true}`)
		if err != nil {
			return nil, p.replaced(t, err)
		}
		if err := json.Unmarshal(raw, &st); err != nil {
			t.Fatalf("browsertest: decoding axe-core's state: %v", err)
		}
		switch {
		case st.Lost:
			return nil, false
		case st.Error != "":
			t.Fatalf("browsertest: axe-core failed: %s", st.Error)
		case st.Done:
			return st.Violations, true
		case !st.Ran:
			time.Sleep(5 * time.Millisecond) // nothing due yet; let time pass
		}
	}
}

// replaced tells whether err says the document went away under an evaluation (so the run starts
// again after a moment for the new one to load); any other error fails t.
func (p *Page) replaced(t testing.TB, err error) bool {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, "navigated") || strings.Contains(msg, "context was destroyed") ||
		strings.Contains(msg, "Cannot find context") {
		time.Sleep(200 * time.Millisecond)
		return false
	}
	p.b.fatal(t, "running axe-core", err)
	return false
}

// AssertNoAxeViolations calls Axe and reports each violation with t.Errorf:
// the rule id, its impact and help text, and the failing elements.
func (p *Page) AssertNoAxeViolations(t testing.TB) {
	t.Helper()
	vs := p.Axe(t)
	if len(vs) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core found %d WCAG 2.1 A/AA violation(s) on %s:", len(vs), p.URL(t))
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, target := range v.Targets {
			fmt.Fprintf(&b, "\n    - %s", target)
		}
	}
	t.Errorf("%s", b.String())
}

var axeOnce = sync.OnceValues(readAxe)

// axeSource returns the text of axe.min.js, or skips or fails t.
func axeSource(t testing.TB) string {
	t.Helper()
	src, err := axeOnce()
	if err != nil {
		missing(t, err.Error()+": run npm ci in the module root")
	}
	return src
}

// readAxe reads node_modules/axe-core/axe.min.js next to go.mod.
func readAxe() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("axe-core not found: no go.mod above the working directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core not found at %s", path)
	}
	return string(src), nil
}
