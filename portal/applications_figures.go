package portal

import (
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/i18n"
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
// not any mix of twelve monthly medians. So the latest month's are shown, with its month and how
// many applications they are of, and the lowest and highest monthly median of the window beside.
type figures struct {
	Received, Closed, Timed number
	OnTime, Extended, Fixed ratio // of the timed applications
	Counter, Online, Mail   ratio // of the applications received
	Open, Overdue           number
	Days                    bool   // some month had timed applications: the day figures below are known
	Median, P90, DaysMonth  string // the latest month with timed applications
	DaysN                   number // how many timed applications that month had
	MedianLow, MedianHigh   string // the lowest and highest monthly medians of the window
	MedianMonths            number // how many months had a median
	DaysPartial             bool   // that month is the as-of month, counted only to the as-of day
}

// sumFigures sums the months of w (as w.fill returns them) in lang.
func sumFigures(lang i18n.Lang, months []statMonth, w window) figures {
	var f figures
	var received, counter, online, mail, timed, onTime, extended, fixed int
	low, high := -1.0, -1.0
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
		if m.Median != nil && m.P90 != nil {
			f.Days, f.Median, f.P90, f.DaysN = true, days(*m.Median), days(*m.P90), number(m.Timed)
			f.DaysMonth, f.DaysPartial = i18n.Month(lang, m.Month), m.Month.Equal(w.Last) && w.partial()
			if low < 0 || *m.Median < low {
				low = *m.Median
			}
			high = max(high, *m.Median)
			f.MedianMonths++
		}
	}
	if last := len(months) - 1; last >= 0 {
		f.Open, f.Overdue = number(months[last].Open), number(months[last].Overdue)
	}
	f.Received, f.Timed = number(received), number(timed)
	f.OnTime, f.Extended, f.Fixed = ratio{number(onTime), f.Timed}, ratio{number(extended), f.Timed}, ratio{number(fixed), f.Timed}
	f.Counter, f.Online, f.Mail = ratio{number(counter), f.Received}, ratio{number(online), f.Received}, ratio{number(mail), f.Received}
	if f.Days {
		f.MedianLow, f.MedianHigh = days(low), days(high)
	}
	return f
}

// days writes a number of days with at most one decimal: 7, 9.5, 13.4 (a percentile between two
// values may have more decimals, which say nothing more).
func days(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}

// monthRow is one month in a data table, written out.
type monthRow struct {
	Label                   string
	Received, Closed, Timed number
	OnTime                  ratio
	Median, P90             string // "—" when nothing timed was closed
	Open, Overdue           number
	Partial                 bool // the as-of month, counted to the as-of day
}

func newMonthRows(lang i18n.Lang, months []statMonth, w window) []monthRow {
	var out []monthRow
	for _, m := range months {
		r := monthRow{Label: i18n.Month(lang, m.Month), Received: number(m.Received), Closed: number(m.Closed),
			Timed: number(m.Timed), OnTime: ratio{number(m.OnTime), number(m.Timed)}, Median: "—", P90: "—",
			Open: number(m.Open), Overdue: number(m.Overdue),
			Partial: m.Month.Equal(w.Last) && w.partial()}
		if m.Median != nil && m.P90 != nil {
			r.Median, r.P90 = days(*m.Median), days(*m.P90)
		}
		out = append(out, r)
	}
	return out
}

// partial reports whether the window's last month is counted only in part: to an as-of day that is
// not its last.
func (w window) partial() bool { return w.AsOf.AddDate(0, 0, 1).Month() == w.AsOf.Month() }
