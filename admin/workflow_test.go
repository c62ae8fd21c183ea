package admin

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
)

// statusOf reads a case's status.
func statusOf(t *testing.T, e *testEnv, caseID int64) string {
	var s string
	e.db.QueryRow(context.Background(), `SELECT status FROM cases WHERE id = $1`, caseID).Scan(&s)
	return s
}

// reporterMessages opens the mailbox thread with the recovery-free path: an officer's grant.
func reporterMessages(t *testing.T, e *testEnv, caseID, officerID int64, k *crypto.OfficerKey, password string) []string {
	t.Helper()
	ctx := context.Background()
	id := openTestKey(t, k, password)
	grant, err := cases.OfficerGrant(ctx, e.db, caseID, officerID, "mailbox")
	if err != nil {
		t.Fatal(err)
	}
	mailbox, _ := crypto.OpenGrant(grant, id)
	entries, _ := cases.Entries(ctx, e.db, caseID, "mailbox", mailbox)
	var out []string
	for _, en := range entries {
		if en.Kind == cases.EntryStatus || en.Kind == cases.EntryMessage {
			var m cases.MessageContent
			json.Unmarshal(en.Plaintext, &m)
			out = append(out, en.Kind+":"+m.Text)
		}
	}
	return out
}

func TestLifeCycleWithFourEyes(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	intakeID, intakeKey := e.addOfficer("in", "intake")
	supA, supAKey := e.addOfficer("supa", "supervisor")
	supB, supBKey := e.addOfficer("supb", "supervisor")
	invID, invKey := e.addOfficer("inv", "investigator")
	intake := e.signedIn(intakeID, intakeKey, pw("in"))
	a := e.signedIn(supA, supAKey, pw("supa"))
	b := e.signedIn(supB, supBKey, pw("supb"))
	caseID, _ := makeCase(t, e, "life cycle")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)

	step := func(br *browser, path string, form url.Values, wantStatus int, wantCase string) {
		t.Helper()
		r := br.post(base+path, form)
		if r.status != wantStatus {
			t.Fatalf("%s %v: %d, want %d\n%.500s", path, form, r.status, wantStatus, r.body)
		}
		if got := statusOf(t, e, caseID); wantCase != "" && got != wantCase {
			t.Fatalf("%s: case is %s, want %s", path, got, wantCase)
		}
	}
	// A reporter-visible action without a message is refused and changes nothing.
	r := intake.post(base+"/transition", url.Values{"action": {"acknowledge"}})
	if r.status != 422 || !strings.Contains(r.body, "請填寫給檢舉人的訊息") || statusOf(t, e, caseID) != "received" {
		t.Fatalf("acknowledge without a message: %d %q", r.status, r.location)
	}
	step(intake, "/transition", url.Values{"action": {"acknowledge"}, "message": {"我們已收到您的檢舉。"}}, 303, "triage")
	step(intake, "/transition", url.Values{"action": {"acknowledge"}, "message": {"again"}}, 403, "triage") // not from triage
	step(intake, "/transition", url.Values{"action": {"accept"}, "message": {"本案已受理。"}}, 303, "investigating")
	step(a, "/assign", url.Values{"assignee": {strconv.FormatInt(invID, 10)}}, 303, "investigating")

	// The investigator now holds both keys: the supervisor passed on what they hold.
	for _, key := range []string{"mailbox", "internal"} {
		if _, err := cases.OfficerGrant(ctx, e.db, caseID, invID, key); err != nil {
			t.Errorf("assignment did not grant the %s key: %v", key, err)
		}
	}
	inv := e.signedIn(invID, invKey, pw("inv"))
	if r := inv.get(base); r.status != 200 || !strings.Contains(r.body, "life cycle") {
		t.Fatalf("the assigned investigator cannot read the case: %d", r.status)
	}
	step(inv, "/note", url.Values{"text": {"內部筆記：調閱採購卷宗"}}, 303, "")
	step(inv, "/reply", url.Values{"text": {"請問您是否有收據？"}}, 303, "")

	// Referral: proposed by the investigator, decided by a supervisor.
	step(inv, "/transition", url.Values{"action": {"refer"}, "message": {"本案已移送偵辦。"}, "referral_kind": {"criminal"},
		"addressee": {"prosecutors"}, "addressee_name": {"臺灣臺中地方檢察署"}, "referred_on": {"2026-11-20"}, "reference_no": {"中檢115他1234"}}, 303, "investigating")
	var approval int64
	e.db.QueryRow(ctx, `SELECT id FROM approvals WHERE case_id = $1 AND kind = 'referral' AND decided_at IS NULL`, caseID).Scan(&approval)
	step(a, "/approvals/"+strconv.FormatInt(approval, 10), url.Values{"decision": {"approve"}}, 303, "referred")
	var refs int
	e.db.QueryRow(ctx, `SELECT count(*) FROM referrals WHERE case_id = $1 AND addressee = 'prosecutors' AND reference_no = '中檢115他1234'`, caseID).Scan(&refs)
	if refs != 1 {
		t.Error("the referral was not recorded")
	}

	// Closure proposed by supervisor A: A cannot approve it, B can.
	step(a, "/transition", url.Values{"action": {"propose_closure"}, "outcome": {"substantiated"}, "message": {"本案查證屬實，已結案。"}}, 303, "closure_pending")
	e.db.QueryRow(ctx, `SELECT id FROM approvals WHERE case_id = $1 AND kind = 'closure' AND decided_at IS NULL`, caseID).Scan(&approval)
	ap := "/approvals/" + strconv.FormatInt(approval, 10)
	step(a, ap, url.Values{"decision": {"approve"}}, 403, "closure_pending")
	step(inv, ap, url.Values{"decision": {"approve"}}, 403, "closure_pending") // not a supervisor
	if msgs := reporterMessages(t, e, caseID, supB, supBKey, pw("supb")); strings.Contains(strings.Join(msgs, "|"), "已結案") {
		t.Error("the closing message reached the reporter before approval")
	}
	step(b, ap, url.Values{"decision": {"approve"}}, 303, "closed")
	var outcome string
	e.db.QueryRow(ctx, `SELECT outcome FROM cases WHERE id = $1`, caseID).Scan(&outcome)
	if outcome != "substantiated" {
		t.Errorf("outcome %q", outcome)
	}
	msgs := strings.Join(reporterMessages(t, e, caseID, supB, supBKey, pw("supb")), "|")
	for _, want := range []string{"status:我們已收到您的檢舉。", "status:本案已受理。", "message:請問您是否有收據？", "status:本案已移送偵辦。", "status:本案查證屬實，已結案。"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("the reporter's thread lacks %q: %s", want, msgs)
		}
	}
	// Reopen, by a supervisor, with a message.
	step(inv, "/transition", url.Values{"action": {"reopen"}, "message": {"重新調查"}}, 403, "closed")
	step(b, "/transition", url.Values{"action": {"reopen"}, "message": {"本案重新開啟調查。"}}, 303, "reopened")

	var actions []string
	rows, _ := e.db.Query(ctx, `SELECT action FROM audit_log WHERE case_id = $1 AND action NOT IN ('case.view') ORDER BY id`, caseID)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		actions = append(actions, s)
	}
	want := "case.acknowledge,case.accept,case.assign,case.grant,case.note,case.reply,case.propose_referral,case.approve_referral,case.propose_closure,case.approve_closure,case.reopen"
	if strings.Join(actions, ",") != want {
		t.Errorf("audit trail:\n%s\nwant\n%s", strings.Join(actions, ","), want)
	}
}

