package admin

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
)

func TestPasswordPolicy(t *testing.T) {
	base := NewOfficer{Username: "huang", DisplayName: "黃", Roles: []string{"intake"}}
	for pw, ok := range map[string]bool{
		"a long enough passphrase": true,
		"short":                    false,
		"Password1234":             false, // on the list, whatever the case
		"1qaz2wsx3edc":             false,
		"huang-is-my-name":         false, // contains the username
		"aaaaaaaaaaaaaaaa":         false, // too few different characters
		"abababababab12":           false,
	} {
		n := base
		n.Password = pw
		if err := ValidateNewOfficer(n); (err == nil) != ok {
			t.Errorf("%q: %v, want accepted=%v", pw, err, ok)
		}
	}
}

// TestResetAndRegrant: a reset gives a new key that opens nothing; the recovery identity gives the
// officer back what their role receives at intake.
func TestResetAndRegrant(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	recovery, _ := crypto.NewRecoveryKey()
	id, k := e.addOfficer("reset-me", "intake")
	caseID, _ := makeCaseWithRecovery(t, e, recovery, "regrant canary")
	if _, err := cases.OfficerGrant(ctx, e.db, caseID, id, "mailbox"); err != nil {
		t.Fatal("no grant before the reset")
	}
	if err := ResetOfficer(ctx, e.db, "reset-me", "new passphrase for Q", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := cases.OfficerGrant(ctx, e.db, caseID, id, "mailbox"); !errors.Is(err, cases.ErrNotFound) {
		t.Error("grants survived the reset")
	}
	if _, err := crypto.OpenOfficerKey(*k, pw("reset-me")); err != nil {
		t.Fatal(err) // the old sealed copy still opens the old key: it just matches nothing any more
	}
	var nk crypto.OfficerKey
	e.db.QueryRow(ctx, `SELECT age_recipient, sealed_identity FROM officers WHERE id = $1`, id).Scan(&nk.Recipient, &nk.Sealed)
	if nk.Recipient == k.Recipient {
		t.Fatal("the reset kept the old key")
	}
	newID, err := crypto.OpenOfficerKey(nk, "new passphrase for Q")
	if err != nil {
		t.Fatal(err)
	}
	// The new key is the administrator's to know: it awaits a supervisor's approval like a new account.
	if _, err := Regrant(ctx, e.db, recovery, "reset-me"); !errors.Is(err, ErrAwaitsApproval) {
		t.Fatalf("regrant before the approval: %v", err)
	}
	sup, _ := e.addOfficer("sup", "supervisor")
	if err := ApproveRoles(ctx, e.db, id, sup); err != nil {
		t.Fatal(err)
	}
	n, err := Regrant(ctx, e.db, recovery, "reset-me")
	if err != nil || n != 2 {
		t.Fatalf("Regrant = %d, %v; want 2 (the mailbox and internal keys of the one case)", n, err)
	}
	grant, _ := cases.OfficerGrant(ctx, e.db, caseID, id, "mailbox")
	if _, err := crypto.OpenGrant(grant, newID); err != nil {
		t.Error("the regranted key does not open with the new identity")
	}
	if n, _ := Regrant(ctx, e.db, recovery, "reset-me"); n != 0 {
		t.Errorf("a second regrant made %d grants", n)
	}
	wrong, _ := crypto.NewRecoveryKey()
	if _, err := Regrant(ctx, e.db, wrong, "reset-me"); err == nil {
		t.Error("a wrong recovery identity regranted")
	}
}

var oneTime = regexp.MustCompile(`id="one-time-password">([^<]+)<`)

func TestUsersPage(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("root", "sysadmin")
	b := e.signedIn(id, k, pw("root"))
	if a := b.get("/admin/users"); a.status != 200 || !strings.Contains(a.body, "root") {
		t.Fatalf("users page: %d", a.status)
	}
	a := b.post("/admin/users", url.Values{"username": {"newbie"}, "name": {"新人"}, "roles": {"intake", "investigator"}})
	m := oneTime.FindStringSubmatch(a.body)
	if a.status != 200 || m == nil {
		t.Fatalf("add: %d", a.status)
	}
	var roles []string
	e.db.QueryRow(context.Background(), `SELECT roles FROM officers WHERE username = 'newbie'`).Scan(&roles)
	if strings.Join(roles, ",") != "intake,investigator" {
		t.Errorf("roles %v", roles)
	}
	if a := b.post("/admin/users", url.Values{"username": {"newbie"}, "name": {"x"}, "roles": {"intake"}}); a.status != 400 || !strings.Contains(a.body, "已經有人使用") {
		t.Errorf("duplicate: %d", a.status)
	}
	if a := b.post("/admin/users", url.Values{"username": {"nobody-roles"}, "name": {"x"}}); a.status != 400 {
		t.Errorf("no roles: %d", a.status)
	}
	if a := b.post("/admin/users/newbie/reset", url.Values{}); a.status != 200 || oneTime.FindStringSubmatch(a.body) == nil {
		t.Errorf("reset: %d", a.status)
	}
	if a := b.post("/admin/users/newbie/disable", url.Values{}); a.status != 303 {
		t.Errorf("disable: %d", a.status)
	}
	if a := b.post("/admin/users/ghost/disable", url.Values{}); a.status != 404 {
		t.Errorf("disable unknown: %d", a.status)
	}
	if a := b.post("/admin/users/ROOT/disable", url.Values{}); a.status != 409 || !strings.Contains(a.body, "不能停用自己的帳號") {
		t.Errorf("disable oneself: %d", a.status)
	}
	var actions int
	e.db.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'user.%'`).Scan(&actions)
	if actions != 3 {
		t.Errorf("%d user events audited, want 3", actions)
	}
}

// TestLastSysadminStays: a system administrator cannot disable their own account, nor the last active
// administrator's, from the web or the command line.
func TestLastSysadminStays(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("root", "sysadmin")
	other, ok := e.addOfficer("root2", "sysadmin")
	b := e.signedIn(id, k, pw("root"))
	if a := b.post("/admin/users/root/disable", url.Values{}); a.status != 409 || !strings.Contains(a.body, "不能停用自己的帳號") {
		t.Errorf("disable oneself: %d", a.status)
	}
	b2 := e.signedIn(other, ok, pw("root2"))
	if a := b2.post("/admin/users/root/disable", url.Values{}); a.status != 303 {
		t.Fatalf("disable another administrator: %d", a.status)
	}
	if err := DisableOfficer(ctx, e.db, "root2"); !errors.Is(err, ErrLastSysadmin) {
		t.Errorf("the last administrator disabled: %v", err)
	}
	var disabled int
	e.db.QueryRow(ctx, `SELECT count(*) FROM officers WHERE disabled_at IS NOT NULL`).Scan(&disabled)
	if disabled != 1 {
		t.Errorf("%d accounts disabled, want 1", disabled)
	}
}

func TestAuditPageForAuditors(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("aud", "auditor")
	b := e.signedIn(id, k, pw("aud"))
	AuditNow(context.Background(), e.db, &id, "case.view", nil, map[string]int{"n": 1})
	a := b.get("/admin/audit?action=case.")
	if a.status != 200 || !strings.Contains(a.body, "雜湊鏈完整") || !strings.Contains(a.body, "檢視案件") {
		t.Fatalf("audit page: %d\n%.1500s", a.status, a.body)
	}
	csv := b.get("/admin/audit/export?action=case.")
	if !strings.HasPrefix(csv.body, "\ufeffid,at,officer,action,case,detail") || !strings.Contains(csv.body, "case.view") {
		t.Errorf("export:\n%s", csv.body)
	}
}

func TestOfflineReportGetsAReceipt(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("desk", "intake")
	b := e.signedIn(id, k, pw("desk"))
	if a := b.get("/admin/cases/new"); a.status != 200 {
		t.Fatalf("form: %d", a.status)
	}
	if a := b.post("/admin/cases/new", url.Values{"channel": {"fax"}, "category": {"corruption"}, "what": {"x"}}); a.status != 400 {
		t.Errorf("unknown channel: %d", a.status)
	}
	a := b.post("/admin/cases/new", url.Values{"channel": {"phone"}, "category": {"corruption"}, "agency": {"2"}, "what": {"電話中陳述：某課長索賄"}, "name": {"王先生"}})
	m := regexp.MustCompile(`id="receipt"[^>]*>(\d{4} \d{4} \d{4} \d{4} \d{4})<`).FindStringSubmatch(a.body)
	if a.status != 200 || m == nil {
		t.Fatalf("entry: %d", a.status)
	}
	var channel string
	var identities int
	e.db.QueryRow(context.Background(), `SELECT channel, (SELECT count(*) FROM case_entries WHERE case_id = c.id AND kind = 'identity') FROM cases c`).Scan(&channel, &identities)
	if channel != "phone" || identities != 1 {
		t.Errorf("stored channel %q, %d identity entries", channel, identities)
	}
	// The receipt opens the case, like one from the web form.
	r, _ := crypto.ParseReceipt(m[1])
	keys := crypto.DeriveReceiptKeys(r, []byte("test pepper"), crypto.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1})
	if _, _, err := cases.ByReceipt(context.Background(), e.db, keys.Lookup); err != nil {
		t.Errorf("the receipt finds no case: %v", err)
	}
}

func TestForcedPasswordChange(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("fresh", "intake")
	e.db.Exec(ctx, `UPDATE officers SET must_change_password = true WHERE id = $1`, id)
	b := e.signedIn(id, k, pw("fresh"))
	if a := b.get("/admin"); a.status != 303 || a.location != "/admin/password" {
		t.Fatalf("with a one-time password /admin = %d %q", a.status, a.location)
	}
	if a := b.post("/admin/cases/new", url.Values{}); a.status != 403 {
		t.Errorf("a POST before the change: %d", a.status)
	}
	for form, msg := range map[[2]string]string{
		{"short pw", "short pw"}:                                  "至少要 12",
		{"fresh and long enough", "fresh and long enough"}:        "不可包含您的帳號名稱",
		{"qwertyuiop12", "qwertyuiop12"}:                          "太常見",
		{"a good long passphrase", "a different long passphrase"}: "兩次輸入",
	} {
		if a := b.post("/admin/password", url.Values{"current": {pw("fresh")}, "password": {form[0]}, "again": {form[1]}}); a.status != 400 || !strings.Contains(a.body, msg) {
			t.Errorf("%v: %d, want %q", form, a.status, msg)
		}
	}
	other := e.signedIn(id, k, pw("fresh")) // the same officer on another device
	if a := b.post("/admin/password", url.Values{"password": {"a good long passphrase"}, "again": {"a good long passphrase"}}); a.status != 400 || !strings.Contains(a.body, "目前的密碼不正確") {
		t.Errorf("without the current password: %d", a.status)
	}
	if a := b.post("/admin/password", url.Values{"current": {"not my password"}, "password": {"a good long passphrase"}, "again": {"a good long passphrase"}}); a.status != 400 || !strings.Contains(a.body, "目前的密碼不正確") {
		t.Errorf("a wrong current password: %d", a.status)
	}
	if a := b.post("/admin/password", url.Values{"current": {pw("fresh")}, "password": {"a good long passphrase"}, "again": {"a good long passphrase"}}); a.status != 200 {
		t.Fatalf("change: %d", a.status)
	}
	if a := other.get("/admin/password"); a.status != 303 || a.location != "/admin/login" {
		t.Errorf("the other device's session survived the password change: %d %q", a.status, a.location)
	}
	if a := b.get("/admin"); a.status != 200 {
		t.Errorf("after the change /admin = %d", a.status)
	}
	var nk crypto.OfficerKey
	e.db.QueryRow(ctx, `SELECT age_recipient, sealed_identity FROM officers WHERE id = $1`, id).Scan(&nk.Recipient, &nk.Sealed)
	if nk.Recipient != k.Recipient {
		t.Error("the change replaced the key: case grants would be lost")
	}
	if _, err := crypto.OpenOfficerKey(nk, pw("fresh")); err == nil {
		t.Error("the old password still opens the key")
	}
	if _, err := crypto.OpenOfficerKey(nk, "a good long passphrase"); err != nil {
		t.Error("the new password does not open the key")
	}
}

// TestAccountFormProblemsInTheAdministratorsLanguage: a refused account request says what is wrong
// in the page's language, and keeps what was typed.
func TestAccountFormProblemsInTheAdministratorsLanguage(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("root1", "sysadmin")
	b := e.signedIn(id, k, pw("root1"))
	a := b.post("/admin/users", url.Values{"username": {"Bad Name!"}, "name": {"王小明"}})
	if a.status != 400 || !strings.Contains(a.body, "帳號名稱須為 2 至 63 個字元") || !strings.Contains(a.body, "請至少勾選一個角色") ||
		!strings.Contains(a.body, `value="王小明"`) || strings.Contains(a.body, "must be") {
		t.Errorf("refused account: %d\n%.3000s", a.status, a.body)
	}
	b.post("/admin/users", url.Values{"username": {"chen"}, "name": {"陳"}, "roles": {"auditor"}})
	a = b.post("/admin/users", url.Values{"username": {"chen"}, "name": {"陳二"}, "roles": {"intake"}})
	if a.status != 400 || !strings.Contains(a.body, "這個帳號名稱已經有人使用") || !regexp.MustCompile(`value="intake" checked`).MatchString(a.body) {
		t.Errorf("taken username: %d\n%.3000s", a.status, a.body)
	}
}
