package portal

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	axisSVG  = regexp.MustCompile(`(?s)<div class="trend-frame">\s*<svg class="trend-axis" width="([0-9.]+)em"[^>]*>(.*?)</svg>\s*<svg class="trend" (.*?)</svg>`)
	axisText = regexp.MustCompile(`<text class="tick" x="([0-9.]+)em" y="([0-9.]+)em" text-anchor="end"[^>]*>([^<]*)</text>`)
	plotRect = regexp.MustCompile(`<rect class="(received|closed)[^"]*" x="([0-9.]+)%"`)
	plotText = regexp.MustCompile(`<text ([^>]*)>([^<]*)</text>`)
)

// The gridlines' values sit in an axis of their own, left of the plot: each ends inside the axis
// and starts at or after its left edge, the plot's columns start at or after the plot's left
// edge, which is the axis's right edge, and no value is written inside the plot.
func TestTrendChartAxisHasItsOwnSpace(t *testing.T) {
	h := headlineSite(t, appAsOf)
	for _, path := range []string{"/applications", "/applications/" + headlineAgency} {
		body := get(t, h, "zh-TW", path).body
		charts := axisSVG.FindAllStringSubmatch(body, -1)
		if len(charts) == 0 {
			t.Fatalf("%s: no chart with an axis", path)
		}
		for _, c := range charts {
			width, _ := strconv.ParseFloat(c[1], 64)
			ticks := axisText.FindAllStringSubmatch(c[2], -1)
			if len(ticks) < 5 {
				t.Errorf("%s: %d values in the axis", path, len(ticks))
			}
			for _, tk := range ticks {
				end, _ := strconv.ParseFloat(tk[1], 64)
				if start := end - textWidth(tk[3]); start < 0 || end > width {
					t.Errorf("%s: value %q spans %.2f–%.2f em, outside the axis of %.2f em", path, tk[3], start, end, width)
				}
			}
			rects := plotRect.FindAllStringSubmatch(c[3], -1)
			if len(rects) < 24 {
				t.Fatalf("%s: %d columns", path, len(rects))
			}
			for _, r := range rects {
				if x, _ := strconv.ParseFloat(r[2], 64); x < 0 {
					t.Errorf("%s: a column starts at %v%%, left of the plot", path, x)
				}
			}
			for _, tx := range plotText.FindAllStringSubmatch(c[3], -1) {
				if _, err := strconv.Atoi(strings.TrimSuffix(strings.ReplaceAll(tx[2], ",", ""), "%")); err == nil &&
					!strings.Contains(tx[1], `text-anchor="middle"`) && !strings.Contains(tx[1], `dx="-0.6em"`) {
					t.Errorf("%s: a value %q is written inside the plot: %s", path, tx[2], tx[1])
				}
			}
		}
	}
	// The widest values still fit: 1,000,000 and 100%.
	if w := textWidth("1,000,000"); w < 7*0.6 {
		t.Errorf("textWidth(1,000,000) = %v", w)
	}
	c := newTrendChart("c", trendText{}, []statMonth{{Month: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Received: 987654}},
		newWindow(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)), false)
	want := em(textWidth("1,000,000") + 2*trendAxisPad)
	if c.AxisWidth != want {
		t.Errorf("axis of a chart up to 1,000,000: %s, want %s", c.AxisWidth, want)
	}
}

// The month to date is marked in the chart (lighter, dashed, labelled), in its caption and its
// text alternative, and in the table; a whole last month is not.
func TestTrendChartMarksTheMonthToDate(t *testing.T) {
	h := headlineSite(t, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	a := get(t, h, "zh-TW", "/applications/"+headlineAgency)
	a.mustContain(t, "the month to date",
		`<rect class="received partial"`, `<rect class="closed partial"`, `stroke-dasharray="3 2"`,
		`<text class="to-date" x="100%" dx="-0.2em" y="3.95em" text-anchor="end" fill="#1a1a1a">本月至今 ↓</text>`,
		"最後一個月（民國113年3月（2024-03））還沒過完，只計到 3月20日，所以直條以淡色虛線框標示「本月至今」。")
	if n := strings.Count(a.body, `class="received partial"`); n != 1 {
		t.Errorf("%d months drawn as the month to date, want 1", n)
	}
	if !regexp.MustCompile(`<desc id="chart-service-1-desc">[^<]*還沒過完，只計到 3月20日`).MatchString(a.body) {
		t.Error("the chart's text alternative does not say the last month is counted in part")
	}
	a.mustHaveRows(t, "the month to date", "民國113年3月（2024-03） 本月至今，計至 3月20日|4|5|件數太少，不宜比較 （只有 5 件）|件數太少|件數太少|1|1")
	// The typical time stays February's, a whole month.
	if !strings.Contains(a.text(), "一般要多久 5 天 民國113年2月（2024-02）結案的 10 件中") {
		t.Error("the typical time is not February's")
	}
	en := get(t, h, "en", "/applications")
	en.mustContain(t, "the month to date in English", ">month to date ↓</text>", "<span class=\"when\">Mar 2024</span> <span class=\"note\">month to date, up to 20 Mar</span>",
		"The last month (Mar 2024) is not over: it is counted up to 20 Mar")

	whole := get(t, headlineSite(t, appAsOf), "zh-TW", "/applications/"+headlineAgency)
	for _, mark := range []string{"partial", "to-date", "本月至今，", "還沒過完"} {
		if strings.Contains(whole.body, mark) {
			t.Errorf("a whole last month is marked %q", mark)
		}
	}
}

// An on-time mark is drawn only for a month with at least minCompared timed applications.
func TestTrendChartDrawsOnlyRatesOfEnough(t *testing.T) {
	h := headlineSite(t, appAsOf)
	// The agency: January 12 and February 10 timed, March 5: two marks, joined.
	a := get(t, h, "zh-TW", "/applications/"+headlineAgency).body
	if n, m := strings.Count(a, `<circle class="share"`), strings.Count(a, `<line class="share"`); n != 2 || m != 1 {
		t.Errorf("the agency's chart: %d marks and %d segments, want 2 and 1", n, m)
	}
	// The hand-built agency never has 10 in a month: no mark at all.
	b := get(t, h, "zh-TW", "/applications/"+civilAgency).body
	if n := strings.Count(b, `<circle class="share"`); n != 0 {
		t.Errorf("%d on-time marks of months with fewer than 10 timed applications", n)
	}
}

// A chart's words are escaped as the page template escapes text: a name with markup in it stays
// text.
func TestTrendChartEscapesItsWords(t *testing.T) {
	c := newTrendChart("c", trendText{Title: `<b>A & "B" +'C'</b>`, Note: "x\x00y"},
		[]statMonth{{Month: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Received: 3}},
		newWindow(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)), false)
	got := string(c.HTML())
	for _, want := range []string{`<title id="c-title">&lt;b&gt;A &amp; &#34;B&#34; &#43;&#39;C&#39;&lt;/b&gt;</title>`,
		"<figcaption class=\"hint\">x\uFFFDy</figcaption>"} {
		if !strings.Contains(got, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
}
