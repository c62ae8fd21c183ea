package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/i18n"
)

var (
	mainNav  = regexp.MustCompile(`(?s)<nav class="wrap main-nav"[^>]*>(.*?)</nav>`)
	navLink  = regexp.MustCompile(`href="([^"]+)"`)
	header   = regexp.MustCompile(`(?s)<header class="site-header">(.*?)</header>`)
	logoutUI = regexp.MustCompile(`(?s)<form method="post" action="/admin/logout" class="logout-form"><input type="hidden" name="csrf_token" value="[^"]+"><button type="submit">登出</button></form>`)
)

// menuOf returns the links of a page's officers' menu, or nil when it has none.
func menuOf(body string) []string {
	m := mainNav.FindStringSubmatch(body)
	if m == nil {
		return nil
	}
	var links []string
	for _, l := range navLink.FindAllStringSubmatch(m[1], -1) {
		links = append(links, l[1])
	}
	return links
}

// wantMenu is the menu a set of roles should see, read from the authorization matrix's own table
// (not from RouteTable): every menu page whose GET the roles may use.
func wantMenu(roles ...string) []string {
	var want []string
	for _, l := range menu {
		for _, r := range roles {
			if contains(expectedAccess["GET "+l.Path], r) {
				want = append(want, l.Path)
				break
			}
		}
	}
	return want
}

func TestMenuShowsExactlyWhatTheRolesMayOpen(t *testing.T) {
	e := newTestEnv(t)
	sets := [][]string{{"sysadmin"}, {"intake"}, {"investigator"}, {"supervisor"}, {"custodian"}, {"auditor"}, {"data"},
		{"auditor", "data"}, {"supervisor", "auditor"}, {"data", "sysadmin"}}
	for _, roles := range sets {
		name := "o-" + strings.Join(roles, "-")
		id, k := e.addOfficer(name, roles...)
		b := e.signedIn(id, k, pw(name))
		home := e.admin.landing(&SignedIn{Roles: roles})
		a := b.get(home)
		if a.status != 200 {
			t.Fatalf("%v: landing %s: %d", roles, home, a.status)
		}
		got, want := menuOf(a.body), wantMenu(roles...)
		if !slices.Equal(got, want) {
			t.Errorf("%v: menu %v, want %v", roles, got, want)
		}
		// Every link shown opens: the menu never offers a refusal.
		for _, link := range got {
			if a := b.get(link); a.status != 200 {
				t.Errorf("%v: menu link %s answers %d", roles, link, a.status)
			}
		}
	}
	// The password page is in everyone's menu.
	for _, roles := range sets {
		if !contains(wantMenu(roles...), "/admin/password") {
			t.Errorf("%v: no password page in the menu", roles)
		}
	}
	if got := wantMenu("auditor"); !slices.Equal(got, []string{"/admin/stats", "/admin/audit", "/admin/password"}) {
		t.Errorf("auditor's menu %v", got)
	}
}

func TestNoMenuBeforeSignIn(t *testing.T) {
	e := newTestEnv(t)
	e.addOfficer("o-supervisor", "supervisor")
	b := e.browser()
	for _, path := range []string{"/admin/login", "/admin/nowhere"} {
		a := b.get(path)
		if links := menuOf(a.body); links != nil {
			t.Errorf("%s before sign-in shows a menu: %v", path, links)
		}
		if h := header.FindString(a.body); strings.Contains(h, "/admin/") || strings.Contains(h, "登出") {
			t.Errorf("%s before sign-in: header %s", path, h)
		}
	}
	// Half signed in (password given, second factor not yet) is not signed in either.
	if a := b.post("/admin/login", url.Values{"username": {"o-supervisor"}, "password": {pw("o-supervisor")}}); a.location != "/admin/login/enrol" {
		t.Fatalf("sign-in: %d %q", a.status, a.location)
	}
	a := b.get("/admin/login/enrol")
	if a.status != 200 || menuOf(a.body) != nil || strings.Contains(header.FindString(a.body), "登出") {
		t.Errorf("enrolment page: %d, menu %v", a.status, menuOf(a.body))
	}
}

