package portal

import (
	"strings"
	"testing"
)

func TestHomeShowsTheOfficeAndThreeHonestDoors(t *testing.T) {
	r := newRouter(t, nil) // the home page reads no database

	cases := []struct {
		accept string
		want   []string
	}{
		{"", []string{`lang="zh-Hant-TW"`, "政風處做什麼", "檢舉", "興革建言", "資訊公開", "查詢採購標案", "建置中",
			`href="/report"`, `href="/suggest"`, `href="/mailbox"`, `href="/procurement/tenders"`}},
		{"en", []string{`lang="en"`, "What the Ethics Office does", "Report", "Reform suggestion", "Transparency",
			"Search tenders", "coming soon", `href="/procurement/tenders"`}},
	}
	for _, c := range cases {
		a := get(t, r, c.accept, "/")
		body := a.body
		if a.status != 200 {
			t.Fatalf("GET / = %d", a.status)
		}
		for _, s := range c.want {
			if !strings.Contains(body, s) {
				t.Errorf("Accept-Language %q: home page lacks %q", c.accept, s)
			}
		}
		// No door links to a page that does not exist yet: the transparency door leads to the tender
		// search, and says that the rest is coming.
		for _, dead := range []string{`href="/applications`, `href="/procurement/flags`} {
			if strings.Contains(body, dead) {
				t.Errorf("home links to %s, which is not built yet", dead)
			}
		}
		if strings.Contains(body, "[home.") {
			t.Errorf("a home message key is missing from the catalogue")
		}
	}
}
