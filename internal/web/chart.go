package web

import "strconv"

// BarChart is a horizontal bar chart drawn on the server as SVG, for the "barchart" template block:
//
//	{{template "barchart" ($.With .Data.Chart)}}
//
// Each bar is a row: its label written in the page's own text size, the bar beneath, its length a
// percentage of half the width, and the value after the bar's end, in the half that is left. So the
// chart reads the same at 320 px as on a desktop, never clips a value, and grows with the reader's
// text size, with no script and no inline style (the CSP forbids both). It is an image to assistive
// technology (role="img", named by its title and description): put the same figures in a table right
// after it.
type BarChart struct {
	ID       string // unique in its page; the ids of its title and description derive from it
	TitleKey string // message key of the chart's name
	DescKey  string // message key of its description: what it shows, and that a table follows
	Bars     []Bar
	Max      float64 // the size of a bar half the chart wide, e.g. 100 for percentages; 0: the largest bar's
}

// Bar is one bar: a label, the value as written, and the value as a number for the bar's length.
type Bar struct {
	Label, Value string
	Size         float64
}

// BarRow is a bar placed in the chart, in em (text lines) and percent of the width.
type BarRow struct {
	Label, Value         string
	LabelY, BarY, ValueY string
	Width                string // the bar's, which is also where its value starts
}

// rowEm is the height of one bar's row: a line of text and the bar.
const rowEm = 2.8

// Rows places the bars; the largest is half as wide as the chart, and any bar above zero is visible.
func (c BarChart) Rows() []BarRow {
	top := c.Max
	for _, b := range c.Bars {
		top = max(top, b.Size)
	}
	rows := make([]BarRow, len(c.Bars))
	for i, b := range c.Bars {
		pct := 0.0
		if top > 0 && b.Size > 0 {
			pct = max(b.Size/top*50, 0.5)
		}
		y := float64(i) * rowEm
		rows[i] = BarRow{Label: b.Label, Value: b.Value, LabelY: em(y + 1.1), BarY: em(y + 1.45),
			ValueY: em(y + 2.3), Width: strconv.FormatFloat(pct, 'f', 2, 64) + "%"}
	}
	return rows
}

// Height is the chart's height, in em.
func (c BarChart) Height() string { return em(float64(len(c.Bars))*rowEm + 0.2) }

func em(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "em" }
