package portal

import (
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"integrity-portal/internal/config"
	"integrity-portal/internal/web"
)

func TestHomeShowsTheOfficeAndThreeHonestDoors(t *testing.T) {
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Pages: map[string]fs.FS{"portal": Templates()}, CSRFKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	r := site.Engine()
	Routes(r, site, nil) // the home page reads no data

	cases := []struct {
		accept string
		want   []string
	}{
		{"", []string{`lang="zh-Hant-TW"`, "政風處做什麼", "檢舉", "興革建言", "資訊公開", "建置中", `href="/report"`, `href="/suggest"`, `href="/mailbox"`}},
		{"en", []string{`lang="en"`, "What the Ethics Office does", "Report", "Reform suggestion", "Transparency", "Coming soon"}},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept-Language", c.accept)
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("GET / = %d", w.Code)
		}
		for _, s := range c.want {
			if !strings.Contains(body, s) {
				t.Errorf("Accept-Language %q: home page lacks %q", c.accept, s)
			}
		}
		// No door links to a page that does not exist yet.
		for _, dead := range []string{`href="/procurement`, `href="/applications`} {
			if strings.Contains(body, dead) {
				t.Errorf("home links to %s, which is not built yet", dead)
			}
		}
		if strings.Contains(body, "[home.") {
			t.Errorf("a home message key is missing from the catalogue")
		}
	}
}
