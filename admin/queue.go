package admin

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
}

// Overdue reports whether the nearest deadline has passed.
func (q QueueCase) Overdue() bool { return q.DueAt != nil && q.DueAt.Before(time.Now()) }

// SoonDue reports whether the nearest deadline falls within three days.
func (q QueueCase) SoonDue() bool {
	return q.DueAt != nil && !q.Overdue() && q.DueAt.Before(time.Now().Add(72*time.Hour))
}

// visibleCases is the case list an officer may see: the cases they hold a grant for. The grant is the
// authorization, inside the query. The lateral subquery finds each listed case's nearest due notice;
// it runs per row after the filters, so a page of 50 or a single case costs little however many cases
// there are.
const visibleCases = `
SELECT v.id, v.kind, v.category, a.name_zh, a.name_en, v.status, v.channel, v.whistleblower_act, v.received_at,
       o.display_name, d.kind, d.at
FROM cases v
LEFT JOIN agencies a ON a.id = v.agency_id
LEFT JOIN officers o ON o.id = v.assignee_id
LEFT JOIN LATERAL (
    SELECT x.kind, x.at FROM (VALUES
        ('acknowledge', CASE WHEN v.status = 'received' THEN v.received_at + make_interval(days => @ack) END),
        ('act_accept',  CASE WHEN v.whistleblower_act AND v.status IN ('received', 'triage') THEN v.received_at + make_interval(days => @act_accept) END),
        ('feedback',    CASE WHEN v.status NOT IN ('closed', 'closure_pending') THEN v.received_at + make_interval(days => @feedback) END),
        ('act_result',  CASE WHEN v.whistleblower_act AND v.status NOT IN ('closed') THEN v.received_at + make_interval(days => @act_result) END)
    ) AS x(kind, at)
    WHERE x.at IS NOT NULL ORDER BY x.at LIMIT 1
) d ON true
WHERE v.status <> 'shredded'
  AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = v.id AND g.officer_id = @officer)
`

// Filter narrows the case list. Zero values mean "any".
type Filter struct {
	Status, Category, Kind, Channel string
	Assignee                        string // "me", "none" or ""
	Overdue                         bool
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
	if f.Status != "" {
		add("v.status = @status", "status", f.Status)
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
	if f.Overdue {
		where += " AND d.at < now()"
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
		order = "d.at NULLS LAST, v.id"
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
