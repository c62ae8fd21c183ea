package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"integrity-portal/admin"
	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
	"integrity-portal/internal/cases"
)

type box struct{ Left, Right, Top, Bottom float64 }

func boxOf(t *testing.T, p *browsertest.Page, selector string) box {
	t.Helper()
	var b box
	p.Eval(t, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return {Left: r.left, Right: r.right, Top: r.top + window.scrollY, Bottom: r.bottom + window.scrollY}; })()`, selector), &b)
	return b
}

// TestCasePageLayout: a case with a report, a file, the reporter's message and an officer's reply,
// as its intake officer works it with JavaScript off. At 1280 px the report and the actions stand
// side by side; at 360 px nothing scrolls sideways and the menu to the action forms is on the first
// screen. Messages say who wrote them and when. The case list shows the subject the officer gave.
// CASE_SCREENSHOTS=dir keeps screenshots of both pages at both widths in both languages.
func TestCasePageLayout(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	off, err := admin.AddOfficer(ctx, e.pool, admin.NewOfficer{Username: "chen", DisplayName: "陳收件", Roles: []string{"intake"}, Password: pw("chen")})
	if err != nil {
		t.Fatal(err)
	}
	e.pool.Exec(ctx, `UPDATE officers SET must_change_password = false, roles_approved_at = now() WHERE id = $1`, off.ID)
	b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage("zh-TW"),
		browsertest.WithViewport(1280, 900), browsertest.WithTimeout(3*time.Minute))

	p := b.Open(t, srv.URL+"/report")
	p.SetValue(t, "#category", "procurement")
	p.SetValue(t, "#agency", "6")
	p.SendKeys(t, "#what", "建設局某標案的規格疑似為特定廠商量身訂做：評選前一週，承辦科長與該廠商業務多次在辦公室外會面。")
	answer, _ := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
	p.SendKeys(t, "#captcha", answer)
	p.Click(t, "button.primary")
	var caseID, reportEntry int64
	e.pool.QueryRow(ctx, `SELECT case_id, id FROM case_entries WHERE kind = 'report'`).Scan(&caseID, &reportEntry)
	// A file as intake stores it (its metadata sealed to the mailbox key) and a message from the reporter.
	meta, _ := json.Marshal(cases.AttachmentMeta{Name: "評選會議紀錄.pdf", Kind: "pdf", MIME: "application/pdf", Size: 13246, Removed: []string{"pdf-info:author", "pdf-xmp"}, Remains: []string{"pdf-compressed-objects"}})
	sealedMeta, _ := cases.SealFor(ctx, e.pool, caseID, "mailbox", meta)
	w, _ := cases.NewAttachment(ctx, e.pool, caseID, reportEntry)
	w.Write([]byte("%PDF-1.4 sealed"))
	if _, err := w.Finish(sealedMeta); err != nil {
		t.Fatal(err)
	}
	msg, _ := json.Marshal(cases.MessageContent{Text: "補充：會面地點在市府對面的咖啡店。"})
	if _, err := cases.AddEntry(ctx, e.pool, caseID, cases.EntryMessage, cases.AuthorReporter, "mailbox", msg); err != nil {
		t.Fatal(err)
	}

	p = b.Open(t, srv.URL+"/admin/login")
	p.SendKeys(t, "#username", "chen")
	p.SendKeys(t, "#password", pw("chen"))
	p.Click(t, "button.primary")
	secret := strings.ReplaceAll(p.Text(t, "#totp-secret"), " ", "")
	code, _ := totp.GenerateCodeCustom(secret, time.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	p.SendKeys(t, "#code", code)
	p.Click(t, "button.primary")
	casePath := fmt.Sprintf("%s/admin/cases/%d", srv.URL, caseID)
	p = b.Open(t, casePath)
	p.SendKeys(t, "#subject", "建設局標案疑似綁標")
	p.Click(t, `form[action$="/subject"] button`)
	p.SendKeys(t, "#reply-text", "收到，請問您是否保留了會面的照片？")
	p.Click(t, `form[action$="/reply"] button`)

	if h1 := p.Text(t, "h1"); !strings.Contains(h1, "建設局標案疑似綁標") {
		t.Errorf("h1 = %q, want the subject", h1)
	}
	thread := p.Text(t, "#thread-h + p + ol")
	for _, want := range []string{"檢舉人", "陳收件", ":00"} {
		if !strings.Contains(thread, want) {
			t.Errorf("the conversation does not show %q:\n%s", want, thread)
		}
	}
	if facts := p.Text(t, ".case-facts"); !strings.Contains(facts, "網站") || !strings.Contains(facts, "還有") {
		t.Errorf("facts: want the channel's label and the days left:\n%s", facts)
	}
	if files := p.Text(t, "#files-h + table"); !strings.Contains(files, "12.9 KB") {
		t.Errorf("file size not readable:\n%s", files)
	}
	report, actions, thr := boxOf(t, p, "#report-h"), boxOf(t, p, "#actions-h"), boxOf(t, p, "#thread-h")
	if !(report.Right <= actions.Left && actions.Top < 900) {
		t.Errorf("at 1280 px the report (%+v) and the actions (%+v) are not side by side on the first screen", report, actions)
	}
	if thr.Right > actions.Left {
		t.Errorf("at 1280 px the conversation (%+v) runs under the actions (%+v)", thr, actions)
	}
	p.AssertNoAxeViolations(t)
	dir := os.Getenv("CASE_SCREENSHOTS")
	shoot := func(p *browsertest.Page, name string) {
		if dir != "" {
			p.Screenshot(t, dir+"/"+name+".png")
		}
	}
	shoot(p, "case-zh-1280")
	p.SetViewport(t, 360, 740)
	if p.HorizontalOverflow(t) {
		t.Error("the case page scrolls sideways at 360 px")
	}
	if menu := boxOf(t, p, ".case-menu"); menu.Bottom > 740 {
		t.Errorf("at 360 px the menu to the actions ends at %.0f px, below the first screen", menu.Bottom)
	}
	shoot(p, "case-zh-360")
	list := b.Open(t, srv.URL+"/admin/cases")
	list.SetViewport(t, 360, 740)
	if !strings.Contains(list.Text(t, "ol.queue"), "建設局標案疑似綁標") {
		t.Errorf("the case list does not show the subject:\n%s", list.Text(t, "main"))
	}
	if list.HorizontalOverflow(t) {
		t.Error("the case list scrolls sideways at 360 px")
	}
	list.AssertNoAxeViolations(t)
	shoot(list, "cases-zh-360")
	b.Open(t, srv.URL+"/lang/en?next=/admin/cases")
	for _, v := range []struct {
		path, name string
		width      int
	}{{"/admin/cases", "cases-en-360", 360}, {casePath[len(srv.URL):], "case-en-360", 360}} {
		p := b.Open(t, srv.URL+v.path)
		p.SetViewport(t, v.width, 740)
		if p.HorizontalOverflow(t) {
			t.Errorf("%s scrolls sideways at 360 px in English", v.path)
		}
		p.AssertNoAxeViolations(t)
		shoot(p, v.name)
	}
	if dir != "" {
		for _, v := range []struct{ path, name string }{{"/admin/cases", "cases-en-1280"}, {casePath[len(srv.URL):], "case-en-1280"}} {
			p := b.Open(t, srv.URL+v.path)
			shoot(p, v.name)
		}
		b.Open(t, srv.URL+"/lang/zh-TW?next=/admin/cases")
		shoot(b.Open(t, srv.URL+"/admin/cases"), "cases-zh-1280")
	}
}
