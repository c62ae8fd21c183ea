package intake

import (
	"context"
	"strings"
	"testing"
	"time"

	"integrity-portal/crypto"
	"integrity-portal/intake/captcha"
)

// holdBudget fills b until the returned func is called, as concurrent sign-ins would.
func holdBudget(t *testing.T, b *crypto.MemoryBudget, n int64) (release func()) {
	t.Helper()
	got, done, errs := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() { errs <- b.Do(context.Background(), n, func() { close(got); <-done }) }()
	select {
	case <-got:
	case err := <-errs:
		t.Fatal(err)
	}
	return func() { close(done); <-errs }
}

// TestReceiptKDFPastTheMemoryBudget: when the memory for the receipt KDF is taken (by sign-ins, say),
// a submission and a mailbox opening are told to retry (503 with Retry-After), keep what was typed,
// store nothing and count no wrong receipt; once there is room they go through.
func TestReceiptKDFPastTheMemoryBudget(t *testing.T) {
	budget := crypto.NewMemoryBudget(8<<20, 10*time.Millisecond)
	e := newEnv(t, func(o *Options) { o.Memory = budget })
	ctx := context.Background()
	c := e.client()

	token, captchaID, answer := c.form("/report")
	p := c.postMultipart("/report", token, reportFields(captchaID, answer, "第一份檢舉，預算內"), "zh-TW")
	if p.status != 200 {
		t.Fatalf("submit within the budget = %d", p.status)
	}
	receipt := find(t, receiptPattern, p.body)

	release := holdBudget(t, budget, 8<<20)
	const what = "canary-busy-report：採購案被綁標"
	token, captchaID, answer = c.form("/report")
	p = c.postMultipart("/report", token, reportFields(captchaID, answer, what), "zh-TW")
	if p.status != 503 || p.header.Get("Retry-After") == "" {
		t.Fatalf("report past the budget = %d, Retry-After %q; want 503 with Retry-After", p.status, p.header.Get("Retry-After"))
	}
	if !strings.Contains(p.body, "系統忙碌中") || !strings.Contains(p.body, what) {
		t.Errorf("the busy report form lost the text or says nothing:\n%.3000s", p.body)
	}
	var n int
	e.db.QueryRow(ctx, `SELECT count(*) FROM cases`).Scan(&n)
	if n != 1 {
		t.Errorf("%d cases stored; a busy answer stores nothing", n)
	}

	sp := c.get("/suggest", "en")
	const idea = "canary-busy-suggestion: publish every tender and its bids"
	p = c.postMultipart("/suggest", find(t, csrfInAction, sp.body), []field{
		{name: "topic", value: "procurement"}, {name: "agency", value: "1"}, {name: "suggestion", value: idea},
		{name: "captcha_id", value: find(t, captchaField, sp.body)}, {name: "captcha", value: mustAnswer(t, e, find(t, captchaField, sp.body))},
	}, "en")
	if p.status != 503 || p.header.Get("Retry-After") == "" || !strings.Contains(p.body, idea) || !strings.Contains(p.body, "The portal is busy") {
		t.Errorf("suggestion past the budget = %d, Retry-After %q:\n%.2000s", p.status, p.header.Get("Retry-After"), p.body)
	}

	mb := c.get("/mailbox", "zh-TW")
	for range maxFailures + 1 {
		p = c.postForm("/mailbox", map[string]string{"receipt": receipt}, find(t, csrfInField, mb.body), "zh-TW")
		if p.status != 503 || p.header.Get("Retry-After") == "" || !strings.Contains(p.body, "系統忙碌中") {
			t.Fatalf("mailbox past the budget = %d, Retry-After %q:\n%.2000s", p.status, p.header.Get("Retry-After"), p.body)
		}
	}
	if !strings.Contains(p.body, `value="`+receipt+`"`) {
		t.Error("the busy mailbox form lost the receipt that was typed")
	}

	release()
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt}, find(t, csrfInField, mb.body), "zh-TW")
	if p.status != 303 {
		t.Fatalf("mailbox once there is room = %d (busy answers must not count as wrong receipts)", p.status)
	}
}

func mustAnswer(t *testing.T, e *env, id string) string {
	t.Helper()
	a, err := captcha.AnswerForTest(context.Background(), e.db, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
