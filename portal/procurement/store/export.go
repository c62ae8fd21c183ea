package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Export calls fn with each process that Search would list for q, in the same order, from the first
// to at most the CountCap'th (q.Page and q.PageSize are ignored). Rows are read as they arrive, so a
// download streams instead of waiting for the whole result. It stops at fn's first error.
func Export(ctx context.Context, db database.DB, q Query, fn func(Item) error) error {
	q.Page, q.PageSize = 1, 0
	st, err := q.statements(CountCap, 0)
	if err != nil {
		return err
	}
	rows, err := db.Query(ctx, st.list, st.listArgs...)
	if err != nil {
		return fmt.Errorf("store: export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := pgx.RowToStructByName[Item](rows)
		if err != nil {
			return fmt.Errorf("store: export: %w", err)
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: export: %w", err)
	}
	return nil
}

// YearRange returns the Western years (in Taiwan time) of the earliest and the latest process date,
// for a choice of years; ok is false when there are no processes. Both ends come off the date index.
func YearRange(ctx context.Context, db database.DB) (first, last int, ok bool, err error) {
	var lo, hi *float64
	err = db.QueryRow(ctx, `
SELECT extract(year FROM min(process_date) AT TIME ZONE INTERVAL '+08:00'),
       extract(year FROM max(process_date) AT TIME ZONE INTERVAL '+08:00')
FROM procurement_processes`).Scan(&lo, &hi)
	if err != nil {
		return 0, 0, false, fmt.Errorf("store: year range: %w", err)
	}
	if lo == nil || hi == nil {
		return 0, 0, false, nil
	}
	return int(*lo), int(*hi), true, nil
}
