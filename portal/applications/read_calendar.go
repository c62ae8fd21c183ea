package applications

import (
	"fmt"
	"io"
	"strings"
	"time"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/csvimport"
)

// CalendarDay is one row of a calendar file, checked.
type CalendarDay struct {
	Line    int
	Day     time.Time
	Holiday bool   // a day off; false: a working day (on a weekend, a make-up workday)
	Name    string // 備註: 開國紀念日, 補行上班, …
}

// holidayWords are the values of 是否放假: the DGPA file writes 2 for a day off and 0 for a working
// day; other calendars write yes or no.
var holidayWords = map[string]bool{
	"2": true, "是": true, "放假": true, "y": true, "yes": true, "true": true,
	"0": false, "否": false, "上班": false, "n": false, "no": false, "false": false,
}

// weekdayNames are how 星期 is written: 一 to 日 (also 星期一, 週一, 天), or English.
// weekdayZh names the weekdays in Chinese, for messages.
var weekdayZh = [7]string{"日", "一", "二", "三", "四", "五", "六"}

var weekdayNames = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	zh := []string{"日", "一", "二", "三", "四", "五", "六"}
	for d := time.Sunday; d <= time.Saturday; d++ {
		for _, prefix := range []string{"", "星期", "週", "周", "禮拜"} {
			m[prefix+zh[d]] = d
		}
		m[strings.ToLower(d.String())] = d
		m[strings.ToLower(d.String()[:3])] = d
	}
	m["天"], m["星期天"], m["禮拜天"] = time.Sunday, time.Sunday, time.Sunday
	return m
}()

// ReadCalendar reads a calendar file, as 行政院人事行政總處 publishes it (西元日期, 星期, 是否放假,
// 備註) or with the English headers. It returns its days only when no row is rejected. A weekday,
// when given, must be the date's; a date listed twice must say the same both times.
func ReadCalendar(r io.Reader, opts Options) ([]CalendarDay, *Result, error) {
	s, err := openSheet(r, opts.Encoding, calendarFormat)
	if err != nil {
		return nil, nil, err
	}
	var days []CalendarDay
	seen := map[time.Time]CalendarDay{}
	for {
		ok, err := s.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		before := s.rej.total
		d := parseCalendarRow(s)
		if s.rej.total > before {
			continue
		}
		if prev, dup := seen[d.Day]; dup {
			if prev.Holiday != d.Holiday {
				s.reject(cHoliday, fmt.Sprintf("differs from line %d for the same date", prev.Line), problem.Of("calendar.differs", prev.Line))
			}
			continue
		}
		seen[d.Day] = d
		days = append(days, d)
	}
	res := s.result()
	if res.Problems > 0 {
		days = nil
	}
	return days, res, nil
}

func parseCalendarRow(s *sheet) CalendarDay {
	d := CalendarDay{Line: s.line, Name: s.cells[cName]}
	for c, col := range s.f.columns {
		if col.required && s.cells[c] == "" && !s.bad[c] {
			s.reject(c, "is empty: every row needs it", problem.Of("cell.empty"))
		}
	}
	if cell := s.cells[cDate]; cell != "" {
		if t, err := csvimport.ParseDate(cell); err != nil {
			s.rejectCellErr(cDate, err)
		} else {
			d.Day = civil(t)
		}
	}
	if cell := s.cells[cWeekday]; cell != "" && !d.Day.IsZero() {
		wd, ok := weekdayNames[strings.ToLower(cell)]
		switch {
		case !ok:
			s.rejectCell(cWeekday, "is not a weekday (一 to 日, or Mon to Sun)", problem.Of("calendar.weekday"))
		case wd != d.Day.Weekday():
			s.rejectCell(cWeekday, fmt.Sprintf("is not the weekday of %s, a %s: is a row shifted?", d.Day.Format(time.DateOnly), d.Day.Weekday()),
				problem.Of("calendar.weekday_of", d.Day.Format(time.DateOnly), weekdayZh[d.Day.Weekday()], d.Day.Weekday()))
		}
	}
	if cell := s.cells[cHoliday]; cell != "" {
		h, ok := holidayWords[wordKey(cell)]
		if !ok {
			s.rejectCell(cHoliday, "is not 2 (a day off) or 0 (a working day), as the DGPA file writes them, nor yes or no", problem.Of("calendar.holiday"))
		}
		d.Holiday = h
	}
	return d
}
