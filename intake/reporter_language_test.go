package intake

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestReporterLanguageIsRecorded: a report written in English is answered in English, so the case
// keeps the language the reporter wrote in, and the one they last read their mailbox in.
func TestReporterLanguageIsRecorded(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.client()

	token, captchaID, answer := c.form("/report")
	p := c.postMultipart("/report", token, reportFields(captchaID, answer, "an English report"), "en")
	if p.status != 200 {
		t.Fatalf("submit = %d:\n%.2000s", p.status, p.body)
	}
	receipt := find(t, receiptPattern, p.body)
	if got := reporterLang(t, e); got != "en" {
		t.Fatalf("reporter language after an English report = %q, want en", got)
	}

	// Reading the mailbox in Chinese (the language switch) makes the notices Chinese.
	mb := c.get("/mailbox", "zh-TW")
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt}, find(t, csrfInField, mb.body), "zh-TW")
	if p.status != 303 {
		t.Fatalf("open mailbox = %d", p.status)
	}
	if p = c.get("/mailbox/case", "zh-TW"); p.status != 200 {
		t.Fatalf("mailbox = %d", p.status)
	}
	if got := reporterLang(t, e); got != "zh-TW" {
		t.Errorf("reporter language after reading the mailbox in zh-TW = %q", got)
	}
	if p = c.get("/mailbox/case", "en"); p.status != 200 || !strings.Contains(p.body, `lang="en"`) {
		t.Fatalf("mailbox in English = %d", p.status)
	}
	if got := reporterLang(t, e); got != "en" {
		t.Errorf("reporter language after reading the mailbox in English = %q", got)
	}
	var updated int
	e.db.QueryRow(ctx, `SELECT count(*) FROM cases WHERE updated_at <> received_at`).Scan(&updated)
	if updated != 0 {
		t.Error("a change of language touched the case's updated_at")
	}
	if strings.Contains(e.logs.String(), "reporter_lang") {
		t.Error("the logs mention the reporter's language")
	}
}

// TestReporterLanguageForged: a forged language (a cookie or header the switch never sets, a form
// field the form does not have) is never stored: the case reads zh-TW, the default, and nothing fails.
func TestReporterLanguageForged(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	forged := []struct{ name, cookie, accept string }{
		{"unsupported", "fr", "fr-FR"},
		{"NUL", "en\x00x", "en\x00"},
		{"10 KB", strings.Repeat("e", 10<<10), strings.Repeat("en-", 3<<10)},
		{"invalid UTF-8", "\xff\xfe", "\xff\xfe"},
	}
	for _, f := range forged {
		t.Run(f.name, func(t *testing.T) {
			e.db.Exec(ctx, `DELETE FROM cases`)
			c := e.client()
			token, captchaID, answer := c.form("/report")
			fields := append(reportFields(captchaID, answer, "a report"), field{name: "lang", value: "fr"}, field{name: "reporter_lang", value: "fr"})
			body, ctype := multipartBody(fields)
			req := httptest.NewRequest("POST", "/report?csrf_token="+token, body)
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("Accept-Language", f.accept)
			for _, ck := range c.c.Jar.Cookies(mustURL(t, e.srv.URL)) {
				req.AddCookie(ck)
			}
			req.Header.Add("Cookie", "__Host-lang="+f.cookie+"; lang="+f.cookie)
			w := httptest.NewRecorder()
			e.router.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				t.Fatalf("submit = %d:\n%.2000s", w.Code, w.Body.String())
			}
			if got := reporterLang(t, e); got != "zh-TW" {
				t.Errorf("stored %q from a forged language", got)
			}
		})
	}
}

func reporterLang(t *testing.T, e *env) string {
	t.Helper()
	var code string
	if err := e.db.QueryRow(context.Background(), `SELECT reporter_lang FROM cases ORDER BY id DESC LIMIT 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	return code
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
