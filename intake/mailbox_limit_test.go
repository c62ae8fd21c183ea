package intake

import (
	"context"
	"strings"
	"testing"

	"integrity-portal/crypto"
	"integrity-portal/intake/captcha"
)

// TestMailboxPastTheLimitAsksForACaptcha: behind the onion service every visitor shares one address,
// so after someone else's wrong receipts the right one must still open the mailbox. Past the limit
// the form asks for a captcha with the receipt (checked before the KDF runs), and the right receipt
// with the right captcha opens.
func TestMailboxPastTheLimitAsksForACaptcha(t *testing.T) {
	e := newEnv(t, nil)
	e.in.limiter.step = 0 // the slowdown is tested on the limiter itself
	c := e.client()
	token, captchaID, answer := c.form("/report")
	p := c.postMultipart("/report", token, reportFields(captchaID, answer, "收件回執碼限制的測試"), "zh-TW")
	if p.status != 200 {
		t.Fatalf("submit = %d", p.status)
	}
	receipt := find(t, receiptPattern, p.body)

	mb := c.get("/mailbox", "zh-TW")
	if strings.Contains(mb.body, `name="captcha_id"`) {
		t.Fatal("a captcha before any wrong receipt")
	}
	csrf := find(t, csrfInField, mb.body)
	for i := range maxFailures { // another Tor user's typos, from the same address
		if p := c.postForm("/mailbox", map[string]string{"receipt": "1111 2222 3333 4444 5555"}, csrf, "zh-TW"); p.status != 400 {
			t.Fatalf("wrong receipt %d = %d", i, p.status)
		}
	}

	// The right receipt alone is not refused: the form asks for a captcha too, keeping the receipt.
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt}, csrf, "zh-TW")
	if p.status != 429 || !strings.Contains(p.body, "同時輸入下方的驗證碼") || !strings.Contains(p.body, `value="`+receipt+`"`) {
		t.Fatalf("right receipt past the limit = %d, want the form asking for a captcha:\n%.3000s", p.status, p.body)
	}
	for _, want := range []string{`role="alert"`, `<label for="captcha">`, `aria-describedby="captcha-hint captcha-error"`, `.wav?lang=zh`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the captcha form lacks %s (screen readers, no JavaScript)", want)
		}
	}
	id := find(t, captchaField, p.body)

	// The captcha is checked before the receipt KDF: with no memory left for the KDF, a missing or
	// wrong captcha is still answered as such, not as busy.
	full := holdBudget(t, e.in.Memory, crypto.DefaultMemoryBudget)
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt, "captcha_id": id, "captcha": "000000x"}, csrf, "zh-TW")
	full()
	if p.status != 429 || !strings.Contains(p.body, "驗證碼不正確") {
		t.Fatalf("wrong captcha = %d:\n%.2000s", p.status, p.body)
	}

	// A wrong receipt with a right captcha is a wrong receipt, and counts.
	id = find(t, captchaField, p.body)
	p = c.postForm("/mailbox", map[string]string{"receipt": "1111 2222 3333 4444 5555", "captcha_id": id, "captcha": mustAnswer(t, e, id)}, csrf, "zh-TW")
	if p.status != 400 || !strings.Contains(p.body, "找不到這組收件回執碼") || !strings.Contains(p.body, `name="captcha_id"`) {
		t.Fatalf("wrong receipt with a right captcha = %d:\n%.2000s", p.status, p.body)
	}

	// Asking for a new captcha keeps the receipt and runs nothing.
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt, "action": "refresh_captcha"}, csrf, "en")
	if p.status != 200 || !strings.Contains(p.body, `value="`+receipt+`"`) || !strings.Contains(p.body, "security code below") {
		t.Fatalf("new captcha = %d:\n%.2000s", p.status, p.body)
	}

	// The right receipt with the right captcha opens the mailbox.
	id = find(t, captchaField, p.body)
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt, "captcha_id": id, "captcha": mustAnswer(t, e, id)}, csrf, "zh-TW")
	if p.status != 303 || p.header.Get("Location") != "/mailbox/case" {
		t.Fatalf("right receipt and captcha = %d %q:\n%.2000s", p.status, p.header.Get("Location"), p.body)
	}
	if p := c.get("/mailbox/case", "zh-TW"); p.status != 200 || !strings.Contains(p.body, "收件回執碼限制的測試") {
		t.Errorf("mailbox after the captcha = %d", p.status)
	}
	// A used captcha does not open it again.
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt, "captcha_id": id, "captcha": "0"}, csrf, "zh-TW")
	if p.status != 429 {
		t.Errorf("a spent captcha = %d", p.status)
	}
	if _, err := captcha.AnswerForTest(context.Background(), e.db, id); err == nil {
		t.Error("the captcha can be used twice")
	}
}
