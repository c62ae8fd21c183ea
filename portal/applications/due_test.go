package applications

import (
	"strings"
	"testing"
	"time"
)

// dueCase is one line of the hand-checked table: received, the period, the extension and the 補正
// days, and the due date worked out on a paper calendar of 2024 (see holidays2024).
type dueCase struct {
	name      string
	received  string
	period    Period
	extension int
	suspended int
	due       string
}

var dueCases = []dueCase{
	{"calendar days", "2024-03-04", Period{7, CalendarDays}, 0, 0, "2024-03-11"},
	{"the day of receipt is not counted", "2024-03-04", Period{1, CalendarDays}, 0, 0, "2024-03-05"},
	{"ends on a Saturday: next Monday", "2024-03-04", Period{5, CalendarDays}, 0, 0, "2024-03-11"},
	{"ends on a holiday (和平紀念日): next working day", "2024-02-21", Period{7, CalendarDays}, 0, 0, "2024-02-29"},
	{"ends in the Lunar New Year: after it", "2024-02-01", Period{7, CalendarDays}, 0, 0, "2024-02-15"},
	{"ends on a make-up workday (Saturday): that day", "2024-02-10", Period{7, CalendarDays}, 0, 0, "2024-02-17"},
	{"working days across the Lunar New Year and its make-up Saturday", "2024-02-07", Period{3, WorkingDays}, 0, 0, "2024-02-17"},
	{"working days over a weekend", "2024-03-08", Period{3, WorkingDays}, 0, 0, "2024-03-13"},
	{"received on a Saturday (online), 1 working day", "2024-03-09", Period{1, WorkingDays}, 0, 0, "2024-03-11"},
	{"補正 adds calendar days", "2024-03-04", Period{7, CalendarDays}, 0, 10, "2024-03-21"},
	{"補正 pushing onto a weekend", "2024-03-04", Period{7, CalendarDays}, 0, 5, "2024-03-18"},
	{"extension of calendar days", "2024-03-04", Period{10, CalendarDays}, 10, 0, "2024-03-25"},
	{"extension of working days", "2024-03-01", Period{5, WorkingDays}, 5, 0, "2024-03-15"},
	{"working days then 補正 calendar days", "2024-03-01", Period{5, WorkingDays}, 0, 3, "2024-03-11"},
	{"a month from the 31st: the month's last day", "2024-01-31", Period{1, Months}, 0, 0, "2024-02-29"},
	{"default two months, ending on a Sunday", "2024-01-10", DefaultPeriod, 0, 0, "2024-03-11"},
	{"a month ending on 中秋節", "2024-08-17", Period{1, Months}, 0, 0, "2024-09-18"},
	{"months and an extension of calendar days", "2024-01-10", Period{2, Months}, 14, 0, "2024-03-25"},
	{"same day (隨到隨辦) received on a Saturday", "2024-03-09", Period{0, CalendarDays}, 0, 0, "2024-03-11"},
	{"0 working days received on a Saturday", "2024-03-09", Period{0, WorkingDays}, 0, 0, "2024-03-11"},
	{"working days over New Year", "2023-12-28", Period{3, WorkingDays}, 0, 0, "2024-01-03"},
	{"everything at once", "2024-02-02", Period{5, WorkingDays}, 2, 4, "2024-02-23"},
}

func TestDueDate(t *testing.T) {
	cal := testCalendar()
	for _, c := range dueCases {
		got := DueDate(day(c.received), c.period, c.extension, c.suspended, cal)
		if got != day(c.due) {
			t.Errorf("%s: received %s, %s, extension %d, 補正 %d: due %s, want %s",
				c.name, c.received, c.period, c.extension, c.suspended, got.Format(time.DateOnly), c.due)
		}
	}
}

func TestCalendar(t *testing.T) {
	cal := testCalendar()
	for d, want := range map[string]bool{
		"2024-01-01": false, // 開國紀念日, a Monday
		"2024-01-02": true,
		"2024-01-06": false, // a Saturday
		"2024-02-17": true,  // 補行上班, a Saturday
		"2024-02-28": false,
		"2025-01-04": false, // not listed: a Saturday
		"2025-01-06": true,  // not listed: a Monday
	} {
		if got := cal.Working(day(d)); got != want {
			t.Errorf("Working(%s) = %t", d, got)
		}
	}
	if got := cal.AddWorkingDays(day("2024-02-07"), 0); got != day("2024-02-07") {
		t.Errorf("0 working days: %s", got)
	}
}

func TestProcessingDays(t *testing.T) {
	for _, c := range []struct {
		received, closed string
		suspended, want  int
	}{
		{"2024-03-04", "2024-03-04", 0, 0},
		{"2024-03-04", "2024-03-20", 5, 11},
		{"2024-02-26", "2024-03-04", 0, 7}, // across February 29
		{"2023-12-31", "2024-01-01", 0, 1},
	} {
		if got := ProcessingDays(day(c.received), day(c.closed), c.suspended); got != c.want {
			t.Errorf("%s to %s, 補正 %d: %d days, want %d", c.received, c.closed, c.suspended, got, c.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		cell, unit string
		want       Period
	}{
		{"7", "日", Period{7, CalendarDays}},
		{"7日", "", Period{7, CalendarDays}},
		{"7 天", "", Period{7, CalendarDays}},
		{"10個工作天", "", Period{10, WorkingDays}},
		{"10工作日", "", Period{10, WorkingDays}},
		{"10", "working days", Period{10, WorkingDays}},
		{"2個月", "", Period{2, Months}},
		{"2", "個月", Period{2, Months}},
		{"1年", "", Period{12, Months}},
		{"３０日", "", Period{30, CalendarDays}}, // full-width digits
		{"隨到隨辦", "", Period{0, CalendarDays}},
		{"30分鐘", "", Period{0, CalendarDays}},
		{"2小時", "", Period{0, CalendarDays}},
		{"5", "calendar_days", Period{5, CalendarDays}},
		{"3", "months", Period{3, Months}},
	} {
		got, err := parsePeriod(c.cell, c.unit)
		if err != nil || got != c.want {
			t.Errorf("parsePeriod(%q, %q) = %v, %v; want %v", c.cell, c.unit, got, err, c.want)
		}
	}
	for _, c := range []struct{ cell, unit, want string }{
		{"7", "", "has no unit"},
		{"七日", "", "is not a period"},
		{"7週", "", "unknown unit"},
		{"7日", "月", "the unit column says"},
		{"1.5個月", "", "whole number"},
		{"40個月", "", "longer than"},
		{"5", "fortnights", "unknown unit"},
	} {
		if _, err := parsePeriod(c.cell, c.unit); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parsePeriod(%q, %q): %v; want an error with %q", c.cell, c.unit, err, c.want)
		}
	}
}
