package portal

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// minCompared is the fewest applications a rate or a typical time is published from. Below it one
// application moves a rate by ten points or more, so the pages say "too few to compare" and give
// the count instead: in the headline figures, the tables and the chart alike.
const minCompared = 10

// rate is a share of applications with its numerator and denominator.
type rate struct {
	Part, Whole number
}

// Shown reports whether the rate rests on enough applications to be published.
func (r rate) Shown() bool { return r.Whole >= minCompared }

// None reports whether there was no application at all to compute it from.
func (r rate) None() bool { return r.Whole == 0 }

// Percent is the rate as a percentage, "" when it is not shown.
func (r rate) Percent() string {
	if !r.Shown() {
		return ""
	}
	return percent(float64(r.Part) / float64(r.Whole))
}

// HTML writes the rate on page p: the percentage and its counts in words, or, under minCompared
// applications, that they are too few to compare, with their count; a dash when there were none.
// Written here rather than in a template block, which tables called once a row at many times the
// cost: {{.OnTime.HTML $}}.
func (r rate) HTML(p *web.Page) template.HTML {
	switch {
	case r.Shown():
		return template.HTML(`<span class="pct">` + escapeText(r.Percent()) + `</span> <span class="of">` +
			escapeText(p.T("applications.rate.of", r.Part, r.Whole)) + `</span>`)
	case r.None():
		return "—"
	}
	return template.HTML(`<span class="too-few">` + escapeText(p.T("applications.too_few")) + `</span> <span class="of">` +
		escapeText(p.T("applications.too_few.count", r.Whole)) + `</span>`)
}

// monthSpanShort is monthSpan without the Western months in zh-TW, for a span written inside
// parentheses: 民國111年4月至112年3月.
func monthSpanShort(lang i18n.Lang, first, last time.Time) string {
	s := monthSpan(lang, first, last)
	if i := strings.Index(s, "（"); lang != i18n.En && i > 0 && !first.Equal(last) {
		return s[:i]
	}
	return s
}

// monthSpan writes the months first to last for lang: 民國112年4月至113年3月（2023-04 至 2024-03）,
// or "Apr 2023–Mar 2024" ("Jan–Dec 2024" within one year); one month as i18n.Month writes it.
func monthSpan(lang i18n.Lang, first, last time.Time) string {
	if first.Equal(last) {
		return i18n.Month(lang, first)
	}
	if lang == i18n.En {
		if first.Year() == last.Year() {
			return first.Format("Jan") + "–" + last.Format("Jan 2006")
		}
		return first.Format("Jan 2006") + "–" + last.Format("Jan 2006")
	}
	to := fmt.Sprintf("%d年%d月", i18n.ROCYear(last.Year()), int(last.Month()))
	if first.Year() == last.Year() {
		to = fmt.Sprintf("%d月", int(last.Month()))
	}
	return fmt.Sprintf("民國%d年%d月至%s（%s 至 %s）", i18n.ROCYear(first.Year()), int(first.Month()), to,
		first.Format("2006-01"), last.Format("2006-01"))
}

// MinCompared is minCompared, for the pages that explain it.
func (appIndexView) MinCompared() int { return minCompared }

// MinCompared is minCompared, for the pages that explain it.
func (appAgencyView) MinCompared() int { return minCompared }
