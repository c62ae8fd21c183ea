package portal

import (
	"math"
	"strconv"
)

// trendChart is months of application figures drawn on the server as SVG, for the "apptrend"
// template block: above, a pair of columns per month, the applications received (solid) and closed
// (hatched); below, the share closed on time as a line with a mark at each month; beneath, the
// months. As in web.BarChart, positions across are percentages and positions down are em, so the
// chart fills any width, keeps the page's text size, and needs no script or inline style. Nothing
// depends on colour: the two columns differ by their fill pattern, the legend names them, and the
// print stylesheet draws everything black on white. It is one image to assistive technology
// (role="img", named by its title and description): the same figures are in a table next to it.
type trendChart struct {
	ID                  string // unique in its page; ids of its title, description and pattern derive from it
	Title, Desc         string // in the page's language
	ReceivedLabel       string
	ClosedLabel         string
	ShareLabel          string
	Columns             []trendColumn
	VolumeTicks         []trendTick
	ShareTicks          []trendTick
	Segments            []trendSegment
	Height              string
	ShareY, ShareKeyY   string // the baseline of the share's legend, and the middle of its text
	LegendY, LegendText string
	MonthY, YearY       string
}

// trendColumn is one month: its two columns, its on-time mark and its labels.
type trendColumn struct {
	ReceivedX, ClosedX, BarWidth string // percent
	ReceivedY, ReceivedH         string // em
	ClosedY, ClosedH             string
	Center                       string // percent
	ShareY                       string // em; "" when nothing timed was closed
	Month, Year                  string // Year only where a year begins (and at the first month)
}

// trendTick is a gridline with its value written above it, at the left.
type trendTick struct {
	Y, LabelY, Label string
}

// trendSegment joins the on-time marks of two months in a row that both have one.
type trendSegment struct {
	X1, Y1, X2, Y2 string
}

// Heights, in em, of the chart's parts; a small chart (one per service) has shorter panels.
const (
	trendLegendH   = 2.9 // the legend row and the top value label
	trendGap       = 3.4 // between the panels: the share's legend and its top value label
	trendMonthRows = 2.7 // month numbers and years
)

// newTrendChart places months (as window.fill returns them) in a chart; small for a service's.
func newTrendChart(id, title, desc, received, closed, share string, months []statMonth, small bool) trendChart {
	volH, shareH, steps := 9.0, 6.0, 4
	if small {
		volH, shareH, steps = 5.5, 4.0, 2 // few gridlines, so that their values do not touch
	}
	c := trendChart{ID: id, Title: title, Desc: desc, ReceivedLabel: received, ClosedLabel: closed, ShareLabel: share}
	top := 0
	for _, m := range months {
		top = max(top, m.Received, m.Closed)
	}
	step := tickStep(top, steps)
	scale := float64((top + step - 1) / step * step)
	volTop, shareTop := trendLegendH, trendLegendH+volH+trendGap
	for v := 0; scale > 0 && float64(v) <= scale; v += step {
		y := volTop + volH*(1-float64(v)/scale)
		c.VolumeTicks = append(c.VolumeTicks, trendTick{Y: em(y), LabelY: em(y - 0.3), Label: number(v).String()})
	}
	for _, s := range []int{0, 50, 100} {
		y := shareTop + shareH*(1-float64(s)/100)
		c.ShareTicks = append(c.ShareTicks, trendTick{Y: em(y), LabelY: em(y - 0.3), Label: strconv.Itoa(s) + "%"})
	}
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
			BarWidth: pct(0.36 * slot), Center: pct((float64(i) + 0.5) * slot), Month: strconv.Itoa(int(m.Month.Month()))}
		col.ReceivedY, col.ReceivedH = bar(m.Received)
		col.ClosedY, col.ClosedH = bar(m.Closed)
		// A year is written under its January, and under the first month unless a January follows
		// too soon for both to fit.
		if m.Month.Month() == 1 || (i == 0 && m.Month.Month() <= 9) {
			col.Year = strconv.Itoa(m.Month.Year())
		}
		if m.Timed > 0 {
			y := shareTop + shareH*(1-float64(m.OnTime)/float64(m.Timed))
			col.ShareY = em(y)
			if prev == i-1 && prev >= 0 {
				c.Segments = append(c.Segments, trendSegment{X1: c.Columns[prev].Center, Y1: c.Columns[prev].ShareY,
					X2: col.Center, Y2: col.ShareY})
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
