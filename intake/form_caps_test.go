package intake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
)

// countingBody produces a multipart body lazily, part by part, and counts what the server took, so a
// test can tell that the server stopped reading as soon as a cap was passed.
type countingBody struct {
	part func(w *multipart.Writer, i int) bool // writes the i-th part; false once there is none
	i    int
	buf  bytes.Buffer
	w    *multipart.Writer
	sent int64
}

func newCountingBody(part func(w *multipart.Writer, i int) bool) *countingBody {
	b := &countingBody{part: part}
	b.w = multipart.NewWriter(&b.buf)
	return b
}

func (b *countingBody) contentType() string { return b.w.FormDataContentType() }

func (b *countingBody) Read(p []byte) (int, error) {
	for b.buf.Len() == 0 {
		if b.i < 0 {
			return 0, io.EOF
		}
		if !b.part(b.w, b.i) {
			b.w.Close()
			b.i = -2
		}
		b.i++
	}
	n, _ := b.buf.Read(p)
	b.sent += int64(n)
	return n, nil
}

// capAttacks are bodies that pass one of the form's caps; each would send 64 MiB if the server kept
// reading.
func capAttacks() []struct {
	name string
	part func(w *multipart.Writer, i int) bool
} {
	var what io.Writer
	return []struct {
		name string
		part func(w *multipart.Writer, i int) bool
	}{
		{"one field of 64 MiB", func(w *multipart.Writer, i int) bool {
			if i == 0 {
				what, _ = w.CreateFormField("what")
			}
			what.Write(bytes.Repeat([]byte("x"), 1<<20))
			return i < 63
		}},
		{"fields of 90 KiB past the form's text", func(w *multipart.Writer, i int) bool {
			w.WriteField(fmt.Sprintf("f%d", i), strings.Repeat("貪", 30<<10))
			return i < 64<<20/(90<<10)
		}},
		{"a million empty fields", func(w *multipart.Writer, i int) bool {
			w.WriteField(fmt.Sprintf("f%d", i), "")
			return i < 1<<20
		}},
		{"empty file inputs full of data", func(w *multipart.Writer, i int) bool {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="files"; filename=""`)
			h.Set("Content-Type", "application/octet-stream")
			pw, _ := w.CreatePart(h)
			pw.Write(bytes.Repeat([]byte("y"), 1<<20))
			return i < 64
		}},
	}
}

// sendCapAttacks posts every cap attack to path and checks each gets the 413 page at once, the
// server having read at most a few MiB.
func sendCapAttacks(t *testing.T, c *client, path, token string) {
	t.Helper()
	for _, tc := range capAttacks() {
		body := newCountingBody(tc.part)
		req := newRequest(t, c.e.srv.URL+path+"?csrf_token="+token, body, body.contentType())
		req.Header.Set("Accept-Language", "zh-TW")
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.name, path, err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "送出的資料太大") {
			t.Errorf("%s %s: %d, want the 413 page\n%.800s", tc.name, path, resp.StatusCode, page)
		}
		if body.sent > 8<<20 {
			t.Errorf("%s %s: the server read %d MiB before answering", tc.name, path, body.sent>>20)
		}
	}
}

// TestFormCapsAnswer413AtOnce: a huge field, too many fields, or too much text in all gets the 413
// page as soon as the cap is passed, on every form that takes files or text.
func TestFormCapsAnswer413AtOnce(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	for _, path := range []string{"/report", "/suggest"} {
		token, _, _ := c.form(path)
		sendCapAttacks(t, c, path, token)
	}
	sendCapAttacks(t, c, "/mailbox/reply", openMailbox(t, c))
}

// openMailbox submits a report and opens its mailbox; it returns the reply form's CSRF token.
func openMailbox(t *testing.T, c *client) string {
	t.Helper()
	token, id, answer := c.form("/report")
	p := c.postMultipart("/report", token, reportFields(id, answer, "信箱測試"), "zh-TW")
	if p.status != 200 {
		t.Fatalf("submit = %d", p.status)
	}
	receipt := find(t, receiptPattern, p.body)
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt}, find(t, csrfInField, c.get("/mailbox", "zh-TW").body), "zh-TW")
	if p.status != 303 {
		t.Fatalf("open mailbox = %d", p.status)
	}
	return find(t, csrfInAction, c.get("/mailbox/case", "zh-TW").body)
}

// TestBrokenFormsAre400: a body that ends inside a file part, or a text field after a file, is a
// malformed form: a clear 400 that keeps what was typed, never a 500, and nothing stored.
func TestBrokenFormsAre400(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.client()
	file := field{name: "files", filename: "notes.txt", content: bytes.Repeat([]byte("evidence "), 10000)}
	truncated := func(fields []field) ([]byte, string) {
		body, ctype := multipartBody(fields)
		b := body.Bytes()
		return b[:bytes.LastIndex(b, []byte("evidence "))], ctype
	}
	textAfter := func(fields []field) ([]byte, string) {
		body, ctype := multipartBody(append(fields, field{name: "who", value: "late"}))
		return body.Bytes(), ctype
	}
	for _, broken := range []struct {
		name  string
		build func([]field) ([]byte, string)
	}{{"body ends inside a file", truncated}, {"text after a file", textAfter}} {
		token, id, answer := c.form("/report")
		fields := append(reportFields(id, answer, "保留的檢舉內容"), file)
		body, ctype := broken.build(fields)
		p := c.do(newRequest(t, e.srv.URL+"/report?csrf_token="+token, bytes.NewReader(body), ctype))
		if p.status != 400 || !strings.Contains(p.body, "表單資料不完整") || !strings.Contains(p.body, "保留的檢舉內容") {
			t.Errorf("/report, %s: %d, want 400 with the form and its text\n%.1500s", broken.name, p.status, p.body)
		}

		replyToken := openMailbox(t, c)
		body, ctype = broken.build([]field{{name: "message", value: "補充說明"}, file})
		p = c.do(newRequest(t, e.srv.URL+"/mailbox/reply?csrf_token="+replyToken, bytes.NewReader(body), ctype))
		if p.status != 400 || !strings.Contains(p.body, "表單資料不完整") {
			t.Errorf("/mailbox/reply, %s: %d, want 400 with the form\n%.1500s", broken.name, p.status, p.body)
		}
	}
	var files, messages int
	e.db.QueryRow(ctx, "SELECT count(*) FROM attachments").Scan(&files)
	e.db.QueryRow(ctx, "SELECT count(*) FROM case_entries WHERE kind = 'message'").Scan(&messages)
	if files != 0 || messages != 0 {
		t.Errorf("broken forms left %d attachment(s) and %d message(s)", files, messages)
	}
}
