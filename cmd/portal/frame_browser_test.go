package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"integrity-portal/admin"
	"integrity-portal/internal/browsertest"
)

// TestOfficerFrameOnAPhone: at 360 px, the sign-in shows no officers' menu; a system administrator
// signs in (TOTP enrolment, then the forced password change) and lands on the accounts page, whose
// header carries the name, the role and 登出 and whose menu holds only the accounts and password
// pages, with nothing wider than the phone and no axe-core violation.
func TestOfficerFrameOnAPhone(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddOfficer(ctx, e.pool, admin.NewOfficer{Username: "wu", DisplayName: "吳系統", Roles: []string{"sysadmin"}, Password: "a long enough password"}); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage("zh-TW"), browsertest.WithViewport(360, 740), browsertest.WithTimeout(180*time.Second))

	p := b.Open(t, srv.URL+"/admin/login")
	if n := p.Count(t, ".main-nav, .logout-form"); n != 0 {
		t.Errorf("the sign-in page shows %d officers' menu or 登出 elements", n)
	}
	if p.HorizontalOverflow(t) {
		t.Error("the sign-in page is wider than the phone")
	}
	p.AssertNoAxeViolations(t)
	p.SendKeys(t, "#username", "wu")
	p.SendKeys(t, "#password", "a long enough password")
	p.Click(t, "button.primary")
	if n := p.Count(t, ".main-nav, .logout-form"); n != 0 {
		t.Errorf("the enrolment page shows %d officers' menu or 登出 elements", n)
	}
	secret := strings.ReplaceAll(p.Text(t, "#totp-secret"), " ", "")
	code, err := totp.GenerateCodeCustom(secret, time.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	p.SendKeys(t, "#code", code)
	p.Click(t, "button.primary")
	// The one-time password first: the menu holds the password page alone, and 登出 is there.
	if got := p.Text(t, ".main-nav"); got != "更改密碼" {
		t.Errorf("menu during the forced change: %q", got)
	}
	p.SendKeys(t, "#pw-current", "a long enough password")
	p.SendKeys(t, "#pw-new", "the accounts are kept in order")
	p.SendKeys(t, "#pw-again", "the accounts are kept in order")
	p.Click(t, "button.primary")
	p.Click(t, "main a[href='/admin/users']") // 繼續到我的工作頁面
	if !strings.HasSuffix(p.URL(t), "/admin/users") {
		t.Fatalf("the administrator continues to %s", p.URL(t))
	}
	header := p.Text(t, ".site-header")
	for _, want := range []string{"吳系統", "系統管理員", "登出", "帳號管理", "更改密碼"} {
		if !strings.Contains(header, want) {
			t.Errorf("the header lacks %q: %q", want, header)
		}
	}
	if n := p.Count(t, ".main-nav a"); n != 2 {
		t.Errorf("the administrator's menu has %d links, want 2 (accounts, password)", n)
	}
	if p.HorizontalOverflow(t) {
		t.Error("the accounts page is wider than the phone")
	}
	p.AssertNoAxeViolations(t)

	// 登出 in the header ends the session.
	p.Click(t, ".logout-form button")
	if !strings.HasSuffix(p.URL(t), "/admin/login") {
		t.Errorf("登出 leads to %s", p.URL(t))
	}
	if n := p.Count(t, ".main-nav, .logout-form"); n != 0 {
		t.Errorf("after 登出 the page still shows %d officers' elements", n)
	}
}
