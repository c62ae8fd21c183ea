package store

import (
	"context"
	"fmt"
	"time"

	"integrity-portal/internal/database"
)

// CityBenchmark is what a buyer's figures are set beside: the same figures over every buyer's
// processes of the same years (process date, in Taiwan time, as the buyer's own years).
type CityBenchmark struct {
	FromYear, ToYear int
	// SingleBid processes had one tenderer, of KnownBids that give the number: the city-wide rate.
	SingleBid, KnownBids int
	// Buyers is how many buyers had at least BenchmarkMinAwards counted awards with a value in the
	// currency; the medians are of their HHIs and top suppliers' value shares (0–1), each computed
	// as a buyer's page computes its own. Nil when no buyer had that many.
	Buyers         int
	MedianHHI      *float64
	MedianTopShare *float64
}

// BenchmarkMinAwards is how many awards a buyer needs to count in the medians: with fewer, any buyer
// looks concentrated (the flags page uses the same floor).
const BenchmarkMinAwards = 10

// Benchmark computes the city-wide figures for the years from–to and the currency. It reads every
// process and award of those years: callers cache it (portal's benchmark cache).
func Benchmark(ctx context.Context, db database.DB, from, to int, currency string) (CityBenchmark, error) {
	b := CityBenchmark{FromYear: from, ToYear: to}
	start := time.Date(from, 1, 1, 0, 0, 0, 0, taipei)
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, taipei)
	err := db.QueryRow(ctx, `
WITH aw AS (
    SELECT a.buyer_id, a.ocid, a.award_id, a.supplier_id, a.value / a.supplier_count AS part
    FROM procurement_awards a JOIN procurement_processes p USING (ocid)
    WHERE p.process_date >= $1 AND p.process_date < $2 AND a.currency = $3 AND a.value IS NOT NULL
        AND a.supplier_id IS NOT NULL AND a.buyer_id IS NOT NULL AND `+countedAward+`
), s AS (
    SELECT buyer_id, supplier_id, sum(part) AS value FROM aw GROUP BY buyer_id, supplier_id
), b AS (
    SELECT buyer_id, sum(value) AS total, sum(value * value) AS squares, max(value) AS top
    FROM s GROUP BY buyer_id
), n AS (
    SELECT buyer_id, count(*) AS awards FROM (SELECT DISTINCT buyer_id, ocid, award_id FROM aw) AS d GROUP BY buyer_id
), counted AS (
    SELECT (b.squares / (b.total * b.total) * 10000)::float8 AS hhi, (b.top / b.total)::float8 AS top_share
    FROM b JOIN n USING (buyer_id) WHERE n.awards >= $4 AND b.total > 0
)
SELECT (SELECT count(*) FROM counted),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hhi) FROM counted),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY top_share) FROM counted),
    count(*) FILTER (WHERE number_of_tenderers = 1), count(number_of_tenderers)
FROM procurement_processes WHERE process_date >= $1 AND process_date < $2`,
		start, end, currency, BenchmarkMinAwards).Scan(&b.Buyers, &b.MedianHHI, &b.MedianTopShare, &b.SingleBid, &b.KnownBids)
	if err != nil {
		return b, fmt.Errorf("store: benchmark: %w", err)
	}
	return b, nil
}

// DataVersion names the latest transaction that wrote processes (procurement_changes), "" before
// any: a cache of figures computed from the processes is current while it is unchanged.
func DataVersion(ctx context.Context, db database.DB) (string, error) {
	var v string
	err := db.QueryRow(ctx, `SELECT COALESCE((SELECT xid::text FROM procurement_changes ORDER BY xid DESC LIMIT 1), '')`).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("store: data version: %w", err)
	}
	return v, nil
}
