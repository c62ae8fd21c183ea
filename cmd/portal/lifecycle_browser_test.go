package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"integrity-portal/admin"
	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/importer"
)

// TestFullLifeCycleInTheBrowser: a citizen reports in English with JavaScript off; an intake officer
// signs in with password and TOTP, acknowledges, accepts, assigns and writes to the reporter, with the
// templates in English and told the reporter reads English; the reporter reads it all in English in
// the mailbox; the assigned investigator reads the intake officer's note and refers the case; a
// supervisor approves; the case is closed and the reporter sees Closed. Every page runs without
// JavaScript and passes axe-core.
func TestFullLifeCycleInTheBrowser(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, o := range []struct{ user, role string }{{"chen", "intake"}, {"wu", "investigator"}, {"lee", "supervisor"}} {
		roles := []string{o.role}
		if o.role == "supervisor" {
			roles = append(roles, "data") // to reach the procurement imports too
		}
		off, err := admin.AddOfficer(ctx, e.pool, admin.NewOfficer{Username: o.user, DisplayName: o.user, Roles: roles, Password: pw(o.user)})
		if err != nil {
			t.Fatal(err)
		}
		ids[o.user] = off.ID
		// The forced change and the approval of case roles are tested elsewhere.
		e.pool.Exec(ctx, `UPDATE officers SET must_change_password = false, roles_approved_at = now() WHERE id = $1`, off.ID)
	}
	newBrowserIn := func(lang string) *browsertest.Browser {
		return browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang), browsertest.WithTimeout(8*time.Minute)) // the citizen's browser lives through the whole case
	}
	newBrowser := func() *browsertest.Browser { return newBrowserIn("zh-TW") }

	// 1. The citizen reports, in English.
	citizen := newBrowserIn("en")
	p := citizen.Open(t, srv.URL+"/report")
	p.SetValue(t, "#category", "procurement")
	p.SetValue(t, "#agency", "6")
	p.SendKeys(t, "#what", "The Construction Bureau's tender seems rigged")
	answer, _ := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
	p.SendKeys(t, "#captcha", answer)
	p.Click(t, "button.primary")
	receipt := p.Text(t, "#receipt")

	signIn := func(user string) (*browsertest.Browser, *browsertest.Page) {
		b := newBrowser()
		p := b.Open(t, srv.URL+"/admin/login")
		p.SendKeys(t, "#username", user)
		p.SendKeys(t, "#password", pw(user))
		p.Click(t, "button.primary")
		secret := strings.ReplaceAll(p.Text(t, "#totp-secret"), " ", "")
		code, _ := totp.GenerateCodeCustom(secret, time.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		p.SendKeys(t, "#code", code)
		p.Click(t, "button.primary")
		if !strings.Contains(p.Text(t, "h1"), user) {
			t.Fatalf("%s did not reach the dashboard: %q", user, p.Text(t, "h1"))
		}
		return b, p
	}
	var caseID int64
	e.pool.QueryRow(ctx, `SELECT id FROM cases`).Scan(&caseID)
	casePath := fmt.Sprintf("%s/admin/cases/%d", srv.URL, caseID)
	act := func(p *browsertest.Page, action string, fill func()) {
		t.Helper()
		sel := fmt.Sprintf(`details.action:has(input[name="action"][value="%s"])`, action)
		p.Click(t, sel+" summary")
		if fill != nil {
			fill()
		}
		p.Click(t, sel+" button.primary")
		if p.Count(t, ".confirm") != 1 {
			t.Fatalf("%s: no confirmation:\n%s", action, p.Text(t, "main"))
		}
	}

	// 2. The intake officer, in Chinese, is offered the templates in English and told why; they
	// acknowledge, accept, note, assign and write to the reporter in English.
	_, chen := signIn("chen")
	chen = chen.Browser().Open(t, casePath)
	chen.AssertNoAxeViolations(t)
	if hint := chen.Text(t, "#reply-text-hint"); !strings.Contains(hint, "檢舉人使用英文") {
		t.Errorf("the reply form does not say the reporter reads English: %q", hint)
	}
	var msg string
	chen.Eval(t, `document.querySelector("#msg-acknowledge").value`, &msg)
	if !strings.HasPrefix(msg, "Hello, we have received your report") {
		t.Errorf("the acknowledgement is not offered in English: %q", msg)
	}
	act(chen, "acknowledge", nil)
	act(chen, "accept", nil)
	chen.SendKeys(t, "#note-text", "收件初審：標案文號待查")
	chen.Click(t, `form[action$="/note"] button`)
	chen.SetValue(t, "#assignee", fmt.Sprint(ids["wu"]))
	chen.Click(t, `form[action$="/assign"] button`)
	chen.SendKeys(t, "#reply-text", "Did you keep the tender documents?")
	chen.Click(t, `form[action$="/reply"] button`)
	chen.AssertNoAxeViolations(t)

	// 3. The reporter reads it, with every notice in English.
	p = citizen.Open(t, srv.URL+"/mailbox")
	p.SendKeys(t, "#receipt", receipt)
	p.Click(t, "button.primary")
	body := p.Text(t, "main")
	for _, want := range []string{"Hello, we have received your report", "Hello, your report has been accepted", "Did you keep the tender documents?", "In progress"} {
		if !strings.Contains(body, want) {
			t.Errorf("the reporter's mailbox lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "您好") {
		t.Errorf("a notice reached the English reporter in Chinese:\n%s", body)
	}

	// 4. The investigator reads the intake officer's note and refers the case; 5. a supervisor finds it
	// in the 「待核定」 queue, reads the whole proposal on its page, and sends it back with a reason,
	// which the investigator reads; the corrected proposal is approved.
	_, wu := signIn("wu")
	wu = wu.Browser().Open(t, casePath)
	if notes := wu.Text(t, "main"); !strings.Contains(notes, "收件初審：標案文號待查") || strings.Contains(notes, "您沒有本案內部金鑰") {
		t.Errorf("the assigned investigator cannot read the notes:\n%s", notes)
	}
	refer := func(reference string) {
		act(wu, "refer", func() {
			wu.SetValue(t, "#rk", "criminal")
			wu.SetValue(t, "#ra", "prosecutors")
			wu.SetValue(t, "#rd", "2026-11-20")
			wu.SetValue(t, "#rn", "臺灣臺中地方檢察署")
			wu.SetValue(t, "#rr", reference)
		})
	}
	refer("中政字第1150001234號")
	_, lee := signIn("lee")
	decide := func(approve bool, reason, shown string) {
		t.Helper()
		lee = lee.Browser().Open(t, srv.URL+"/admin")
		if !strings.Contains(lee.Text(t, "#approvals-h"), "（1）") {
			t.Fatalf("the supervisor's queue: %q", lee.Text(t, "#approvals-h"))
		}
		lee.Click(t, ".approval-queue a")
		lee.AssertNoAxeViolations(t)
		if body := lee.Text(t, "main"); !strings.Contains(body, shown) || !strings.Contains(body, "wu") {
			t.Fatalf("the approval page does not show the proposal:\n%s", body)
		}
		if approve {
			lee.Click(t, `form:has(input[value="approve"]) button`)
			return
		}
		lee.SendKeys(t, "#reject-reason", "   ") // only spaces: refused by the server, in words
		lee.Click(t, `form:has(input[value="reject"]) button`)
		if !strings.Contains(lee.Text(t, ".error-summary"), "請寫明退回的理由") {
			t.Fatalf("a rejection without a reason: %q", lee.Text(t, "main"))
		}
		lee.AssertNoAxeViolations(t)
		lee.SendKeys(t, "#reject-reason", reason)
		lee.Click(t, `form:has(input[value="reject"]) button`)
	}
	decide(false, "文號有誤，請更正為中政字第1150001235號。", "中政字第1150001234號")
	wu = wu.Browser().Open(t, casePath)
	if body := wu.Text(t, "main"); !strings.Contains(body, "文號有誤，請更正為中政字第1150001235號。") {
		t.Fatalf("the investigator does not see why the referral was sent back:\n%s", body)
	}
	refer("中政字第1150001235號")
	decide(true, "", "中政字第1150001235號")

	// 6. The investigator proposes closure, the supervisor approves, the reporter sees 已結案.
	wu = wu.Browser().Open(t, casePath)
	act(wu, "propose_closure", func() {
		wu.SetValue(t, `select[name="outcome"]`, "substantiated")
		wu.SetValue(t, "#msg-propose_closure", "Hello, the case has been handled and is closed. The outcome: substantiated; disciplinary action has been requested.")
	})
	decide(true, "", "The outcome: substantiated")
	var status string
	e.pool.QueryRow(ctx, `SELECT status FROM cases WHERE id = $1`, caseID).Scan(&status)
	if status != "closed" {
		t.Fatalf("the case is %s, want closed", status)
	}
	p = citizen.Open(t, srv.URL+"/mailbox/case")
	if body := p.Text(t, "main"); !strings.Contains(body, "Closed") || !strings.Contains(body, "The outcome: substantiated") {
		t.Fatalf("the reporter does not see Closed and the outcome:\n%s", body)
	}
	p.AssertNoAxeViolations(t)

	// The supervisor's other pages: the statistics, the reporter message templates, and (as a data
	// officer) the procurement imports with a queued import's progress page, and the application
	// imports with a queued import's page and a rejected one's report.
	var uploadID int64
	err := pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		uploadID, err = importer.Store(ctx, tx, strings.NewReader(`{"releases": []}`), "empty.json", "", ids["lee"], 1<<20)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The application imports: a queued upload's progress page, and a rejected one's report.
	var queuedID, rejectedID int64
	err = pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		if queuedID, err = applications.StoreUpload(ctx, tx, strings.NewReader("機關代碼,機關名稱\n"), applications.KindPeriods, "periods.csv", "", ids["lee"], 1<<20); err != nil {
			return err
		}
		rejectedID, err = applications.StoreUpload(ctx, tx, strings.NewReader("機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,處理結果\n"+
			"X1,不存在的機關,A-1,01,戶籍謄本,臨櫃,2024-01-02,2024-01-03,核准\n"), applications.KindApplications, "bad.csv", "", ids["lee"], 1<<20)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	worker := &applications.ImportWorker{DB: e.pool, Logger: e.log}
	if err := worker.Work(ctx, &river.Job[applications.ImportArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 25}, Args: applications.ImportArgs{UploadID: rejectedID}}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/admin/stats", "/admin/messages", "/admin/procurement/uploads", fmt.Sprintf("/admin/procurement/uploads/%d", uploadID),
		"/admin/applications/uploads", fmt.Sprintf("/admin/applications/uploads/%d", queuedID), fmt.Sprintf("/admin/applications/uploads/%d", rejectedID)} {
		lee = lee.Browser().Open(t, srv.URL+path)
		if lee.Count(t, "main h1") != 1 {
			t.Fatalf("%s has no heading", path)
		}
		lee.AssertNoAxeViolations(t)
	}
	if body := lee.Text(t, "main"); !strings.Contains(body, "完全沒有匯入") || lee.Count(t, "table.data tbody tr") != 1 {
		t.Errorf("the rejected application import's page does not list its rejection:\n%s", body)
	}
}
