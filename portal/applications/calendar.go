package applications

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Date returns a calendar day as pgx reads a PostgreSQL date: midnight UTC.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Calendar tells working days from days off: the office calendar's listed days as listed, and
// other days Monday to Friday.
type Calendar struct {
	holiday map[time.Time]bool // listed days: true for a day off, false for a working day
}

// NewCalendar returns a calendar that lists no day yet.
func NewCalendar() *Calendar { return &Calendar{holiday: map[time.Time]bool{}} }

// Set lists a day as a day off (holiday) or a working day (a make-up workday on a Saturday).
func (c *Calendar) Set(day time.Time, holiday bool) { c.holiday[day] = holiday }

// Working reports whether day is a working day.
func (c *Calendar) Working(day time.Time) bool {
	if h, ok := c.holiday[day]; ok {
		return !h
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// OnOrAfter returns day if it is a working day, else the next working day.
func (c *Calendar) OnOrAfter(day time.Time) time.Time {
	for !c.Working(day) {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// AddWorkingDays returns the n-th working day after day (day itself for n = 0).
func (c *Calendar) AddWorkingDays(day time.Time, n int) time.Time {
	for ; n > 0; n-- {
		day = c.OnOrAfter(day.AddDate(0, 0, 1))
	}
	return day
}

// Querier runs a query: a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// LoadCalendar reads the office calendar.
func LoadCalendar(ctx context.Context, db Querier) (*Calendar, error) {
	c := NewCalendar()
	rows, _ := db.Query(ctx, `SELECT day, is_holiday FROM office_calendar`)
	var day time.Time
	var holiday bool
	_, err := pgx.ForEachRow(rows, []any{&day, &holiday}, func() error {
		c.Set(day, holiday)
		return nil
	})
	return c, err
}
