package admin

import (
	"context"
	"fmt"
	"time"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
)

// DeadlineRate is how the cases received in a period kept one deadline: Met of the Due cases were told
// in time. A case counts once its deadline has passed or it was told in time; a case still within its
// days and not yet told is not counted either way.
type DeadlineRate struct {
	Kind     string // acknowledge, feedback, act_accept, act_result: as the queue's deadlines (admin.due.*)
	Days     int
	Met, Due int
}

// Text writes the rate as the integrity meeting reads it, "18 / 20 (90%)", or a dash with no case due.
// The counts are held together by no-break spaces, so a narrow column breaks only before the share.
func (r DeadlineRate) Text() string {
	if r.Due == 0 {
		return "—"
	}
	return fmt.Sprintf("%d\u00a0/\u00a0%d (%d%%)", r.Met, r.Due, r.Met*100/r.Due)
}

// ComputeDeadlineRates reads how the cases received in [from, to) kept each deadline.
func ComputeDeadlineRates(ctx context.Context, db database.DB, d Deadlines, from, to time.Time) ([]DeadlineRate, error) {
	// The deadlines and the moments that keep them are internal/cases' (Deadlines.Notices), the same
	// the queue, the dashboard and the reporter's mailbox count by.
	notices := d.Notices()
	sel := ""
	args := []any{from, to, cases.AcceptanceEvents, cases.OutcomeEvents}
	for _, n := range notices {
		args = append(args, n.Days)
		due := fmt.Sprintf("received_at + make_interval(days => $%d::int)", len(args))
		scope := "true"
		if n.ActOnly {
			scope = "whistleblower_act"
		}
		sel += fmt.Sprintf(", count(*) FILTER (WHERE %[1]s AND %[2]s <= %[3]s)::int, count(*) FILTER (WHERE %[1]s AND (%[2]s <= %[3]s OR %[3]s < now()))::int",
			scope, n.Told, due)
	}
	row := db.QueryRow(ctx, `
		WITH c AS (
		    SELECT c.received_at, c.whistleblower_act, `+cases.ToldSQL(3, 4)+`
		    FROM cases c WHERE c.received_at >= $1 AND c.received_at < $2)
		SELECT true`+sel+` FROM c`, args...)
	rates := make([]DeadlineRate, len(notices))
	dest := []any{new(bool)}
	for i, n := range notices {
		rates[i] = DeadlineRate{Kind: n.Kind, Days: n.Days}
		dest = append(dest, &rates[i].Met, &rates[i].Due)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, fmt.Errorf("stats deadlines: %w", err)
	}
	return rates, nil
}
