package portal

import (
	"net/http"
	"testing"
)

// TestShortenedProcurementAddressesLeadToTheSearch: a visitor who cuts a procurement address back
// (/procurement, /procurement/buyers, /procurement/suppliers, with or without a final slash) lands
// on the tender search, not on "page not found".
func TestShortenedProcurementAddressesLeadToTheSearch(t *testing.T) {
	h := configuredRouter(t, nil, false)
	for _, path := range []string{"/procurement", "/procurement/", "/procurement/buyers", "/procurement/suppliers/"} {
		a := get(t, h, "zh-TW", path)
		if a.status != http.StatusMovedPermanently {
			t.Errorf("%s: status %d, want %d", path, a.status, http.StatusMovedPermanently)
			continue
		}
		want := "/procurement/tenders"
		if path[len(path)-1] == '/' {
			// gin first drops the slash, then the route redirects.
			want = path[:len(path)-1]
		}
		if got := a.header.Get("Location"); got != want {
			t.Errorf("%s: Location %q, want %q", path, got, want)
		}
	}
}
