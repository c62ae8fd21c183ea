package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/config"
)

func TestValidText(t *testing.T) {
	for _, c := range []struct {
		s               string
		line, multiline bool
	}{
		{"臺中市 abc 123", true, true}, {"", true, true}, {"a\tb\r\nc", false, true},
		{"a\x00b", false, false}, {"\xff\xfe", false, false}, {"a\x1bb", false, false}, {"a\x7fb", false, false},
		{"a\u0085b", false, false}, {"\xed\xa0\x80", false, false}, // C1 control; an encoded surrogate
	} {
		if got := ValidText(c.s, false); got != c.line {
			t.Errorf("ValidText(%q, false) = %v", c.s, got)
		}
		if got := ValidText(c.s, true); got != c.multiline {
			t.Errorf("ValidText(%q, true) = %v", c.s, got)
		}
	}
}

func TestPageNumber(t *testing.T) {
	for in, want := range map[string]int{"": 1, "1": 1, "7": 7, "0": 1, "-3": 1, "x": 1, "1e3": 1,
		"9223372036854775807": MaxPage, "99999999999999999999999": MaxPage, "-99999999999999999999999": 1, "1000001": MaxPage} {
		if got := PageNumber(in); got != want {
			t.Errorf("PageNumber(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestBadInputIsRefusedAtTheEdge sends NUL, invalid UTF-8 and control characters in the query, a path
// parameter and a form to routes whose handlers would take them: each gets the localized 400 page
// before its handler runs, and text with tabs and line breaks still passes in a form.
func TestBadInputIsRefusedAtTheEdge(t *testing.T) {
	r, _ := testSite(t, nil)
	reached := 0
	r.GET("/t/item/:id", func(c *gin.Context) { reached++; c.String(http.StatusOK, "ok") })
	r.POST("/t/form", func(c *gin.Context) { reached++; c.String(http.StatusOK, "ok "+c.PostForm("text")) })
	cookie, token := csrfPair(t, r)

	for _, path := range []string{"/t/page?q=a%00b", "/t/page?q=%ff%fe", "/t/page?q=a%0Ab", "/t/page?q%00=x",
		"/t/page?q=%zz", "/t/item/a%00b", "/t/item/%ff"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Language", "zh-TW")
		w := do(r, req)
		if w.Code != 400 || !strings.Contains(w.Body.String(), "無法讀取送出的內容") || !strings.Contains(w.Body.String(), `<main id="main"`) {
			t.Errorf("GET %s: %d\n%.300s", path, w.Code, w.Body.String())
		}
	}
	for _, text := range []string{"a\x00b", "\xc3\x28", "a\x0cb", "a\x1bb"} {
		req := postForm("/t/form", url.Values{"csrf_token": {token}, "text": {text}}, cookie)
		req.Header.Set("Accept-Language", "en")
		if w := do(r, req); w.Code != 400 || !strings.Contains(w.Body.String(), "The request could not be read") {
			t.Errorf("POST text %q: %d", text, w.Code)
		}
	}
	if reached != 0 {
		t.Errorf("handlers ran %d times on refused input", reached)
	}

	if w := do(r, httptest.NewRequest("GET", "/t/item/%E8%87%BA%E4%B8%AD?q=%E8%87%BA", nil)); w.Code != 200 {
		t.Errorf("good path and query: %d", w.Code)
	}
	if w := do(r, postForm("/t/form", url.Values{"csrf_token": {token}, "text": {"第一行\r\n\t第二行"}}, cookie)); w.Code != 200 || w.Body.String() != "ok 第一行\r\n\t第二行" {
		t.Errorf("multiline text: %d %q", w.Code, w.Body.String())
	}
}

// TestFailLogsNoSubmittedValue fails with the errors pgx and PostgreSQL give for refused values: the
// log keeps what went wrong, never the value.
func TestFailLogsNoSubmittedValue(t *testing.T) {
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	site, err := NewSite(Options{Config: cfg, Logger: slog.New(slog.NewJSONHandler(&logs, nil)), CSRFKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	errs := []error{
		fmt.Errorf("intake: agency: %w", errors.New("failed to encode args[0]: unable to encode 99999999999 into binary format for int4 (OID 23): 99999999999 is greater than maximum value for int4")),
		fmt.Errorf("admin: add officer: %w", errors.New(`ERROR: invalid byte sequence for encoding "UTF8": 0x00 (SQLSTATE 22021)`)),
		errors.New(`ERROR: duplicate key value violates unique constraint "officers_username_key" (SQLSTATE 23505)`),
		errors.New(`strconv.Atoi: parsing "canary-value": invalid syntax`),
	}
	for i, err := range errs {
		path := fmt.Sprintf("/t/fail%d", i)
		r.GET(path, func(c *gin.Context) { site.Fail(c, err) })
		do(r, httptest.NewRequest("GET", path, nil))
	}
	out := logs.String()
	for _, secret := range []string{"99999999999", "0x00", "officers_username_key", "canary-value"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	for _, kept := range []string{"intake: agency: failed to encode args[0]", "SQLSTATE 22021", "SQLSTATE 23505"} {
		if !strings.Contains(out, kept) {
			t.Errorf("the log lost %q:\n%s", kept, out)
		}
	}
}

// BenchmarkCheckInput is the edge check's cost on a typical form post (a few short fields, a query
// and a 20 KB text): the same request to a checked route and to an exempt one, whose difference is
// the check. The form is parsed in both: by the check, or by the handler that reads it.
func BenchmarkCheckInput(b *testing.B) {
	cfg, _ := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	site, err := NewSite(Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), CSRFKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		b.Fatal(err)
	}
	r := site.Engine()
	h := func(c *gin.Context) { c.PostForm("what"); c.Status(http.StatusNoContent) }
	r.POST("/checked", h)
	r.POST("/exempt", h)
	site.ChecksOwnInput("/exempt")
	form := url.Values{"category": {"corruption"}, "agency": {"12"}, "what": {strings.Repeat("某科長收受回扣，\r\n", 1000)}}.Encode()
	seed := strings.Repeat("s", 43)
	for _, path := range []string{"/checked", "/exempt"} {
		b.Run(path[1:], func(b *testing.B) {
			b.SetBytes(int64(len(form)))
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", path+"?page=2&q=%E8%87%BA", strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set(csrfHeader, site.sign(seed))
				req.AddCookie(&http.Cookie{Name: site.cookieName(csrfCookie), Value: seed})
				w := httptest.NewRecorder()
				r.ServeHTTP(w, req)
				if w.Code != http.StatusNoContent {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}

// BenchmarkValidText checks a 32 KB report text, mostly Chinese with line breaks.
func BenchmarkValidText(b *testing.B) {
	text := strings.Repeat("財政局某科長收受回扣，地點在市府大樓 3 樓。\r\n", 500)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if !ValidText(text, true) {
			b.Fatal("refused")
		}
	}
}
