package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
	"integrity-portal/internal/cases"
)

// TestMailboxOnAPhoneWithoutJavaScript is a reporter on a 360 px phone with JavaScript off, in both
// languages, coming back to a report received ten days ago under the Whistleblower Protection Act,
// not yet acknowledged, with two messages from the office since. They mistype the receipt and find it
// kept; in the mailbox the officer's question comes first and is marked new, the overdue
// acknowledgement says so in words, the report is folded away and the identity form waits behind
// its choice. axe-core checks every page at 360 and 1280 px, and nothing scrolls sideways at 360.
// MAILBOX_SCREENSHOTS=dir keeps screenshots of the pages at both widths.
func TestMailboxOnAPhoneWithoutJavaScript(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("MAILBOX_SCREENSHOTS")
	for _, v := range []struct {
		lang, wrong, overdue, newTag, question string
	}{
		{"zh-TW", "您輸入了 19 位數字，收件回執碼是 20 位數字", "已超過期限 3 天", "新訊息", "請問您是否保留了標案文件？"},
		{"en", "You typed 19 digits; a receipt code has 20.", "3 days past the deadline", "New", "Did you keep the tender documents?"},
	} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(v.lang),
			browsertest.WithViewport(360, 740), browsertest.WithTimeout(3*time.Minute))
		check := func(p *browsertest.Page, name string) {
			t.Helper()
			for _, width := range []int{360, 1280} {
				p.SetViewport(t, width, 740)
				if width == 360 && p.HorizontalOverflow(t) {
					t.Errorf("%s %s scrolls sideways at 360 px", v.lang, name)
				}
				p.AssertNoAxeViolations(t)
				if dir != "" {
					p.Screenshot(t, dir+"/"+name+"-"+v.lang+"-"+strconv.Itoa(width)+".png")
				}
			}
			p.SetViewport(t, 360, 740)
		}

		p := b.Open(t, srv.URL+"/report")
		p.SetValue(t, "#category", "procurement")
		p.SetValue(t, "#agency", "6")
		p.SendKeys(t, "#what", "建設局某標案的規格疑似為特定廠商量身訂做 "+v.lang)
		answer, _ := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
		p.SendKeys(t, "#captcha", answer)
		p.Click(t, "button.primary")
		receipt := p.Text(t, "#receipt")
		var caseID int64
		e.pool.QueryRow(ctx, `SELECT max(id) FROM cases`).Scan(&caseID)
		e.pool.Exec(ctx, `UPDATE cases SET received_at = date_trunc('hour', now()) - interval '10 days', whistleblower_act = true WHERE id = $1`, caseID)
		for _, text := range []string{"已轉請承辦人員處理。 / Passed to the officer in charge.", v.question} {
			msg, _ := json.Marshal(cases.MessageContent{Text: text})
			if _, err := cases.AddEntry(ctx, e.pool, caseID, cases.EntryMessage, cases.AuthorOfficer, "mailbox", msg); err != nil {
				t.Fatal(err)
			}
		}

		// One digit short: the page says so, and the 19 digits stay in the field.
		typed := receipt[:len(receipt)-1]
		p = b.Open(t, srv.URL+"/mailbox")
		check(p, "mailbox-entry")
		p.SendKeys(t, "#receipt", typed)
		p.Click(t, "button.primary")
		var kept string
		p.Eval(t, `document.querySelector("#receipt").value`, &kept)
		if kept != typed {
			t.Errorf("%s: the field holds %q after a wrong receipt, want %q as typed", v.lang, kept, typed)
		}
		if msg := p.Text(t, "#receipt-error"); !strings.Contains(msg, v.wrong) {
			t.Errorf("%s: the receipt error says %q", v.lang, msg)
		}
		check(p, "mailbox-entry-error")
		p.SendKeys(t, "#receipt", receipt[len(receipt)-1:]) // the missing digit, typed after the rest
		p.Eval(t, `document.querySelector("#receipt").value`, &kept)
		if strings.ReplaceAll(kept, " ", "") != strings.ReplaceAll(receipt, " ", "") {
			p.SetValue(t, "#receipt", receipt) // the caret was not at the end: the test is about the page, not the caret
		}
		p.Click(t, "button.primary")

		// The mailbox: the question first and marked new, the acknowledgement overdue in words.
		if n := p.Count(t, ".thread .tag-new"); n != 2 {
			t.Errorf("%s: %d messages marked new, want 2", v.lang, n)
		}
		first := p.Text(t, ".thread li")
		if !strings.Contains(first, v.question) || !strings.Contains(first, v.newTag) {
			t.Errorf("%s: the first message is not the officer's question marked new:\n%s", v.lang, first)
		}
		if q := boxOf(t, p, ".thread li"); q.Top > 2*740 {
			t.Errorf("%s: the officer's question starts %.0f px down, past the second screen", v.lang, q.Top)
		}
		if over := p.Text(t, ".deadline-overdue"); !strings.Contains(over, v.overdue) {
			t.Errorf("%s: the overdue acknowledgement does not say so:\n%s", v.lang, over)
		}
		if n := p.Count(t, ".deadline"); n != 4 {
			t.Errorf("%s: %d deadlines, want acknowledgement, feedback and the Act's two notices", v.lang, n)
		}
		if p.Count(t, "details.original:not([open])") != 1 {
			t.Errorf("%s: the report as sent is not folded away", v.lang)
		}
		visible := func(sel string) bool {
			var ok bool
			p.Eval(t, `document.querySelector("`+sel+`").checkVisibility()`, &ok)
			return ok
		}
		if visible("#identity-name") {
			t.Errorf("%s: the identity form is open before the reporter chose to give it", v.lang)
		}
		check(p, "mailbox-case")
		p.Click(t, "details.identity-choice summary")
		if !visible("#identity-name") {
			t.Errorf("%s: choosing to give one's identity does not show the form", v.lang)
		}
		check(p, "mailbox-case-identity")
	}
}
