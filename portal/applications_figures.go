package portal

import (
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// statMonth is one month of application_stats: a service's, an agency's or the city's.
type statMonth struct {
	Month                                  time.Time
	Received, Counter, Online, Mail        int
	Closed, Timed, OnTime, Extended, Fixed int
	Open, Overdue                          int
	Median, P90                            *float64 // nil when nothing timed was closed
}

// statColumns are the columns scanMonths reads, after agency_id and service_id.
const statColumns = `month, received, received_counter, received_online, received_mail, closed, timed, on_time,
	extended, corrected, open_end, overdue_end, median_days, p90_days`

// monthsKey is whose months they are: a service, an agency (service 0) or the city (both 0).
type monthsKey struct{ Agency, Service int32 }

// scanMonths reads rows of agency_id, service_id and statColumns into each one's months.
func scanMonths(rows pgx.Rows) (map[monthsKey][]statMonth, error) {
	out := map[monthsKey][]statMonth{}
	var k monthsKey
	var m statMonth
	_, err := pgx.ForEachRow(rows, []any{&k.Agency, &k.Service, &m.Month, &m.Received, &m.Counter, &m.Online, &m.Mail,
		&m.Closed, &m.Timed, &m.OnTime, &m.Extended, &m.Fixed, &m.Open, &m.Overdue, &m.Median, &m.P90}, func() error {
		out[k] = append(out[k], m)
		return nil
	})
	return out, err
}

// fill returns a statMonth for every month of w, in order: a month without a row had nothing
// received, closed or open (the recomputation writes every other month), so its figures are zero.
func (w window) fill(rows []statMonth) []statMonth {
	byMonth := map[time.Time]statMonth{}
	for _, r := range rows {
		byMonth[r.Month] = r
	}
	var out []statMonth
	for _, m := range w.months() {
		r, ok := byMonth[m]
		if !ok {
			r = statMonth{Month: m}
		}
		out = append(out, r)
	}
	return out
}

// figures are the window's figures of a service, an agency or the city, ready to write. Counts
// are sums over the months. Medians and 90th percentiles cannot be summed: a median of a year is
// not any mix of twelve monthly medians. So the typical time is one month's, named with it.
type figures struct {
	Window, AsOf                       string // the months summed, and the day open ones are counted at
	Received, Closed, Timed, Withdrawn number
	OnTime, Extended, Fixed            rate // of the timed applications
	Counter, Online, Mail              rate // of the applications received
	Open, Overdue                      number
	Typical                            typical
}

// typical is how long applications took in one month: half were closed within Median days, nine
// in ten within P90. The month is the latest whole month with at least minCompared timed
// applications; the month to date only when no whole month has that many.
type typical struct {
	Known   bool   // some month of the window had timed applications
	Shown   bool   // and one had enough to publish its days
	Month   string // the month they are of; when not Shown, the latest month with any
	N       number // timed applications closed that month
	Partial bool   // that month is the month to date
	Median  days
	P90     days
}

// sumFigures sums the months of w (as w.fill returns them) in lang.
func sumFigures(lang i18n.Lang, months []statMonth, w window) figures {
	f := figures{Window: monthSpan(lang, w.First, w.Last), AsOf: i18n.Date(lang, w.AsOf)}
	var received, counter, online, mail, timed, onTime, extended, fixed int
	for _, m := range months {
		received += m.Received
		counter += m.Counter
		online += m.Online
		mail += m.Mail
		f.Closed += number(m.Closed)
		timed += m.Timed
		onTime += m.OnTime
		extended += m.Extended
		fixed += m.Fixed
	}
	if last := len(months) - 1; last >= 0 {
		f.Open, f.Overdue = number(months[last].Open), number(months[last].Overdue)
	}
	f.Received, f.Timed, f.Withdrawn = number(received), number(timed), f.Closed-number(timed)
	f.OnTime, f.Extended, f.Fixed = rate{number(onTime), f.Timed}, rate{number(extended), f.Timed}, rate{number(fixed), f.Timed}
	f.Counter, f.Online, f.Mail = rate{number(counter), f.Received}, rate{number(online), f.Received}, rate{number(mail), f.Received}
	f.Typical = pickTypical(lang, months, w)
	return f
}

// pickTypical chooses the month whose days stand for the window (see typical).
func pickTypical(lang i18n.Lang, months []statMonth, w window) typical {
	var whole, toDate, latest *statMonth
	for i := range months {
		m := &months[i]
		if m.Median == nil || m.P90 == nil {
			continue
		}
		latest = m
		switch {
		case m.Timed < minCompared:
		case w.partialMonth(m.Month):
			toDate = m
		default:
			whole = m
		}
	}
	pick := whole
	if pick == nil {
		pick = toDate
	}
	if pick == nil {
		if latest == nil {
			return typical{}
		}
		return typical{Known: true, Month: i18n.Month(lang, latest.Month), N: number(latest.Timed), Partial: w.partialMonth(latest.Month)}
	}
	return typical{Known: true, Shown: true, Month: i18n.Month(lang, pick.Month), N: number(pick.Timed),
		Partial: w.partialMonth(pick.Month), Median: days(*pick.Median), P90: days(*pick.P90)}
}

// days is a number of processing days.
type days float64

// SameDay reports whether it is under one day: closed on the day of receipt.
func (d days) SameDay() bool { return d < 1 }

// String writes it with at most one decimal: 7, 9.5, 13.4 (a percentile between two values may
// have more decimals, which say nothing more).
func (d days) String() string {
	return strings.TrimSuffix(strconv.FormatFloat(float64(d), 'f', 1, 64), ".0")
}

// Cell writes the days in a table on page p: "same day" under one day, else the days.
func (d days) Cell(p *web.Page) string {
	if d.SameDay() {
		return p.T("applications.days.same_day")
	}
	return d.String()
}

// monthRow is one month in a data table, written out.
type monthRow struct {
	Label                   string
	Received, Closed, Timed number
	OnTime                  rate
	DaysShown               bool // enough timed applications for the days to be published
	Median, P90             days
	Open, Overdue           number
	Partial                 bool   // the month to date
	PartialTo               string // and the day it is counted to
}

func newMonthRows(lang i18n.Lang, months []statMonth, w window) []monthRow {
	var out []monthRow
	for _, m := range months {
		r := monthRow{Label: i18n.Month(lang, m.Month), Received: number(m.Received), Closed: number(m.Closed),
			Timed: number(m.Timed), OnTime: rate{number(m.OnTime), number(m.Timed)},
			Open: number(m.Open), Overdue: number(m.Overdue), Partial: w.partialMonth(m.Month)}
		if r.Partial {
			r.PartialTo = dayOfMonth(lang, w.AsOf)
		}
		if m.Median != nil && m.P90 != nil && m.Timed >= minCompared {
			r.DaysShown, r.Median, r.P90 = true, days(*m.Median), days(*m.P90)
		}
		out = append(out, r)
	}
	return out
}

// partial reports whether the window's last month is counted only in part: to an as-of day that is
// not its last.
func (w window) partial() bool { return w.AsOf.AddDate(0, 0, 1).Month() == w.AsOf.Month() }

// partialMonth reports whether month is the window's month to date.
func (w window) partialMonth(month time.Time) bool { return month.Equal(w.Last) && w.partial() }

// dayOfMonth writes a day without its year, for a month already named: 3月20日, 20 Mar.
func dayOfMonth(lang i18n.Lang, t time.Time) string {
	if lang == i18n.En {
		return t.Format("2 Jan")
	}
	return strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}
