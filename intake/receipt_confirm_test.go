package intake

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

var receiptTokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// TestReceiptConfirmation: the receipt page lets the reporter go only once they type its last four
// digits; wrong digits bring the receipt back with a clear message; a forged, altered, expired or
// foreign confirmation gets a localized page, never a 500. English lists use Latin commas.
func TestReceiptConfirmation(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	token, id, answer := c.form("/report")
	fields := append(reportFields(id, answer, "收據確認測試"), field{name: "files", filename: "evidence-photo-of-the-meeting-room.jpg", content: jpegWithGPS(t)})
	p := c.postMultipart("/report", token, fields, "en")
	if p.status != 200 {
		t.Fatalf("submit = %d", p.status)
	}
	receipt := strings.ReplaceAll(find(t, receiptPattern, p.body), " ", "")
	if !strings.Contains(p.body, "EXIF data, location (GPS)") || strings.Contains(p.body, "、") {
		t.Errorf("the English receipt does not list what was removed with Latin commas")
	}
	if !strings.Contains(p.body, `action="/receipt/confirm#errors"`) || strings.Contains(p.body, `class="button" href="/mailbox"`) {
		t.Errorf("the receipt page has no confirmation form, or lets the reporter go without it")
	}
	sealed := find(t, receiptTokenField, p.body)
	csrf := find(t, csrfInField, p.body)
	last4 := receipt[16:]
	wrong := "0000"
	if last4 == wrong {
		wrong = "1111"
	}

	confirm := func(tok, typed, lang string) page {
		return c.postForm("/receipt/confirm", map[string]string{"token": tok, "last4": typed}, csrf, lang)
	}
	p = confirm(sealed, wrong, "zh-TW")
	if p.status != 400 || !strings.Contains(p.body, "這不是回執碼的最後 4 位數字") || !strings.Contains(p.body, find(t, receiptPattern, p.body)) ||
		strings.ReplaceAll(find(t, receiptPattern, p.body), " ", "") != receipt || !strings.Contains(p.body, `value="`+wrong+`"`) {
		t.Errorf("wrong digits: %d, want 400 with the receipt again, what was typed and why:\n%.1500s", p.status, p.body)
	}
	sealed = find(t, receiptTokenField, p.body)
	for _, typed := range []string{"12", "abcd", "1234567890", strings.Repeat("9", 5000)} {
		if p := confirm(sealed, typed, "en"); p.status != 400 || !strings.Contains(p.body, "Please type 4 digits.") {
			t.Errorf("%.20q: %d, want 400 asking for 4 digits", typed, p.status)
		}
	}
	fullWidth := strings.Map(func(r rune) rune { return r - '0' + '０' }, last4)
	p = confirm(sealed, fullWidth[:6]+" "+fullWidth[6:], "zh-TW")
	if p.status != 200 || !strings.Contains(p.body, "謝謝，您已保存回執碼") || strings.Contains(p.body, receipt[:4]+" ") {
		t.Errorf("right digits in full width: %d, want the next step without the receipt:\n%.1500s", p.status, p.body)
	}

	// Forged, altered, foreign and expired confirmations.
	altered := []byte(sealed)
	altered[len(altered)/2] ^= 1
	if altered[len(altered)/2] == '`' {
		altered[len(altered)/2] = 'A'
	}
	foreign := New(Options{Pepper: []byte("another server's pepper, 32 chars+")})
	fromElsewhere, _ := foreign.sealReceipt(receiptToken{Receipt: "12345678901234567890", Kind: "report"})
	for name, tok := range map[string]string{
		"forged": "AAAA", "empty": "", "altered": string(altered), "foreign": fromElsewhere,
		"expired": expiredReceiptToken(t, e.in, receipt),
	} {
		p := confirm(tok, last4, "zh-TW")
		if p.status != 400 || !strings.Contains(p.body, "確認頁已過期") || strings.Contains(p.body, receipt[:4]) {
			t.Errorf("%s token: %d, want the localized expiry page and no receipt", name, p.status)
		}
	}
	// Control characters and invalid UTF-8 are refused as every form's are: a localized 400.
	for _, tok := range []string{"a\x00b", sealed + "\xff"} {
		if p := confirm(tok, last4+"\x00", "zh-TW"); p.status != 400 || strings.Contains(p.body, receipt[:4]) || !strings.Contains(p.body, `lang="zh-Hant-TW"`) {
			t.Errorf("%q: %d, want a localized 400 without the receipt", tok[:1], p.status)
		}
	}
}

// expiredReceiptToken seals receipt as sealReceipt does, but expired a minute ago.
func expiredReceiptToken(t *testing.T, in *Intake, receipt string) string {
	aead, err := in.receiptAEAD()
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := json.Marshal(receiptToken{Receipt: "", Kind: "report", Expires: time.Now().Add(-time.Minute).Unix()})
	plain = []byte(strings.Replace(string(plain), `"r":""`, `"r":"`+receipt+`"`, 1))
	nonce := make([]byte, aead.NonceSize())
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, nil))
}

// TestSuggestionReceiptHasItsOwnTimeline: a suggestion's receipt says when it is answered and where
// answers are published, not the deadlines of a report or of the Whistleblower Protection Act.
func TestSuggestionReceiptHasItsOwnTimeline(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	for _, publish := range []string{"on", ""} {
		token, id, answer := c.form("/suggest")
		p := c.postMultipart("/suggest", token, []field{{name: "topic", value: "efficiency"}, {name: "agency", value: "1"},
			{name: "suggestion", value: "簡化流程"}, {name: "publish", value: publish}, {name: "captcha_id", value: id}, {name: "captcha", value: answer}}, "zh-TW")
		if p.status != 200 {
			t.Fatalf("suggest = %d", p.status)
		}
		for _, absent := range []string{"公益揭弊者保護法", "20 日內"} {
			if strings.Contains(p.body, absent) {
				t.Errorf("publish=%q: the suggestion's receipt repeats a report's deadline (%s)", publish, absent)
			}
		}
		want := map[string]string{"on": "您同意公開", "": "您沒有同意公開"}[publish]
		for _, w := range []string{"3 個月內把回覆放在您的信箱", want, `href="/suggest/answers"`} {
			if !strings.Contains(p.body, w) {
				t.Errorf("publish=%q: the suggestion's receipt lacks %q", publish, w)
			}
		}
	}
}
