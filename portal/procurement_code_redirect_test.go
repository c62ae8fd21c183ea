package portal

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
	"integrity-portal/portal/procurement/ocds"
)

// A bare 機關代碼 or 統一編號 in a page's or the API's address leads (301) to its holder's address;
// an unknown code is the localized 404, and no address leads off the site.
func TestBareCodesRedirect(t *testing.T) {
	h := realShapesSite(t)
	for from, to := range map[string]string{
		"/procurement/buyers/3.87.33.37":  "/procurement/buyers/TW-GOV-3.87.33.37",
		"/api/v1/buyers/3.87.33.37":       "/api/v1/buyers/TW-GOV-3.87.33.37",
		"/procurement/suppliers/24681357": "/procurement/suppliers/TW-UBN-24681357",
		"/api/v1/suppliers/24681357":      "/api/v1/suppliers/TW-UBN-24681357",
	} {
		a := get(t, h, "zh-TW", from)
		if a.status != http.StatusMovedPermanently || a.header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %s", from, a.status, a.header.Get("Location"), to)
		}
		if b := get(t, h, "zh-TW", to); b.status != 200 {
			t.Errorf("%s: status %d", to, b.status)
		}
	}
	for _, l := range []struct{ lang, buyer, supplier string }{{"zh-TW", "找不到這個機關", "找不到這家廠商"}, {"en", "No such buyer", "No such supplier"}} {
		for path, msg := range map[string]string{"/procurement/buyers/9.99.99": l.buyer, "/procurement/suppliers/87654321": l.supplier} {
			a := get(t, h, l.lang, path)
			if a.status != 404 {
				t.Errorf("%s (%s): status %d", path, l.lang, a.status)
			}
			a.mustContain(t, path, "<h1>"+msg+"</h1>")
		}
	}
	if a := get(t, h, "en", "/api/v1/suppliers/87654321"); a.status != 404 {
		t.Errorf("API unknown code: status %d", a.status)
	}
}

// Even a holder whose id holds what would be another host is reached on this site only.
func TestBareCodesNeverRedirectOffSite(t *testing.T) {
	pool := testdb.New(t)
	saveReleases(t, pool, []ocds.Release{{"ocid": "ocds-evil-1", "id": "1", "date": "2024-01-01T00:00:00Z",
		"buyer":  map[string]any{"id": "TW-GOV-//evil.example", "name": "某機關"},
		"awards": []any{map[string]any{"id": "a", "suppliers": []any{map[string]any{"id": `TW-UBN-\evil.example`, "name": "某廠商"}}}}}}, "import:evil")
	h := newRouter(t, pool)
	for _, path := range []string{"/procurement/buyers/%2F%2Fevil.example", "/api/v1/buyers/%2F%2Fevil.example",
		"/procurement/buyers//evil.example", "/procurement/suppliers/%5Cevil.example", "/api/v1/suppliers/%5Cevil.example",
		"/procurement/buyers/%2F%2Fevil.example/", "/procurement/suppliers/%5Cevil.example/"} {
		a := get(t, h, "en", path)
		if a.status >= 500 {
			t.Errorf("%s: status %d", path, a.status)
		}
		loc := a.header.Get("Location")
		if u, err := url.Parse(loc); loc != "" && (err != nil || u.Host != "" || u.Scheme != "" ||
			strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) || !strings.HasPrefix(loc, "/")) {
			t.Errorf("%s: redirects off-site to %q", path, loc)
		}
	}
}
