package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/internal/cases"
)

// TestAssignmentGrantsTheInternalKey: an investigator an intake officer assigns can read the case's
// notes, and the grant is in the audit log.
func TestAssignmentGrantsTheInternalKey(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	inID, inK := e.addOfficer("in", "intake")
	invID, invK := e.addOfficer("inv", "investigator")
	in, inv := e.signedIn(inID, inK, pw("in")), e.signedIn(invID, invK, pw("inv"))
	caseID, _ := makeCase(t, e, "assigned by intake")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)

	if a := in.post(base+"/note", url.Values{"text": {"收件初審筆記"}}); a.status != 303 {
		t.Fatalf("note: %d", a.status)
	}
	if a := in.post(base+"/assign", url.Values{"assignee": {strconv.FormatInt(invID, 10)}}); a.status != 303 || strings.Contains(a.location, "problem") {
		t.Fatalf("assign: %d %q", a.status, a.location)
	}
	for _, key := range []string{"mailbox", "internal"} {
		if _, err := cases.OfficerGrant(ctx, e.db, caseID, invID, key); err != nil {
			t.Errorf("the assignee has no %s grant: %v", key, err)
		}
	}
	page := inv.get(base)
	if page.status != 200 || strings.Contains(page.body, "您沒有本案內部金鑰") || !strings.Contains(page.body, "收件初審筆記") {
		t.Fatalf("the assignee cannot read the notes: %d", page.status)
	}
	var detail string
	e.db.QueryRow(ctx, `SELECT detail::text FROM audit_log WHERE case_id = $1 AND action = 'case.grant' AND officer_id = $2`, caseID, inID).Scan(&detail)
	if !strings.Contains(detail, `"internal"`) || !strings.Contains(detail, strconv.FormatInt(invID, 10)) {
		t.Errorf("the grant is not audited: %q", detail)
	}
}

// TestAssignmentWithoutTheKeyIsRefusedWhole: an assigner who does not hold the internal key (a case
// from before intake officers held it) cannot assign: a clear refusal, and nothing half-done.
func TestAssignmentWithoutTheKeyIsRefusedWhole(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	inID, inK := e.addOfficer("in", "intake")
	invID, _ := e.addOfficer("inv", "investigator")
	in := e.signedIn(inID, inK, pw("in"))
	caseID, _ := makeCase(t, e, "older case")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	e.db.Exec(ctx, `DELETE FROM case_grants WHERE case_id = $1 AND officer_id = $2 AND key_name = 'internal'`, caseID, inID)

	a := in.post(base+"/assign", url.Values{"assignee": {strconv.FormatInt(invID, 10)}})
	if a.status != 303 || !strings.Contains(a.location, "problem=admin.act.err_no_key_to_grant") {
		t.Fatalf("assignment without the key: %d %q", a.status, a.location)
	}
	for lang, want := range map[string]string{"zh-TW": "您沒有本案的內部金鑰，無法轉交給承辦人", "en": "You do not hold this case&#39;s internal key"} {
		req, _ := http.NewRequest("GET", e.srv.URL+a.location, nil)
		req.Header.Set("Accept-Language", lang)
		if page := in.do(req); !strings.Contains(page.body, want) {
			t.Errorf("%s: the refusal is not explained", lang)
		}
	}
	var assignee *int64
	e.db.QueryRow(ctx, `SELECT assignee_id FROM cases WHERE id = $1`, caseID).Scan(&assignee)
	if assignee != nil || grants(t, e, caseID, invID) != 0 {
		t.Errorf("half done: assignee %v, %d grant(s)", assignee, grants(t, e, caseID, invID))
	}
}

// TestAssignmentRefusals: an excluded or recused officer posted straight to the form by a supervisor
// who holds every key, an officer of the wrong role, and hostile values: each is refused with a
// message, and no key moves.
func TestAssignmentRefusals(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	supID, supK := e.addOfficer("sup", "supervisor")
	invID, invK := e.addOfficer("inv", "investigator")
	exID, _ := e.addOfficer("ex", "investigator")
	custID, _ := e.addOfficer("cust", "custodian")
	audID, _ := e.addOfficer("aud", "auditor")
	sup, inv := e.signedIn(supID, supK, pw("sup")), e.signedIn(invID, invK, pw("inv"))
	caseID, _ := makeCase(t, e, "refusals")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	assign := func(v string) answer {
		t.Helper()
		return sup.post(base+"/assign", url.Values{"assignee": {v}})
	}
	if a := assign(strconv.FormatInt(invID, 10)); strings.Contains(a.location, "problem") {
		t.Fatalf("assign: %q", a.location)
	}
	if a := inv.post(base+"/recuse", url.Values{}); a.status != 303 {
		t.Fatalf("recuse: %d", a.status)
	}
	if a := sup.post(base+"/exclude", url.Values{"officer": {strconv.FormatInt(exID, 10)}}); a.status != 303 {
		t.Fatalf("exclude: %d", a.status)
	}
	for name, id := range map[string]int64{"recused": invID, "excluded": exID} {
		a := assign(strconv.FormatInt(id, 10))
		if !strings.Contains(a.location, "problem=admin.act.err_excluded") {
			t.Errorf("%s officer assigned: %d %q", name, a.status, a.location)
		}
		if n := grants(t, e, caseID, id); n != 0 {
			t.Errorf("%s officer holds %d grant(s)", name, n)
		}
	}
	hostile := []string{strconv.FormatInt(custID, 10), strconv.FormatInt(audID, 10), "abc", "0", "-1", "99999999999999999999",
		"1\x00", strings.Repeat("9", 10<<10), "\xff\xfe"}
	for _, v := range hostile {
		// A refusal with the form's message, or the site's 400 for a value no form sends (NUL,
		// invalid UTF-8); never a 5xx.
		a := assign(v)
		if !(a.status == 303 && strings.Contains(a.location, "problem=admin.act.err_assignee") || a.status == 400) {
			t.Errorf("assignee %.20q: %d %q", v, a.status, a.location)
		}
	}
	for name, id := range map[string]int64{"custodian": custID, "auditor": audID} {
		var n int
		e.db.QueryRow(ctx, `SELECT count(*) FROM case_grants WHERE case_id = $1 AND officer_id = $2 AND key_name = 'mailbox'`, caseID, id).Scan(&n)
		if n != 0 {
			t.Errorf("the %s received the mailbox key", name)
		}
	}
	var assignee *int64
	e.db.QueryRow(ctx, `SELECT assignee_id FROM cases WHERE id = $1`, caseID).Scan(&assignee)
	if assignee != nil {
		t.Errorf("the case is assigned to %d", *assignee)
	}
}
