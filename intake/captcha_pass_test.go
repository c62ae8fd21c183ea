package intake

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

var passInField = regexp.MustCompile(`name="captcha_pass" value="([A-Z2-7]{26})"`)

// refusedWithPass sends a report with the captcha answered right and what happened left empty, and
// returns the form that comes back: the error, no new captcha, and the pass.
func refusedWithPass(t *testing.T, c *client, lang string) (token, pass string, p page) {
	t.Helper()
	token, id, answer := c.form("/report")
	p = c.postMultipart("/report", token, reportFields(id, answer, ""), lang)
	if p.status != 400 {
		t.Fatalf("a report without what happened = %d, want 400", p.status)
	}
	return token, find(t, passInField, p.body), p
}

// TestSolvedCaptchaIsNotSpentByAnotherField: a report refused only for what happened comes back
// without a captcha but with a pass and a line that says so, in either language; the pass sends
// the report once, and is refused after that with the localized reason and a new captcha.
func TestSolvedCaptchaIsNotSpentByAnotherField(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	for lang, line := range map[string]string{
		"zh-TW": "驗證碼已通過，修正上方欄位後即可送出。",
		"en":    "You have already passed the security check; correct the fields above and send.",
	} {
		token, pass, p := refusedWithPass(t, c, lang)
		if !strings.Contains(p.body, line) || strings.Contains(p.body, `name="captcha_id"`) || strings.Contains(p.body, `src="/captcha/`) ||
			strings.Contains(p.body, `href="#captcha"`) || !strings.Contains(p.body, `href="#what"`) {
			t.Errorf("%s: the refused form does not carry the pass instead of a captcha, or its summary is wrong:\n%.4000s", lang, p.body)
		}
		again := func() []field {
			f := reportFields("", "", "以通行證送出")
			return append(f[:len(f)-2], field{name: "captcha_pass", value: pass})
		}
		if p := c.postMultipart("/report", token, again(), lang); p.status != 200 || !receiptPattern.MatchString(p.body) {
			t.Fatalf("%s: the report sent with the pass = %d, want its receipt", lang, p.status)
		}
		p = c.postMultipart("/report", token, again(), lang)
		spent := map[string]string{"zh-TW": "先前的驗證已失效，請輸入下方的驗證碼。",
			"en": "Your earlier security check has expired or was already used; please type the security code below."}[lang]
		if p.status != 400 || !strings.Contains(p.body, spent) || !strings.Contains(p.body, `href="#captcha"`) ||
			!captchaField.MatchString(p.body) || passInField.MatchString(p.body) {
			t.Errorf("%s: a pass used twice = %d, want 400 with the reason and a new captcha:\n%.4000s", lang, p.status, p.body)
		}
	}
	var n int
	if err := e.db.QueryRow(context.Background(), `SELECT count(*) FROM captcha_passes`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d passes left after each was used (err %v)", n, err)
	}
}

// TestPassSurvivesAnotherRefusal: a pass sent with a form that is refused again is spent, and the form
// comes back with a new one; removing a held file keeps the pass too. The suggestion form has passes
// as the report form does.
func TestPassSurvivesAnotherRefusal(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	token, pass, _ := refusedWithPass(t, c, "zh-TW")
	f := reportFields("", "", "")
	f = append(f[:len(f)-2], field{name: "captcha_pass", value: pass}, field{name: "files", filename: "a.jpg", content: jpegWithGPS(t)})
	p := c.postMultipart("/report", token, f, "zh-TW")
	next := find(t, passInField, p.body)
	if p.status != 400 || next == pass || !strings.Contains(p.body, "驗證碼已通過") || !strings.Contains(p.body, `class="file-name">a.jpg<`) {
		t.Fatalf("refused again with a pass = %d: want 400, a new pass and the file held:\n%.4000s", p.status, p.body)
	}
	held := find(t, regexp.MustCompile(`name="held" value="([^"]+)"`), p.body)
	p = c.postMultipart("/report", token, []field{{name: "captcha_pass", value: next}, {name: "held", value: held}, {name: "action", value: "remove:0"}}, "zh-TW")
	kept := find(t, passInField, p.body)
	if p.status != 200 || kept == next || strings.Contains(p.body, `class="file-name">a.jpg<`) {
		t.Fatalf("removing the file with a pass = %d: want 200, the file gone and a new pass", p.status)
	}
	f = reportFields("", "", "修正後送出")
	if p := c.postMultipart("/report", token, append(f[:len(f)-2], field{name: "captcha_pass", value: kept}), "zh-TW"); p.status != 200 {
		t.Fatalf("the report sent with the last pass = %d", p.status)
	}

	token, id, answer := c.form("/suggest")
	p = c.postMultipart("/suggest", token, []field{{name: "topic", value: "efficiency"}, {name: "agency", value: "1"},
		{name: "captcha_id", value: id}, {name: "captcha", value: answer}}, "en")
	if p.status != 400 || !strings.Contains(p.body, "You have already passed the security check") || captchaField.MatchString(p.body) {
		t.Fatalf("a suggestion refused for its text = %d, want 400 with a pass and no captcha", p.status)
	}
	p = c.postMultipart("/suggest", token, []field{{name: "topic", value: "efficiency"}, {name: "agency", value: "1"},
		{name: "suggestion", value: "簡化流程"}, {name: "captcha_pass", value: find(t, passInField, p.body)}}, "en")
	if p.status != 200 || !receiptPattern.MatchString(p.body) {
		t.Fatalf("the suggestion sent with its pass = %d", p.status)
	}
}

// TestForgedOrExpiredPassIsACaptchaError: a guessed, hostile or expired pass is the captcha's error
// on a form that asks for a captcha again, never a 500, and sends nothing.
func TestForgedOrExpiredPassIsACaptchaError(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	_, expired, _ := refusedWithPass(t, c, "zh-TW")
	if _, err := e.db.Exec(context.Background(), `UPDATE captcha_passes SET expires_at = now() - interval '1 minute'`); err != nil {
		t.Fatal(err)
	}
	for name, pass := range map[string]string{
		"expired":      expired,
		"guessed":      "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"lower case":   strings.ToLower(expired),
		"NUL bytes":    "\x00\x00" + expired[2:],
		"invalid UTF8": "\xff\xfe" + expired[2:],
		"10 KB":        strings.Repeat("A", 10<<10),
		"spaces":       "   ",
	} {
		token, _, _ := c.form("/report")
		f := reportFields("", "", "偽造的通行證")
		p := c.postMultipart("/report", token, append(f[:len(f)-2], field{name: "captcha_pass", value: pass}), "zh-TW")
		if p.status != 400 || !strings.Contains(p.body, `href="#captcha"`) || !captchaField.MatchString(p.body) || passInField.MatchString(p.body) {
			t.Errorf("%s pass: %d, want 400 with a captcha error and a captcha to answer:\n%.3000s", name, p.status, p.body)
		}
	}
	var n int
	if err := e.db.QueryRow(context.Background(), `SELECT count(*) FROM cases`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d cases stored with forged passes (err %v)", n, err)
	}
}
