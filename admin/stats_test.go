package admin

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestStatsArithmetic places cases with known times and checks the counts, medians and percentiles
// by hand, then the page and both exports.
func TestStatsArithmetic(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	var ids []int64
	for i := 0; i < 5; i++ {
		id, _ := makeCase(t, e, "stats")
		ids = append(ids, id)
	}
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, taipei)
	// Acknowledged after 1, 2, 3, 4 and 10 days: median 3, P90 (continuous) 4 + 0.6·6 = 7.6.
	for i, days := range []int{1, 2, 3, 4, 10} {
		e.db.Exec(ctx, `UPDATE cases SET received_at = $2::timestamptz, acknowledged_at = $2::timestamptz + make_interval(days => $3::int), status = 'triage' WHERE id = $1`, ids[i], start, days)
	}
	// Two closed after 30 and 50 days, substantiated and cleared.
	e.db.Exec(ctx, `UPDATE cases SET status = 'closed', outcome = 'substantiated', closed_at = received_at + interval '30 days' WHERE id = $1`, ids[0])
	e.db.Exec(ctx, `UPDATE cases SET status = 'closed', outcome = 'cleared', closed_at = received_at + interval '50 days' WHERE id = $1`, ids[1])
	e.db.Exec(ctx, `INSERT INTO referrals (case_id, kind, addressee, referred_on) VALUES ($1, 'criminal', 'aac', '2026-03-20')`, ids[2])
	outside, _ := makeCase(t, e, "outside the period")
	e.db.Exec(ctx, `UPDATE cases SET received_at = '2025-12-31 10:00+08' WHERE id = $1`, outside)

	s, err := ComputeStats(ctx, e.db, Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}, time.Date(2026, 1, 1, 0, 0, 0, 0, taipei), time.Date(2027, 1, 1, 0, 0, 0, 0, taipei))
	if err != nil {
		t.Fatal(err)
	}
	if s.Received != 5 {
		t.Errorf("received %d, want 5", s.Received)
	}
	if s.Acknowledge.N != 5 || *s.Acknowledge.Median != 3 || abs(*s.Acknowledge.P90-7.6) > 1e-9 {
		t.Errorf("acknowledgement: %+v %v %v", s.Acknowledge, *s.Acknowledge.Median, *s.Acknowledge.P90)
	}
	if s.Closure.N != 2 || *s.Closure.Median != 40 {
		t.Errorf("closure: n=%d median=%v", s.Closure.N, *s.Closure.Median)
	}
	outcomes := map[string]int{}
	for _, r := range s.ByDimension["outcome"] {
		outcomes[r.Key] = r.N
	}
	if outcomes["substantiated"] != 1 || outcomes["cleared"] != 1 || outcomes[OutcomeNone] != 3 {
		t.Errorf("outcomes %v", outcomes)
	}
	if len(s.Referrals) != 1 || s.Referrals[0].Kind != "criminal" || s.Referrals[0].Addressee != "aac" {
		t.Errorf("referrals %v", s.Referrals)
	}
	overdue := map[string]int{}
	for _, r := range s.Overdue {
		overdue[r.Key] = r.N
	}
	if overdue["feedback"] != 4 { // three open from March 2026 and the one from 2025, all past 90 days
		t.Errorf("overdue %v", overdue)
	}

	id, k := e.addOfficer("stats-aud", "auditor")
	b := e.signedIn(id, k, pw("stats-aud"))
	page := b.get("/admin/stats?from=2026-01-01&to=2026-12-31")
	if page.status != 200 || !strings.Contains(page.body, "本期共收件 5 件") || !strings.Contains(page.body, "<svg") || !strings.Contains(page.body, "查證屬實") {
		t.Errorf("stats page: %d", page.status)
	}
	mustShowNoCodes(t, "stats page", page.body, "criminal:aac", "criminal", "aac", "substantiated", "web", "none", "report", "triage")
	if !strings.Contains(page.body, "刑事（移送偵辦） · 法務部廉政署") || !strings.Contains(page.body, "尚未結案") || !strings.Contains(page.body, "網站") {
		t.Error("stats page does not name the referral, the open cases or the channel in words")
	}
	// A period with no closed case has no median: a dash, not a pointer.
	empty := b.get("/admin/stats?from=2025-12-01&to=2025-12-31")
	mustShowNoCodes(t, "empty stats page", empty.body)
	if !strings.Contains(empty.body, "<td>—</td>") {
		t.Error("stats page without closures shows no dash for the median")
	}
	b.get("/lang/en?next=/admin/stats")
	en := b.get("/admin/stats?from=2026-01-01&to=2026-12-31")
	mustShowNoCodes(t, "English stats page", en.body, "criminal", "substantiated", "none", "web")
	if !strings.Contains(en.body, "Criminal") || !strings.Contains(en.body, "Not closed") {
		t.Error("English stats page does not name the referral and open cases in words")
	}
	b.get("/lang/zh-TW?next=/admin/stats")
	csv := b.get("/admin/stats/export?format=csv&from=2026-01-01&to=2026-12-31")
	if !strings.HasPrefix(csv.body, "\ufeffsection,key,value") || !strings.Contains(csv.body, "days_to_acknowledge,median,3.0") {
		t.Errorf("csv:\n%s", csv.body)
	}
	xlsx := b.get("/admin/stats/export?format=xlsx&from=2026-01-01&to=2026-12-31")
	z, err := zip.NewReader(bytes.NewReader([]byte(xlsx.body)), int64(len(xlsx.body)))
	if err != nil {
		t.Fatalf("xlsx is not a zip: %v", err)
	}
	found := false
	for _, f := range z.File {
		found = found || f.Name == "xl/worksheets/sheet1.xml"
	}
	if !found {
		t.Error("xlsx has no sheet")
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// mustShowNoCodes fails when a page's text holds Go's formatting artifacts, a printed message key or
// raw JSON, or when any text between tags is exactly one of codes (a code shown where a word belongs).
func mustShowNoCodes(t *testing.T, what, body string, codes ...string) {
	t.Helper()
	for _, m := range textNode.FindAllStringSubmatch(body, -1) {
		text := strings.TrimSpace(html.UnescapeString(m[1]))
		if text == "" {
			continue
		}
		if artifact.MatchString(text) || text == "{}" {
			t.Errorf("%s shows %q", what, text)
		}
		for _, code := range codes {
			if text == code {
				t.Errorf("%s shows the code %q raw", what, code)
			}
		}
	}
}

var (
	textNode = regexp.MustCompile(`>([^<]+)<`)
	artifact = regexp.MustCompile(`%!|\(MISSING\)|<nil>|0x[0-9a-f]{6,}|\[(admin|label|stats)\.[a-z_.]+\]|\{"`)
)

// TestStatsDeadlineRates places cases at known ages, told at known times, and checks each deadline's
// kept / due on the page and in the CSV: a case still within its days and not told is not counted.
func TestStatsDeadlineRates(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	day := 24 * time.Hour
	now := time.Now()
	place := func(ageDays int, act bool, ackAfter int) int64 {
		id, _ := makeCase(t, e, "deadlines")
		var ack *time.Time
		if ackAfter >= 0 {
			at := now.Add(-time.Duration(ageDays-ackAfter) * day)
			ack = &at
		}
		if _, err := e.db.Exec(ctx, `UPDATE cases SET received_at = $2, whistleblower_act = $3, acknowledged_at = $4 WHERE id = $1`,
			id, now.Add(-time.Duration(ageDays)*day), act, ack); err != nil {
			t.Fatal(err)
		}
		return id
	}
	told := func(id int64, event string) {
		if err := AuditNow(ctx, e.db, nil, event, &id, nil); err != nil {
			t.Fatal(err)
		}
	}
	place(3, false, 1)         // acknowledged in time; feedback not yet due
	place(10, false, -1)       // never acknowledged: acknowledgement missed
	c := place(100, false, 10) // acknowledged late, told the outcome after 100 days
	told(c, "case.approve_closure")
	d := place(30, true, 2) // Act case: accepted after 30 days (late), closed after 30 (in time)
	told(d, "case.accept")
	told(d, "case.approve_closure")
	f := place(5, true, 1) // Act case accepted after 5 days; result not yet due
	told(f, "case.accept")

	from, to := now.Add(-400*day), now.Add(day)
	rates, err := ComputeDeadlineRates(ctx, e.db, Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"acknowledge": "3 / 5 (60%)", "feedback": "1 / 2 (50%)", "act_accept": "1 / 2 (50%)", "act_result": "1 / 1 (100%)"}
	for _, r := range rates {
		if strings.ReplaceAll(r.Text(), "\u00a0", " ") != want[r.Kind] {
			t.Errorf("%s: %s, want %s", r.Kind, r.Text(), want[r.Kind])
		}
	}
	if (DeadlineRate{}).Text() != "—" {
		t.Error("a deadline with no case due is not a dash")
	}

	id, k := e.addOfficer("rates-sup", "supervisor")
	b := e.signedIn(id, k, pw("rates-sup"))
	q := "from=" + from.In(taipei).Format("2006-01-02") + "&to=" + now.In(taipei).Format("2006-01-02")
	page := b.get("/admin/stats?" + q)
	page.body = strings.ReplaceAll(page.body, "\u00a0", " ")
	mustShowNoCodes(t, "stats page", page.body, "acknowledge", "feedback", "act_accept", "act_result")
	for _, s := range []string{"期限遵循情形", "收件後 7 日內確認收件", "3 / 5 (60%)", "揭弊法：20 日內通知是否受理", "1 / 1 (100%)", `id="chart-deadlines-title"`} {
		if !strings.Contains(page.body, s) {
			t.Errorf("stats page lacks %q", s)
		}
	}
	csv := b.get("/admin/stats/export?format=csv&" + q)
	for _, s := range []string{"deadline_acknowledge,days,7", "deadline_acknowledge,met,3", "deadline_acknowledge,due,5", "deadline_act_result,due,1"} {
		if !strings.Contains(csv.body, s) {
			t.Errorf("stats CSV lacks %q:\n%s", s, csv.body)
		}
	}
}
