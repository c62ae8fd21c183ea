package flags

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// BuyerYear is R040 and R051 for one buyer and year, with their denominators.
type BuyerYear struct {
	BuyerID         string  `db:"buyer_id"`
	BuyerName       string  `db:"buyer_name"`
	Year            int     `db:"year"` // Western year, in Taiwan time
	Awards          int     `db:"awards_n"`
	Suppliers       int     `db:"suppliers_n"`
	Currency        string  `db:"currency"`
	TotalValue      *string `db:"total_value"` // exact decimal text; nil when no award had a value in Currency
	TopSupplierID   string  `db:"top_supplier_id"`
	TopSupplierName string  `db:"top_supplier_name"`
	// R040: the top supplier's share of the total value (nil with TotalValue) and of the awards.
	TopValueShare *float64 `db:"top_value_share"`
	TopCountShare float64  `db:"top_count_share"`
	// R051: the Herfindahl–Hirschman index of suppliers' value shares, 0 to 10,000 (nil with
	// TotalValue).
	HHI *float64 `db:"hhi"`
}

// concentrationSQL computes procurement_concentration from procurement_awards ($1: the main
// currency). Its definitions (docs/red-flags.md) are:
//   - Awards count as store counts them: status active or absent (not pending, cancelled or
//     unsuccessful), in processes whose tender is not cancelled, with a buyer and a supplier id.
//   - The year is that of the award date in Taiwan time (UTC+8), else of the process date.
//   - An award shared by n suppliers counts 1/n to each, with 1/n of its value: OCDS does not say
//     how the members of a joint award share it. The part of a supplier listed without an id is
//     left out of the totals as well, so shares always add up to 1.
//   - Values count only in the main currency; the count share needs no value.
//   - The top supplier has the largest value (then count, then the smallest id); without values,
//     the largest count. HHI = Σ (100 · value share)², so 10,000 is a single supplier.
const concentrationSQL = `
WITH counted AS (
    SELECT a.buyer_id,
           extract(year FROM (COALESCE(a.date, p.process_date) AT TIME ZONE 'UTC') + interval '8 hours')::int AS year,
           a.ocid, a.award_id, a.supplier_id, a.supplier_name, a.date,
           1.0 / a.supplier_count AS n,
           CASE WHEN a.currency = $1 THEN a.value / a.supplier_count END AS v,
           CASE WHEN a.currency = $1 THEN a.value END AS value, a.supplier_count
    FROM procurement_awards a
    JOIN procurement_processes p ON p.ocid = a.ocid
    WHERE a.buyer_id IS NOT NULL AND a.supplier_id IS NOT NULL
      AND (a.status IS NULL OR a.status NOT IN ('pending', 'cancelled', 'unsuccessful'))
      AND p.tender_status IS DISTINCT FROM 'cancelled'
), by_supplier AS (
    SELECT buyer_id, year, supplier_id, sum(n) AS n, sum(v) AS v,
           (array_agg(supplier_name ORDER BY date DESC NULLS LAST, ocid DESC) FILTER (WHERE supplier_name <> ''))[1] AS name
    FROM counted GROUP BY buyer_id, year, supplier_id
), suppliers AS (
    -- The top supplier of each buyer-year, with the number of suppliers and the sum of squared
    -- values, which makes the HHI without a second pass: Σ (100·v/V)² = 10,000·Σv²/V².
    SELECT DISTINCT ON (buyer_id, year) buyer_id, year, supplier_id, name, n, v,
           count(*) OVER w AS suppliers, sum(v * v) OVER w AS sumsq
    FROM by_supplier
    WINDOW w AS (PARTITION BY buyer_id, year)
    ORDER BY buyer_id, year, v DESC NULLS LAST, n DESC, supplier_id
), totals AS (
    -- k of an award's m suppliers have an id: it counts k/m, with k/m of its value (exactly its
    -- value when all are identified, so totals stay exact decimals).
    SELECT buyer_id, year, count(*) AS awards,
           sum(CASE WHEN k = m THEN 1 ELSE k::numeric / m END) AS n,
           sum(CASE WHEN k = m THEN value ELSE value * k / m END) AS v
    FROM (SELECT buyer_id, year, count(*) AS k, max(supplier_count) AS m, max(value) AS value
          FROM counted GROUP BY buyer_id, year, ocid, award_id) AS by_award
    GROUP BY buyer_id, year
)
INSERT INTO procurement_concentration (buyer_id, year, buyer_name, awards_n, suppliers_n, currency,
    total_value, top_supplier_id, top_supplier_name, top_value_share, top_count_share, hhi)
SELECT t.buyer_id, t.year,
       COALESCE((SELECT p.buyer_name FROM procurement_processes p
                 WHERE p.buyer_id = t.buyer_id AND p.buyer_name <> ''
                 ORDER BY p.process_date DESC LIMIT 1), ''),
       t.awards, s.suppliers, $1, trim_scale(t.v), s.supplier_id, COALESCE(s.name, ''),
       CASE WHEN t.v > 0 THEN LEAST(COALESCE(s.v, 0) / t.v, 1) END,
       LEAST(s.n / t.n, 1),
       CASE WHEN t.v > 0 THEN LEAST(10000 * s.sumsq / (t.v * t.v), 10000) END
FROM totals t
JOIN suppliers s USING (buyer_id, year)`

// writeConcentration fills the (emptied) procurement_concentration and returns its rows.
func writeConcentration(ctx context.Context, tx pgx.Tx, currency string) (int64, error) {
	tag, err := tx.Exec(ctx, concentrationSQL, currency)
	if err != nil {
		return 0, fmt.Errorf("flags: recompute: concentration: %w", err)
	}
	return tag.RowsAffected(), nil
}

const concentrationColumns = `buyer_id, buyer_name, year, awards_n, suppliers_n, currency,
    total_value::text AS total_value, top_supplier_id, top_supplier_name, top_value_share,
    top_count_share, hhi`

// Concentration returns the buyer's concentration figures (R040, R051), latest year first.
func Concentration(ctx context.Context, db database.DB, buyerID string) ([]BuyerYear, error) {
	rows, err := db.Query(ctx, `SELECT `+concentrationColumns+`
FROM procurement_concentration WHERE buyer_id = $1 ORDER BY year DESC`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("flags: concentration: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[BuyerYear])
	if err != nil {
		return nil, fmt.Errorf("flags: concentration: %w", err)
	}
	return out, nil
}

// MostConcentrated returns up to limit buyer-years with at least minAwards awards, the highest
// HHI first (those without values last, by count share), for the flags page. Few awards make any
// buyer look concentrated, hence the minimum.
func MostConcentrated(ctx context.Context, db database.DB, minAwards, limit int) ([]BuyerYear, error) {
	rows, err := db.Query(ctx, `SELECT `+concentrationColumns+`
FROM procurement_concentration WHERE awards_n >= $1
ORDER BY hhi DESC NULLS LAST, top_count_share DESC, awards_n DESC, buyer_id, year DESC
LIMIT $2`, minAwards, limit)
	if err != nil {
		return nil, fmt.Errorf("flags: most concentrated: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[BuyerYear])
	if err != nil {
		return nil, fmt.Errorf("flags: most concentrated: %w", err)
	}
	return out, nil
}
