package intake

import (
	"regexp"
	"strings"
	"testing"
)

// TestOnePassValidation: with the agency and what happened empty and the captcha blank or wrong, one
// submit names every problem, in the order of the page, each linked to its input, and keeps what
// was typed; hostile values come back cleaned, never as a 500.
func TestOnePassValidation(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	links := regexp.MustCompile(`<li><a href="#([a-z_-]+)">`)
	for _, answer := range []string{"", "000000"} {
		token, id, _ := c.form("/report")
		fields := []field{
			{name: "category", value: "procurement"},
			{name: "agency", value: ""},
			{name: "what", value: " "},
			{name: "who", value: "保留的文字\x00\xff 王科長"},
			{name: "captcha_id", value: id},
			{name: "captcha", value: answer},
		}
		p := c.postMultipart("/report", token, fields, "zh-TW")
		if p.status != 400 {
			t.Fatalf("captcha %q: status %d", answer, p.status)
		}
		summary := p.body[strings.Index(p.body, `class="error-summary"`):]
		summary = summary[:strings.Index(summary, "</div>")]
		var got []string
		for _, m := range links.FindAllStringSubmatch(summary, -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, ",") != "agency,what,who,captcha" {
			t.Errorf("captcha %q: the summary links to %v, want agency, what, who, captcha in the page's order", answer, got)
		}
		wantCaptcha := map[string]string{"": "請輸入驗證碼", "000000": "驗證碼不正確"}[answer]
		for _, want := range []string{"涉及的機關：此欄必填", "發生了什麼事：此欄必填", "涉及的人員：含有無法辨識的字元", wantCaptcha} {
			if !strings.Contains(summary, want) {
				t.Errorf("captcha %q: the summary lacks %q:\n%s", answer, want, summary)
			}
		}
		if strings.Index(p.body, `id="errors"`) > strings.Index(p.body, `id="anon"`) {
			t.Errorf("captcha %q: the error summary is not before the anonymity box", answer)
		}
		if !strings.Contains(p.body, `action="/report?csrf_token=`) || !regexp.MustCompile(`action="/report\?csrf_token=[^"]+#errors"`).MatchString(p.body) {
			t.Errorf("captcha %q: the form's action does not land on #errors", answer)
		}
		if !strings.Contains(p.body, "保留的文字 王科長") || strings.Contains(p.body, "\x00") || strings.Contains(p.body, "\xff") {
			t.Errorf("captcha %q: the typed text was not kept, or came back with a NUL or invalid UTF-8", answer)
		}
	}
	// English: Latin punctuation in the summary.
	token, id, _ := c.form("/report")
	p := c.postMultipart("/report", token, []field{{name: "captcha_id", value: id}, {name: "captcha", value: "1"}}, "en")
	if !strings.Contains(p.body, "What happened: This field is required.") || strings.Contains(p.body, "：") {
		t.Errorf("the English summary does not read \"What happened: …\" with a Latin colon")
	}
	// The suggestion form in one pass too.
	token, id, _ = c.form("/suggest")
	p = c.postMultipart("/suggest", token, []field{{name: "captcha_id", value: id}, {name: "captcha", value: ""}}, "zh-TW")
	for _, want := range []string{`href="#topic"`, `href="#agency"`, `href="#suggestion"`, `href="#captcha"`} {
		if p.status != 400 || !strings.Contains(p.body, want) {
			t.Errorf("the suggestion's summary lacks %s (status %d)", want, p.status)
		}
	}
}
