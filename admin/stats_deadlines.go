package admin

import (
	"context"
	"fmt"
	"time"

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

// deadlineNotices says, for each deadline, which moment tells the reporter what it promises and
// whether it applies to Whistleblower Protection Act cases only. The days are the configured
// Deadlines, the same the queue and the dashboard count by.
//   - acknowledge: the case was acknowledged (cases.acknowledged_at);
//   - act_accept: the reporter was told whether the case is accepted: it was accepted, or its
//     non-acceptance, transfer or merger was approved;
//   - feedback, act_result: the reporter was told the outcome: a closure was approved, or a
//     suggestion answered.
func deadlineNotices(d Deadlines) []deadlineNotice {
	return []deadlineNotice{
		{"acknowledge", d.Acknowledge, "acknowledged_at", false},
		{"feedback", d.Feedback, "told_at", false},
		{"act_accept", d.ActAccept, "decided_at", true},
		{"act_result", d.ActResult, "told_at", true},
	}
}

type deadlineNotice struct {
	kind    string
	days    int
	at      string // the column of the moment the reporter was told (see ComputeDeadlineRates)
	actOnly bool
}

// Audit events that tell the reporter whether the case is accepted, and its outcome.
var (
	acceptanceEvents = []string{"case.accept", "case.approve_closure"}
	outcomeEvents    = []string{"case.approve_closure", "suggestion.answer"}
)

// ComputeDeadlineRates reads how the cases received in [from, to) kept each deadline.
func ComputeDeadlineRates(ctx context.Context, db database.DB, d Deadlines, from, to time.Time) ([]DeadlineRate, error) {
	notices := deadlineNotices(d)
	sel := ""
	args := []any{from, to, acceptanceEvents, outcomeEvents}
	for _, n := range notices {
		args = append(args, n.days)
		due := fmt.Sprintf("received_at + make_interval(days => $%d::int)", len(args))
		scope := "true"
		if n.actOnly {
			scope = "whistleblower_act"
		}
		sel += fmt.Sprintf(", count(*) FILTER (WHERE %[1]s AND %[2]s <= %[3]s)::int, count(*) FILTER (WHERE %[1]s AND (%[2]s <= %[3]s OR %[3]s < now()))::int",
			scope, n.at, due)
	}
	row := db.QueryRow(ctx, `
		WITH c AS (
		    SELECT c.received_at, c.whistleblower_act, c.acknowledged_at,
		           (SELECT min(l.at) FROM audit_log l WHERE l.case_id = c.id AND l.action = ANY($3)) AS decided_at,
		           (SELECT min(l.at) FROM audit_log l WHERE l.case_id = c.id AND l.action = ANY($4)) AS told_at
		    FROM cases c WHERE c.received_at >= $1 AND c.received_at < $2)
		SELECT true`+sel+` FROM c`, args...)
	rates := make([]DeadlineRate, len(notices))
	dest := []any{new(bool)}
	for i, n := range notices {
		rates[i] = DeadlineRate{Kind: n.kind, Days: n.days}
		dest = append(dest, &rates[i].Met, &rates[i].Due)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, fmt.Errorf("stats deadlines: %w", err)
	}
	return rates, nil
}
