package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// countedAward is the SQL condition of an award row that counts (see uncounted): its status is
// missing or not pending, cancelled or unsuccessful.
const countedAward = `(a.status IS NULL OR a.status NOT IN ('pending', 'cancelled', 'unsuccessful'))`

// SupplierFigures is what a supplier's page shows. Award values are the supplier's part: an award
// shared by several suppliers (a joint bid) is split equally among them, so that the parts add up to
// the award. Years are those of the process date (tender start, else award date), in Taiwan time, as
// the search's year filter reads them.
type SupplierFigures struct {
	ID, Name string
	Awards   int          // counted awards won, in any currency
	Totals   []ValueGroup // value won, one per currency
	ByBuyer  []ValueGroup // Key: buyer id, Name: its name
	ByYear   []ValueGroup // Year
	// Bids is the number of processes whose published bidder list (tender/tenderers) names the
	// supplier, and Won how many of those it won: the win rate is Won/Bids, unknown when Bids is 0.
	Bids, Won int
	Recent    []SupplierAward // the latest counted awards, newest first
}

// ValueGroup is a count and a sum of values in one currency, for one key of a breakdown.
type ValueGroup struct {
	Key      string // a buyer id (may be "" for awards whose process names no buyer), a method
	Name     string
	Year     int
	Currency *string
	N        int     // awards (supplier pages) or processes (buyer pages)
	Value    *string // exact decimal sum; nil when no value is known
}

// SupplierAward is one award in a supplier's list.
type SupplierAward struct {
	OCID          string     `db:"ocid"`
	Title         string     `db:"title"`
	BuyerID       *string    `db:"buyer_id"`
	BuyerName     string     `db:"buyer_name"`
	SupplierName  string     `db:"supplier_name"`
	Date          *time.Time `db:"date"`
	Value         *string    `db:"value"` // the whole award
	Currency      *string    `db:"currency"`
	SupplierCount int        `db:"supplier_count"`
}

// RecentAwards is how many awards a supplier's page lists.
const RecentAwards = 20

// Supplier computes a supplier's figures in three statements,
// or returns ErrNotFound when it neither won an award nor appears as a bidder.
func Supplier(ctx context.Context, db database.DB, id string) (SupplierFigures, error) {
	f := SupplierFigures{ID: id}
	rows, err := db.Query(ctx, `
SELECT a.ocid, p.title, p.buyer_id, p.buyer_name, a.supplier_name, a.date, a.value::text AS value,
    a.currency, a.supplier_count
FROM procurement_awards a JOIN procurement_processes p USING (ocid)
WHERE a.supplier_id = $1 AND `+countedAward+`
ORDER BY a.date DESC NULLS LAST, a.ocid DESC, a.award_id DESC
LIMIT $2`, id, RecentAwards)
	if err != nil {
		return f, fmt.Errorf("store: supplier: %w", err)
	}
	if f.Recent, err = pgx.CollectRows(rows, pgx.RowToStructByName[SupplierAward]); err != nil {
		return f, fmt.Errorf("store: supplier: %w", err)
	}

	if len(f.Recent) > 0 {
		f.Name = f.Recent[0].SupplierName
		if err := f.groups(ctx, db); err != nil {
			return f, err
		}
	}

	// The bidder lists, through the bidders of each process (procurement_bidders).
	err = db.QueryRow(ctx, `
SELECT count(DISTINCT ocid), count(DISTINCT ocid) FILTER (WHERE won)
FROM procurement_bidders WHERE id = $1`, id).Scan(&f.Bids, &f.Won)
	if err != nil {
		return f, fmt.Errorf("store: supplier bids: %w", err)
	}
	if len(f.Recent) == 0 {
		return f, f.nameElsewhere(ctx, db)
	}
	return f, nil
}

// groups fills the totals and the breakdowns by buyer and by year, in one statement.
func (f *SupplierFigures) groups(ctx context.Context, db database.DB) error {
	rows, err := db.Query(ctx, `
WITH a AS (
    SELECT p.buyer_id, p.buyer_name, a.currency, a.value / a.supplier_count AS part,
        extract(year FROM p.process_date AT TIME ZONE INTERVAL '+08:00')::int AS year
    FROM procurement_awards a JOIN procurement_processes p USING (ocid)
    WHERE a.supplier_id = $1 AND `+countedAward+`
)
SELECT GROUPING(buyer_id) = 0 AS by_buyer, GROUPING(year) = 0 AS by_year,
    COALESCE(buyer_id, ''), COALESCE(max(buyer_name), ''), COALESCE(year, 0), currency, count(*),
    trim_scale(round(sum(part), 2))::text
FROM a
GROUP BY GROUPING SETS ((buyer_id, currency), (year, currency), (currency))
ORDER BY 1, 2, 5, sum(part) DESC NULLS LAST, 3`, f.ID)
	if err != nil {
		return fmt.Errorf("store: supplier groups: %w", err)
	}
	var byBuyer, byYear bool
	var g ValueGroup
	_, err = pgx.ForEachRow(rows, []any{&byBuyer, &byYear, &g.Key, &g.Name, &g.Year, &g.Currency, &g.N, &g.Value}, func() error {
		switch {
		case byBuyer:
			f.ByBuyer = append(f.ByBuyer, g)
		case byYear:
			g.Key, g.Name = "", ""
			f.ByYear = append(f.ByYear, g)
		default:
			f.Totals = append(f.Totals, ValueGroup{Currency: g.Currency, N: g.N, Value: g.Value})
			f.Awards += g.N
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: supplier groups: %w", err)
	}
	return nil
}

// nameElsewhere names a supplier that won no counted award from a bidder list or an uncounted
// award, or returns ErrNotFound when neither names it.
func (f *SupplierFigures) nameElsewhere(ctx context.Context, db database.DB) error {
	var name *string
	err := db.QueryRow(ctx, `
(SELECT NULLIF(name, '') FROM procurement_bidders WHERE id = $1 ORDER BY name DESC LIMIT 1)
UNION ALL
(SELECT supplier_name FROM procurement_awards WHERE supplier_id = $1 LIMIT 1)
LIMIT 1`, f.ID).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: supplier: %w", err)
	}
	f.Name = deref(name)
	return nil
}
