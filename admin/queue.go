package admin

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
)

// QueueCase is a case as lists show it: metadata only, with its nearest deadline.
type QueueCase struct {
	ID               int64
	Kind             string
	Category         string
	AgencyZh         *string
	AgencyEn         *string
	Status           string
	Channel          string
	WhistleblowerAct bool
	ReceivedAt       time.Time
	AssigneeName     *string
	DueKind          *string // which deadline is nearest: acknowledge, feedback, act_accept, act_result
	DueAt            *time.Time
	Subject          string `db:"-"` // opened from its seal for the page's rows only (case_subject.go)
}

// DueLabel is the message key that names the nearest deadline (the templates cannot dereference
// DueKind inside printf, which printed the pointer's address).
func (q QueueCase) DueLabel() string {
	if q.DueKind == nil {
		return ""
	}
	return "admin.due." + *q.DueKind
}

// DueDays is how many calendar days in Taipei remain until the nearest deadline: 0 on the day
// itself, negative once it has passed.
func (q QueueCase) DueDays() int { return daysUntil(q.DueAt, time.Now()) }

func daysUntil(due *time.Time, now time.Time) int {
	if due == nil {
		return 0
	}
	return cases.DaysUntil(*due, now)
}

// DueCount is the message key that says how far the deadline is: days left, due today, or days
// overdue; DueCountDays is its number.
func (q QueueCase) DueCount() string {
	switch n := q.DueDays(); {
	case q.DueAt == nil:
		return ""
	case n == 0 && q.Overdue():
		return "admin.due.today_passed"
	case n == 0:
		return "admin.due.today"
	case n == 1:
		return "admin.due.left_one"
	case n > 0:
		return "admin.due.left"
	case n == -1:
		return "admin.due.over_one"
	}
	return "admin.due.over"
}

// DueCountDays is the number of days DueCount speaks of, never negative.
func (q QueueCase) DueCountDays() int { return max(q.DueDays(), -q.DueDays()) }

// Overdue reports whether the nearest deadline has passed.
func (q QueueCase) Overdue() bool { return q.DueAt != nil && q.DueAt.Before(time.Now()) }

// SoonDue reports whether the nearest deadline falls within three days.
func (q QueueCase) SoonDue() bool {
	return q.DueAt != nil && !q.Overdue() && q.DueAt.Before(time.Now().Add(72*time.Hour))
}

// visibleCases is the case list an officer may see: the cases they hold a grant for. The grant is the
// authorization, inside the query. Every deadline runs from the day of receipt, so a case's nearest
// due notice is its receipt plus the fewest days among the deadlines that apply to its state: plain
// column arithmetic, cheap enough to filter and sort a hundred thousand cases by.
const visibleCases = `
SELECT v.id, v.kind, v.category, a.name_zh, a.name_en, v.status, v.channel, v.whistleblower_act, v.received_at,
       o.display_name,
       CASE v.due_days WHEN v.ack THEN 'acknowledge' WHEN v.act_accept THEN 'act_accept'
                       WHEN v.feedback THEN 'feedback' WHEN v.act_result THEN 'act_result' END,
       v.received_at + make_interval(days => v.due_days)
FROM (
    SELECT c.*, LEAST(x.ack, x.act_accept, x.feedback, x.act_result) AS due_days, x.ack, x.act_accept, x.feedback, x.act_result
    FROM cases c
    CROSS JOIN LATERAL (SELECT
        CASE WHEN c.status = 'received' THEN @ack::int END AS ack,
        CASE WHEN c.whistleblower_act AND c.status IN ('received', 'triage') THEN @act_accept::int END AS act_accept,
        CASE WHEN c.status NOT IN ('closed', 'closure_pending') THEN @feedback::int END AS feedback,
        CASE WHEN c.whistleblower_act AND c.status <> 'closed' THEN @act_result::int END AS act_result
    ) x
    WHERE c.status <> 'shredded'
      AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = @officer)
) v
LEFT JOIN agencies a ON a.id = v.agency_id
LEFT JOIN officers o ON o.id = v.assignee_id
WHERE true
`

// Filter narrows the case list. Zero values mean "any".
type Filter struct {
	ID                              int64 // one case by its number
	Status, Category, Kind, Channel string
	Assignee                        string // "me", "none" or ""
	Overdue                         bool   // the same as Due "overdue"
	Due                             string // the nearest deadline: "overdue", "soon" (within 3 days), "later", "none"
	Act                             bool   // Whistleblower Protection Act cases only
	From, To                        *time.Time
	Sort                            string // "received" (newest first, default), "oldest", "due"
	Page                            int    // from 1
}

// PageSize is how many cases a list page shows.
const PageSize = 50

