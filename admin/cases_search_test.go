package admin

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDeadlineDaysInTaipei counts calendar days in Taipei, where the office is.
func TestDeadlineDaysInTaipei(t *testing.T) {
	now := time.Date(2026, 12, 7, 16, 30, 0, 0, time.UTC) // 00:30 on 8 December in Taipei
	for _, c := range []struct {
		due  time.Time
		want int
	}{
		{time.Date(2026, 12, 8, 15, 0, 0, 0, time.UTC), 0},  // 23:00 the same Taipei day
		{time.Date(2026, 12, 8, 16, 0, 0, 0, time.UTC), 1},  // 00:00 the next Taipei day
		{time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC), -3},  // 10:00 on 5 December
		{time.Date(2027, 1, 7, 16, 30, 0, 0, time.UTC), 31}, // a month on
	} {
		if got := daysUntil(&c.due, now); got != c.want {
			t.Errorf("daysUntil(%v) = %d, want %d", c.due, got, c.want)
		}
	}
	for in, want := range map[string]int64{"12": 12, "#12": 12, " ＃１２ ": 12, "": 0} {
		if got, ok := caseNumber(in); !ok || got != want {
			t.Errorf("caseNumber(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"abc", "-3", "0", "1e3", "99999999999999999999"} {
		if _, ok := caseNumber(in); ok {
			t.Errorf("caseNumber(%q) accepted", in)
		}
	}
}

// TestCaseListSearch finds cases by number, deadline state, channel and the Act, shows how many days
// each deadline has, and answers a number that is not one in words, keeping it in the field.
func TestCaseListSearch(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("search", "intake")
	b := e.signedIn(id, k, pw("search"))
	fresh := makeCaseID(t, e, "fresh")
	old := makeCaseID(t, e, "old")
	soon := makeCaseID(t, e, "soon")
	closed := makeCaseID(t, e, "closed")
	e.db.Exec(ctx, `UPDATE cases SET received_at = date_trunc('hour', now()) - interval '10 days' WHERE id = $1`, old)
	e.db.Exec(ctx, `UPDATE cases SET received_at = date_trunc('hour', now()) - interval '6 days', channel = 'paper', whistleblower_act = true WHERE id = $1`, soon)
	e.db.Exec(ctx, `UPDATE cases SET status = 'closed' WHERE id = $1`, closed)
	listed := func(query string) []int64 {
		t.Helper()
		body := b.get("/admin/cases?" + query).body
		var ids []int64
		for _, c := range []int64{fresh, old, soon, closed} {
			if strings.Contains(body, fmt.Sprintf(`href="/admin/cases/%d"`, c)) {
				ids = append(ids, c)
			}
		}
		return ids
	}
	for query, want := range map[string][]int64{
		"id=" + url.QueryEscape(fmt.Sprintf("#%d", old)): {old},
		"due=overdue":   {old},
		"due=soon":      {soon},
		"due=later":     {fresh},
		"due=none":      {closed},
		"channel=paper": {soon},
		"act=1":         {soon},
		"status=closed": {closed},
		"overdue=1":     {old},
	} {
		if got := listed(query); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: listed %v, want %v", query, got, want)
		}
	}
	body := b.get("/admin/cases").body
	for _, want := range []string{"逾期 3 天", "還有 7 天", "還有 1 天"} {
		if !strings.Contains(body, want) {
			t.Errorf("the list does not say %q", want)
		}
	}
	r := b.get("/admin/cases?id=abc")
	if r.status != 200 || !strings.Contains(r.body, "案號請填數字") || !strings.Contains(r.body, `value="abc"`) || len(listed("id=abc")) != 0 {
		t.Errorf("a case number that is not one: %d", r.status)
	}
}
