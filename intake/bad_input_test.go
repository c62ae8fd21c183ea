package intake

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestBadInputGetsAClearAnswer sends the kinds of bad input the issue lists. Each must get its own
// localized answer, never a 500, and store nothing.
func TestBadInputGetsAClearAnswer(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.FileMax = 8 << 20; o.TotalMax = 12 << 20 })
	ctx := context.Background()
	c := e.client()
	valid := func() (string, []field) {
		token, id, answer := c.form("/report")
		return token, reportFields(id, answer, "正常的檢舉內容")
	}
	set := func(fields []field, name, value string) []field {
		for i := range fields {
			if fields[i].name == name {
				fields[i].value = value
			}
		}
		return fields
	}
	cases := []struct {
		name   string
		build  func() (string, []field)
		status int
		zh     string
	}{
		{"missing captcha", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "captcha", "")
		}, 400, "請輸入驗證碼"},
		{"wrong captcha", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "captcha", "000000x")
		}, 400, "驗證碼不正確"},
		{"missing what", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "what", "   ")
		}, 400, "此欄必填"},
		{"unknown category", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "category", "bribes")
		}, 400, "請從選項中選擇"},
		{"unknown agency", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "agency", "999999")
		}, 400, "請從選項中選擇"},
		{"invalid UTF-8", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "who", "\xff\xfe\xfd")
		}, 400, "無法辨識的字元"},
		{"10 MB of text in a field", func() (string, []field) {
			tok, f := valid()
			return tok, set(f, "what", strings.Repeat("貪", 10<<20/3))
		}, 413, "送出的資料太大"},
		{"duplicated field", func() (string, []field) {
			tok, f := valid()
			return tok, append([]field{{name: "what", value: "one"}}, f...)
		}, 400, "重複送出"},
		{"forbidden file", func() (string, []field) {
			tok, f := valid()
			return tok, append(f, field{name: "files", filename: "tool.exe", content: append([]byte("MZ\x90\x00"), make([]byte, 200)...)})
		}, 415, "這種檔案類型不接受"},
		{"html disguised as text", func() (string, []field) {
			tok, f := valid()
			return tok, append(f, field{name: "files", filename: "note.txt", content: []byte("<html><script>alert(1)</script></html>")})
		}, 415, "這種檔案類型不接受"},
		{"oversize file", func() (string, []field) {
			tok, f := valid()
			return tok, append(f, field{name: "files", filename: "big.txt", content: bytes.Repeat([]byte("a"), 9<<20)})
		}, 413, "超過單檔上限"},
		{"files over the total", func() (string, []field) {
			tok, f := valid()
			return tok, append(f, field{name: "files", filename: "a.txt", content: bytes.Repeat([]byte("a"), 7<<20)},
				field{name: "files", filename: "b.txt", content: bytes.Repeat([]byte("b"), 7<<20)})
		}, 413, "合計超過上限"},
	}
	for _, tc := range cases {
		token, fields := tc.build()
		p := c.postMultipart("/report", token, fields, "zh-TW")
		if p.status != tc.status || !strings.Contains(p.body, tc.zh) {
			t.Errorf("%s: %d, want %d with %q\n%.1500s", tc.name, p.status, tc.status, tc.zh, p.body)
		}
		// With the captcha answered right, the form comes back with a pass instead of a new captcha.
		if p.status < 500 && tc.status != 413 && !strings.Contains(p.body, `name="captcha_id"`) && !strings.Contains(p.body, `name="captcha_pass"`) {
			t.Errorf("%s: the form is not shown again", tc.name)
		}
	}
	// A file problem keeps what was typed and says files must be chosen again.
	token, fields := valid()
	fields = set(fields, "who", "保留的文字")
	p := c.postMultipart("/report", token, append(fields, field{name: "files", filename: "x.exe", content: []byte("MZ\x90\x00rest")}), "zh-TW")
	if !strings.Contains(p.body, "保留的文字") || !strings.Contains(p.body, "請重新選擇") {
		t.Errorf("a refused file lost the typed text or the note about files:\n%.2000s", p.body)
	}
	// English answers for English readers.
	token, fields = valid()
	p = c.postMultipart("/report", token, set(fields, "captcha", "1"), "en")
	if p.status != 400 || !strings.Contains(p.body, "The security code was wrong") {
		t.Errorf("English captcha error: %d", p.status)
	}
	// Not multipart at all.
	token, _ = valid()
	req, _ := http.NewRequest("POST", e.srv.URL+"/report?csrf_token="+token, strings.NewReader("what=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", token)
	if p := c.do(req); p.status != 400 || !strings.Contains(p.body, "表單資料不完整") {
		t.Errorf("urlencoded post: %d", p.status)
	}

	var n int
	e.db.QueryRow(ctx, "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM attachments) + (SELECT count(*) FROM case_grants)").Scan(&n)
	if n != 0 {
		t.Errorf("bad input left %d rows behind", n)
	}
}

// TestWrongReceiptThousandTimes: every answer is clear, the limiter steps in, and nothing fails.
func TestWrongReceiptThousandTimes(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	token := find(t, csrfInField, c.get("/mailbox", "zh-TW").body)
	e.in.limiter.step = 0 // the slowdown is tested on the limiter itself; here it would only cost time
	counts := map[int]int{}
	for i := 0; i < 1000; i++ {
		p := c.postForm("/mailbox", map[string]string{"receipt": "1234 5678 9012 3456 7890"}, token, "zh-TW")
		counts[p.status]++
		switch p.status {
		case 400:
			if !strings.Contains(p.body, "找不到這組收件回執碼") {
				t.Fatalf("attempt %d: 400 without the wrong-receipt message", i)
			}
		case 429:
			if !strings.Contains(p.body, "錯誤次數太多") {
				t.Fatalf("attempt %d: 429 without the limit message", i)
			}
		default:
			t.Fatalf("attempt %d: status %d", i, p.status)
		}
	}
	if counts[400] != maxFailures || counts[429] != 1000-maxFailures {
		t.Errorf("answers %v: want %d wrong-receipt answers, then refusals", counts, maxFailures)
	}
	// A badly formed receipt is answered at once, without touching the limiter or the KDF.
	p := c.postForm("/mailbox", map[string]string{"receipt": "12345"}, token, "en")
	if p.status != 400 || !strings.Contains(p.body, "You typed 5 digits; a receipt code has 20.") {
		t.Errorf("malformed receipt: %d", p.status)
	}
}