// ListCases returns one page of the cases officerID may see, and whether there is another page.
func ListCases(ctx context.Context, db database.DB, officerID int64, d Deadlines, f Filter) ([]QueueCase, bool, error) {
	where, args := "", pgx.NamedArgs{
		"officer": officerID, "ack": d.Acknowledge, "feedback": d.Feedback, "act_accept": d.ActAccept, "act_result": d.ActResult,
	}
	add := func(cond, name string, v any) {
		where += " AND " + cond
		args[name] = v
	}
	if f.ID != 0 {
		add("v.id = @id", "id", f.ID)
	}
	if f.Status != "" {
		add("v.status = @status", "status", f.Status)
	}
	if f.Act {
		where += " AND v.whistleblower_act"
	}
	if f.Category != "" {
		add("v.category = @category", "category", f.Category)
	}
	if f.Kind != "" {
		add("v.kind = @kind", "kind", f.Kind)
	}
	if f.Channel != "" {
		add("v.channel = @channel", "channel", f.Channel)
	}
	switch f.Assignee {
	case "me":
		add("v.assignee_id = @me", "me", officerID)
	case "none":
		where += " AND v.assignee_id IS NULL"
	}
	const dueAt = "v.received_at + make_interval(days => v.due_days)"
	switch {
	case f.Overdue || f.Due == "overdue":
		where += " AND " + dueAt + " < now()"
	case f.Due == "soon":
		where += " AND " + dueAt + " >= now() AND " + dueAt + " < now() + interval '72 hours'"
	case f.Due == "later":
		where += " AND " + dueAt + " >= now() + interval '72 hours'"
	case f.Due == "none":
		where += " AND v.due_days IS NULL"
	}
	if f.From != nil {
		add("v.received_at >= @from", "from", *f.From)
	}
	if f.To != nil {
		add("v.received_at < @to", "to", f.To.AddDate(0, 0, 1))
	}
	order := "v.received_at DESC, v.id DESC"
	switch f.Sort {
	case "oldest":
		order = "v.received_at, v.id"
	case "due":
		order = "v.received_at + make_interval(days => v.due_days) NULLS LAST, v.id"
	}
	page := max(f.Page, 1)
	args["limit"], args["offset"] = PageSize+1, (page-1)*PageSize
	rows, _ := db.Query(ctx, visibleCases+where+" ORDER BY "+order+" LIMIT @limit OFFSET @offset", args)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[QueueCase])
	if err != nil {
		return nil, false, fmt.Errorf("admin: list cases: %w", err)
	}
	more := len(list) > PageSize
	if more {
		list = list[:PageSize]
	}
	return list, more, nil
}

// PendingApproval is a proposal waiting for a supervisor, as the dashboard's 「待核定」 queue lists it.
type PendingApproval struct {
	ID         int64
	CaseID     int64
	Kind       string
	Proposer   string
	ProposedAt time.Time
}

// Waiting is how long the proposal has waited, in the largest whole unit, as a message key and its
// number: "3 天", "5 小時"; the singulars and "under an hour" need no number (0).
func (p PendingApproval) Waiting() waited { return waitedSince(p.ProposedAt, time.Now()) }

type waited struct {
	Key string
	N   int
}

func waitedSince(t, now time.Time) waited {
	switch d := now.Sub(t); {
	case d >= 48*time.Hour:
		return waited{"admin.wait.days", int(d / (24 * time.Hour))}
	case d >= 24*time.Hour:
		return waited{"admin.wait.day", 0}
	case d >= 2*time.Hour:
		return waited{"admin.wait.hours", int(d / time.Hour)}
	case d >= time.Hour:
		return waited{"admin.wait.hour", 0}

	default:
		return waited{"admin.wait.under_hour", 0}
	}
}

// decidableApprovals is what a supervisor may decide, under the rules caseDecide enforces: a pending
// proposal of a case they hold the mailbox grant for (recusal and exclusion take the grant away),
// never their own.
const decidableApprovals = `
FROM approvals a
JOIN cases c ON c.id = a.case_id
WHERE a.decided_at IS NULL AND a.proposed_by <> @officer AND c.status <> 'shredded'
  AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = a.case_id AND g.officer_id = @officer AND g.key_name = 'mailbox')
`

// approvalCountCap bounds the queue's count: past it the dashboard says "100+". Counting every
// pending proposal through its grant costs a probe each (about 300 ms over a few thousand), and a
// separate capped count was planned as a scan of every case; reading up to the cap in the list's own
// order walks the pending index and stops.
const approvalCountCap = 100

// ApprovalQueue returns the oldest limit proposals officerID may decide, and how many there are, up to
// approvalCountCap ("100+" past it). The pending ones are read off their partial index in order, so a
// long queue costs no sort.
func ApprovalQueue(ctx context.Context, db database.DB, officerID int64, limit int) ([]PendingApproval, string, error) {
	// Planned for its officer each time (the unnamed statement of QueryExecModeExec): a cached generic
	// plan cannot tell how many proposals are someone else's, and with one proposer it guessed none and
	// sorted the whole queue (330 ms over 3,334 pending, against 8 ms along the index).
	rows, _ := db.Query(ctx, `SELECT a.id, a.case_id, a.kind, (SELECT display_name FROM officers o WHERE o.id = a.proposed_by), a.proposed_at`+
		decidableApprovals+`ORDER BY a.proposed_at, a.id LIMIT @cap`, pgx.QueryExecModeExec, pgx.NamedArgs{"officer": officerID, "cap": approvalCountCap})
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[PendingApproval])
	if err != nil {
		return nil, "", fmt.Errorf("admin: approval queue: %w", err)
	}
	n := strconv.Itoa(len(list))
	if len(list) >= approvalCountCap {
		n += "+"
	}
	return list[:min(limit, len(list))], n, nil
}
