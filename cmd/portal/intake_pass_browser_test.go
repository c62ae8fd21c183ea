package main

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
)

// TestReportCaptchaPassWithoutJavaScript is a reporter on a 360 px phone with JavaScript off who
// answers the captcha right but leaves what happened empty: the form comes back with the error
// summary and, where the captcha was, a line saying the check is passed and no new captcha; filling
// in the field sends the report. The line sits between the files and the submit button at 360 and
// 1280 px, in both languages.
func TestReportCaptchaPassWithoutJavaScript(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{
		"zh-TW": "驗證碼已通過，修正上方欄位後即可送出。",
		"en":    "You have already passed the security check; correct the fields above and send.",
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang), browsertest.WithViewport(360, 780),
			browsertest.WithTimeout(3*time.Minute))
		p := b.Open(t, srv.URL+"/report")
		p.SetValue(t, "#category", "procurement")
		p.SetValue(t, "#agency", "1")
		p.SendKeys(t, "#who", "總務科 王科長")
		a, err := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
		if err != nil {
			t.Fatal(err)
		}
		p.SendKeys(t, "#captcha", a)
		p.Click(t, "button.primary")

		var links []string
		p.Eval(t, `[...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href"))`, &links)
		if strings.Join(links, " ") != "#what" {
			t.Errorf("%s: with the captcha right and what happened empty the summary links to %v, want #what alone", lang, links)
		}
		if n := p.Count(t, "#field-captcha img") + p.Count(t, `input[name="captcha_id"]`) + p.Count(t, "#captcha"); n != 0 {
			t.Errorf("%s: the form that came back asks for a captcha again (%d captcha elements)", lang, n)
		}
		if got := p.Text(t, "#captcha-passed"); got != lines[lang] || p.Count(t, `input[name="captcha_pass"]`) != 1 {
			t.Errorf("%s: the pass line reads %q, want %q, with the pass in a hidden field", lang, got, lines[lang])
		}
		for _, w := range []int{360, 1280} {
			p.SetViewport(t, w, 780)
			var layout struct{ Files, Pass, Submit map[string]float64 }
			p.Eval(t, `(() => { const r = s => { const b = document.querySelector(s).getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
				return {Files: r("#field-files"), Pass: r("#captcha-passed"), Submit: r(".actions button.primary")}; })()`, &layout)
			if !(layout.Files["bottom"] <= layout.Pass["top"] && layout.Pass["bottom"] <= layout.Submit["top"]) {
				t.Errorf("%s at %d px: the pass line is not between the files and the submit button: files %v, pass %v, submit %v",
					lang, w, layout.Files, layout.Pass, layout.Submit)
			}
			if p.HorizontalOverflow(t) {
				t.Errorf("%s: the form with the pass scrolls sideways at %d px", lang, w)
			}
			p.AssertNoAxeViolations(t)
			shot(t, p, "report-pass-"+strconv.Itoa(w)+"-"+lang)
		}
		p.SetViewport(t, 360, 780)

		var who string
		p.Eval(t, `document.querySelector("#who").value`, &who)
		if who != "總務科 王科長" {
			t.Errorf("%s: what was typed is lost: %q", lang, who)
		}
		p.SendKeys(t, "#what", "標案規格綁特定廠商")
		p.Click(t, "button.primary")
		if receipt := strings.ReplaceAll(p.Text(t, "#receipt"), " ", ""); len(receipt) != 20 {
			t.Fatalf("%s: the report sent with the pass got no receipt (%q)", lang, receipt)
		}
	}
}
