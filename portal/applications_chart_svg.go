package portal

import (
	"html/template"
	"strings"
)

// HTML writes the chart in its figure, with its caption, as the pages show it. It is written here
// rather than in a template: a chart is some two hundred elements, and a template looks up each of
// their values by reflection, which made the agency pages' charts most of their rendering time.
// Colours are set here for the screen; the print stylesheet makes them black through the classes.
func (c trendChart) HTML() template.HTML {
	var b strings.Builder
	b.Grow(3000 + 900*len(c.Columns))
	w := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	small := ""
	if c.Small {
		small = " small"
	}
	id := escapeText(c.ID)
	w(`<figure class="chart trend-chart`, small, "\">\n<div class=\"trend-frame\">\n",
		`<svg class="trend-axis" width="`, c.AxisWidth, `" height="`, c.Height, "\" aria-hidden=\"true\" focusable=\"false\">\n")
	for _, ticks := range [][]trendTick{c.VolumeTicks, c.ShareTicks} {
		for _, t := range ticks {
			w(`<text class="tick" x="`, c.AxisX, `" y="`, t.LabelY, `" text-anchor="end" fill="#1a1a1a">`, escapeText(t.Label), "</text>\n")
		}
	}
	w("</svg>\n", `<svg class="trend" width="100%" height="`, c.Height, `" role="img" aria-labelledby="`, id, `-title `, id,
		"-desc\" focusable=\"false\">\n",
		`<title id="`, id, `-title">`, escapeText(c.Text.Title), "</title>\n",
		`<desc id="`, id, `-desc">`, escapeText(c.Text.Desc), "</desc>\n",
		`<defs><pattern id="`, id, `-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">`,
		`<rect width="6" height="6" fill="#ffffff"/><line class="hatch" x1="1.5" y1="0" x2="1.5" y2="6" stroke="#8a3b00" stroke-width="3"/></pattern></defs>`, "\n",
		`<rect class="received" x="0" y="`, c.LegendY, "\" width=\"1em\" height=\"1em\" fill=\"#0b4f6c\"/>\n",
		`<text x="0" dx="1.4em" y="`, c.LegendText, `" fill="#1a1a1a">`, escapeText(c.Text.Received), "</text>\n",
		`<rect class="closed" x="50%" y="`, c.LegendY, `" width="1em" height="1em" fill="url(#`, id, "-hatch)\" stroke=\"#8a3b00\"/>\n",
		`<text x="50%" dx="1.4em" y="`, c.LegendText, `" fill="#1a1a1a">`, escapeText(c.Text.Closed), "</text>\n")
	if c.ToDateY != "" {
		w(`<text class="to-date" x="100%" dx="-0.2em" y="`, c.ToDateY, `" text-anchor="end" fill="#1a1a1a">`, escapeText(c.Text.ToDate), " ↓</text>\n")
	}
	grid := func(ticks []trendTick) {
		for _, t := range ticks {
			w(`<line class="grid" x1="0" x2="100%" y1="`, t.Y, `" y2="`, t.Y, "\" stroke=\"#c8c8c8\"/>\n")
		}
	}
	grid(c.VolumeTicks)
	for _, col := range c.Columns {
		if col.Partial {
			w(`<rect class="received partial" x="`, col.ReceivedX, `" y="`, col.ReceivedY, `" width="`, col.BarWidth, `" height="`, col.ReceivedH,
				"\" fill=\"#0b4f6c\" fill-opacity=\"0.35\" stroke=\"#0b4f6c\" stroke-dasharray=\"3 2\"/>\n",
				`<rect class="closed partial" x="`, col.ClosedX, `" y="`, col.ClosedY, `" width="`, col.BarWidth, `" height="`, col.ClosedH,
				`" fill="url(#`, id, "-hatch)\" fill-opacity=\"0.35\" stroke=\"#8a3b00\" stroke-dasharray=\"3 2\"/>\n")
			continue
		}
		w(`<rect class="received" x="`, col.ReceivedX, `" y="`, col.ReceivedY, `" width="`, col.BarWidth, `" height="`, col.ReceivedH,
			"\" fill=\"#0b4f6c\"/>\n",
			`<rect class="closed" x="`, col.ClosedX, `" y="`, col.ClosedY, `" width="`, col.BarWidth, `" height="`, col.ClosedH,
			`" fill="url(#`, id, "-hatch)\" stroke=\"#8a3b00\"/>\n")
	}
	grid(c.ShareTicks)
	w(`<line class="share key" x1="0" x2="1em" y1="`, c.ShareKeyY, `" y2="`, c.ShareKeyY, "\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n",
		`<circle class="share key" cx="0.5em" cy="`, c.ShareKeyY, "\" r=\"0.25em\" fill=\"#1a1a1a\"/>\n",
		`<text x="0" dx="1.4em" y="`, c.ShareY, `" fill="#1a1a1a">`, escapeText(c.Text.Share), "</text>\n")
	for _, s := range c.Segments {
		w(`<line class="share" x1="`, s.X1, `" y1="`, s.Y1, `" x2="`, s.X2, `" y2="`, s.Y2, `" stroke="#1a1a1a" stroke-width="2"`)
		if s.ToDate {
			w(` stroke-dasharray="4 3"`)
		}
		w("/>\n")
	}
	for _, col := range c.Columns {
		switch {
		case col.ShareY == "":
		case col.Partial:
			w(`<circle class="share partial" cx="`, col.Center, `" cy="`, col.ShareY, "\" r=\"0.25em\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n")
		default:
			w(`<circle class="share" cx="`, col.Center, `" cy="`, col.ShareY, "\" r=\"0.25em\" fill=\"#1a1a1a\"/>\n")
		}
	}
	for _, col := range c.Columns {
		w(`<text x="`, col.Center, `" y="`, c.MonthY, `" text-anchor="middle" fill="#1a1a1a">`, col.Month, "</text>\n")
		if col.Year != "" {
			w(`<text x="`, col.Center, `" dx="-0.6em" y="`, c.YearY, `" fill="#1a1a1a">`, col.Year, "</text>\n")
		}
	}
	w("</svg>\n</div>\n", `<figcaption class="hint">`, escapeText(c.Text.Note), "</figcaption>\n</figure>")
	return template.HTML(b.String())
}

// escapeText escapes text as html/template does in text and quoted attributes, so that a chart
// written here reads byte for byte as one the template wrote.
var escapeText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;").Replace