func TestRecusalRemovesAccessInSQLAndKeys(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("rec", "intake")
	b := e.signedIn(id, k, pw("rec"))
	caseID, _ := makeCase(t, e, "conflict")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	if r := b.get(base); r.status != 200 {
		t.Fatalf("before recusal: %d", r.status)
	}
	if r := b.post(base+"/recuse", url.Values{}); r.status != 303 {
		t.Fatalf("recuse: %d", r.status)
	}
	if r := b.get(base); r.status != 404 {
		t.Errorf("after recusal the page answers %d", r.status)
	}
	if list, _, _ := ListCases(ctx, e.db, id, Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}, Filter{}); len(list) != 0 {
		t.Error("after recusal the case is still listed")
	}
	if _, err := cases.OfficerGrant(ctx, e.db, caseID, id, "mailbox"); err != cases.ErrNotFound {
		t.Errorf("after recusal a grant remains: %v", err)
	}
	if r := b.post(base+"/reply", url.Values{"text": {"x"}}); r.status != 404 {
		t.Errorf("after recusal a reply is accepted: %d", r.status)
	}
}

func TestTriageClosureCarriesItsOutcome(t *testing.T) {
	e := newTestEnv(t)
	in, inKey := e.addOfficer("in2", "intake")
	sup, supKey := e.addOfficer("sup2", "supervisor")
	caseID, _ := makeCase(t, e, "not for us")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	ib, sb := e.signedIn(in, inKey, pw("in2")), e.signedIn(sup, supKey, pw("sup2"))
	ib.post(base+"/transition", url.Values{"action": {"acknowledge"}, "message": {"收到"}})
	if r := ib.post(base+"/transition", url.Values{"action": {"transfer"}, "message": {"本案移請權責機關處理。"}, "note": {"移交環保局"}}); r.status != 303 {
		t.Fatalf("transfer: %d", r.status)
	}
	var approval int64
	e.db.QueryRow(context.Background(), `SELECT id FROM approvals WHERE case_id = $1`, caseID).Scan(&approval)
	if r := sb.post(base+"/approvals/"+strconv.FormatInt(approval, 10), url.Values{"decision": {"reject"}, "reason": {"請寫明移請哪個機關。"}}); r.status != 303 || statusOf(t, e, caseID) != "triage" {
		t.Fatalf("reject: %d, case %s", r.status, statusOf(t, e, caseID))
	}
	ib.post(base+"/transition", url.Values{"action": {"transfer"}, "message": {"本案移請權責機關處理。"}})
	e.db.QueryRow(context.Background(), `SELECT id FROM approvals WHERE case_id = $1 AND decided_at IS NULL`, caseID).Scan(&approval)
	sb.post(base+"/approvals/"+strconv.FormatInt(approval, 10), url.Values{"decision": {"approve"}})
	var outcome, status string
	e.db.QueryRow(context.Background(), `SELECT outcome, status FROM cases WHERE id = $1`, caseID).Scan(&outcome, &status)
	if outcome != "transferred" || status != "closed" {
		t.Errorf("after approval: %s, %s", status, outcome)
	}
}

