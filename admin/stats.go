package admin

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Stats are the integrity meeting's (廉政會報) figures for a period: counts of the cases received in
// it by dimension, referrals made in it, how long acknowledgement and closure took, and what is overdue
// now. Metadata only: nothing here needs or reveals case content.
type Stats struct {
	From, To    time.Time // To is exclusive
	Received    int
	ByDimension map[string][]StatRow // "category", "agency", "channel", "status", "outcome", "kind"
	Referrals   []ReferralRow
	Acknowledge Durations
	Closure     Durations
	Deadlines   []DeadlineRate // how the period's cases kept each deadline
	Overdue     []StatRow
}

// StatRow is one count. Key is a code, or an agency's Chinese name (NameEn its English name).
type StatRow struct {
	Key    string
	N      int
	NameEn string
}

// ReferralRow counts the referrals of one kind to one addressee.
type ReferralRow struct {
	Kind, Addressee string
	N               int
}

// Durations are median and 90th percentile days, over N cases.
type Durations struct {
	N           int
	Median, P90 *float64
}

// MedianText and P90Text write the days to one decimal, or a dash when no case has them.
func (d Durations) MedianText() string { return daysText(d.Median) }
func (d Durations) P90Text() string    { return daysText(d.P90) }

func daysText(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f", *v)
}

// Dimensions in the order the page shows them.
var Dimensions = []string{"kind", "category", "agency", "channel", "status", "outcome"}

// ComputeStats reads the figures for [from, to).
func ComputeStats(ctx context.Context, db database.DB, d Deadlines, from, to time.Time) (Stats, error) {
	s := Stats{From: from, To: to, ByDimension: map[string][]StatRow{}}
	period := `received_at >= $1 AND received_at < $2`
	if err := db.QueryRow(ctx, `SELECT count(*) FROM cases WHERE `+period, from, to).Scan(&s.Received); err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	exprs := map[string]string{
		"kind": "c.kind", "category": "c.category", "channel": "c.channel", "status": "c.status",
		"outcome": "coalesce(c.outcome, '" + OutcomeNone + "')", "agency": "coalesce(a.name_zh, '')",
	}
	for _, dim := range Dimensions {
		en := "''"
		if dim == "agency" {
			en = "coalesce(a.name_en, '')"
		}
		rows, _ := db.Query(ctx, `SELECT `+exprs[dim]+` AS k, count(*)::int, `+en+` FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id
			WHERE c.`+period+` GROUP BY k, 3 ORDER BY count(*) DESC, k`, from, to)
		list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StatRow])
		if err != nil {
			return s, fmt.Errorf("stats %s: %w", dim, err)
		}
		s.ByDimension[dim] = list
	}
	rows, _ := db.Query(ctx, `SELECT kind, addressee, count(*)::int FROM referrals
		WHERE referred_on >= $1::date AND referred_on < $2::date GROUP BY 1, 2 ORDER BY 1, 2`, from, to)
	var err error
	if s.Referrals, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ReferralRow]); err != nil {
		return s, fmt.Errorf("stats referrals: %w", err)
	}
	durations := func(end string) (Durations, error) {
		var d Durations
		err := db.QueryRow(ctx, `SELECT count(*)::int,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM `+end+` - received_at) / 86400),
			percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM `+end+` - received_at) / 86400)
			FROM cases WHERE `+period+` AND `+end+` IS NOT NULL`, from, to).Scan(&d.N, &d.Median, &d.P90)
		return d, err
	}
	if s.Acknowledge, err = durations("acknowledged_at"); err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	if s.Closure, err = durations("closed_at"); err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	if s.Deadlines, err = ComputeDeadlineRates(ctx, db, d, from, to); err != nil {
		return s, err
	}
	rows, _ = db.Query(ctx, `
		SELECT k, count(*)::int, '' FROM (
		    SELECT 'acknowledge' AS k FROM cases WHERE status = 'received' AND received_at + make_interval(days => $1) < now()
		    UNION ALL SELECT 'feedback' FROM cases WHERE status NOT IN ('closed', 'closure_pending', 'shredded') AND received_at + make_interval(days => $2) < now()
		    UNION ALL SELECT 'act_accept' FROM cases WHERE whistleblower_act AND status IN ('received', 'triage') AND received_at + make_interval(days => $3) < now()
		    UNION ALL SELECT 'act_result' FROM cases WHERE whistleblower_act AND status NOT IN ('closed', 'shredded') AND received_at + make_interval(days => $4) < now()
		) o GROUP BY k ORDER BY k`, d.Acknowledge, d.Feedback, d.ActAccept, d.ActResult)
	if s.Overdue, err = pgx.CollectRows(rows, pgx.RowToStructByPos[StatRow]); err != nil {
		return s, fmt.Errorf("stats overdue: %w", err)
	}
	return s, nil
}
