package admin

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
)

// statusCount is one bar of the status counts.
type statusCount struct {
	Status string
	N      int
}

// monthCount is one month of intake.
type monthCount struct {
	Month time.Time
	N     int
}

type dashboardPage struct {
	Officer    *SignedIn
	Mine       []QueueCase
	Unassigned []QueueCase
	Overdue    []QueueCase
	ByStatus   []statusCount
	Intake     []monthCount
	Chart      barChart
}

// dashboardShow is the officer's start page (GET /admin): their cases, the unassigned ones, what is
// overdue, counts by status and intake per month, all over the cases they may see.
func (a *Admin) dashboardShow(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	p := dashboardPage{Officer: o}
	var err error
	if p.Mine, _, err = ListCases(ctx, a.DB, o.ID, a.Deadlines, Filter{Assignee: "me", Sort: "due"}); err == nil {
		if p.Unassigned, _, err = ListCases(ctx, a.DB, o.ID, a.Deadlines, Filter{Assignee: "none", Sort: "due"}); err == nil {
			p.Overdue, _, err = ListCases(ctx, a.DB, o.ID, a.Deadlines, Filter{Overdue: true, Sort: "due"})
		}
	}
	if err == nil {
		p.ByStatus, p.Intake, err = a.counts(ctx, o.ID)
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	p.Mine, p.Unassigned, p.Overdue = first(p.Mine, 10), first(p.Unassigned, 10), first(p.Overdue, 10)
	p.Chart = intakeChart(p.Intake)
	a.Site.Render(c, http.StatusOK, a.pages.dashboard, "admin.dashboard.title", p)
}

func first(l []QueueCase, n int) []QueueCase { return l[:min(n, len(l))] }

// counts returns the visible cases by status, and intake per month for the last 12 months.
func (a *Admin) counts(ctx context.Context, officerID int64) ([]statusCount, []monthCount, error) {
	rows, _ := a.DB.Query(ctx, `
		SELECT status, count(*) FROM cases c
		WHERE EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = $1) AND status <> 'shredded'
		GROUP BY status ORDER BY array_position(ARRAY['received','triage','awaiting_info','investigating','referred','closure_pending','reopened','closed'], status)`, officerID)
	byStatus, err := pgx.CollectRows(rows, pgx.RowToStructByPos[statusCount])
	if err != nil {
		return nil, nil, fmt.Errorf("admin: counts: %w", err)
	}
	rows, _ = a.DB.Query(ctx, `
		SELECT m, count(c.id)::int FROM generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') AS m
		LEFT JOIN cases c ON date_trunc('month', c.received_at) = m
		  AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = $1)
		GROUP BY m ORDER BY m`, officerID)
	intake, err := pgx.CollectRows(rows, pgx.RowToStructByPos[monthCount])
	if err != nil {
		return nil, nil, fmt.Errorf("admin: intake per month: %w", err)
	}
	return byStatus, intake, nil
}
