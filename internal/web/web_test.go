package web

import (
	"bytes"
	"context"
	"errors"
	"integrity-portal/internal/i18n"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/config"
)

// testSite builds a Site with a test page and a few test routes. mutate adjusts the configuration.
func testSite(t *testing.T, mutate func(*config.Config)) (*gin.Engine, *bytes.Buffer) {
	t.Helper()
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxBodyBytes = 2048
	if mutate != nil {
		mutate(cfg)
	}
	var logs bytes.Buffer
	pages := fstest.MapFS{"page.html": {Data: []byte(`{{define "content"}}<h1>{{.T "home.heading"}}</h1>` +
		`<p id="date">{{.Date .Data}}</p><form method="post" action="/t/post">{{.CSRFField}}<button>go</button></form>{{end}}`)}}
	site, err := NewSite(Options{
		Config:  cfg,
		Logger:  slog.New(slog.NewJSONHandler(&logs, nil)),
		Pages:   map[string]fs.FS{"t": pages},
		CSRFKey: bytes.Repeat([]byte("k"), 32),
		Ready:   func(context.Context) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	page := site.Page("t/page")
	r.GET("/t/page", func(c *gin.Context) { site.Render(c, http.StatusOK, page, "", testDate) })
	if err := site.Check(); err != nil {
		t.Fatal(err)
	}
	r.POST("/t/post", func(c *gin.Context) { c.String(http.StatusOK, "done") })
	r.GET("/t/panic", func(c *gin.Context) { panic("boom with secret detail") })
	r.GET("/t/fail", func(c *gin.Context) { site.Fail(c, errors.New("pq: secret internal detail")) })
	r.POST("/t/read", func(c *gin.Context) {
		if _, err := io.ReadAll(c.Request.Body); err != nil {
			if TooLarge(err) {
				site.Error(c, http.StatusRequestEntityTooLarge)
				return
			}
			site.Fail(c, err)
			return
		}
		c.String(http.StatusOK, "read")
	})
	return r, &logs
}

func do(r http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w
}

func TestSecurityHeadersOnRepresentativeRoutes(t *testing.T) {
	r, _ := testSite(t, nil)
	for _, path := range []string{"/t/page", "/nope", "/healthz", "/readyz", "/t/panic"} {
		w := do(r, httptest.NewRequest("GET", path, nil))
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", path, csp)
		}
		want := map[string]string{
			"Referrer-Policy":        "no-referrer",
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Cache-Control":          "no-store",
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
		if !strings.Contains(h.Get("Permissions-Policy"), "camera=()") {
			t.Errorf("%s: Permissions-Policy = %q", path, h.Get("Permissions-Policy"))
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent in development", path)
		}
	}
}

func TestProductionAddsHSTSAndSecureHostCookies(t *testing.T) {
	r, _ := testSite(t, func(c *config.Config) { c.Mode = config.Production; c.DevInsecureCookies = false })
	w := do(r, httptest.NewRequest("GET", "/t/page", nil))
	if !strings.HasPrefix(w.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("HSTS = %q", w.Header().Get("Strict-Transport-Security"))
	}
	cookie := w.Header().Get("Set-Cookie")
	for _, want := range []string{"__Host-csrf=", "Path=/", "Secure", "HttpOnly", "SameSite=Strict"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q lacks %q", cookie, want)
		}
	}
	if strings.Contains(cookie, "Domain=") {
		t.Errorf("cookie %q names a domain; __Host- cookies must not", cookie)
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	r, _ := testSite(t, nil)
	page := do(r, httptest.NewRequest("GET", "/t/page", nil)).Body.String()
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no hashed stylesheet link in page:\n%s", page)
	}
	w := do(r, httptest.NewRequest("GET", m[1], nil))
	if w.Code != 200 || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s = %d, Cache-Control %q", m[1], w.Code, w.Header().Get("Cache-Control"))
	}
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("Content-Type = %q", w.Header().Get("Content-Type"))
	}
	if w := do(r, httptest.NewRequest("GET", "/static/app.css", nil)); w.Code != 404 {
		t.Errorf("unhashed name served: %d", w.Code)
	}
}

