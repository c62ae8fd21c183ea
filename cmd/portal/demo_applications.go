package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/pcc"
)

// demoApplicationsSeed chooses the demo applications. It never changes, so that loading again
// generates the same applications and finds them stored.
const demoApplicationsSeed = 20260102

// demoApplicationYears is how far back the demo applications go from the day of the first load.
const demoApplicationYears = 3

// demoApplications is what loading the demo applications did.
type demoApplications struct {
	Added, Updated, Unchanged int
	Recomputed                *applications.Recomputation // nil when nothing changed and figures exist
}

// loadDemoApplications loads the generator's agencies and periods, its office calendar for the
// years that have none, and n generated applications, all through applications.File as an
// officer's files would be, then recomputes the statistics if anything changed (or none were ever
// computed), so the pages show figures at once. The applications are received over the three years
// up to the day of the first demo load, so that a later run generates the same ones and changes
// nothing.
func loadDemoApplications(ctx context.Context, pool *pgxpool.Pool, n int, progressTo io.Writer) (demoApplications, error) {
	var res demoApplications
	to, err := demoApplicationsDay(ctx, pool)
	if err != nil {
		return res, err
	}
	from := applications.Date(to.Year()-demoApplicationYears, to.Month(), 1)
	changed := false

	rep, err := importGenerated(ctx, pool, applications.KindPeriods, applications.WritePeriodsCSV)
	if err != nil {
		return res, err
	}
	changed = changed || rep.Inserted+rep.Updated > 0
	// Due dates may fall in the year after the last application; a year already in the office
	// calendar keeps its days (a real calendar has the lunar holidays, the generator's has not).
	years, err := calendarYears(ctx, pool, from.Year(), to.Year()+1)
	if err != nil {
		return res, err
	}
	for y := from.Year(); y <= to.Year()+1; y++ {
		if years[y] {
			continue
		}
		rep, err := importGenerated(ctx, pool, applications.KindCalendar, func(w io.Writer) error { return applications.WriteCalendarCSV(w, y, y) })
		if err != nil {
			return res, err
		}
		changed = changed || rep.Inserted+rep.Updated > 0
	}

	bar := newProgress(progressTo, "applications", int64(n)+1) // the header line and a line per application
	rep, err = importGenerated(ctx, pool, applications.KindApplications, func(w io.Writer) error {
		return applications.WriteApplicationsCSV(&lineCounter{w: w, bar: bar}, applications.NewGenerator(demoApplicationsSeed, n, from, to))
	})
	bar.done()
	if err != nil {
		return res, err
	}
	res.Added, res.Updated, res.Unchanged = rep.Inserted, rep.Updated, rep.Unchanged
	if res.Added > 0 {
		if err := admin.RecordDemoLoad(ctx, pool, "applications"); err != nil {
			return res, err
		}
	}
	changed = changed || res.Added+res.Updated > 0
	if !changed {
		p, err := applications.LatestPublished(ctx, pool)
		if err != nil || p.Recomputation != 0 {
			return res, err
		}
	}
	res.Recomputed, err = applications.Recompute(ctx, pool, time.Time{})
	return res, err
}

// demoApplicationsDay is the last day of the demo applications: the day of the first demo load
// of applications in Taiwan, or today before there was one.
func demoApplicationsDay(ctx context.Context, pool *pgxpool.Pool) (time.Time, error) {
	var first *time.Time
	if err := pool.QueryRow(ctx, `SELECT min(loaded_at) FROM demo_loads WHERE what = 'applications'`).Scan(&first); err != nil {
		return time.Time{}, err
	}
	day := time.Now()
	if first != nil {
		day = *first
	}
	y, m, d := day.In(pcc.Taipei).Date()
	return applications.Date(y, m, d), nil
}

// calendarYears reports which years from from to to have any day in the office calendar.
func calendarYears(ctx context.Context, pool *pgxpool.Pool, from, to int) (map[int]bool, error) {
	rows, err := pool.Query(ctx, `SELECT DISTINCT extract(year FROM day)::integer FROM office_calendar
		WHERE day >= make_date($1, 1, 1) AND day < make_date($2 + 1, 1, 1)`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	years := map[int]bool{}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		years[y] = true
	}
	return years, rows.Err()
}

// importGenerated imports what write generates, streamed through a pipe, with applications.File.
func importGenerated(ctx context.Context, pool *pgxpool.Pool, kind applications.Kind, write func(io.Writer) error) (*applications.Report, error) {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(write(pw)) }()
	rep, err := applications.File(ctx, pool, kind, pr, applications.Options{})
	pr.Close() // if File stopped early, the writer stops too
	if errors.Is(err, applications.ErrRejected) && len(rep.Rejected) > 0 {
		return rep, fmt.Errorf("demo %s: %w (first: %s)", kind, err, rep.Rejected[0])
	}
	if err != nil {
		return rep, fmt.Errorf("demo %s: %w", kind, err)
	}
	return rep, nil
}

// lineCounter advances a progress bar by the lines written through it.
type lineCounter struct {
	w   io.Writer
	bar *progress
}

func (l *lineCounter) Write(p []byte) (int, error) {
	l.bar.advance(int64(bytes.Count(p, []byte{'\n'})))
	return l.w.Write(p)
}
