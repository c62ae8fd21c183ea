package admin

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
)

// grants counts an officer's grants of a case.
func grants(t *testing.T, e *testEnv, caseID, officerID int64) int {
	t.Helper()
	var n int
	if err := e.db.QueryRow(context.Background(), `SELECT count(*) FROM case_grants WHERE case_id = $1 AND officer_id = $2`, caseID, officerID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSysadminCannotMakeAReader: an account the system administrator creates with a case role is not
// sealed to by intake and cannot be granted a case, until a supervisor other than the administrator
// and the account approves it; a reset or a gained case role withdraws the approval. Both steps are
// audited.
func TestSysadminCannotMakeAReader(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	rootID, rootK := e.addOfficer("root", "sysadmin", "supervisor") // an administrator who is also a supervisor
	supID, supK := e.addOfficer("sup", "supervisor")
	root, sup := e.signedIn(rootID, rootK, pw("root")), e.signedIn(supID, supK, pw("sup"))

	a := root.post("/admin/users", url.Values{"username": {"boss"}, "name": {"新主管"}, "roles": {"supervisor"}})
	if a.status != 200 || oneTime.FindStringSubmatch(a.body) == nil {
		t.Fatalf("add: %d", a.status)
	}
	var boss int64
	e.db.QueryRow(ctx, `SELECT id FROM officers WHERE username = 'boss'`).Scan(&boss)
	if a := root.get("/admin/users"); !strings.Contains(a.body, "案件角色待主管核准") {
		t.Error("the accounts page does not say the new account awaits approval")
	}

	before, _ := makeCase(t, e, "sealed before the approval")
	if n := grants(t, e, before, boss); n != 0 {
		t.Fatalf("intake sealed %d key(s) to an account nobody approved", n)
	}
	// Nor can anyone grant it a case: not the assignment, not SQL itself.
	base := "/admin/cases/" + strconv.FormatInt(before, 10)
	if a := sup.post(base+"/assign", url.Values{"assignee": {strconv.FormatInt(boss, 10)}}); !strings.Contains(a.location, "problem=admin.act.err_unapproved") {
		t.Errorf("assigning the unapproved account: %d %q", a.status, a.location)
	} else if page := sup.get(a.location); !strings.Contains(page.body, "尚待另一位主管核准") {
		t.Errorf("the refusal is not explained:\n%.1500s", page.body)
	}
	if _, err := e.db.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed) VALUES ($1, 'mailbox', 'officer', $2, 'x')`, before, boss); sqlCode(err) != "IP002" {
		t.Errorf("a grant stored for an unapproved account: %v", err)
	}

	// Who may not approve: the account itself, whoever made it, anyone not an approved supervisor.
	pending, _ := e.addOfficer("pending-sup", "supervisor")
	e.db.Exec(ctx, `UPDATE officers SET roles_approved_at = NULL WHERE id = $1`, pending)
	for name, approver := range map[string]int64{"the account": boss, "its maker": rootID, "an unapproved supervisor": pending} {
		if err := ApproveRoles(ctx, e.db, boss, approver); !errors.Is(err, ErrNotYourApproval) {
			t.Errorf("approved by %s: %v", name, err)
		}
	}
	if a := root.post("/admin/roles/"+strconv.FormatInt(boss, 10)+"/approve", url.Values{}); a.status != 403 || !strings.Contains(a.body, "不能核准這個帳號") {
		t.Errorf("the maker approving on the web: %d", a.status)
	}
	if a := root.get("/admin/roles"); !strings.Contains(a.body, "由您建立或變更") {
		t.Error("the roles page does not tell the maker why they cannot approve")
	}
	if a := sup.get("/admin/roles"); a.status != 200 || !strings.Contains(a.body, "/admin/roles/"+strconv.FormatInt(boss, 10)+"/approve") {
		t.Fatalf("roles page for another supervisor: %d", a.status)
	}
	if a := sup.post("/admin/roles/"+strconv.FormatInt(boss, 10)+"/approve", url.Values{}); a.status != 303 {
		t.Fatalf("approve: %d", a.status)
	}
	after, _ := makeCase(t, e, "sealed after the approval")
	if n := grants(t, e, after, boss); n != 2 {
		t.Errorf("after the approval intake sealed %d key(s) to the supervisor, want 2", n)
	}
	if n := grants(t, e, before, boss); n != 0 {
		t.Errorf("the approval alone gave %d key(s) of an older case", n)
	}
	var audited []string
	rows, _ := e.db.Query(ctx, `SELECT action || ':' || coalesce(officer_id::text, '-') FROM audit_log WHERE action IN ('user.add', 'roles.approve') ORDER BY id`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		audited = append(audited, s)
	}
	if want := "user.add:" + strconv.FormatInt(rootID, 10) + ",roles.approve:" + strconv.FormatInt(supID, 10); strings.Join(audited, ",") != want {
		t.Errorf("audited %v, want %s", audited, want)
	}

	// A reset gives a key the administrator knows the password of: approval again.
	if a := root.post("/admin/users/boss/reset", url.Values{}); a.status != 200 {
		t.Fatalf("reset: %d", a.status)
	}
	if n := grants(t, e, makeCaseID(t, e, "after the reset"), boss); n != 0 {
		t.Errorf("after a reset intake sealed %d key(s) before a new approval", n)
	}
	if err := ApproveRoles(ctx, e.db, boss, rootID); !errors.Is(err, ErrNotYourApproval) {
		t.Errorf("the resetting administrator approved: %v", err)
	}

	// Gaining a case role withdraws the approval too, however the roles change.
	aud, _ := e.addOfficer("aud", "auditor")
	e.db.Exec(ctx, `UPDATE officers SET roles = ARRAY['auditor', 'custodian'] WHERE id = $1`, aud)
	if n := grants(t, e, makeCaseID(t, e, "after the change"), aud); n != 0 {
		t.Errorf("a gained custodian role received %d key(s) unapproved", n)
	}
}

func makeCaseID(t *testing.T, e *testEnv, what string) int64 {
	id, _ := makeCase(t, e, what)
	return id
}

// TestFirstSupervisorApprovedWithRecovery: with no supervisor yet, the office's recovery identity
// approves the first; any other identity does not.
func TestFirstSupervisorApprovedWithRecovery(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	recovery, _ := crypto.NewRecoveryKey()
	e.db.Exec(ctx, `UPDATE office_keys SET recovery_recipient = $1`, recovery.Recipient().String())
	if _, err := AddOfficer(ctx, e.db, NewOfficer{Username: "first", DisplayName: "第一位主管", Roles: []string{"supervisor"}, Password: pw("first")}); err != nil {
		t.Fatal(err)
	}
	wrong, _ := crypto.NewRecoveryKey()
	if err := ApproveRolesWithRecovery(ctx, e.db, wrong, "first"); !errors.Is(err, ErrWrongRecovery) {
		t.Errorf("another identity approved: %v", err)
	}
	if err := ApproveRolesWithRecovery(ctx, e.db, recovery, "first"); err != nil {
		t.Fatal(err)
	}
	if err := ApproveRolesWithRecovery(ctx, e.db, recovery, "first"); !errors.Is(err, ErrNothingToApprove) {
		t.Errorf("approved twice: %v", err)
	}
	var first int64
	e.db.QueryRow(ctx, `SELECT id FROM officers WHERE username = 'first'`).Scan(&first)
	caseID, _ := makeCase(t, e, "first case")
	if _, err := cases.OfficerGrant(ctx, e.db, caseID, first, "internal"); err != nil {
		t.Errorf("the approved first supervisor holds no grant: %v", err)
	}
}
