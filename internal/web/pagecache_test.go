package web

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/config"
	"integrity-portal/internal/i18n"
)

// cacheSite serves /c/:n, a page showing how many times it was rendered and the version it was
// rendered at (?v=…, default "1", read from a variable here), and /c/form, a page with a CSRF token.
func cacheSite(t *testing.T, version *string) (*gin.Engine, *PageCache) {
	t.Helper()
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	pages := fstest.MapFS{
		"count.html": {Data: []byte(`{{define "content"}}<p id="n">{{.Data}}</p>{{end}}`)},
		"form.html":  {Data: []byte(`{{define "content"}}<p id="n">{{.Data}}</p><form method="post">{{.CSRFField}}</form>{{end}}`)},
	}
	site, err := NewSite(Options{Config: cfg, Logger: slog.New(slog.DiscardHandler), Pages: map[string]fs.FS{"t": pages},
		CSRFKey: bytes.Repeat([]byte("k"), 32), Ready: func(context.Context) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	pc := &PageCache{TTL: time.Hour, Max: 3}
	count, form := site.Page("t/count"), site.Page("t/form")
	renders := 0
	r.GET("/c/:n", func(c *gin.Context) {
		if site.ServeCached(c, pc, *version) {
			return
		}
		renders++
		page := count
		if c.Param("n") == "form" {
			page = form
		}
		site.RenderCached(c, pc, *version, http.StatusOK, page, "", *version+"/"+strconv.Itoa(renders))
	})
	return r, pc
}

func renderedAs(t *testing.T, r http.Handler, path string, lang i18n.Lang) string {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept-Language", lang.Code())
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("%s: status %d", path, w.Code)
	}
	if got := w.Header().Get("Content-Language"); got != lang.Code() {
		t.Errorf("%s: Content-Language %q, want %q", path, got, lang.Code())
	}
	body := w.Body.String()
	i := strings.Index(body, `<p id="n">`)
	if i < 0 {
		t.Fatalf("%s: no marker in %s", path, body)
	}
	return body[i+len(`<p id="n">`) : i+strings.Index(body[i:], "</p>")]
}

func TestPageCacheKeepsPagesPerVersionLanguageAndPath(t *testing.T) {
	version := "1"
	r, pc := cacheSite(t, &version)
	steps := []struct {
		path string
		lang i18n.Lang
		want string
	}{
		{"/c/a", i18n.ZhTW, "1/1"},
		{"/c/a", i18n.ZhTW, "1/1"}, // kept
		{"/c/a", i18n.En, "1/2"},   // another language
		{"/c/b", i18n.ZhTW, "1/3"}, // another path
		{"/c/a?x=1", i18n.ZhTW, "1/4"},
		{"/c/a?x=1", i18n.ZhTW, "1/5"}, // a query string is never kept
		{"/c/form", i18n.ZhTW, "1/6"},
		{"/c/form", i18n.ZhTW, "1/7"}, // nor a page with a CSRF token
		{"/c/c", i18n.ZhTW, "1/8"},    // the fourth page: over Max, rendered every time
		{"/c/c", i18n.ZhTW, "1/9"},
		{"/c/b", i18n.ZhTW, "1/3"},
	}
	for i, s := range steps {
		if got := renderedAs(t, r, s.path, s.lang); got != s.want {
			t.Errorf("step %d: %s in %s: rendered %q, want %q", i, s.path, s.lang.Code(), got, s.want)
		}
	}
	version = "2"
	if got := renderedAs(t, r, "/c/b", i18n.ZhTW); got != "2/10" {
		t.Errorf("after a new version: %q, want 2/10", got)
	}
	if got := renderedAs(t, r, "/c/b", i18n.ZhTW); got != "2/10" {
		t.Errorf("kept at the new version: %q, want 2/10", got)
	}
	pc.TTL = 0
	if got := renderedAs(t, r, "/c/b", i18n.ZhTW); got != "2/11" {
		t.Errorf("expired: %q, want 2/11", got)
	}
}
