package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/pquerna/otp/totp"

	"integrity-portal/crypto"
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
	if a := b.get("/admin").unmarked(); a.status != 200 || !strings.Contains(a.body, "lin，您好") {
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
	for i := 0; i < 5; i++ {
		if a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {"not it at all"}}); a.status != 401 {
			t.Fatalf("failure %d: %d", i, a.status)
		}
	}
	var locked bool
	e.db.QueryRow(context.Background(), `SELECT locked_until > now() FROM officers WHERE username = 'chen'`).Scan(&locked)
	if !locked {
		t.Fatal("five wrong passwords did not lock the account")
	}
	if a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {pw("chen")}}); a.status != 401 || !strings.Contains(a.body, "帳號或密碼不正確") {
		t.Errorf("the right password during the lockout: %d", a.status)
	}
	e.db.Exec(context.Background(), `UPDATE officers SET locked_until = now() - interval '1 second' WHERE username = 'chen'`)
	if a := b.post("/admin/login", url.Values{"username": {"chen"}, "password": {pw("chen")}}); a.status != 303 {
		t.Errorf("after the lockout: %d", a.status)
	}
}

// TestLoginRefusalsAreIndistinguishable: an unknown username, a wrong password and a locked account
// (even with its right password) get the same status and page, and each costs exactly one password check.
func TestLoginRefusalsAreIndistinguishable(t *testing.T) {
	e := newTestEnv(t)
	e.addOfficer("known", "investigator")
	e.addOfficer("locked", "investigator")
	e.db.Exec(context.Background(), `UPDATE officers SET locked_until = now() + interval '15 minutes' WHERE username = 'locked'`)
	checks := 0
	open := openOfficerKey
	openOfficerKey = func(m *crypto.MemoryBudget, ctx context.Context, k crypto.OfficerKey, password string) (*age.HybridIdentity, error) {
		checks++
		return open(m, ctx, k, password)
	}
	t.Cleanup(func() { openOfficerKey = open })
	b := e.browser()
	var first answer
	for i, form := range []url.Values{
		{"username": {"nobody"}, "password": {"some password"}},
		{"username": {"known"}, "password": {"some password"}},
		{"username": {"locked"}, "password": {"some password"}},
		{"username": {"locked"}, "password": {pw("locked")}},
	} {
		checks = 0
		a := b.post("/admin/login", form)
		if checks != 1 {
			t.Errorf("%v: %d password checks, want exactly 1", form, checks)
		}
		// The page repeats the username typed; apart from it (and the form's token) it must be the same.
		body := strings.ReplaceAll(csrfField.ReplaceAllString(a.body, ""), `value="`+form.Get("username")+`"`, "")
		if i == 0 {
			first, first.body = a, body
			if a.status != 401 {
				t.Errorf("unknown username: %d", a.status)
			}
			continue
		}
		if a.status != first.status || body != first.body {
			t.Errorf("%v: %d, unlike an unknown username's %d (same page: %v)", form, a.status, first.status, body == first.body)
		}
	}
}

