package web

import (
	"html"
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"

	"integrity-portal/internal/config"
)

// TestFooterTellsWhatIsKeptAndWhoToCall: every page's footer shows the configured office and the
// configured retention range, in each language, and links the privacy and accessibility statements.
func TestFooterTellsWhatIsKeptAndWhoToCall(t *testing.T) {
	r, _ := testSite(t, func(c *config.Config) {
		c.OfficeAddress, c.OfficeAddressEn = "10001臺北市測試路1號", "No. 1, Test Rd., Taipei 10001"
		c.OfficeHours, c.OfficeHoursEn = "週一 09:00–10:00", "Mondays 09:00–10:00"
		c.OfficePhone = "02-1234 5678"
		c.RetentionSubstantiated, c.RetentionUnsubstantiated, c.RetentionCleared = 730, 365, 365
		c.RetentionNotAccepted, c.RetentionTransferred, c.RetentionMerged, c.RetentionSuggestion = 365, 365, 365, 400
	})
	for lang, want := range map[string][]string{
		"zh-TW": {`<span lang="zh-Hant">10001臺北市測試路1號</span>`, "週一 09:00–10:00", `href="tel:+886212345678"`, "02-1234 5678",
			"再保存1年至2年", "以 age 加密", "臺中市政府政風處", "0800-286-586", "地方檢察署", `href="/privacy"`, `href="/accessibility"`},
		"en": {"No. 1, Test Rd., Taipei 10001", "Mondays 09:00–10:00", `href="tel:+886212345678"`,
			"for 1 year to 2 years after it is closed", "encrypted with age", "Ethics Office, Taichung City Government", "0800-286-586",
			"district prosecutors office", `href="/privacy"`, `href="/accessibility"`},
	} {
		req := httptest.NewRequest("GET", "/t/page", nil)
		req.Header.Set("Accept-Language", lang)
		body := do(r, req).Body.String()
		footer := body[strings.Index(body, "<footer"):]
		for _, s := range want {
			if !strings.Contains(html.UnescapeString(footer), s) && !strings.Contains(footer, s) {
				t.Errorf("%s: the footer lacks %q", lang, s)
			}
		}
		// The claim this replaces was false on a site that stores reports.
		if strings.Contains(footer, "不記錄您在表單中輸入的內容") || strings.Contains(footer, "[layout.") {
			t.Errorf("%s: footer: %s", lang, footer)
		}
	}
}

func TestTelURL(t *testing.T) {
	for in, want := range map[string]template.URL{
		"04-22289111":      "tel:+886422289111",
		"(04) 2228-9111":   "tel:+886422289111",
		"+886 4 2228 9111": "tel:+886422289111",
		"0800-286-586":     "tel:+886800286586",
	} {
		if got := telURL(in); got != want {
			t.Errorf("telURL(%q) = %q, want %q", in, got, want)
		}
	}
}
