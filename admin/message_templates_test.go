package admin

import (
	"strings"
	"testing"

	"integrity-portal/internal/i18n"
)

// TestEveryNoticeInBothLanguages: each message the reporter can receive has its own text in zh-TW
// and in en, so a notice in the reporter's language never falls back to the other one, or to a key.
func TestEveryNoticeInBothLanguages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range templateActions() {
		key := "admin.notice." + act
		zh, en := cat[i18n.ZhTW][key], cat[i18n.En][key]
		if strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%s: zh-TW %q, en %q", key, zh, en)
			continue
		}
		if zh == en {
			t.Errorf("%s: the English text is the Chinese one", key)
		}
		if strings.ContainsAny(en, "的您本案") {
			t.Errorf("%s: the English text holds Chinese: %q", key, en)
		}
	}
}
