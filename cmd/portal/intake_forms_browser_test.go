package main

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
)

// shot saves a screenshot of p under $FORMS_SHOTS, when set, for a person to look at.
func shot(t *testing.T, p *browsertest.Page, name string) {
	if dir := os.Getenv("FORMS_SHOTS"); dir != "" {
		p.Screenshot(t, filepath.Join(dir, name+".png"))
	}
}

// TestReportFormOnAPhoneInOnePass is a nervous reporter on a 360×780 phone with JavaScript off who
// sends the report with the agency, what happened and the captcha left empty: the first answer names
// all three, the browser lands on the summary inside the first screen, each item leads to its input,
// and what was typed and attached is kept. The captcha is the last thing before the submit button, its refresh
// beside it, and the Whistleblower Act checkbox stays beside its label.
func TestReportFormOnAPhoneInOnePass(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "evidence-photo-of-the-procurement-meeting-room.jpg")
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, jpg.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang), browsertest.WithViewport(360, 780),
			browsertest.WithTimeout(3*time.Minute))
		p := b.Open(t, srv.URL+"/report")
		shot(t, p, "report-360-"+lang)
		var layout struct{ Box, Label, Files, Captcha, Refresh, Submit map[string]float64 }
		p.Eval(t, `(() => { const r = s => { const b = document.querySelector(s).getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
			return {Box: r("#whistleblower_act"), Label: r("label[for=whistleblower_act]"), Files: r("#field-files"),
				Captcha: r("#field-captcha"), Refresh: r("button[value=refresh_captcha]"), Submit: r(".actions button.primary")}; })()`, &layout)
		if layout.Label["left"] < layout.Box["right"] || layout.Label["top"] > layout.Box["bottom"] {
			t.Errorf("%s: the Whistleblower Act checkbox is not beside its label: box %v, label %v", lang, layout.Box, layout.Label)
		}
		if !(layout.Files["bottom"] <= layout.Captcha["top"] && layout.Captcha["bottom"] <= layout.Submit["top"]) {
			t.Errorf("%s: the captcha is not last before the submit button: files %v, captcha %v, submit %v", lang, layout.Files, layout.Captcha, layout.Submit)
		}
		if layout.Refresh["bottom"] > layout.Captcha["bottom"] {
			t.Errorf("%s: the captcha's refresh is not beside it: refresh %v, captcha %v", lang, layout.Refresh, layout.Captcha)
		}
		if p.Count(t, "#field-captcha audio[controls]") != 1 || p.Count(t, "#field-captcha a[download]") != 1 {
			t.Errorf("%s: the audio code is not offered both as a player and as a download", lang)
		}
		if p.HorizontalOverflow(t) {
			t.Errorf("%s: the report form scrolls sideways at 360 px", lang)
		}
		p.AssertNoAxeViolations(t)

		p.SetValue(t, "#category", "procurement")
		p.SendKeys(t, "#who", "總務科 王科長")
		p.Click(t, "button.primary")
		if u := p.URL(t); !strings.HasSuffix(u, "#errors") {
			t.Errorf("%s: after sending, the page is %s, not at #errors", lang, u)
		}
		var links []string
		p.Eval(t, `[...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href"))`, &links)
		if strings.Join(links, " ") != "#agency #what #captcha" {
			t.Errorf("%s: the summary links to %v, want the agency, what happened and the captcha at once", lang, links)
		}
		var top, height float64
		p.Eval(t, `document.querySelector(".error-summary").getBoundingClientRect().top`, &top)
		p.Eval(t, `window.innerHeight`, &height)
		if top < -1 || top >= height-100 {
			t.Errorf("%s: the error summary starts at %.0f px of a %.0f px screen: not in the first screen", lang, top, height)
		}
		var who string
		p.Eval(t, `document.querySelector("#who").value`, &who)
		if who != "總務科 王科長" {
			t.Errorf("%s: what was typed is lost: %q", lang, who)
		}
		shot(t, p, "report-errors-360-"+lang)
		if p.HorizontalOverflow(t) {
			t.Errorf("%s: the error state scrolls sideways at 360 px", lang)
		}
		p.AssertNoAxeViolations(t)
		p.Click(t, `.error-summary a[href="#what"]`)
		var focused string
		p.Eval(t, `document.activeElement.id`, &focused)
		if focused != "what" {
			t.Errorf("%s: the summary's link to what happened focuses %q", lang, focused)
		}

		// Everything filled in but a wrong captcha: only the captcha is left, and nothing is lost.
		p.SetValue(t, "#agency", "1")
		p.SendKeys(t, "#what", "標案規格綁特定廠商")
		p.SendKeys(t, "#captcha", "000000")
		p.SetFiles(t, "#files", photo)
		p.Click(t, "button.primary")
		if p.Count(t, ".held-files .file-name") != 1 || p.Text(t, ".held-files .file-name") != filepath.Base(photo) || p.Count(t, "#files-lost") != 0 {
			t.Errorf("%s: the file sent with a wrong captcha is not kept", lang)
		}
		shot(t, p, "report-held-360-"+lang)
		p.Eval(t, `[...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href"))`, &links)
		var what string
		p.Eval(t, `document.querySelector("#what").value`, &what)
		if strings.Join(links, " ") != "#captcha" || what != "標案規格綁特定廠商" {
			t.Errorf("%s: after a wrong captcha the summary links to %v and what happened is %q", lang, links, what)
		}
		a, err := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
		if err != nil {
			t.Fatal(err)
		}
		p.SendKeys(t, "#captcha", a+"\n") // Enter sends the form, not the captcha's refresh
		receipt := strings.ReplaceAll(p.Text(t, "#receipt"), " ", "")
		if len(receipt) != 20 {
			t.Fatalf("%s: Enter in the captcha did not send the report (receipt of %q)", lang, receipt)
		}
		if p.Text(t, ".file-name") != filepath.Base(photo) {
			t.Errorf("%s: the kept file did not go with the report", lang)
		}
		checkReceiptPage(t, p, lang, receipt)
	}
}

