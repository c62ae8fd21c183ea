package portal

import (
	"math"
	"strconv"

	"integrity-portal/internal/i18n"
)

// trendChart is months of application figures drawn on the server as SVG (by its HTML method):
// above, a pair of columns per month, the applications received (solid) and closed
// (hatched); below, the share closed on time as a line with a mark at each month; beneath, the
// months. The values of the gridlines sit in an axis of their own, a narrow SVG left of the plot,
// as wide as its longest value, so that no value is drawn over January's columns. In the plot,
// positions across are percentages and positions down are em, so the chart fills any width, keeps
// the page's text size, and needs no script or inline style. Nothing depends on colour: the two
// columns differ by their fill pattern, the legend names them, and the print stylesheet draws
// everything black on white. The month to date is drawn lighter with a dashed edge and labelled,
// so that its short columns do not read as a fall; an on-time mark is drawn only for a month with
// at least minCompared timed applications. The plot is one image to assistive technology
// (role="img", named by its title and description); the axis is hidden from it; the figure's
// caption and the table next to it say the same in words.
type trendChart struct {
	ID                  string // unique in its page; ids of its title, description and pattern derive from it
	Text                trendText
	Small               bool
	Columns             []trendColumn
	VolumeTicks         []trendTick
	ShareTicks          []trendTick
	Segments            []trendSegment
	Height              string
	AxisWidth, AxisX    string // the axis's width, and where its values end (em)
	ShareY, ShareKeyY   string // the baseline of the share's legend, and the middle of its text
	LegendY, LegendText string
	ToDateY             string // the baseline of the month to date's label; "" without one
	MonthY, YearY       string
}

// trendText is a chart's words, in the page's language.
type trendText struct {
	Title, Desc, Note string // Note is the caption under the chart
	Received, Closed  string
	Share             string
	ToDate            string // the label over the month to date
}

// trendColumn is one month: its two columns, its on-time mark and its labels.
type trendColumn struct {
	ReceivedX, ClosedX, BarWidth string // percent
	ReceivedY, ReceivedH         string // em
	ClosedY, ClosedH             string
	Center                       string // percent
	ShareY                       string // em; "" when too few timed applications were closed
	Partial                      bool   // the month to date
	Month, Year                  string // Year only where a year begins (and at the first month)
}

// trendTick is a gridline, with its value in the axis beside it.
type trendTick struct {
	Y, LabelY, Label string
}

// trendSegment joins the on-time marks of two months in a row that both have one.
type trendSegment struct {
	X1, Y1, X2, Y2 string
	ToDate         bool // to the month to date: dashed
}

// Heights, in em, of the chart's parts; a small chart (one per service) has shorter panels.
const (
	trendLegendH   = 2.9 // the legend row
	trendToDateH   = 1.5 // the row of the month to date's label
	trendGap       = 3.4 // between the panels: the share's legend
	trendMonthRows = 2.7 // month numbers and years
)