// csrfPair fetches the test page and returns the CSRF cookie and the token from its form.
func csrfPair(t *testing.T, r http.Handler) (*http.Cookie, string) {
	t.Helper()
	w := do(r, httptest.NewRequest("GET", "/t/page", nil))
	cookies := w.Result().Cookies()
	if len(cookies) == 0 {
		t.Fatal("no CSRF cookie set")
	}
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatal("no CSRF field in the form")
	}
	return cookies[0], m[1]
}

func postForm(path string, form url.Values, cookie *http.Cookie) *http.Request {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	return req
}

func TestCSRF(t *testing.T) {
	r, _ := testSite(t, nil)
	cookie, token := csrfPair(t, r)

	if w := do(r, postForm("/t/post", url.Values{"csrf_token": {token}}, cookie)); w.Code != 200 {
		t.Fatalf("valid token refused: %d", w.Code)
	}
	other, _ := csrfPair(t, r)
	cases := map[string]*http.Request{
		"no token":                  postForm("/t/post", url.Values{}, cookie),
		"no cookie":                 postForm("/t/post", url.Values{"csrf_token": {token}}, nil),
		"wrong token":               postForm("/t/post", url.Values{"csrf_token": {token[:len(token)-2] + "AA"}}, cookie),
		"token of another browser":  postForm("/t/post", url.Values{"csrf_token": {token}}, other),
		"multipart, token in body":  multipartWithBodyToken(token, cookie),
		"header token, wrong value": withHeader(postForm("/t/post", nil, cookie), "X-CSRF-Token", "nope"),
	}
	for name, req := range cases {
		req.Header.Set("Accept-Language", "en")
		w := do(r, req)
		if w.Code != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, w.Code)
			continue
		}
		if !strings.Contains(w.Body.String(), "This form has expired") {
			t.Errorf("%s: 403 page is not the localized CSRF page:\n%s", name, w.Body.String())
		}
	}
	// The zh-TW page for the same refusal.
	w := do(r, postForm("/t/post", url.Values{}, cookie))
	if w.Code != 403 || !strings.Contains(w.Body.String(), "表單已失效") {
		t.Errorf("zh-TW CSRF page: %d\n%s", w.Code, w.Body.String())
	}
}

func multipartWithBodyToken(token string, cookie *http.Cookie) *http.Request {
	body := "--X\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token + "\r\n--X--\r\n"
	req := httptest.NewRequest("POST", "/t/post", strings.NewReader(body))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=X")
	req.AddCookie(cookie)
	return req
}

func withHeader(req *http.Request, k, v string) *http.Request {
	req.Header.Set(k, v)
	return req
}

func TestLanguageSelection(t *testing.T) {
	r, _ := testSite(t, nil)
	get := func(accept string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/t/page", nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		for _, c := range cookies {
			req.AddCookie(c)
		}
		return do(r, req)
	}
	cases := []struct{ accept, lang, heading string }{
		{"", `lang="zh-Hant-TW"`, "廉政服務網"},
		{"en-US,en;q=0.9", `lang="en"`, "Integrity Portal"},
		{"zh-CN,zh;q=0.9", `lang="zh-Hant-TW"`, "廉政服務網"},
		{"fr-FR", `lang="zh-Hant-TW"`, "廉政服務網"},
		{"de-DE, en;q=0.5", `lang="en"`, "Integrity Portal"},
	}
	for _, c := range cases {
		body := get(c.accept).Body.String()
		if !strings.Contains(body, c.lang) || !strings.Contains(body, c.heading) {
			t.Errorf("Accept-Language %q: want %s and %q", c.accept, c.lang, c.heading)
		}
	}

	// The visible switch: an explicit choice beats Accept-Language and returns to the same page.
	w := do(r, httptest.NewRequest("GET", "/lang/en?next=%2Ft%2Fpage%3Fx%3D1", nil))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/t/page?x=1" {
		t.Fatalf("switch: %d to %q", w.Code, w.Header().Get("Location"))
	}
	choice := w.Result().Cookies()[0]
	if body := get("zh-TW", choice).Body.String(); !strings.Contains(body, `lang="en"`) {
		t.Error("explicit English choice lost to Accept-Language zh-TW")
	}
	page := get("").Body.String()
	if !strings.Contains(page, `href="/lang/en?next=%2Ft%2Fpage"`) {
		t.Errorf("page has no switch back to itself:\n%s", page)
	}

	for _, next := range []string{"https://evil.example/", "//evil.example/", `/\evil.example`, "javascript:alert(1)"} {
		w := do(r, httptest.NewRequest("GET", "/lang/en?next="+url.QueryEscape(next), nil))
		if w.Header().Get("Location") != "/" {
			t.Errorf("switch to %q redirected to %q, want /", next, w.Header().Get("Location"))
		}
	}
	if w := do(r, httptest.NewRequest("GET", "/lang/xx", nil)); w.Code != 404 {
		t.Errorf("unknown language code: %d", w.Code)
	}
}

