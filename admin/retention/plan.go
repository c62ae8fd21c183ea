package retention

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Item is a closed case the retention rules act on.
type Item struct {
	CaseID   int64
	Kind     string  // report or suggestion
	Outcome  *string // nil for suggestions
	ClosedAt time.Time
	Due      time.Time  // when its period runs out
	WarnedAt *time.Time // when officers were warned, if they were
}

// Plan is what a run would do at a given time.
type Plan struct {
	Warn  []Item // due within WarnAhead and not yet warned
	Shred []Item // due, and warned at least WarnAhead ago
}

// dueSQL lists closed cases due by $3, with their due date: closure plus the period of their outcome
// ($1, a JSON object of days), or the longest period ($2) when the outcome is unknown.
const dueSQL = `
	SELECT id, kind, outcome, closed_at, due, retention_warned_at FROM (
	    SELECT id, kind, outcome, closed_at, retention_warned_at,
	           closed_at + make_interval(days => coalesce(
	               ($1::jsonb ->> CASE WHEN kind = 'suggestion' THEN 'suggestion' ELSE outcome END)::int, $2)) AS due
	    FROM cases WHERE status = 'closed' AND closed_at IS NOT NULL
	) c WHERE due <= $3 ORDER BY due, id`

// MakePlan reads which cases to warn about and which to shred at now.
func MakePlan(ctx context.Context, db database.DB, p Periods, now time.Time) (Plan, error) {
	periods, longest := p.sqlArgs()
	rows, _ := db.Query(ctx, dueSQL, periods, longest, now.Add(WarnAhead))
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Item])
	if err != nil {
		return Plan{}, fmt.Errorf("retention plan: %w", err)
	}
	var plan Plan
	for _, it := range items {
		switch {
		case it.WarnedAt == nil:
			plan.Warn = append(plan.Warn, it)
		case !it.Due.After(now) && !it.WarnedAt.Add(WarnAhead).After(now):
			plan.Shred = append(plan.Shred, it)
		}
	}
	return plan, nil
}