// newTrendChart places months (as w.fill returns them) in a chart; small for a service's.
func newTrendChart(id string, text trendText, months []statMonth, w window, small bool) trendChart {
	volH, shareH, steps := 9.0, 6.0, 4
	if small {
		volH, shareH, steps = 5.5, 4.0, 2 // few gridlines, so that their values do not touch
	}
	c := trendChart{ID: id, Text: text, Small: small}
	top, partial := 0, false
	for _, m := range months {
		top = max(top, m.Received, m.Closed)
		partial = partial || w.partialMonth(m.Month)
	}
	volTop := trendLegendH
	if partial {
		c.ToDateY = em(volTop + 1.05)
		volTop += trendToDateH
	}
	shareTop := volTop + volH + trendGap
	step := tickStep(top, steps)
	scale := float64((top + step - 1) / step * step)
	axis := 0.0
	tick := func(y float64, label string) trendTick {
		axis = max(axis, textWidth(label))
		return trendTick{Y: em(y), LabelY: em(y + 0.35), Label: label}
	}
	for v := 0; scale > 0 && float64(v) <= scale; v += step {
		c.VolumeTicks = append(c.VolumeTicks, tick(volTop+volH*(1-float64(v)/scale), number(v).String()))
	}
	for _, s := range []int{0, 50, 100} {
		c.ShareTicks = append(c.ShareTicks, tick(shareTop+shareH*(1-float64(s)/100), strconv.Itoa(s)+"%"))
	}
	c.AxisX, c.AxisWidth = em(axis+trendAxisPad), em(axis+2*trendAxisPad)
	n := float64(len(months))
	slot := 100 / n
	bar := func(v int) (y, h string) {
		if scale == 0 {
			return em(volTop + volH), em(0)
		}
		hh := volH * float64(v) / scale
		if v > 0 {
			hh = max(hh, 0.1) // any month with applications shows a sliver
		}
		return em(volTop + volH - hh), em(hh)
	}
	prev := -1
	for i, m := range months {
		col := trendColumn{ReceivedX: pct(float64(i)*slot + 0.12*slot), ClosedX: pct(float64(i)*slot + 0.52*slot),
			BarWidth: pct(0.36 * slot), Center: pct((float64(i) + 0.5) * slot), Month: strconv.Itoa(int(m.Month.Month())),
			Partial: w.partialMonth(m.Month)}
		col.ReceivedY, col.ReceivedH = bar(m.Received)
		col.ClosedY, col.ClosedH = bar(m.Closed)
		// A year is written under its January, and under the first month unless a January follows
		// too soon for both to fit.
		if m.Month.Month() == 1 || (i == 0 && m.Month.Month() <= 9) {
			col.Year = strconv.Itoa(m.Month.Year())
		}
		if m.Timed >= minCompared {
			col.ShareY = em(shareTop + shareH*(1-float64(m.OnTime)/float64(m.Timed)))
			if prev == i-1 && prev >= 0 {
				c.Segments = append(c.Segments, trendSegment{X1: c.Columns[prev].Center, Y1: c.Columns[prev].ShareY,
					X2: col.Center, Y2: col.ShareY, ToDate: col.Partial})
			}
			prev = i
		}
		c.Columns = append(c.Columns, col)
	}
	c.ShareY, c.ShareKeyY = em(shareTop-1.6), em(shareTop-1.95)
	c.LegendY, c.LegendText = em(0.35), em(1.2)
	c.MonthY, c.YearY = em(shareTop+shareH+1.3), em(shareTop+shareH+2.5)
	c.Height = em(shareTop + shareH + trendMonthRows)
	return c
}

// trendAxisPad is the space, in em, on each side of the axis's values.
const trendAxisPad = 0.3

// textWidth is an upper bound, in em, of the width of a gridline's value in the page's fonts:
// digits are at most 0.6 em wide in the sans-serif fonts the stylesheet names, separators less.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			w += 0.6
		case r == ',' || r == '.':
			w += 0.3
		case r == '%':
			w += 0.95
		default:
			w += 1
		}
	}
	return w
}

// tickStep is a round step (1, 2 or 5 times a power of ten) that cuts 0..top in at most steps.
func tickStep(top, steps int) int {
	if top <= 0 {
		return 1
	}
	for p := 1; ; p *= 10 {
		for _, k := range []int{1, 2, 5} {
			if top <= steps*k*p {
				return k * p
			}
		}
		if p > math.MaxInt/100 {
			return p
		}
	}
}

func pct(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "%" }

func em(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "em" }

// chartText gives a chart its words: title and desc as the page names it, the legend, and a
// caption that says what is drawn lighter and what is left out.
func chartText(T func(string, ...any) string, lang i18n.Lang, title, desc string, w window) trendText {
	t := trendText{Title: title, Desc: desc, Received: T("applications.col.received"), Closed: T("applications.col.closed"),
		Share: T("applications.trend.share"), ToDate: T("applications.partial.label"),
		Note: T("applications.trend.note_share", minCompared)}
	if w.partial() {
		partial := T("applications.trend.note_partial", i18n.Month(lang, w.Last), dayOfMonth(lang, w.AsOf))
		sep := " " // between sentences: a space in English, none after a full stop in Chinese
		if lang != i18n.En {
			sep = ""
		}
		t.Desc += sep + partial
		t.Note = partial + sep + t.Note
	}
	return t
}