func TestErrorPages(t *testing.T) {
	r, logs := testSite(t, nil)
	cases := []struct {
		req    *http.Request
		status int
		zh     string
	}{
		{httptest.NewRequest("GET", "/no/such/page", nil), 404, "找不到這個網頁"},
		{httptest.NewRequest("DELETE", "/t/page", nil), 405, "不支援這種操作"},
		{httptest.NewRequest("GET", "/t/panic", nil), 500, "系統發生錯誤"},
		{httptest.NewRequest("GET", "/t/fail", nil), 500, "系統發生錯誤"},
	}
	for _, c := range cases {
		w := do(r, c.req)
		body := w.Body.String()
		if w.Code != c.status || !strings.Contains(body, c.zh) {
			t.Errorf("%s %s: %d, want %d with %q", c.req.Method, c.req.URL, w.Code, c.status, c.zh)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: error page leaks internal detail", c.req.URL)
		}
		if !strings.Contains(body, `<main id="main"`) {
			t.Errorf("%s: error page is not a full page in the layout", c.req.URL)
		}
	}
	if !strings.Contains(logs.String(), "boom with secret detail") {
		t.Error("the panic was not logged for the operator")
	}

	// 413: a declared oversized body is refused before the handler, and an undeclared one when read.
	big := strings.Repeat("x", 4096)
	cookie, token := csrfPair(t, r)
	req := postForm("/t/read", url.Values{"csrf_token": {token}, "x": {big}}, cookie)
	req.Header.Set("Accept-Language", "en")
	if w := do(r, req); w.Code != 413 || !strings.Contains(w.Body.String(), "Too much data") {
		t.Errorf("declared large body: %d", w.Code)
	}
	req = httptest.NewRequest("POST", "/t/read", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("X-CSRF-Token", token)
	req.AddCookie(cookie)
	if w := do(r, req); w.Code != 413 {
		t.Errorf("undeclared large body: %d, want 413", w.Code)
	}
}

// TestLogsHoldNoClientIdentity sends requests with a known address, forwarded-for headers and a
// distinctive User-Agent and query, then searches the whole log for any of them.
func TestLogsHoldNoClientIdentity(t *testing.T) {
	r, logs := testSite(t, nil)
	secrets := []string{"203.0.113.77", "198.51.100.23", "2001:db8::1f", "CanaryBrowser/9.9", "q=canary-query", "canary-query", "canary-form"}
	for _, path := range []string{"/t/page?q=canary-query", "/nope?q=canary-query", "/t/panic?q=canary-query", "/readyz"} {
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = "203.0.113.77:51234"
		req.Header.Set("X-Forwarded-For", "198.51.100.23, 2001:db8::1f")
		req.Header.Set("X-Real-IP", "198.51.100.23")
		req.Header.Set("Forwarded", "for=198.51.100.23")
		req.Header.Set("User-Agent", "CanaryBrowser/9.9")
		do(r, req)
	}
	req := postForm("/t/post?q=canary-query", url.Values{"field": {"canary-form"}}, nil)
	req.RemoteAddr = "203.0.113.77:51234"
	req.Header.Set("User-Agent", "CanaryBrowser/9.9")
	do(r, req)

	out := logs.String()
	if !strings.Contains(out, `"route":"/t/page"`) || !strings.Contains(out, `"status":404`) {
		t.Fatalf("the log does not record routes and statuses:\n%s", out)
	}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("log holds %q:\n%s", s, out)
		}
	}
}

