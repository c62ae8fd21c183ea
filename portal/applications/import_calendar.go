package applications

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// upsertCalendar stores the days of a file in one statement: a day listed again replaces what was
// stored (the DGPA publishes corrected calendars, 修正版), a day unchanged is not written.
const upsertCalendar = `WITH merged AS (
    INSERT INTO office_calendar AS c (day, is_holiday, name)
    SELECT * FROM unnest($1::date[], $2::boolean[], $3::text[])
    ON CONFLICT (day) DO UPDATE SET is_holiday = excluded.is_holiday, name = excluded.name
    WHERE (c.is_holiday, c.name) IS DISTINCT FROM (excluded.is_holiday, excluded.name)
    RETURNING xmax = 0 AS inserted
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged`

// importCalendar stores a calendar file in one transaction.
func importCalendar(ctx context.Context, db Beginner, r io.Reader, opts Options) (*Report, error) {
	days, res, err := ReadCalendar(r, opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: KindCalendar}
	rep.fill(res)
	if res.Problems > 0 {
		return rep, rep.rejectedError()
	}
	dates := make([]time.Time, len(days))
	holidays := make([]bool, len(days))
	names := make([]string, len(days))
	for i, d := range days {
		dates[i], holidays[i], names[i] = d.Day, d.Holiday, d.Name
	}
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, upsertCalendar, dates, holidays, names).Scan(&rep.Inserted, &rep.Updated)
	})
	rep.Unchanged = len(days) - rep.Inserted - rep.Updated
	if note := coverage(days); note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	rep.Stored = err == nil
	return rep, err
}

// coverage says which years the file lists whole, and which only in part: where a year is not
// listed whole, its other days count by weekday alone.
func coverage(days []CalendarDay) string {
	perYear := map[int]int{}
	for _, d := range days {
		perYear[d.Day.Year()]++
	}
	years := make([]int, 0, len(perYear))
	for y := range perYear {
		years = append(years, y)
	}
	sort.Ints(years)
	var whole, part []string
	for _, y := range years {
		if n := perYear[y]; n == Date(y, 12, 31).YearDay() {
			whole = append(whole, fmt.Sprint(y))
		} else {
			part = append(part, fmt.Sprintf("%d (%d days)", y, n))
		}
	}
	var note []string
	if len(whole) > 0 {
		note = append(note, "whole years: "+strings.Join(whole, ", "))
	}
	if len(part) > 0 {
		note = append(note, "in part (other days count by weekday: Monday to Friday working): "+strings.Join(part, ", "))
	}
	return strings.Join(note, "; ")
}
