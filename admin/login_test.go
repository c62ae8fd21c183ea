package admin

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

var secretText = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

func code(t *testing.T, secret string, at time.Time) string {
	c, err := totp.GenerateCodeCustom(secret, at, totpOpts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSignInWithPasswordAndTOTP(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	e.addOfficer("lin", "intake")
	b := e.browser()

	if a := b.get("/admin"); a.status != 303 || a.location != "/admin/login" {
		t.Fatalf("anonymous /admin: %d %q", a.status, a.location)
	}
	if a := b.post("/admin/login", url.Values{"username": {"lin"}, "password": {"wrong password!"}}); a.status != 401 || !strings.Contains(a.body, "帳號或密碼不正確") {
		t.Errorf("wrong password: %d", a.status)
	}
	if a := b.post("/admin/login", url.Values{"username": {"nobody"}, "password": {"whatever"}}); a.status != 401 || !strings.Contains(a.body, "帳號或密碼不正確") {
		t.Errorf("unknown user: %d (must look the same as a wrong password)", a.status)
	}
	a := b.post("/admin/login", url.Values{"username": {"LIN"}, "password": {pw("lin")}})
	if a.status != 303 || a.location != "/admin/login/enrol" {
		t.Fatalf("first sign-in: %d %q", a.status, a.location)
	}
	// Half signed in is not signed in.
	if a := b.get("/admin"); a.status != 303 || a.location != "/admin/login" {
		t.Errorf("/admin before the second factor: %d", a.status)
	}
	page := b.get("/admin/login/enrol")
	m := secretText.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("enrolment page shows no secret:\n%.2000s", page.body)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	if qr := b.get("/admin/login/enrol/qr.png"); qr.status != 200 || !strings.HasPrefix(qr.body, "\x89PNG") {
		t.Errorf("QR code: %d", qr.status)
	}
	if a := b.post("/admin/login/enrol", url.Values{"code": {"000000"}}); a.status != 401 {
		t.Errorf("wrong enrolment code: %d", a.status)
	}
	now := time.Now()
	oldCookie := b.c.Jar.Cookies(mustURL(e.srv.URL))
	if a := b.post("/admin/login/enrol", url.Values{"code": {code(t, secret, now)}}); a.status != 303 || a.location != "/admin" {
		t.Fatalf("enrolment: %d %q", a.status, a.location)
	}
	if a := b.get("/admin"); a.status != 200 || !strings.Contains(a.body, "lin，您好") {
		t.Fatalf("dashboard after enrolment: %d", a.status)
	}
	var sealed []byte
	e.db.QueryRow(ctx, `SELECT totp_sealed FROM officers WHERE username = 'lin'`).Scan(&sealed)
	if strings.Contains(string(sealed), secret) {
		t.Error("the TOTP secret is stored in clear")
	}
	// The session was replaced at sign-in: the cookie from before is worthless.
	stale := e.browser()
	stale.c.Jar.SetCookies(mustURL(e.srv.URL), oldCookie)
	if a := stale.get("/admin"); a.status != 303 {
		t.Errorf("the pre-login cookie still works: %d", a.status)
	}

	// Second sign-in: password, then a code. The enrolment's code cannot be used again.
	if a := b.post("/admin/logout", url.Values{}); a.status != 303 {
		t.Fatalf("logout: %d", a.status)
	}
	if a := b.post("/admin/login", url.Values{"username": {"lin"}, "password": {pw("lin")}}); a.location != "/admin/login/totp" {
		t.Fatalf("second sign-in: %d %q", a.status, a.location)
	}
	if a := b.post("/admin/login/totp", url.Values{"code": {code(t, secret, now)}}); a.status != 401 || !strings.Contains(a.body, "已經用過") {
		t.Errorf("a reused code: %d", a.status)
	}
	next := code(t, secret, now.Add(30*time.Second)) // the next step, within the allowed drift
	if a := b.post("/admin/login/totp", url.Values{"code": {toFullWidth(next)}}); a.status != 303 || a.location != "/admin" {
		t.Fatalf("fresh code: %d %q", a.status, a.location)
	}
	if a := b.get("/admin"); a.status != 200 {
		t.Errorf("dashboard: %d", a.status)
	}
	var logins int
	e.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'login'`).Scan(&logins)
	if logins != 2 {
		t.Errorf("%d sign-ins audited, want 2", logins)
	}
}

func TestLockoutAfterFiveWrongPasswords(t *testing.T) {
	e := newTestEnv(t)
	e.addOfficer("chen", "supervisor")
	b := e.browser()
	for i := 0; i < 4; i++ {
		if a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {"not it at all"}}); a.status != 401 {
			t.Fatalf("failure %d: %d", i, a.status)
		}
	}
	a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {"not it at all"}})
	if a.status != 429 || !strings.Contains(a.body, "帳號已暫時鎖定") {
		t.Fatalf("fifth failure: %d", a.status)
	}
	if a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {pw("chen")}}); a.status != 429 {
		t.Errorf("the right password during the lockout: %d", a.status)
	}
	e.db.Exec(context.Background(), `UPDATE officers SET locked_until = now() - interval '1 second' WHERE username = 'chen'`)
	if a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {pw("chen")}}); a.status != 303 {
		t.Errorf("after the lockout: %d", a.status)
	}
}

func TestSessionsExpireAndEndEverywhere(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("wu", "investigator")
	for _, expire := range []string{"idle_until", "valid_until"} {
		b := e.signedIn(id, k, pw("wu"))
		if a := b.get("/admin"); a.status != 200 {
			t.Fatalf("fresh session: %d", a.status)
		}
		e.db.Exec(ctx, `UPDATE officer_sessions SET `+expire+` = now() - interval '1 second'`)
		if a := b.get("/admin"); a.status != 303 {
			t.Errorf("after %s passed: %d", expire, a.status)
		}
		e.db.Exec(ctx, `DELETE FROM officer_sessions`)
	}
	phone := e.signedIn(id, k, pw("wu"))
	sid2 := e.signedIn(id, k, pw("wu")) // a second device
	if a := phone.post("/admin/logout/all", url.Values{}); a.status != 303 {
		t.Fatalf("logout everywhere: %d", a.status)
	}
	if a := sid2.get("/admin"); a.status != 303 {
		t.Errorf("the other device is still signed in: %d", a.status)
	}
	// A disabled account's sessions stop at once.
	b := e.signedIn(id, k, pw("wu"))
	DisableOfficer(ctx, e.db, "wu")
	if a := b.get("/admin"); a.status != 303 {
		t.Errorf("a disabled officer's session still works: %d", a.status)
	}
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '０' + (r - '0')
		}
		return r
	}, s)
}
