package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// BuyerFigures is what a buyer's page shows. Spend is the awarded value of the buyer's processes in
// its main currency (the one most of its awarded processes use); processes awarded in another
// currency are counted in OtherCurrency and left out of the sums. Years are those of the process date
// (tender start, else award date), in Taiwan time, as the search's year filter reads them.
type BuyerFigures struct {
	ID, Name      string
	Processes     int
	Currency      *string      // the main currency; nil when no process has an awarded value
	OtherCurrency int          // awarded processes in another currency, left out of the sums
	ByYear        []ValueGroup // Year; N processes, Value their awarded value in Currency
	ByMethod      []ValueGroup // Key: procurementMethod, "" when not given
	// SingleBid processes had exactly one tenderer, of KnownBids whose number of tenderers is known.
	SingleBid, KnownBids int
	Suppliers            Concentration
}

// Concentration is how the buyer's awarded value (in its main currency, counted awards with a value
// and an identified supplier, joint awards split equally) is shared among its suppliers.
type Concentration struct {
	Awards    int     // awards counted: the n of the HHI
	Suppliers int     // distinct suppliers among them
	Total     *string // their value
	// HHI is the Herfindahl–Hirschman index of the suppliers' shares of value, 0 to 10,000 (one
	// supplier with everything); nil when nothing was counted or the total is zero.
	HHI *float64
	Top []SupplierShare // the largest suppliers by value, at most TopSuppliers
}

// SupplierShare is one supplier's part of a buyer's awards.
type SupplierShare struct {
	ID, Name   string
	Value      string
	Awards     int
	ValueShare *float64 // 0–1
	CountShare float64  // 0–1, of Concentration.Awards
}

// TopSuppliers is how many suppliers a buyer's page lists.
const TopSuppliers = 10

// Buyer computes a buyer's figures in two statements, or returns ErrNotFound when no process names
// the buyer.
//
// The first statement groups the buyer's processes once, by year, method and currency, reading only
// the index procurement_processes_buyer (migration 017), then makes the year, method and total rows
// from those few groups; the busiest buyers have a hundred thousand processes in a million.
func Buyer(ctx context.Context, db database.DB, id string) (BuyerFigures, error) {
	f := BuyerFigures{ID: id}
	rows, err := db.Query(ctx, `
WITH g AS (
    SELECT extract(year FROM process_date AT TIME ZONE INTERVAL '+08:00')::int AS year,
        COALESCE(procurement_method, '') AS method, award_currency AS currency,
        count(*) AS n, count(award_value) AS valued, sum(award_value) AS value,
        count(*) FILTER (WHERE number_of_tenderers = 1) AS single, count(number_of_tenderers) AS known
    FROM procurement_processes WHERE buyer_id = $1
    GROUP BY 1, 2, 3
), main AS (
    SELECT currency FROM g WHERE currency IS NOT NULL
    GROUP BY currency HAVING sum(valued) > 0 ORDER BY sum(valued) DESC, currency LIMIT 1
)
SELECT GROUPING(year) = 0 AS by_year, GROUPING(method) = 0 AS by_method,
    COALESCE(year, 0), COALESCE(method, ''), COALESCE(sum(n), 0)::bigint,
    sum(value) FILTER (WHERE g.currency = main.currency)::text,
    COALESCE(sum(valued) FILTER (WHERE g.currency IS DISTINCT FROM main.currency), 0)::bigint,
    COALESCE(sum(single), 0)::bigint, COALESCE(sum(known), 0)::bigint,
    (SELECT buyer_name FROM procurement_processes WHERE buyer_id = $1 ORDER BY process_date DESC LIMIT 1),
    min(main.currency)
FROM g LEFT JOIN main ON true
GROUP BY GROUPING SETS ((year), (method), ())
ORDER BY 1, 2, 3, 5 DESC, 4`, id)
	if err != nil {
		return f, fmt.Errorf("store: buyer: %w", err)
	}
	var byYear, byMethod bool
	var g ValueGroup
	var other, single, known int
	var name, currency *string
	_, err = pgx.ForEachRow(rows, []any{&byYear, &byMethod, &g.Year, &g.Key, &g.N, &g.Value, &other, &single, &known, &name, &currency}, func() error {
		switch {
		case byYear:
			f.ByYear = append(f.ByYear, ValueGroup{Year: g.Year, N: g.N, Value: g.Value})
		case byMethod:
			f.ByMethod = append(f.ByMethod, ValueGroup{Key: g.Key, N: g.N, Value: g.Value})
		default:
			f.Processes, f.OtherCurrency, f.SingleBid, f.KnownBids = g.N, other, single, known
			f.Name, f.Currency = deref(name), currency
		}
		return nil
	})
	if err != nil {
		return f, fmt.Errorf("store: buyer: %w", err)
	}
	if f.Processes == 0 {
		return f, ErrNotFound
	}
	if f.Currency != nil {
		if f.Suppliers, err = concentration(ctx, db, id, *f.Currency); err != nil {
			return f, err
		}
	}
	return f, nil
}

// concentration computes the suppliers' shares of a buyer's awards in currency, and their HHI. It
// reads only the index procurement_awards_buyer (migration 017), and the names of the top suppliers
// alone.
func concentration(ctx context.Context, db database.DB, buyer, currency string) (Concentration, error) {
	var c Concentration
	rows, err := db.Query(ctx, `
WITH aw AS (
    SELECT a.ocid, a.award_id, a.supplier_id, a.value / a.supplier_count AS part
    FROM procurement_awards a
    WHERE a.buyer_id = $1 AND a.currency = $2 AND a.value IS NOT NULL AND a.supplier_id IS NOT NULL
        AND `+countedAward+`
), s AS (
    SELECT supplier_id, sum(part) AS value, count(*) AS awards
    FROM aw GROUP BY supplier_id
), t AS (
    SELECT sum(value) AS total, count(*) AS suppliers, sum(value * value) AS squares,
        (SELECT count(*) FROM (SELECT DISTINCT ocid, award_id FROM aw) AS d) AS awards
    FROM s
)
SELECT t.awards, t.suppliers, trim_scale(round(t.total, 2))::text,
    (t.squares / NULLIF(t.total * t.total, 0) * 10000)::float8,
    top.supplier_id,
    (SELECT max(a.supplier_name) FROM procurement_awards a
     WHERE a.buyer_id = $1 AND a.supplier_id = top.supplier_id AND a.currency = $2 AND a.value IS NOT NULL
        AND `+countedAward+`),
    trim_scale(round(top.value, 2))::text, top.awards, (top.value / NULLIF(t.total, 0))::float8
FROM t LEFT JOIN LATERAL (
    SELECT * FROM s ORDER BY value DESC, supplier_id LIMIT $3
) AS top ON true`, buyer, currency, TopSuppliers)
	if err != nil {
		return c, fmt.Errorf("store: buyer suppliers: %w", err)
	}
	var id, name, value *string
	var awards *int
	var share *float64
	_, err = pgx.ForEachRow(rows, []any{&c.Awards, &c.Suppliers, &c.Total, &c.HHI, &id, &name, &value, &awards, &share}, func() error {
		if id == nil {
			return nil
		}
		s := SupplierShare{ID: *id, Name: deref(name), Value: deref(value), ValueShare: share}
		if awards != nil {
			s.Awards = *awards
		}
		if c.Awards > 0 {
			s.CountShare = float64(s.Awards) / float64(c.Awards)
		}
		c.Top = append(c.Top, s)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("store: buyer suppliers: %w", err)
	}
	return c, nil
}