func TestHealthAndReady(t *testing.T) {
	r, _ := testSite(t, nil)
	for _, p := range []string{"/healthz", "/readyz"} {
		if w := do(r, httptest.NewRequest("GET", p, nil)); w.Code != 200 {
			t.Errorf("%s = %d", p, w.Code)
		}
	}
}

var testDate = time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC)

func TestPageDatesShowROCYear(t *testing.T) {
	r, _ := testSite(t, nil)
	if body := do(r, httptest.NewRequest("GET", "/t/page", nil)).Body.String(); !strings.Contains(body, "民國114年11月26日（2025-11-26）") {
		t.Errorf("zh-TW page date lacks the ROC year:\n%s", body)
	}
}

func TestMissingTemplatesStopTheStart(t *testing.T) {
	cfg, _ := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	opts := Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), CSRFKey: bytes.Repeat([]byte("k"), 32)}

	site, err := NewSite(opts)
	if err != nil {
		t.Fatal(err)
	}
	site.Page("portal/nonexistent")
	if err := site.Check(); err == nil || !strings.Contains(err.Error(), "portal/nonexistent") {
		t.Errorf("Check with a missing page: %v", err)
	}

	// A page template without its content block, or with a syntax error, fails NewSite itself.
	for name, text := range map[string]string{"no content": `<p>hi</p>`, "syntax": `{{define "content"}}{{.T "x"}`} {
		opts.Pages = map[string]fs.FS{"t": fstest.MapFS{"p.html": {Data: []byte(text)}}}
		if _, err := NewSite(opts); err == nil {
			t.Errorf("%s: NewSite accepted a broken template", name)
		}
	}
}

func TestMetricsCountRoutesWithoutPersonalData(t *testing.T) {
	cfg, _ := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	m := NewMetrics()
	site, err := NewSite(Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), CSRFKey: bytes.Repeat([]byte("k"), 32), Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	req := httptest.NewRequest("GET", "/healthz?who=canary-query", nil)
	req.RemoteAddr = "203.0.113.77:1234"
	req.Header.Set("User-Agent", "CanaryBrowser/1.0")
	do(r, req)
	do(r, httptest.NewRequest("GET", "/some/secret-path", nil))

	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	out := w.Body.String()
	if !strings.Contains(out, `portal_http_requests_total{method="GET",route="/healthz",status="200"} 1`) {
		t.Errorf("request not counted by route:\n%s", out)
	}
	for _, s := range []string{"canary-query", "203.0.113.77", "CanaryBrowser", "secret-path"} {
		if strings.Contains(out, s) {
			t.Errorf("metrics hold %q", s)
		}
	}
	// The metrics are not on the public engine.
	if w := do(r, httptest.NewRequest("GET", "/metrics", nil)); w.Code != 404 {
		t.Errorf("public /metrics = %d, want 404", w.Code)
	}
}

func TestOnionLocationHeader(t *testing.T) {
	r, _ := testSite(t, nil)
	if h := do(r, httptest.NewRequest("GET", "/t/page", nil)).Header().Get("Onion-Location"); h != "" {
		t.Errorf("Onion-Location without an onion address: %q", h)
	}
	r, _ = testSite(t, func(c *config.Config) { c.OnionLocation = "http://exampleonionaddressxyz.onion/" })
	if h := do(r, httptest.NewRequest("GET", "/t/page?x=1", nil)).Header().Get("Onion-Location"); h != "http://exampleonionaddressxyz.onion/t/page?x=1" {
		t.Errorf("Onion-Location = %q", h)
	}
}

// A moment is dated as the day it is in Taiwan, where its Clock time is read: 23:30 UTC on the
// 25th is 07:30 on the 26th there. A calendar date (midnight UTC) keeps its day.
func TestPageDatesAreTaiwanDays(t *testing.T) {
	p := &Page{Lang: i18n.ZhTW}
	at := time.Date(2025, 11, 25, 23, 30, 0, 0, time.UTC)
	if got := p.Date(at) + " " + p.Clock(at); got != "民國114年11月26日（2025-11-26） 07:30" {
		t.Errorf("23:30 UTC reads %q", got)
	}
	if got := p.Date(testDate); got != "民國114年11月26日（2025-11-26）" {
		t.Errorf("a calendar date reads %q", got)
	}
}