func TestSuggestionAnswerPublishesOnlyWithConsent(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("sug-sup", "supervisor")
	b := e.signedIn(id, k, pw("sug-sup"))
	consented, _ := makeCase(t, e, "suggestion one")
	private, _ := makeCase(t, e, "suggestion two")
	e.db.Exec(ctx, `UPDATE cases SET kind = 'suggestion', category = 'efficiency', publication_consent = true WHERE id = $1`, consented)
	e.db.Exec(ctx, `UPDATE cases SET kind = 'suggestion', category = 'efficiency', publication_consent = false WHERE id = $1`, private)
	base := func(id int64) string { return "/admin/cases/" + strconv.FormatInt(id, 10) }

	if r := b.post(base(private)+"/answer", url.Values{"answer": {"謝謝"}, "publish": {"on"}, "public_suggestion": {"x"}}); !strings.Contains(r.location, "err_consent") {
		t.Errorf("publishing without consent: %d %q", r.status, r.location)
	}
	if r := b.post(base(private)+"/answer", url.Values{"answer": {"謝謝您的建議，已轉請權責機關研處。"}}); r.status != 303 {
		t.Fatalf("answer: %d", r.status)
	}
	if r := b.post(base(consented)+"/answer", url.Values{"answer": {"已採納：明年起線上申請。"}, "publish": {"on"},
		"public_suggestion": {"建議申請案件全面線上化。"}, "unit": {"2"}}); r.status != 303 {
		t.Fatalf("answer and publish: %d", r.status)
	}
	for _, c := range []int64{consented, private} {
		if s := statusOf(t, e, c); s != "closed" {
			t.Errorf("case %d is %s after the answer", c, s)
		}
	}
	var published int
	var text string
	e.db.QueryRow(ctx, `SELECT count(*), max(suggestion) FROM suggestion_answers`).Scan(&published, &text)
	if published != 1 || text != "建議申請案件全面線上化。" {
		t.Errorf("published %d: %q", published, text)
	}
	// A report cannot be answered this way, and an answered suggestion not twice.
	report, _ := makeCase(t, e, "a report")
	if r := b.post(base(report)+"/answer", url.Values{"answer": {"x"}}); r.status != 403 {
		t.Errorf("answering a report: %d", r.status)
	}
	if r := b.post(base(private)+"/answer", url.Values{"answer": {"again"}}); r.status != 403 {
		t.Errorf("answering twice: %d", r.status)
	}
}

func TestExcludeAndReferralResult(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	supID, supK := e.addOfficer("ex-sup", "supervisor")
	named, namedK := e.addOfficer("ex-named", "intake")
	sup, nb := e.signedIn(supID, supK, pw("ex-sup")), e.signedIn(named, namedK, pw("ex-named"))
	caseID, _ := makeCase(t, e, "names ex-named")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	if r := nb.get(base); r.status != 200 {
		t.Fatalf("before: %d", r.status)
	}
	if r := sup.post(base+"/exclude", url.Values{"officer": {strconv.FormatInt(named, 10)}}); r.status != 303 {
		t.Fatalf("exclude: %d", r.status)
	}
	if r := nb.get(base); r.status != 404 {
		t.Errorf("the excluded officer still opens the case: %d", r.status)
	}
	if r := sup.post(base+"/exclude", url.Values{"officer": {strconv.FormatInt(supID, 10)}}); !strings.Contains(r.location, "problem=") {
		t.Errorf("excluding oneself: %d %q", r.status, r.location)
	}
	var ref int64
	e.db.QueryRow(ctx, `INSERT INTO referrals (case_id, kind, addressee, referred_on) VALUES ($1, 'criminal', 'prosecutors', '2026-02-01') RETURNING id`, caseID).Scan(&ref)
	if r := sup.post(base+"/referrals/"+strconv.FormatInt(ref, 10), url.Values{"result": {"提起公訴"}}); r.status != 303 {
		t.Fatalf("referral result: %d", r.status)
	}
	var result string
	e.db.QueryRow(ctx, `SELECT result FROM referrals WHERE id = $1`, ref).Scan(&result)
	if result != "提起公訴" {
		t.Errorf("result %q", result)
	}
	if page := sup.get(base); !strings.Contains(page.body, "提起公訴") {
		t.Error("the case page does not show the referral's result")
	}
}
