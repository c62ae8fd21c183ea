package intake

import (
	"strings"
	"testing"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/i18n"
)

// TestReceiptsSayTheConfiguredDeadlines: a city whose officers have other deadlines than the defaults
// sees its own on the report's and the suggestion's receipts, the page after confirming them, and the
// report form's Whistleblower Act hint, in both languages; none of the defaults' figures is left.
func TestReceiptsSayTheConfiguredDeadlines(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Deadlines = cases.Deadlines{Acknowledge: 1, Feedback: 60, ActAccept: 15, ActResult: 45}
	})
	c := e.client()
	want := map[string]struct{ report, suggestion, hint []string }{
		"zh-TW": {
			report:     []string{"在 1 日內確認收件", "在 2 個月內於信箱告知", "會在 15 日內通知受理，45 日內通知結果"},
			suggestion: []string{"在 1 日內讀取您的建言", "在 2 個月內把回覆放在您的信箱"},
			hint:       []string{"我們會在 15 日內通知受理，並在 45 日內通知處理結果"},
		},
		"en": {
			report: []string{"acknowledges receipt within 1 day,", "how the case is handled within 2 months.",
				"notified of acceptance within 15 days and of the result within 45 days."},
			suggestion: []string{"reads your suggestion within 1 day,", "answers you in the mailbox within 2 months."},
			hint:       []string{"we notify you of acceptance within 15 days and of the result within 45 days."},
		},
	}
	defaults := []string{"7 日", "3 個月", "20 日", "6 個月", "7 days", "3 months", "20 days", "6 months"}
	check := func(what, lang, body string, wants []string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s) lacks %q", what, lang, w)
			}
		}
		for _, d := range defaults {
			if strings.Contains(body, d) {
				t.Errorf("%s (%s) still says the default %q", what, lang, d)
			}
		}
	}
	for lang, w := range want {
		form := c.get("/report", lang)
		check("the report form", lang, form.body, w.hint)

		token, id, answer := c.form("/report")
		p := c.postMultipart("/report", token, reportFields(id, answer, "時限測試"), lang)
		if p.status != 200 {
			t.Fatalf("%s: report = %d", lang, p.status)
		}
		check("the report's receipt", lang, p.body, w.report)
		receipt := strings.ReplaceAll(find(t, receiptPattern, p.body), " ", "")
		kept := c.postForm("/receipt/confirm", map[string]string{"token": find(t, receiptTokenField, p.body), "last4": receipt[16:]},
			find(t, csrfInField, p.body), lang)
		if kept.status != 200 {
			t.Fatalf("%s: confirm = %d", lang, kept.status)
		}
		check("the page after the report's receipt", lang, kept.body, w.report)

		token, id, answer = c.form("/suggest")
		p = c.postMultipart("/suggest", token, []field{{name: "topic", value: "efficiency"}, {name: "agency", value: "1"},
			{name: "suggestion", value: "時限測試"}, {name: "captcha_id", value: id}, {name: "captcha", value: answer}}, lang)
		if p.status != 200 {
			t.Fatalf("%s: suggest = %d", lang, p.status)
		}
		check("the suggestion's receipt", lang, p.body, w.suggestion)
	}
}

// TestPeriodReadsInMonthsOnlyWhenWhole: whole 30-day months read as months, anything else as days,
// with English singulars.
func TestPeriodReadsInMonthsOnlyWhenWhole(t *testing.T) {
	e := newEnv(t, nil)
	cat := e.in.Site.Catalogues()
	for days, want := range map[int][2]string{
		1: {"1 日", "1 day"}, 7: {"7 日", "7 days"}, 30: {"1 個月", "1 month"}, 45: {"45 日", "45 days"},
		90: {"3 個月", "3 months"}, 180: {"6 個月", "6 months"}, 100: {"100 日", "100 days"},
	} {
		if zh, en := period(cat, i18n.ZhTW, days), period(cat, i18n.En, days); zh != want[0] || en != want[1] {
			t.Errorf("period(%d) = %q, %q; want %q, %q", days, zh, en, want[0], want[1])
		}
	}
}
