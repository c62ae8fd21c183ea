package portal

import (
	"testing"
	"time"

	"integrity-portal/internal/i18n"
)

// A rate is published from minCompared applications up, and not below.
func TestRateNeedsTenApplications(t *testing.T) {
	if minCompared != 10 {
		t.Fatalf("minCompared is %d; the pages and their tests say 10", minCompared)
	}
	for _, c := range []struct {
		r     rate
		shown bool
		text  string
	}{
		{rate{0, 0}, false, ""}, {rate{9, 9}, false, ""}, {rate{0, 9}, false, ""},
		{rate{10, 10}, true, "100.0%"}, {rate{7, 10}, true, "70.0%"}, {rate{0, 10}, true, "0.0%"},
	} {
		if c.r.Shown() != c.shown || c.r.Percent() != c.text {
			t.Errorf("%v: shown %v %q, want %v %q", c.r, c.r.Shown(), c.r.Percent(), c.shown, c.text)
		}
	}
	if !(rate{}).None() || (rate{0, 3}).None() {
		t.Error("None is not about an empty denominator")
	}
}

// The typical time is the latest whole month's with minCompared timed applications; the month to
// date only when no whole month has enough; else too few, naming the latest month with any.
func TestTypicalTimePicksAMonthWithEnough(t *testing.T) {
	d := func(v float64) *float64 { return &v }
	w := newWindow(time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)) // March is the month to date
	month := func(m int, timed int, median float64) statMonth {
		return statMonth{Month: time.Date(2024, time.Month(m), 1, 0, 0, 0, 0, time.UTC), Timed: timed, Median: d(median), P90: d(median + 1)}
	}
	for _, c := range []struct {
		name   string
		months []statMonth
		want   typical
	}{
		{"latest whole month with enough", []statMonth{month(1, 12, 3), month(2, 10, 4), month(3, 40, 9)},
			typical{Known: true, Shown: true, Month: "Feb 2024", N: 10, Median: 4, P90: 5}},
		{"a whole month with 9 is too few", []statMonth{month(1, 12, 3), month(2, 9, 4)},
			typical{Known: true, Shown: true, Month: "Jan 2024", N: 12, Median: 3, P90: 4}},
		{"the month to date when no whole month has enough", []statMonth{month(2, 9, 4), month(3, 11, 0)},
			typical{Known: true, Shown: true, Month: "Mar 2024", N: 11, Partial: true, Median: 0, P90: 1}},
		{"too few", []statMonth{month(1, 9, 3), month(3, 2, 1)},
			typical{Known: true, Month: "Mar 2024", N: 2, Partial: true}},
		{"nothing timed", []statMonth{{Month: w.Last}}, typical{}},
	} {
		if got := pickTypical(i18n.En, c.months, w); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if !days(0.5).SameDay() || days(1).SameDay() || days(13.44).String() != "13.4" || days(7).String() != "7" {
		t.Error("days are written wrong")
	}
}

// Periods are written as one span: within one year, the year once.
func TestMonthSpan(t *testing.T) {
	m := func(y, mo int) time.Time { return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		lang        i18n.Lang
		first, last time.Time
		want        string
	}{
		{i18n.ZhTW, m(2026, 1), m(2026, 12), "民國115年1月至12月（2026-01 至 2026-12）"},
		{i18n.ZhTW, m(2023, 4), m(2024, 3), "民國112年4月至113年3月（2023-04 至 2024-03）"},
		{i18n.En, m(2026, 1), m(2026, 12), "Jan–Dec 2026"},
		{i18n.En, m(2023, 4), m(2024, 3), "Apr 2023–Mar 2024"},
		{i18n.En, m(2024, 3), m(2024, 3), "Mar 2024"},
	} {
		if got := monthSpan(c.lang, c.first, c.last); got != c.want {
			t.Errorf("monthSpan(%v, %v) = %q, want %q", c.first, c.last, got, c.want)
		}
	}
	if got := monthSpanShort(i18n.ZhTW, m(2022, 4), m(2023, 3)); got != "民國111年4月至112年3月" {
		t.Errorf("monthSpanShort = %q", got)
	}
}
