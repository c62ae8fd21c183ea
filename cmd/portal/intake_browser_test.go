package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
)

// TestReportFlowInTheBrowserWithoutJavaScript does what a reporter in Tor Browser at its safest level
// does, in both languages: fill in the report, answer the captcha, read the receipt, open the mailbox.
// axe-core checks every page on the way.
func TestReportFlowInTheBrowserWithoutJavaScript(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang), browsertest.WithTimeout(3*time.Minute))
		answer := func(p *browsertest.Page) string {
			a, err := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
			if err != nil {
				t.Fatal(err)
			}
			return a
		}

		p := b.Open(t, srv.URL+"/report")
		p.AssertNoAxeViolations(t)
		// First a wrong captcha: the form comes back with the text kept and the error explained.
		p.SetValue(t, "#category", "procurement")
		p.SetValue(t, "#agency", "1")
		p.SendKeys(t, "#what", "瀏覽器測試：標案規格綁特定廠商 "+lang)
		p.SendKeys(t, "#captcha", "000")
		p.Click(t, "button.primary")
		var kept string
		p.Eval(t, `document.querySelector("#what").value`, &kept)
		if p.Count(t, ".error-summary") != 1 || !strings.Contains(kept, "瀏覽器測試") || p.Count(t, "#files-lost") != 0 {
			t.Fatalf("%s: a wrong captcha did not bring the form back with the text kept", lang)
		}
		p.AssertNoAxeViolations(t)
		p.SendKeys(t, "#captcha", answer(p))
		p.Click(t, "button.primary")

		receipt := p.Text(t, "#receipt")
		if len(strings.ReplaceAll(receipt, " ", "")) != 20 {
			t.Fatalf("%s: receipt %q", lang, receipt)
		}
		p.AssertNoAxeViolations(t)

		p = b.Open(t, srv.URL+"/mailbox")
		p.AssertNoAxeViolations(t)
		p.SendKeys(t, "#receipt", receipt)
		p.Click(t, "button.primary")
		p.Click(t, "details.original summary") // the report as sent is folded after the messages
		if !strings.Contains(p.Text(t, "main"), "標案規格綁特定廠商 "+lang) {
			t.Fatalf("%s: the mailbox does not show the report", lang)
		}
		p.AssertNoAxeViolations(t)
		p.Click(t, ".logout button")
		if p.Count(t, "#receipt") != 1 {
			t.Errorf("%s: logging out did not return to the receipt form", lang)
		}

		p = b.Open(t, srv.URL+"/suggest")
		p.AssertNoAxeViolations(t)
		p.SetValue(t, "#topic", "efficiency")
		p.SetValue(t, "#agency", "2")
		p.SendKeys(t, "#suggestion", "建議簡化申請流程 "+lang)
		p.SendKeys(t, "#captcha", answer(p))
		p.Click(t, "button.primary")
		if len(strings.ReplaceAll(p.Text(t, "#receipt"), " ", "")) != 20 {
			t.Errorf("%s: the suggestion got no receipt", lang)
		}
		p.AssertNoAxeViolations(t)
		p = b.Open(t, srv.URL+"/suggest/answers")
		p.AssertNoAxeViolations(t)
	}
}
