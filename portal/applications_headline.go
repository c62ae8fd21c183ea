package portal

import (
	"context"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
)

// headline is what the pages lead with, in the manner of a performance dashboard: the share
// closed on time over the window beside the city's and beside the twelve months before, what is
// still open, and how long applications typically take, each with the period it covers.
type headline struct {
	Figures    figures
	City       rate // the city's on-time rate over the same months (an agency's page)
	Prev       rate // the same on-time rate over the twelve months before
	IsCity     bool // the headline is the city's own: no city to compare with
	PrevWindow string
}

// readHeadline sets f, the window's figures of agency (0: the city), against the city's on-time
// rate over w and its own over the twelve months before w. One pass over the agency's and the
// city's monthly rows of both years.
func readHeadline(ctx context.Context, db database.DB, lang i18n.Lang, agency int32, f figures, w window) (headline, error) {
	prev := w.previous()
	h := headline{Figures: f, IsCity: agency == 0, PrevWindow: monthSpanShort(lang, prev.First, prev.Last)}
	var prevTimed, prevOnTime, cityTimed, cityOnTime int
	err := db.QueryRow(ctx, `SELECT
			COALESCE(sum(timed) FILTER (WHERE agency_id = $1 AND month < $3), 0)::int,
			COALESCE(sum(on_time) FILTER (WHERE agency_id = $1 AND month < $3), 0)::int,
			COALESCE(sum(timed) FILTER (WHERE agency_id = 0 AND month >= $3), 0)::int,
			COALESCE(sum(on_time) FILTER (WHERE agency_id = 0 AND month >= $3), 0)::int
		FROM application_stats
		WHERE service_id = 0 AND agency_id IN (0, $1) AND month BETWEEN $2 AND $4`,
		agency, prev.First, w.First, w.Last).Scan(&prevTimed, &prevOnTime, &cityTimed, &cityOnTime)
	h.Prev, h.City = rate{number(prevOnTime), number(prevTimed)}, rate{number(cityOnTime), number(cityTimed)}
	return h, err
}