// checkReceiptPage checks a receipt page on a phone and at a desk, then confirms the receipt the way a
// reporter would: first with the wrong digits, then the right ones.
func checkReceiptPage(t *testing.T, p *browsertest.Page, lang, receipt string) {
	t.Helper()
	shot(t, p, "receipt-360-"+lang)
	var name struct{ Width, Height, Line float64 }
	if p.Count(t, ".file-name") > 0 {
		p.Eval(t, `(() => { const c = document.querySelector(".file-name"), b = c.getBoundingClientRect();
			return {Width: b.width, Height: b.height, Line: parseFloat(getComputedStyle(c).lineHeight) || 24}; })()`, &name)
		if name.Width < 250 || name.Height > 3.5*name.Line {
			t.Errorf("%s: on a phone the file name gets %.0f px and %.0f lines", lang, name.Width, name.Height/name.Line)
		}
	}
	for _, w := range []int{360, 1280} {
		p.SetViewport(t, w, 780)
		if p.HorizontalOverflow(t) {
			t.Errorf("%s: the receipt page scrolls sideways at %d px", lang, w)
		}
		p.AssertNoAxeViolations(t)
	}
	shot(t, p, "receipt-1280-"+lang)
	p.SetViewport(t, 360, 780)
	wrong := "0000"
	if strings.HasSuffix(receipt, wrong) {
		wrong = "1111"
	}
	p.SendKeys(t, "#last4", wrong+"\n")
	if got := strings.ReplaceAll(p.Text(t, "#receipt"), " ", ""); got != receipt || p.Count(t, "#last4-error") != 1 {
		t.Errorf("%s: wrong digits did not bring back the receipt (%q) with the reason", lang, got)
	}
	if u := p.URL(t); !strings.HasSuffix(u, "#errors") {
		t.Errorf("%s: after wrong digits the page is %s, not at #errors", lang, u)
	}
	shot(t, p, "receipt-wrong-360-"+lang)
	p.AssertNoAxeViolations(t)
	p.Eval(t, `document.querySelector("#last4").value = ""`, nil)
	p.SendKeys(t, "#last4", receipt[16:]+"\n")
	if p.Count(t, "#receipt") != 0 || p.Count(t, ".confirm h1") != 1 {
		t.Fatalf("%s: the right digits did not lead to the next step", lang)
	}
	shot(t, p, "receipt-kept-360-"+lang)
	for _, w := range []int{360, 1280} {
		p.SetViewport(t, w, 780)
		p.AssertNoAxeViolations(t)
	}
}

// TestSuggestionFormAndReceiptInTheBrowser: the suggestion form in one pass, its receipt with its
// own timeline, and its confirmation, at 360 and 1280 px, JavaScript off, in both languages.
func TestSuggestionFormAndReceiptInTheBrowser(t *testing.T) {
	srv, e := startPortal(t)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh-TW", "en"} {
		b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang), browsertest.WithViewport(1280, 900),
			browsertest.WithTimeout(3*time.Minute))
		p := b.Open(t, srv.URL+"/suggest")
		shot(t, p, "suggest-1280-"+lang)
		p.AssertNoAxeViolations(t)
		p.SetViewport(t, 360, 780)
		if p.HorizontalOverflow(t) {
			t.Errorf("%s: the suggestion form scrolls sideways at 360 px", lang)
		}
		p.AssertNoAxeViolations(t)
		p.Click(t, "button.primary")
		var links []string
		p.Eval(t, `[...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href"))`, &links)
		if strings.Join(links, " ") != "#topic #agency #suggestion #captcha" {
			t.Errorf("%s: the suggestion's summary links to %v", lang, links)
		}
		shot(t, p, "suggest-errors-360-"+lang)
		p.AssertNoAxeViolations(t)
		p.SetViewport(t, 1280, 900)
		p.AssertNoAxeViolations(t)
		p.SetValue(t, "#topic", "efficiency")
		p.SetValue(t, "#agency", "2")
		p.SendKeys(t, "#suggestion", "建議簡化申請流程")
		p.Click(t, "#publish")
		a, err := captcha.AnswerForTest(ctx, e.pool, p.Attr(t, `input[name="captcha_id"]`, "value"))
		if err != nil {
			t.Fatal(err)
		}
		p.SendKeys(t, "#captcha", a+"\n")
		receipt := strings.ReplaceAll(p.Text(t, "#receipt"), " ", "")
		if len(receipt) != 20 {
			t.Fatalf("%s: no receipt for the suggestion", lang)
		}
		next := p.Text(t, "section[aria-labelledby=next]")
		if strings.Contains(next, "20") || p.Count(t, `section[aria-labelledby=next] a[href="/suggest/answers"]`) != 1 {
			t.Errorf("%s: the suggestion's timeline repeats a report's deadlines or does not say where answers appear:\n%s", lang, next)
		}
		p.SetViewport(t, 360, 780)
		checkReceiptPage(t, p, lang+"-suggestion", receipt)
	}
}
