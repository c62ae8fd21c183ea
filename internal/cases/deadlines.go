package cases

import (
	"context"
	"fmt"
	"sort"
	"time"

	"integrity-portal/internal/database"
)

// Deadlines are the days a case may wait, from its receipt, before each notice to the reporter is
// overdue (DESIGN.md §4, PORTAL_DEADLINE_*). Officers' queues, the statistics and the reporter's
// mailbox all count by these, through Notices.
type Deadlines struct {
	Acknowledge, Feedback, ActAccept, ActResult int
}

// DefaultDeadlines are the configuration's defaults: acknowledgement in 7 days, feedback in 3 months
// (EU directive practice), and the Whistleblower Protection Act's notices of acceptance in 20 days
// and of the result in 6 months.
var DefaultDeadlines = Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}

// Notice is one deadline: what the reporter is promised, within how many days of receipt, and which
// moment keeps the promise (a column of ToldSQL).
type Notice struct {
	Kind    string // acknowledge, feedback, act_accept, act_result (message keys name them by it)
	Days    int
	Told    string // acknowledged, decided or outcome: the ToldSQL column that keeps it
	ActOnly bool   // only for reports under the Whistleblower Protection Act
}

// Notices lists the deadlines, as the statistics report them:
//   - acknowledge: the case was acknowledged (cases.acknowledged_at);
//   - act_accept: the reporter was told whether the case is accepted: it was accepted, or its
//     non-acceptance, transfer or merger was approved;
//   - feedback, act_result: the reporter was told the outcome: a closure was approved, or a
//     suggestion answered.
func (d Deadlines) Notices() []Notice {
	return []Notice{
		{"acknowledge", d.Acknowledge, "acknowledged", false},
		{"feedback", d.Feedback, "outcome", false},
		{"act_accept", d.ActAccept, "decided", true},
		{"act_result", d.ActResult, "outcome", true},
	}
}

// Audit events that tell the reporter whether the case is accepted, and its outcome.
var (
	AcceptanceEvents = []string{"case.accept", "case.approve_closure"}
	OutcomeEvents    = []string{"case.approve_closure", "suggestion.answer"}
)

// ToldSQL selects, for the case c, when the reporter was told each thing Notices speaks of: the
// columns acknowledged, decided and outcome. accept and outcome are the placeholders ($n) of
// AcceptanceEvents and OutcomeEvents.
func ToldSQL(accept, outcome int) string {
	return fmt.Sprintf(`c.acknowledged_at AS acknowledged,
		(SELECT min(l.at) FROM audit_log l WHERE l.case_id = c.id AND l.action = ANY($%d)) AS decided,
		(SELECT min(l.at) FROM audit_log l WHERE l.case_id = c.id AND l.action = ANY($%d)) AS outcome`, accept, outcome)
}

// DueNotice is one deadline of one case: when it falls, and when the reporter was told, if they were.
type DueNotice struct {
	Kind string
	Days int
	Due  time.Time
	Done *time.Time
}

// Overdue reports whether the deadline has passed with the reporter not yet told.
func (n DueNotice) Overdue(now time.Time) bool { return n.Done == nil && n.Due.Before(now) }

// Late reports whether the reporter was told, but after the deadline.
func (n DueNotice) Late() bool { return n.Done != nil && n.Done.After(n.Due) }

// DaysOver is how many calendar days in Taipei the deadline is past, at now (0 on its own day).
func (n DueNotice) DaysOver(now time.Time) int { return -DaysUntil(n.Due, now) }

// CaseDeadlines returns the deadlines that apply to one case, soonest first.
func CaseDeadlines(ctx context.Context, db database.DB, caseID int64, d Deadlines) ([]DueNotice, error) {
	var received time.Time
	var act bool
	var ack, decided, outcome *time.Time
	err := db.QueryRow(ctx, `SELECT c.received_at, c.whistleblower_act, `+ToldSQL(2, 3)+` FROM cases c WHERE c.id = $1`,
		caseID, AcceptanceEvents, OutcomeEvents).Scan(&received, &act, &ack, &decided, &outcome)
	if err != nil {
		return nil, fmt.Errorf("cases: deadlines: %w", err)
	}
	told := map[string]*time.Time{"acknowledged": ack, "decided": decided, "outcome": outcome}
	var out []DueNotice
	for _, n := range d.Notices() {
		if n.ActOnly && !act {
			continue
		}
		out = append(out, DueNotice{Kind: n.Kind, Days: n.Days, Due: received.AddDate(0, 0, n.Days), Done: told[n.Told]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Days < out[j].Days })
	return out, nil
}

// DaysUntil is how many calendar days in Taipei remain from now until t: 0 on the day itself,
// negative once that day has passed.
func DaysUntil(t, now time.Time) int {
	y, m, d := t.In(taipei).Date()
	ny, nm, nd := now.In(taipei).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// taipei is the office's time zone: a deadline's day is the day it is there.
var taipei = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Taipei"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}()
