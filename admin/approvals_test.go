package admin

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A proposal reaches the supervisors' 「待核定」 queue and its approval page whole; a rejection needs a
// reason, which the proposer then reads; a proposal is never decided by its proposer, and only a
// supervisor opens the page.
func TestApprovalsAreMadeWithEyesOpen(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	supA, supAKey := e.addOfficer("supa", "supervisor")
	supB, supBKey := e.addOfficer("supb", "supervisor")
	supC, supCKey := e.addOfficer("supc", "supervisor")
	invID, invKey := e.addOfficer("inv", "investigator")
	a := e.signedIn(supA, supAKey, pw("supa"))
	b := e.signedIn(supB, supBKey, pw("supb"))
	c := e.signedIn(supC, supCKey, pw("supc"))
	caseID, _ := makeCase(t, e, "approvals")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	a.post(base+"/transition", url.Values{"action": {"acknowledge"}, "message": {"已收到。"}})
	a.post(base+"/transition", url.Values{"action": {"accept"}, "message": {"已受理。"}})
	a.post(base+"/assign", url.Values{"assignee": {strconv.FormatInt(invID, 10)}})
	a.post(base+"/exclude", url.Values{"officer": {strconv.FormatInt(supC, 10)}})
	inv := e.signedIn(invID, invKey, pw("inv"))

	refer := url.Values{"action": {"refer"}, "message": {"您好，本案已移送臺中地檢署偵辦。"}, "note": {"卷證顯示收受回扣，宜移送偵辦。"}, "referral_kind": {"criminal"},
		"addressee": {"prosecutors"}, "addressee_name": {"臺灣臺中地方檢察署"}, "referred_on": {"2026-11-20"}, "reference_no": {"中政字第1150001234號"}}
	if r := inv.post(base+"/transition", refer); r.status != 303 {
		t.Fatalf("propose referral: %d", r.status)
	}
	var approval int64
	e.db.QueryRow(ctx, `UPDATE approvals SET proposed_at = now() - interval '3 days 2 hours' WHERE case_id = $1 RETURNING id`, caseID).Scan(&approval)
	page := base + "/approvals/" + strconv.FormatInt(approval, 10)

	// The queue: supervisors who may decide see it, with kind, proposer and waiting time.
	dash := b.get("/admin").body
	for _, want := range []string{"待核定（1）", `href="` + page + `"`, "案件 #" + strconv.FormatInt(caseID, 10) + " · 移送", "inv", "3 天"} {
		if !strings.Contains(dash, want) {
			t.Errorf("the supervisor's queue lacks %q", want)
		}
	}
	if d := c.get("/admin").body; !strings.Contains(d, "待核定（0）") || strings.Contains(d, page) {
		t.Error("an excluded supervisor's queue lists the case")
	}
	if d := inv.get("/admin").body; strings.Contains(d, "待核定") {
		t.Error("an investigator's dashboard shows the approval queue")
	}

	// The page shows the proposal whole; only supervisors reach it, and not past an exclusion.
	r := b.get(page)
	if r.status != 200 {
		t.Fatalf("approval page: %d", r.status)
	}
	for _, want := range []string{"移送提案", "刑事（移送偵辦）", "地方檢察署", "臺灣臺中地方檢察署", "中政字第1150001234號", "2026-11-20",
		"卷證顯示收受回扣，宜移送偵辦。", "您好，本案已移送臺中地檢署偵辦。", "檢舉人使用中文。", `name="reason"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the approval page lacks %q", want)
		}
	}
	if r := inv.get(page); r.status != 403 {
		t.Errorf("an investigator opened the approval page: %d", r.status)
	}
	if r := c.get(page); r.status != 404 {
		t.Errorf("an excluded supervisor opened the approval page: %d", r.status)
	}

	// 退回 needs a reason: empty, blank, control characters and 100 KB are refused, in words, and
	// what was typed stays.
	for _, tc := range []struct{ reason, want, kept string }{
		{"", "請寫明退回的理由", ""},
		{"   \n\t  ", "請寫明退回的理由", ""},
		{"文號\x00錯誤\x01", "控制字元", "文號錯誤"},
		{"文號\xff錯誤", "控制字元", "文號錯誤"},
		{strings.Repeat("理", 100<<10/3), "最多 2,000 字", "理理理理"},
	} {
		r := b.post(page, url.Values{"decision": {"reject"}, "reason": {tc.reason}})
		if r.status != 422 || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, tc.kept+"</textarea>") {
			t.Errorf("reason %.20q: %d, want 422 with %q\n%.300s", tc.reason, r.status, tc.want, r.body)
		}
	}
	if r := b.post(page, url.Values{"decision": {"maybe"}}); r.status != 400 {
		t.Errorf("an unknown decision: %d", r.status)
	}
	if statusOf(t, e, caseID) != "investigating" {
		t.Fatal("a refused rejection changed the case")
	}
	const reason = "文號應為中政字第1150001235號，請更正後再提出。"
	if r := b.post(page, url.Values{"decision": {"reject"}, "reason": {"  " + reason + "  "}}); r.status != 303 {
		t.Fatalf("reject with a reason: %d", r.status)
	}
	// The proposer reads the reason on the case page, beside the rejection in the timeline too.
	cp := inv.get(base).body
	if !strings.Contains(cp, "退回紀錄") || strings.Count(cp, reason) != 2 {
		t.Errorf("the proposer does not see the reason (%d times)", strings.Count(cp, reason))
	}
	var detail string
	var sealed []byte
	e.db.QueryRow(ctx, `SELECT detail FROM audit_log WHERE action = 'case.reject_referral' AND case_id = $1`, caseID).Scan(&detail)
	e.db.QueryRow(ctx, `SELECT reason_sealed FROM approvals WHERE id = $1`, approval).Scan(&sealed)
	if detail == "" || strings.Contains(detail, "文號") || len(sealed) == 0 || strings.Contains(string(sealed), "文號") {
		t.Errorf("the reason is not sealed: audit %q", detail)
	}
	if r := b.get(page); r.status != 200 || !strings.Contains(r.body, "已由 supb 退回") || strings.Contains(r.body, `name="reason"`) {
		t.Errorf("a decided proposal's page: %d", r.status)
	}

	// A new proposal, by a supervisor: they cannot approve it, even posting directly; another can.
	refer.Set("reference_no", "中政字第1150001235號")
	if r := a.post(base+"/transition", refer); r.status != 303 {
		t.Fatalf("propose again: %d", r.status)
	}
	e.db.QueryRow(ctx, `SELECT id FROM approvals WHERE case_id = $1 AND decided_at IS NULL`, caseID).Scan(&approval)
	page = base + "/approvals/" + strconv.FormatInt(approval, 10)
	if d := a.get("/admin").body; strings.Contains(d, page) {
		t.Error("the proposer's own proposal is in their queue")
	}
	if r := a.get(page); r.status != 200 || strings.Contains(r.body, `value="approve"`) {
		t.Errorf("the proposer is offered to decide: %d", r.status)
	}
	if r := a.post(page, url.Values{"decision": {"approve"}}); r.status != 403 {
		t.Errorf("the proposer approved their own proposal: %d", r.status)
	}
	if r := a.post(page, url.Values{"decision": {"reject"}, "reason": {"自己退回"}}); r.status != 403 {
		t.Errorf("the proposer rejected their own proposal: %d", r.status)
	}
	if r := c.post(page, url.Values{"decision": {"approve"}}); r.status != 404 {
		t.Errorf("an excluded supervisor decided: %d", r.status)
	}
	if r := b.post(page, url.Values{"decision": {"approve"}}); r.status != 303 || statusOf(t, e, caseID) != "referred" {
		t.Fatalf("approve: %d, %s", r.status, statusOf(t, e, caseID))
	}
	if d := b.get("/admin").body; !strings.Contains(d, "待核定（0）") || !strings.Contains(d, "目前沒有待您核定的提案") {
		t.Error("the decided proposal stays in the queue")
	}
}

func TestWaitingTime(t *testing.T) {
	now := mustTime("2026-12-10T12:00:00Z")
	for _, tc := range []struct {
		since string
		want  waited
	}{
		{"2026-12-10T11:30:00Z", waited{"admin.wait.under_hour", 0}},
		{"2026-12-10T10:30:00Z", waited{"admin.wait.hour", 0}},
		{"2026-12-10T02:00:00Z", waited{"admin.wait.hours", 10}},
		{"2026-12-09T06:00:00Z", waited{"admin.wait.day", 0}},
		{"2026-12-07T11:00:00Z", waited{"admin.wait.days", 3}},
	} {
		if got := waitedSince(mustTime(tc.since), now); got != tc.want {
			t.Errorf("since %s: %v, want %v", tc.since, got, tc.want)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
