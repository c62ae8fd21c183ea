package admin

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestQueueDeadlinesAndFilters places cases at known ages and checks which deadline each shows, the
// overdue filter, the assignee filter, paging and the export.
func TestQueueDeadlinesAndFilters(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("queue", "intake")
	b := e.signedIn(id, k, pw("queue"))
	d := Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}

	fresh, _ := makeCase(t, e, "fresh")
	old, _ := makeCase(t, e, "ten days old")
	act, _ := makeCase(t, e, "act case")
	mine, _ := makeCase(t, e, "assigned to me")
	e.db.Exec(ctx, `UPDATE cases SET received_at = date_trunc('hour', now()) - interval '10 days' WHERE id = $1`, old)
	e.db.Exec(ctx, `UPDATE cases SET whistleblower_act = true, status = 'triage', received_at = date_trunc('hour', now()) - interval '25 days' WHERE id = $1`, act)
	e.db.Exec(ctx, `UPDATE cases SET assignee_id = $2, status = 'investigating' WHERE id = $1`, mine, id)

	all, more, err := ListCases(ctx, e.db, id, d, Filter{})
	if err != nil || more || len(all) != 4 {
		t.Fatalf("all: %d, %v, %v", len(all), more, err)
	}
	due := map[int64]string{}
	for _, q := range all {
		due[q.ID] = *q.DueKind
		if q.ID == old && !q.Overdue() {
			t.Error("a 10-day-old unacknowledged case is not overdue")
		}
		if q.ID == fresh && q.Overdue() {
			t.Error("a fresh case is overdue")
		}
	}
	want := map[int64]string{fresh: "acknowledge", old: "acknowledge", act: "act_accept", mine: "feedback"}
	for c, w := range want {
		if due[c] != w {
			t.Errorf("case %d: nearest deadline %s, want %s", c, due[c], w)
		}
	}
	overdue, _, _ := ListCases(ctx, e.db, id, d, Filter{Overdue: true})
	if len(overdue) != 2 {
		t.Errorf("overdue: %d cases, want 2 (the old one and the Act one)", len(overdue))
	}
	assigned, _, _ := ListCases(ctx, e.db, id, d, Filter{Assignee: "me"})
	if len(assigned) != 1 || assigned[0].ID != mine {
		t.Errorf("assigned to me: %+v", assigned)
	}
	from := time.Now().AddDate(0, 0, -2)
	recent, _, _ := ListCases(ctx, e.db, id, d, Filter{From: &from})
	if len(recent) != 2 {
		t.Errorf("received in the last 2 days: %d, want 2", len(recent))
	}
	oldest, _, _ := ListCases(ctx, e.db, id, d, Filter{Sort: "oldest"})
	if oldest[0].ID != act {
		t.Errorf("oldest first starts with %d", oldest[0].ID)
	}

	// Another officer without grants sees nothing at all.
	other, _ := e.addOfficer("other", "intake")
	e.db.Exec(ctx, `DELETE FROM case_grants WHERE officer_id = $1`, other)
	if list, _, _ := ListCases(ctx, e.db, other, d, Filter{}); len(list) != 0 {
		t.Errorf("an officer without grants sees %d cases", len(list))
	}

	page := b.get("/admin/cases?overdue=1&sort=due")
	// Each deadline cell names its deadline in words, never a Go formatting error.
	for _, path := range []string{"/admin/cases?overdue=1&sort=due", "/admin", fmt.Sprintf("/admin/cases/%d", old)} {
		if p := b.get(path); strings.Contains(p.body, "%!") || !strings.Contains(p.body, "確認收件：") {
			t.Errorf("%s: the deadline is not named in words:\n%.3000s", path, p.body)
		}
	}
	if page.status != 200 || !strings.Contains(page.body, "逾期") {
		t.Errorf("list page: %d", page.status)
	}
	csv := b.get("/admin/cases/export?overdue=1")
	if !strings.HasPrefix(csv.body, "\ufeffid,kind,category") || strings.Count(csv.body, "\n") != 3 {
		t.Errorf("export:\n%s", csv.body)
	}
	if strings.Contains(csv.body, "ten days old") {
		t.Error("the export holds content")
	}
	dash := b.get("/admin")
	if dash.status != 200 || !strings.Contains(dash.body, "<svg") || !strings.Contains(dash.body, "近 12 個月收件數") {
		t.Errorf("dashboard: %d", dash.status)
	}
}

// The dashboard lists the closed cases the retention job warned about, with the first day they can go.
func TestDashboardListsCasesDueForShredding(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("keeper", "intake")
	b := e.signedIn(id, k, pw("keeper"))
	warned, _ := makeCase(t, e, "warned")
	quiet, _ := makeCase(t, e, "closed, not warned")
	e.db.Exec(context.Background(), `UPDATE cases SET status = 'closed', closed_at = now(), retention_warned_at = '2026-03-01T12:00:00+08' WHERE id = $1`, warned)
	e.db.Exec(context.Background(), `UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, quiet)
	a := b.get("/admin")
	if a.status != 200 || !strings.Contains(a.body, "即將銷毀") {
		t.Fatalf("dashboard: %d, no shredding section", a.status)
	}
	if !strings.Contains(a.body, fmt.Sprintf(`href="/admin/cases/%d"`, warned)) || !strings.Contains(a.body, "民國115年3月31日") {
		t.Errorf("the warned case or its date (民國115年3月31日) is missing from the dashboard")
	}
	if strings.Contains(a.body, fmt.Sprintf(`<a href="/admin/cases/%d">#%d</a></th><td>`, quiet, quiet)) {
		t.Errorf("a case never warned is listed for shredding")
	}
}
