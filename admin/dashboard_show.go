package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/web"
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
	Chart      web.BarChart
	Shredding  []shreddingCase
	// The 「待核定」 queue, for supervisors: the proposals they may decide, oldest first.
	Supervisor    bool
	Approvals     []PendingApproval
	ApprovalCount string // "3", or "100+"
}

// shreddingCase is a closed case whose officers were warned that it will be shredded.
type shreddingCase struct {
	ID       int64
	NotUntil time.Time // the warning's 30 days end: it is shredded then, or later if its period ends later
}

// dashboardShow is the officer's start page (GET /admin): their cases, the unassigned ones, what is
// overdue, what waits for their approval (supervisors), counts by status and intake per month, all over the cases they may see. The overdue and
// unassigned lists show the longest-waiting first: every deadline runs from receipt, so that is
// nearly the nearest-due order, and it can be read off the receipt index instead of sorting them all.
func (a *Admin) dashboardShow(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	p := dashboardPage{Officer: o}
	// The parts are independent reads: run them at once, each on its own pool connection.
	var wg sync.WaitGroup
	errs := make([]error, 7)
	wg.Add(7)
	go func() {
		defer wg.Done()
		p.Mine, _, errs[0] = ListCases(ctx, a.DB, o.ID, a.Deadlines, Filter{Assignee: "me", Sort: "due"})
	}()
	go func() {
		defer wg.Done()
		p.Unassigned, _, errs[1] = ListCases(ctx, a.DB, o.ID, a.Deadlines, Filter{Assignee: "none", Sort: "oldest"})
	}()
	go func() {
		defer wg.Done()
		p.Overdue, _, errs[2] = ListCases(ctx, a.DB, o.ID, a.Deadlines, Filter{Overdue: true, Sort: "oldest"})
	}()
	go func() {
		defer wg.Done()
		p.ByStatus, errs[3] = a.countsCache.get(o.ID, func() ([]statusCount, error) { return a.statusCounts(ctx, o.ID) })
	}()
	go func() {
		defer wg.Done()
		p.Intake, errs[4] = a.monthCounts(ctx, o.ID)
	}()
	go func() {
		defer wg.Done()
		p.Shredding, errs[5] = a.shreddingSoon(ctx, o.ID)
	}()
	go func() {
		defer wg.Done()
		if p.Supervisor = o.Has("supervisor"); p.Supervisor {
			p.Approvals, p.ApprovalCount, errs[6] = ApprovalQueue(ctx, a.DB, o.ID, 20)
		}
	}()
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		a.Site.Fail(c, err)
		return
	}
	p.Mine, p.Unassigned, p.Overdue = first(p.Mine, 10), first(p.Unassigned, 10), first(p.Overdue, 10)
	for _, l := range [][]QueueCase{p.Mine, p.Unassigned, p.Overdue} {
		if err := openSubjects(ctx, a.DB, o.ID, o.Identity, l); err != nil {
			a.Site.Fail(c, err)
			return
		}
	}
	p.Chart = intakeChart(p.Intake)
	a.Site.Render(c, http.StatusOK, a.pages.dashboard, "admin.dashboard.title", p)
}

func first(l []QueueCase, n int) []QueueCase { return l[:min(n, len(l))] }

// statusCounts returns the visible cases by status.
func (a *Admin) statusCounts(ctx context.Context, officerID int64) ([]statusCount, error) {
	rows, _ := a.DB.Query(ctx, `
		SELECT status, count(*) FROM cases c
		WHERE EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = $1) AND status <> 'shredded'
		GROUP BY status ORDER BY array_position(ARRAY['received','triage','awaiting_info','investigating','referred','closure_pending','reopened','closed'], status)`, officerID)
	byStatus, err := pgx.CollectRows(rows, pgx.RowToStructByPos[statusCount])
	if err != nil {
		return nil, fmt.Errorf("admin: counts: %w", err)
	}
	return byStatus, nil
}

// monthCounts returns the visible cases received in each of the last 12 months.
func (a *Admin) monthCounts(ctx context.Context, officerID int64) ([]monthCount, error) {
	// Count the last year's cases by month first (one range scan), then lay them on the 12 months.
	rows, _ := a.DB.Query(ctx, `
		SELECT m, coalesce(x.n, 0)::int
		FROM generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') AS m
		LEFT JOIN (
		    SELECT date_trunc('month', c.received_at) AS month, count(*) AS n FROM cases c
		    WHERE c.received_at >= date_trunc('month', now()) - interval '11 months'
		      AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = $1)
		    GROUP BY 1
		) x ON x.month = m
		ORDER BY m`, officerID)
	intake, err := pgx.CollectRows(rows, pgx.RowToStructByPos[monthCount])
	if err != nil {
		return nil, fmt.Errorf("admin: intake per month: %w", err)
	}
	return intake, nil
}

// countsCache keeps each officer's counts by status for half a minute. Counting a hundred thousand
// visible cases through their grants takes about 100 ms, and the dashboard is reloaded all day; counts
// half a minute old serve as well. The lists on the dashboard are always fresh.
type countsCache struct {
	mu      sync.Mutex
	entries map[int64]countsEntry
}

type countsEntry struct {
	rows []statusCount
	at   time.Time
}

func (cc *countsCache) get(officerID int64, fetch func() ([]statusCount, error)) ([]statusCount, error) {
	cc.mu.Lock()
	e, ok := cc.entries[officerID]
	cc.mu.Unlock()
	if ok && time.Since(e.at) < 30*time.Second {
		return e.rows, nil
	}
	rows, err := fetch()
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	if cc.entries == nil {
		cc.entries = map[int64]countsEntry{}
	}
	cc.entries[officerID] = countsEntry{rows: rows, at: time.Now()}
	cc.mu.Unlock()
	return rows, nil
}

// shreddingSoon lists the warned cases the officer holds a grant for, soonest first (admin/retention).
func (a *Admin) shreddingSoon(ctx context.Context, officerID int64) ([]shreddingCase, error) {
	rows, _ := a.DB.Query(ctx, `
		SELECT c.id, c.retention_warned_at + interval '30 days' FROM cases c
		WHERE c.status = 'closed' AND c.retention_warned_at IS NOT NULL
		  AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = $1)
		ORDER BY c.retention_warned_at, c.id LIMIT 20`, officerID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[shreddingCase])
	if err != nil {
		return nil, fmt.Errorf("dashboard: shredding: %w", err)
	}
	return list, nil
}
