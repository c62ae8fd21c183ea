package admin

import (
	"context"
	"html"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/testdb"
)

func TestAuditChainDetectsTampering(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	caseID := int64(7)
	for i, action := range []string{"login", "case.view", "case.acknowledge", "attachment.download"} {
		var c *int64
		if i > 0 {
			c = &caseID
		}
		if err := AuditNow(ctx, db, nil, action, c, map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := auditlog.Verify(ctx, db, nil)
	if err != nil || rep.Rows != 4 || !rep.Intact() || len(rep.Head) != 32 {
		t.Fatalf("clean log: %d rows, %v, %v", rep.Rows, rep.Problems, err)
	}

	// The serving role may not change or remove a row; the owner is stopped by the triggers.
	owner := testdb.AsOwner(t, db)
	for _, sql := range []string{
		"UPDATE audit_log SET action = 'nothing' WHERE id = 2",
		"DELETE FROM audit_log WHERE id = 2",
		"TRUNCATE audit_log",
	} {
		if _, err := db.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("as the serving role, %s: %v", sql, err)
		}
		if _, err := owner.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("as the owner, %s: %v", sql, err)
		}
	}

	// A superuser (the test server's owner is one) can get past the triggers; verify still finds
	// what they did.
	conn, err := owner.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "UPDATE audit_log SET detail = '{\"n\": 99}' WHERE id = (SELECT min(id) + 1 FROM audit_log)"); err != nil {
		t.Fatal(err)
	}
	rep, _ = auditlog.Verify(ctx, db, nil)
	problems := rep.Problems
	if len(problems) != 1 || !strings.Contains(problems[0].Reason, "changed") {
		t.Errorf("an edited row: %+v", problems)
	}
	if _, err := conn.Exec(ctx, "DELETE FROM audit_log WHERE id = (SELECT min(id) + 2 FROM audit_log)"); err != nil {
		t.Fatal(err)
	}
	conn.Exec(ctx, "SET session_replication_role = origin")
	rep, _ = auditlog.Verify(ctx, db, nil)
	problems = rep.Problems
	if len(problems) != 2 || !strings.Contains(problems[1].Reason, "does not link") {
		t.Errorf("an edited and a removed row: %+v", problems)
	}
}

// TestAuditPageSaysEventsAsSentences: each event reads as a sentence with officers' usernames (read in
// one query), no raw JSON or codes, and no case content; the filters ignore what they cannot read and
// say so, never a 500.
func TestAuditPageSaysEventsAsSentences(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	aud, ak := e.addOfficer("aud-sentences", "auditor")
	intake, _ := e.addOfficer("desk-officer", "intake")
	inv, _ := e.addOfficer("field-officer", "investigator")
	caseID, _ := makeCase(t, e, "機密內容：某課長收受回扣")
	events := []struct {
		officer *int64
		action  string
		detail  any
	}{
		{&intake, "case.view", nil},
		{&intake, "case.assign", map[string]any{"assignee": inv}},
		{&intake, "case.acknowledge", map[string]any{"from": "received", "action": "acknowledge", "to": "triage"}},
		{&inv, "case.approve_closure", map[string]any{"proposal": 1, "outcome": "substantiated"}},
		{&intake, "case.enter_offline", map[string]any{"channel": "phone"}},
		{nil, "user.add", map[string]any{"username": "new-one", "roles": []string{"auditor"}, "by": "command line"}},
	}
	for _, ev := range events {
		if err := AuditNow(ctx, e.db, ev.officer, ev.action, &caseID, ev.detail); err != nil {
			t.Fatal(err)
		}
	}
	b := e.signedIn(aud, ak, pw("aud-sentences"))
	page := b.get("/admin/audit")
	if page.status != 200 {
		t.Fatalf("audit page: %d", page.status)
	}
	mustShowNoCodes(t, "audit page", page.body, "case.assign", "case.view", "triage", "substantiated", "phone")
	n := strconv.FormatInt(caseID, 10)
	for _, s := range []string{
		"desk-officer 將案件 #" + n + " 指派給 field-officer",
		"desk-officer 確認收到案件 #" + n + "，改為「初審中」",
		"field-officer 核准案件 #" + n + " 結案（查證屬實）",
		"desk-officer 將電話收到的檢舉登錄為案件 #" + n,
		"命令列工具 新增帳號 new-one（稽核人員）",
		"事件時間 起", `<option value="case.assign">指派承辦人</option>`,
	} {
		if !strings.Contains(page.body, html.EscapeString(s)) && !strings.Contains(page.body, s) {
			t.Errorf("audit page lacks %q", s)
		}
	}
	if strings.Contains(page.body, "回扣") {
		t.Error("the audit page shows case content")
	}
	b.get("/lang/en?next=/admin/audit")
	en := b.get("/admin/audit?action=case.assign")
	mustShowNoCodes(t, "English audit page", en.body, "case.assign")
	if want := "desk-officer assigned case #" + n + " to field-officer"; !strings.Contains(en.body, want) || strings.Contains(en.body, "opened case") {
		t.Errorf("English audit page filtered to assignments lacks %q or shows other events", want)
	}

	// Filters it cannot read are left out and named; none is a 500.
	for _, q := range []string{"from=2026-13-45", "to=yesterday", "action=nope", "action=case.", "case=abc", "case=99999999999999999999",
		"officer=" + strings.Repeat("x", 5000), "page=-1", "from=%00", "officer=%FF%FE", "action=%00case"} {
		r := b.get("/admin/audit?" + q)
		if r.status >= 500 || (r.status != 200 && r.status != 400) {
			t.Errorf("?%s: %d", q, r.status)
		}
		if r.status == 200 && strings.Contains(q, "=") && !strings.HasPrefix(q, "officer") && !strings.HasPrefix(q, "page") && !strings.Contains(r.body, "could not be read") {
			t.Errorf("?%s: the page does not say the filter was left out", q)
		}
		if r.status == 400 && !strings.Contains(r.body, "<html") {
			t.Errorf("?%s: 400 without the localized page", q)
		}
	}
	// The export keeps its machine-readable columns.
	csv := b.get("/admin/audit/export?action=case.assign")
	if !strings.HasPrefix(csv.body, "\ufeffid,at,officer,action,case,detail") || !strings.Contains(csv.body, "case.assign") || strings.Contains(csv.body, "case.view") {
		t.Errorf("export:\n%s", csv.body)
	}
}