func TestOneTimePasswordMenuIsThePasswordPage(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("o-intake", "intake")
	e.db.Exec(context.Background(), `UPDATE officers SET must_change_password = true WHERE id = $1`, id)
	b := e.signedIn(id, k, pw("o-intake"))
	a := b.get("/admin/password")
	if got := menuOf(a.body); !slices.Equal(got, []string{"/admin/password"}) {
		t.Errorf("menu while the one-time password waits: %v", got)
	}
	if !logoutUI.MatchString(a.body) {
		t.Error("no 登出 while the one-time password waits")
	}
	new := "a sentence only I would write"
	a = b.post("/admin/password", url.Values{"current": {pw("o-intake")}, "password": {new}, "again": {new}})
	if a.status != 200 || !slices.Equal(menuOf(a.body), wantMenu("intake")) || !strings.Contains(a.body, `href="/admin"`) {
		t.Errorf("after the change: %d, menu %v", a.status, menuOf(a.body))
	}
}

func TestNameAndLogoutOnEverySignedInPage(t *testing.T) {
	e := newTestEnv(t)
	caseID, fileID := makeCase(t, e, "frame canary")
	byRole := map[string]*browser{}
	for _, role := range []string{"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"} {
		name := "o-" + role
		id, k := e.addOfficer(name, role)
		e.db.Exec(context.Background(), `UPDATE officers SET display_name = $2 WHERE id = $1`, id, "王"+role)
		e.db.Exec(context.Background(), `INSERT INTO case_grants (case_id, officer_id, key_kind, sealed_key)
			SELECT case_id, $2, key_kind, sealed_key FROM case_grants WHERE case_id = $1 ON CONFLICT DO NOTHING`, caseID, id)
		byRole[role] = e.signedIn(id, k, pw(name))
	}
	pages := 0
	for _, rt := range e.admin.RouteTable() {
		if rt.Public || rt.Method != "GET" || strings.HasSuffix(rt.Path, "/export") || strings.Contains(rt.Path, "/files/") {
			continue
		}
		path := strings.NewReplacer(":id", strconv.FormatInt(caseID, 10)).Replace(rt.Path)
		if strings.Contains(path, ":") {
			continue // an upload page: an id of an upload, covered by the uploads' own tests
		}
		for role, b := range byRole {
			a := b.get(path)
			if a.status == http.StatusFound {
				continue // another role's landing: its own page is walked under its own path
			}
			pages++
			h := header.FindString(a.body)
			if !strings.Contains(h, "王"+role) || !strings.Contains(h, e.admin.Site.Catalogues().T(i18n.ZhTW, "admin.role."+role)) || !logoutUI.MatchString(h) {
				t.Errorf("%s as %s (%d): no name, role or 登出 in the header:\n%s", path, role, a.status, h)
			}
		}
	}
	_ = fileID
	if pages < 30 {
		t.Errorf("only %d pages walked", pages)
	}
}

func TestEveryRoleLandsOnItsPage(t *testing.T) {
	e := newTestEnv(t)
	cases := []struct {
		roles   []string
		landing string
	}{
		{[]string{"intake"}, "/admin"},
		{[]string{"investigator"}, "/admin"},
		{[]string{"supervisor"}, "/admin"},
		{[]string{"custodian"}, "/admin"},
		{[]string{"auditor"}, "/admin/audit"},
		{[]string{"data"}, "/admin/procurement/uploads"},
		{[]string{"sysadmin"}, "/admin/users"},
		{[]string{"auditor", "intake"}, "/admin"},
		{[]string{"sysadmin", "data", "auditor"}, "/admin/audit"},
		{[]string{"sysadmin", "data"}, "/admin/procurement/uploads"},
	}
	for _, tc := range cases {
		name := "o-" + strings.Join(tc.roles, "-")
		id, k := e.addOfficer(name, tc.roles...)
		b := e.signedIn(id, k, pw(name))
		a := b.get("/admin")
		if tc.landing == "/admin" {
			if a.status != 200 {
				t.Errorf("%v: /admin %d", tc.roles, a.status)
			}
			continue
		}
		if a.status != http.StatusFound || a.location != tc.landing {
			t.Errorf("%v: /admin %d %q, want 302 %s", tc.roles, a.status, a.location, tc.landing)
			continue
		}
		if a := b.get(a.location); a.status != 200 {
			t.Errorf("%v: landing %s: %d", tc.roles, tc.landing, a.status)
		}
	}
}