// TestTOTPGuessingIsLimited: wrong codes end the sign-in after three, count toward the lockout with
// wrong passwords, and the right code is refused after many wrong ones.
func TestTOTPGuessingIsLimited(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	_, k := e.addOfficer("guessme", "supervisor")
	secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	id := openTestKey(t, k, pw("guessme"))
	sealed, _ := crypto.Seal([]byte(secret), id.Recipient())
	e.db.Exec(ctx, `UPDATE officers SET totp_sealed = $1 WHERE username = 'guessme'`, sealed)
	right := code(t, secret, time.Now())
	wrong := func() string { // a code that is none of the three accepted steps
		for n := 0; ; n++ {
			c := fmt.Sprintf("%06d", n)
			if totpStep(secret, c, time.Now()) == 0 {
				return c
			}
		}
	}

	b := e.browser()
	signIn := func() {
		t.Helper()
		if a := b.post("/admin/login", url.Values{"username": {"guessme"}, "password": {pw("guessme")}}); a.location != "/admin/login/totp" {
			t.Fatalf("password step: %d %q", a.status, a.location)
		}
	}
	signIn()
	for i := 0; i < 20; i++ {
		b.post("/admin/login/totp", url.Values{"code": {wrong()}})
	}
	if a := b.post("/admin/login/totp", url.Values{"code": {right}}); a.status == 303 && a.location != "/admin/login" {
		t.Fatalf("after 20 wrong codes the right one signed in: %d %q", a.status, a.location)
	}
	if a := b.get("/admin"); a.status != 303 {
		t.Fatalf("signed in after guessing: %d", a.status)
	}
	// The right password again buys no fresh count: two more wrong codes make five, and lock the account.
	signIn()
	for i := 0; i < 2; i++ {
		b.post("/admin/login/totp", url.Values{"code": {wrong()}})
	}
	var locked bool
	e.db.QueryRow(ctx, `SELECT coalesce(locked_until > now(), false) FROM officers WHERE username = 'guessme'`).Scan(&locked)
	if !locked {
		t.Error("five wrong codes over two sign-ins did not lock the account")
	}
	if a := b.post("/admin/login", url.Values{"username": {"guessme"}, "password": {pw("guessme")}}); a.status != 401 {
		t.Errorf("the password during the lockout: %d", a.status)
	}

	// Three wrong codes end the sign-in, before the account is locked: the right code is refused.
	e.db.Exec(ctx, `UPDATE officers SET locked_until = NULL, failed_logins = 0 WHERE username = 'guessme'`)
	signIn()
	for i := 0; i < 2; i++ {
		if a := b.post("/admin/login/totp", url.Values{"code": {wrong()}}); a.status != 401 || !strings.Contains(a.body, "驗證碼不正確") {
			t.Fatalf("wrong code %d: %d", i, a.status)
		}
	}
	if a := b.post("/admin/login/totp", url.Values{"code": {wrong()}}); a.status != 401 || !strings.Contains(a.body, "這次登入已經作廢") {
		t.Errorf("third wrong code: %d", a.status)
	}
	if a := b.post("/admin/login/totp", url.Values{"code": {code(t, secret, time.Now().Add(-30*time.Second))}}); a.location != "/admin/login" {
		t.Errorf("the right code after three wrong ones: %d %q", a.status, a.location)
	}
	e.db.QueryRow(ctx, `SELECT coalesce(locked_until > now(), false) FROM officers WHERE username = 'guessme'`).Scan(&locked)
	if locked {
		t.Error("three wrong codes locked the account (five do)")
	}

	// Codes and passwords count together: two wrong passwords and three wrong codes lock it.
	e.db.Exec(ctx, `UPDATE officers SET locked_until = NULL, failed_logins = 0 WHERE username = 'guessme'`)
	for i := 0; i < 2; i++ {
		b.post("/admin/login", url.Values{"username": {"guessme"}, "password": {"not the password"}})
	}
	signIn()
	for i := 0; i < 3; i++ {
		b.post("/admin/login/totp", url.Values{"code": {wrong()}})
	}
	e.db.QueryRow(ctx, `SELECT coalesce(locked_until > now(), false) FROM officers WHERE username = 'guessme'`).Scan(&locked)
	if !locked {
		t.Error("two wrong passwords and three wrong codes did not lock the account")
	}

	// A complete sign-in starts the count again.
	e.db.Exec(ctx, `UPDATE officers SET locked_until = NULL, failed_logins = 0 WHERE username = 'guessme'`)
	signIn()
	b.post("/admin/login/totp", url.Values{"code": {wrong()}})
	if a := b.post("/admin/login/totp", url.Values{"code": {code(t, secret, time.Now().Add(30*time.Second))}}); a.status != 303 || a.location != "/admin" {
		t.Fatalf("the right code after one wrong one: %d %q", a.status, a.location)
	}
	var failures int
	e.db.QueryRow(ctx, `SELECT failed_logins FROM officers WHERE username = 'guessme'`).Scan(&failures)
	if failures != 0 {
		t.Errorf("%d failures counted after a complete sign-in", failures)
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

// TestTwoEnrolmentsRace: an officer signed in twice enrols an app in both windows at once. One
// enrolment is kept; the other is told so in words (409, back to the sign-in form), never a 500.
func TestTwoEnrolmentsRace(t *testing.T) {
	e := newTestEnv(t)
	e.addOfficer("twice", "intake")
	var bs [2]*browser
	var secrets [2]string
	for i := range bs {
		bs[i] = e.browser()
		if a := bs[i].post("/admin/login", url.Values{"username": {"twice"}, "password": {pw("twice")}}); a.location != "/admin/login/enrol" {
			t.Fatalf("sign-in %d: %d %q", i, a.status, a.location)
		}
		m := secretText.FindStringSubmatch(bs[i].get("/admin/login/enrol").body)
		if m == nil {
			t.Fatal("no secret")
		}
		secrets[i] = strings.ReplaceAll(m[1], " ", "")
	}
	var answers [2]answer
	var wg sync.WaitGroup
	for i := range bs {
		token, c := bs[i].token(), code(t, secrets[i], time.Now())
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", e.srv.URL+"/admin/login/enrol", strings.NewReader(url.Values{"code": {c}, "csrf_token": {token}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", "zh-TW")
			answers[i] = bs[i].do(req)
		}()
	}
	wg.Wait()
	won, lost := 0, 0
	for i, a := range answers {
		switch {
		case a.status == http.StatusSeeOther && a.location == "/admin":
			won++
		case a.status == http.StatusConflict && strings.Contains(a.body, "已經在另一個視窗或裝置完成驗證器設定"):
			lost++
			if again := bs[i].get("/admin/login/enrol"); again.status == 200 && secretText.MatchString(again.body) {
				t.Error("the losing window can still enrol")
			}
		default:
			t.Errorf("enrolment %d: %d %q\n%.1000s", i, a.status, a.location, a.body)
		}
	}
	if won != 1 || lost != 1 {
		t.Errorf("%d enrolments kept, %d refused; want 1 and 1", won, lost)
	}
}
