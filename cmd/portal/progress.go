package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress draws a bar for a long read on a terminal, and writes nothing when the output is not one
// (a log file or CI would only fill up with bars).
type progress struct {
	w          io.Writer
	name       string
	total, n   int64
	lastPct    int
	isTerminal bool
}

func newProgress(w io.Writer, name string, total int64) *progress {
	p := &progress{w: w, name: name, total: total, lastPct: -1}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.isTerminal = true
		}
	}
	return p
}

// Write counts bytes passing through (used with io.TeeReader) and redraws at each new percent.
func (p *progress) Write(b []byte) (int, error) {
	p.advance(int64(len(b)))
	return len(b), nil
}

// advance counts n more units of the total (bytes, or items) and redraws at each new percent.
func (p *progress) advance(n int64) {
	p.n += n
	if p.isTerminal && p.total > 0 {
		pct := int(p.n * 100 / p.total)
		if pct != p.lastPct {
			p.lastPct = pct
			fmt.Fprintf(p.w, "\r%s [%-30s] %3d%%", p.name, strings.Repeat("#", pct*30/100), pct)
		}
	}
}

func (p *progress) done() {
	if p.isTerminal {
		fmt.Fprintf(p.w, "\r%s [%s] 100%%\n", p.name, strings.Repeat("#", 30))
	}
}
