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
		{"", []string{`lang="zh-Hant-TW"`, "政風處做什麼", "檢舉", "興革建言", "資訊公開", "我要檢舉", "我要提出建言", "查詢進度與對話", "查詢採購標案", "人民申請案件統計",
			`href="/report"`, `href="/suggest"`, `href="/mailbox"`, `href="/procurement/tenders"`, `href="/applications"`}},
		{"en", []string{`lang="en"`, "What the Ethics Office does", "Make a report", "Make a suggestion", "Follow up on a report", "Transparency",
			"Search tenders", "Application statistics", `href="/procurement/tenders"`, `href="/applications"`}},
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
		// Every door leads to a service that exists: none says it is coming.
		if strings.Contains(body, `class="badge"`) || strings.Contains(body, `class="status"`) {
			t.Errorf("a door says its service is still coming")
		}
		if strings.Contains(body, "[home.") {
			t.Errorf("a home message key is missing from the catalogue")
		}
	}
}
