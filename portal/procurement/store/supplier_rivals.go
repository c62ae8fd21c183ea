package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// SupplierRivals is what a supplier's page shows of the tenders it bid in, from the published bidder
// lists (tender/tenderers): those it lost, and the other bidders it met most often.
type SupplierRivals struct {
	Lost      int        // processes awarded to others only, whose bidder list names the supplier
	LostBids  []LostBid  // the latest of them, newest first, at most RivalRows
	CoBidders []CoBidder // the other bidders it met most, at most RivalRows
	Met       int        // processes with a bidder list that names it beside at least one other
}

// LostBid is a process the supplier bid in and others won.
type LostBid struct {
	OCID      string    `db:"ocid"`
	Title     string    `db:"title"`
	BuyerID   *string   `db:"buyer_id"`
	BuyerName string    `db:"buyer_name"`
	Date      time.Time `db:"process_date"`
	Price     *string   `db:"price"` // its own bid's amount, from bids/details, when published
	Currency  *string   `db:"currency"`
	Winners   []string  `db:"winners"` // the suppliers' names
	Award     *string   `db:"award_value"`
	AwardCur  *string   `db:"award_currency"`
}

// CoBidder is another bidder of the same processes, with who won them.
type CoBidder struct {
	ID          string `db:"id"`
	Name        string `db:"name"`
	Together    int    `db:"together"`     // processes both bid in
	SupplierWon int    `db:"supplier_won"` // of those, won by the supplier of the page
	TheyWon     int    `db:"they_won"`     // of those, won by this bidder
}

// RivalRows is how many lost bids and co-bidders a supplier's page lists.
const RivalRows = 10

// Rivals reads the supplier's lost bids and co-bidders. Like the win rate, it counts from the
// bidders of each process (procurement_bidders, migration 030); a process counts as lost once it has
// a counted award and the supplier is not among its suppliers.
func Rivals(ctx context.Context, db database.DB, id string) (SupplierRivals, error) {
	var r SupplierRivals
	// Its own bid's price is read from the compiled releases of the listed processes only.
	bidder, _ := json.Marshal([]map[string]string{{"id": id}})
	rows, err := db.Query(ctx, `
WITH lost AS (
    SELECT p.ocid, p.title, p.buyer_id, p.buyer_name, p.process_date, p.award_value, p.award_currency
    FROM procurement_processes p
    WHERE p.ocid IN (SELECT ocid FROM procurement_bidders WHERE id = $1 AND awarded AND NOT won)
    ORDER BY p.process_date DESC, p.ocid DESC
    LIMIT $3
)
SELECT l.ocid, l.title, l.buyer_id, l.buyer_name, l.process_date, bid.price, bid.currency,
    ARRAY(SELECT DISTINCT a.supplier_name FROM procurement_awards a
          WHERE a.ocid = l.ocid AND a.supplier_name <> '' AND `+countedAward+` ORDER BY 1) AS winners,
    l.award_value::text AS award_value, l.award_currency
FROM lost l JOIN procurement_processes p USING (ocid)
LEFT JOIN LATERAL (
    SELECT d -> 'value' ->> 'amount' AS price, d -> 'value' ->> 'currency' AS currency
    FROM jsonb_array_elements(CASE jsonb_typeof(p.compiled -> 'bids' -> 'details')
        WHEN 'array' THEN p.compiled -> 'bids' -> 'details' ELSE '[]' END) AS d
    WHERE jsonb_typeof(d -> 'tenderers') = 'array' AND d -> 'tenderers' @> $2::jsonb LIMIT 1) AS bid ON true
ORDER BY l.process_date DESC, l.ocid DESC`, id, string(bidder), RivalRows)
	if err != nil {
		return r, fmt.Errorf("store: lost bids: %w", err)
	}
	if r.LostBids, err = pgx.CollectRows(rows, pgx.RowToStructByName[LostBid]); err != nil {
		return r, fmt.Errorf("store: lost bids: %w", err)
	}

	// One pass over the processes it bid in counts the lost ones and meets the other bidders.
	rows, err = db.Query(ctx, `
WITH mine AS (
    SELECT DISTINCT ocid, won, awarded FROM procurement_bidders WHERE id = $1
), others AS (
    SELECT m.ocid, m.won AS supplier_won, b.won AS they_won, b.id, b.name
    FROM mine m JOIN procurement_bidders b ON b.ocid = m.ocid AND b.id <> $1
), top AS (
    SELECT id, max(name) AS name, count(DISTINCT ocid) AS together,
        count(DISTINCT ocid) FILTER (WHERE supplier_won) AS supplier_won,
        count(DISTINCT ocid) FILTER (WHERE they_won) AS they_won
    FROM others GROUP BY id
    ORDER BY together DESC, id LIMIT $2
)
SELECT (SELECT count(*) FROM mine WHERE awarded AND NOT won),
    (SELECT count(DISTINCT ocid) FROM others),
    top.id, COALESCE(top.name, ''), COALESCE(top.together, 0), COALESCE(top.supplier_won, 0), COALESCE(top.they_won, 0)
FROM (SELECT 1) AS one LEFT JOIN top ON true
ORDER BY top.together DESC, top.id`, id, RivalRows)
	if err != nil {
		return r, fmt.Errorf("store: co-bidders: %w", err)
	}
	var c CoBidder
	var cid *string
	_, err = pgx.ForEachRow(rows, []any{&r.Lost, &r.Met, &cid, &c.Name, &c.Together, &c.SupplierWon, &c.TheyWon}, func() error {
		if cid != nil {
			c.ID = *cid
			r.CoBidders = append(r.CoBidders, c)
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("store: co-bidders: %w", err)
	}
	return r, nil
}