// TestSignInLandsAuditorOnTheAuditLog walks the real sign-in: password, TOTP enrolment, then the
// landing.
func TestSignInLandsAuditorOnTheAuditLog(t *testing.T) {
	e := newTestEnv(t)
	e.addOfficer("o-auditor", "auditor")
	b := e.browser()
	if a := b.post("/admin/login", url.Values{"username": {"o-auditor"}, "password": {pw("o-auditor")}}); a.location != "/admin/login/enrol" {
		t.Fatalf("sign-in: %d %q", a.status, a.location)
	}
	m := secretText.FindStringSubmatch(b.get("/admin/login/enrol").body)
	if m == nil {
		t.Fatal("no secret")
	}
	a := b.post("/admin/login/enrol", url.Values{"code": {code(t, strings.ReplaceAll(m[1], " ", ""), time.Now())}})
	if a.status != http.StatusSeeOther || a.location != "/admin/audit" {
		t.Fatalf("after enrolment: %d %q", a.status, a.location)
	}
	if a := b.get(a.location); a.status != 200 || !logoutUI.MatchString(a.body) {
		t.Errorf("audit log: %d", a.status)
	}
}

func TestForbiddenPageKeepsTheFrame(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("o-data", "data")
	b := e.signedIn(id, k, pw("o-data"))
	a := b.get("/admin/users")
	if a.status != http.StatusForbidden {
		t.Fatalf("data officer on accounts: %d", a.status)
	}
	if !logoutUI.MatchString(a.body) || !slices.Equal(menuOf(a.body), wantMenu("data")) {
		t.Errorf("the refusal has no way out: menu %v", menuOf(a.body))
	}
}

func TestNameIsEscapedInTheHeader(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("o-auditor", "auditor")
	e.db.Exec(context.Background(), `UPDATE officers SET display_name = $2 WHERE id = $1`, id, `<script>alert(1)</script>`)
	a := e.signedIn(id, k, pw("o-auditor")).get("/admin/audit")
	if strings.Contains(a.body, "<script>alert") || !strings.Contains(a.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("display name not escaped: %d", a.status)
	}
}

func TestPasswordWithUsernameHasItsOwnMessage(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("wenhui", "intake")
	b := e.signedIn(id, k, pw("wenhui"))
	bad := "my name is WenHui and I like tea"
	form := url.Values{"current": {pw("wenhui")}, "password": {bad}, "again": {bad}}
	a := b.post("/admin/password", form)
	if a.status != 400 || !strings.Contains(a.body, "密碼不可包含您的帳號名稱") || strings.Contains(a.body, "太常見") {
		t.Errorf("zh-TW: %d", a.status)
	}
	form.Set("csrf_token", b.token())
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/password", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	a = b.do(req)
	if a.status != 400 || !strings.Contains(a.body, "must not contain your username") {
		t.Errorf("en: %d %.300s", a.status, a.body)
	}
	// Hostile input: a NUL byte, invalid UTF-8, a huge password: a clear refusal, never a 500.
	for _, hostile := range []string{"wenhui\x00and a long tail", "\xff\xfe not utf-8 at all here", strings.Repeat("長", 5000)} {
		a := b.post("/admin/password", url.Values{"current": {pw("wenhui")}, "password": {hostile}, "again": {hostile}})
		if a.status != 400 {
			t.Errorf("hostile password %.20q: %d", hostile, a.status)
		}
	}
	// A common one keeps its own message.
	if got := weakPassword("password1234", "wenhui"); got != weakCommon {
		t.Errorf("common: %q", got)
	}
	if got := weakPassword("xxWENHUIxx1234", "wenhui"); got != weakUsername || got.String() != "password contains the username" {
		t.Errorf("username: %q", got)
	}
}
