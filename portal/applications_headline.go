package portal

import (
	"integrity-portal/internal/i18n"
)

// headline is what the pages lead with, in the manner of a performance dashboard: the share
// closed on time over the window beside the city's and beside the twelve months before, what is
// still open, and how long applications typically take, each with the period it covers.
type headline struct {
	Figures    figures
	City       rate // the city's on-time rate over the same months (an agency's page)
	Prev       rate // the same on-time rate over the twelve months before
	IsCity     bool // the headline is the city's own: no city to compare with
	PrevWindow string
}

// newHeadline sets f, the window's figures, against the on-time rate of own (the same monthly
// rows, read back to the twelve months before w) over those twelve months, and, on an agency's
// page, against the city's rows over w. The rows come with the page's own query, so the headline
// costs no query of its own.
func newHeadline(lang i18n.Lang, f figures, own []statMonth, agency bool, city []statMonth, w window) headline {
	prev := w.previous()
	h := headline{Figures: f, IsCity: !agency, PrevWindow: monthSpanShort(lang, prev.First, prev.Last)}
	h.Prev = onTimeBetween(own, prev)
	h.City = onTimeBetween(city, w)
	return h
}

// onTimeBetween sums the on-time rate of the months of w among rows.
func onTimeBetween(rows []statMonth, w window) rate {
	var r rate
	for _, m := range rows {
		if !m.Month.Before(w.First) && !m.Month.After(w.Last) {
			r.Part += number(m.OnTime)
			r.Whole += number(m.Timed)
		}
	}
	return r
}
