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
	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
)

// TestOfficerSignsInAndReadsAReport: a citizen reports with JavaScript off; an officer signs in with
// password and a new TOTP enrolment, finds the case on the dashboard and in the list, and reads it.
// axe-core checks each admin page.
func TestOfficerSignsInAndReadsAReport(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddOfficer(ctx, e.pool, admin.NewOfficer{Username: "chen", DisplayName: "陳政風", Roles: []string{"intake"}, Password: "a long enough password"}); err != nil {
		t.Fatal(err)
	}
	e.pool.Exec(ctx, `UPDATE officers SET roles_approved_at = now() WHERE username = 'chen'`) // as a second supervisor would
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage("zh-TW"), browsertest.WithTimeout(120*time.Second))

	p := b.Open(t, srv.URL+"/report")
	p.SetValue(t, "#category", "corruption")
	p.SetValue(t, "#agency", "3")
	p.SendKeys(t, "#what", "財政局某科長收受回扣")
	a, _ := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
	p.SendKeys(t, "#captcha", a)
	p.Click(t, "button.primary")
	if p.Count(t, "#receipt") != 1 {
		t.Fatal("no receipt")
	}

	p = b.Open(t, srv.URL+"/admin/login")
	p.AssertNoAxeViolations(t)
	p.SendKeys(t, "#username", "chen")
	p.SendKeys(t, "#password", "a long enough password")
	p.Click(t, "button.primary")
	p.AssertNoAxeViolations(t)
	secret := strings.ReplaceAll(p.Text(t, "#totp-secret"), " ", "")
	code, err := totp.GenerateCodeCustom(secret, time.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	p.SendKeys(t, "#code", code)
	p.Click(t, "button.primary")
	// The administrator's one-time password is changed first.
	if p.Count(t, "#pw-new") != 1 {
		t.Fatalf("no forced password change after the first sign-in: %q", p.Text(t, "h1"))
	}
	p.AssertNoAxeViolations(t)
	p.SendKeys(t, "#pw-current", "a long enough password")
	p.SendKeys(t, "#pw-new", "the bridge tender smelled wrong")
	p.SendKeys(t, "#pw-again", "the bridge tender smelled wrong")
	p.Click(t, "button.primary")
	p = b.Open(t, srv.URL+"/admin")
	if !strings.Contains(p.Text(t, "h1"), "陳政風") {
		t.Fatalf("dashboard h1 = %q", p.Text(t, "h1"))
	}
	p.AssertNoAxeViolations(t)

	p = b.Open(t, srv.URL+"/admin/cases")
	p.AssertNoAxeViolations(t)
	p.Click(t, "ol.queue .result h3 a")
	if !strings.Contains(p.Text(t, "main"), "財政局某科長收受回扣") {
		t.Fatal("the case page does not show the report")
	}
	p.AssertNoAxeViolations(t)
}
