package admin

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/internal/cases"
)

func TestIdentityCustodyNeedsCustodianAndSupervisor(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	inID, inK := e.addOfficer("id-in", "intake")
	cuID, cuK := e.addOfficer("id-cu", "custodian")
	supID, supK := e.addOfficer("id-sup", "supervisor")
	both, bothK := e.addOfficer("id-both", "custodian", "supervisor")
	caseID, _ := makeCase(t, e, "identity case")
	b, _ := json.Marshal(cases.IdentityContent{Name: "陳小姐", Contact: "0912-345-678"})
	if _, err := cases.AddEntry(ctx, e.db, caseID, cases.EntryIdentity, cases.AuthorReporter, "internal", b); err != nil {
		t.Fatal(err)
	}
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	in, cu, sup, bo := e.signedIn(inID, inK, pw("id-in")), e.signedIn(cuID, cuK, pw("id-cu")), e.signedIn(supID, supK, pw("id-sup")), e.signedIn(both, bothK, pw("id-both"))

	if page := sup.get(base); strings.Contains(page.body, "陳小姐") || !strings.Contains(page.body, "需經身分保管人與政風主管核准") {
		t.Fatal("the identity shows before any approval")
	}
	if r := in.post(base+"/identity", url.Values{"reason": {""}}); !strings.Contains(r.location, "err_reason") {
		t.Errorf("a request without a reason: %d %q", r.status, r.location)
	}
	if r := in.post(base+"/identity", url.Values{"reason": {"需聯絡檢舉人說明細節"}}); r.status != 303 {
		t.Fatalf("request: %d", r.status)
	}
	var req int64
	e.db.QueryRow(ctx, `SELECT id FROM identity_requests WHERE case_id = $1`, caseID).Scan(&req)
	decide := base + "/identity/" + strconv.FormatInt(req, 10)

	// One person holding both roles fills one slot only.
	if r := bo.post(decide, url.Values{"decision": {"approve"}}); r.status != 303 {
		t.Fatalf("first approval: %d", r.status)
	}
	if r := bo.post(decide, url.Values{"decision": {"approve"}}); r.status != 403 {
		t.Errorf("the same officer approving twice: %d", r.status)
	}
	var revealed bool
	e.db.QueryRow(ctx, `SELECT revealed_at IS NOT NULL FROM identity_requests WHERE id = $1`, req).Scan(&revealed)
	if revealed {
		t.Fatal("revealed after one approval")
	}
	// bo filled the custodian slot (custodian comes first); the supervisor completes it.
	if r := cu.post(decide, url.Values{"decision": {"approve"}}); r.status != 403 {
		t.Errorf("a second custodian approval: %d", r.status)
	}
	if r := sup.post(decide, url.Values{"decision": {"approve"}}); r.status != 303 {
		t.Fatalf("supervisor approval: %d", r.status)
	}
	e.db.QueryRow(ctx, `SELECT revealed_at IS NOT NULL FROM identity_requests WHERE id = $1`, req).Scan(&revealed)
	if !revealed {
		t.Fatal("not revealed after custodian and supervisor approved")
	}
	if page := sup.get(base); !strings.Contains(page.body, "陳小姐") {
		t.Error("the revealed identity is not shown to the supervisor")
	}
	if page := in.get(base); strings.Contains(page.body, "陳小姐") {
		t.Error("an intake officer not handling the case sees the identity")
	}
	var told int
	e.db.QueryRow(ctx, `SELECT count(*) FROM case_entries WHERE case_id = $1 AND kind = 'status' AND author = 'system'`, caseID).Scan(&told)
	if told != 1 {
		t.Error("the reporter was not told")
	}
	var events []string
	rows, _ := e.db.Query(ctx, `SELECT action FROM audit_log WHERE case_id = $1 AND action LIKE 'identity.%' ORDER BY id`, caseID)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		events = append(events, s)
	}
	if strings.Join(events, ",") != "identity.request,identity.approve,identity.approve,identity.reveal" {
		t.Errorf("audited %v", events)
	}
}
