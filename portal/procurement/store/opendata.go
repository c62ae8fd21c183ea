package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Stamp identifies a state of some processes for open data downloads: how many there are and when
// the latest of them changed (Save sets updated_at whenever a compiled release changes). A download's
// ETag and Last-Modified, and its cached size, follow it.
type Stamp struct {
	Count   int
	Updated time.Time // zero when Count is 0
}

// YearStamp is the stamp of one year's processes (Western year of the process date, Taiwan time).
type YearStamp struct {
	Year int
	Stamp
}

// Stamps returns the stamp of all processes and of each year that has any, oldest year first, in one
// pass over the table.
func Stamps(ctx context.Context, db database.DB) (all Stamp, years []YearStamp, err error) {
	rows, err := db.Query(ctx, `
SELECT GROUPING(year) = 0, COALESCE(year, 0), count(*), max(updated_at)
FROM (SELECT extract(year FROM process_date AT TIME ZONE INTERVAL '+08:00')::int AS year, updated_at
      FROM procurement_processes) AS p
GROUP BY ROLLUP (year)
ORDER BY 1, 2`)
	if err != nil {
		return all, nil, fmt.Errorf("store: stamps: %w", err)
	}
	var byYear bool
	var y YearStamp
	var updated *time.Time
	_, err = pgx.ForEachRow(rows, []any{&byYear, &y.Year, &y.Count, &updated}, func() error {
		y.Updated = time.Time{}
		if updated != nil {
			y.Updated = *updated
		}
		if byYear {
			years = append(years, y)
		} else {
			all = y.Stamp
		}
		return nil
	})
	if err != nil {
		return all, nil, fmt.Errorf("store: stamps: %w", err)
	}
	return all, years, nil
}

// EachItem calls fn with every process, in ocid order: all of them, for bulk downloads (a search
// export stops at CountCap). Rows are read as they arrive; it stops at fn's first error.
func EachItem(ctx context.Context, db database.DB, fn func(Item) error) error {
	rows, err := db.Query(ctx, `SELECT `+itemColumns+` FROM procurement_processes ORDER BY ocid`)
	if err != nil {
		return fmt.Errorf("store: each item: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := pgx.RowToStructByName[Item](rows)
		if err != nil {
			return fmt.Errorf("store: each item: %w", err)
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: each item: %w", err)
	}
	return nil
}

// EachRelease calls fn with the published compiled release (JSON, see publishedRelease) of every
// process of year (Western year of the process date in Taiwan time; 0: every year), in ocid order.
// Rows are read as they arrive; it stops at fn's first error. A year's package must be valid: it
// stops with ErrWithheld at a release that failed the schema or is unchecked (a change since
// WithheldYears was read), so a package is never served with it.
func EachRelease(ctx context.Context, db database.DB, year int, fn func(release []byte) error) error {
	where, args := "true", []any{}
	if year != 0 {
		if year < 1900 || year > 9998 {
			return fmt.Errorf("%w: year %d", ErrBadQuery, year)
		}
		from := time.Date(year, 1, 1, 0, 0, 0, 0, taipei)
		where, args = "process_date >= $1 AND process_date < $2", []any{from, from.AddDate(1, 0, 0)}
	}
	rows, err := db.Query(ctx, `SELECT `+publishedRelease+`, schema_error IS NULL AND schema_digest IS NOT NULL
FROM procurement_processes WHERE `+where+` ORDER BY ocid`, args...)
	if err != nil {
		return fmt.Errorf("store: each release: %w", err)
	}
	defer rows.Close()
	var text []byte
	var valid bool
	for rows.Next() {
		if err := rows.Scan(&text, &valid); err != nil {
			return fmt.Errorf("store: each release: %w", err)
		}
		if year != 0 && !valid {
			return ErrWithheld
		}
		rel, err := publish(text)
		if err != nil {
			return err
		}
		if err := fn(rel); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: each release: %w", err)
	}
	return nil
}

// Process returns the process ocid as an Item, with its published compiled release, or ErrNotFound.
func Process(ctx context.Context, db database.DB, ocid string) (Item, []byte, error) {
	rows, err := db.Query(ctx, `SELECT `+itemColumns+`, `+publishedRelease+` AS release
FROM procurement_processes WHERE ocid = $1`, ocid)
	if err != nil {
		return Item{}, nil, fmt.Errorf("store: process %s: %w", ocid, err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[struct {
		Item
		Release []byte `db:"release"`
	}])
	if errors.Is(err, pgx.ErrNoRows) {
		return Item{}, nil, ErrNotFound
	}
	if err != nil {
		return Item{}, nil, fmt.Errorf("store: process %s: %w", ocid, err)
	}
	rel, err := publish(p.Release)
	return p.Item, rel, err
}
