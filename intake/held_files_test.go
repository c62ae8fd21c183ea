package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

var (
	heldField = regexp.MustCompile(`name="held" value="([^"]*)"`)
	heldNames = regexp.MustCompile(`<li><span class="file-name">([^<]+)</span>`)
)

// TestFilesSurviveAFormThatComesBack: files sent with a form that comes back (a wrong captcha, an
// empty field) are kept encrypted, named on the page with a way to remove each, and sent with the
// report next time without being chosen again. A forged, expired, removed or other browser's token
// is told in words, never a 500.
func TestFilesSurviveAFormThatComesBack(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.client()
	const canary = "canary-held-file-bytes 收據明細"
	files := []field{
		{name: "files", filename: "photo.jpg", content: jpegWithGPS(t)},
		{name: "files", filename: "notes.txt", content: []byte(canary)},
	}
	count := func(q string) int {
		var n int
		if err := e.db.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A wrong captcha and an empty field: both files are kept.
	token, id, _ := c.form("/report")
	fields := reportFields(id, "000000", "")
	p := c.postMultipart("/report", token, append(fields, files...), "zh-TW")
	if p.status != 400 || !strings.Contains(p.body, "驗證碼不正確") || !strings.Contains(p.body, "此欄必填") {
		t.Fatalf("wrong captcha with files: %d", p.status)
	}
	if got := names(p.body); got != "photo.jpg notes.txt" || strings.Contains(p.body, `id="files-lost"`) {
		t.Fatalf("the page names %q as kept, want both files and no request to choose them again", got)
	}
	held := find(t, heldField, p.body)
	if n := len(strings.Fields(held)); n != 2 || count(`SELECT count(*) FROM held_files WHERE expires_at <= now() + interval '1 hour'`) != 2 {
		t.Fatalf("%d tokens in the hidden field; want 2, with 2 rows expiring within the hour", n)
	}
	// Encrypted at rest: neither the content nor the name is in the database in the clear.
	var leaks int
	e.db.QueryRow(ctx, `SELECT count(*) FROM held_file_chunks WHERE position($1::bytea in data) > 0 OR position('photo.jpg'::bytea in data) > 0`, []byte("canary-held")).Scan(&leaks)
	var metaLeaks int
	e.db.QueryRow(ctx, `SELECT count(*) FROM held_files WHERE position('notes.txt'::bytea in sealed_meta) > 0`).Scan(&metaLeaks)
	if leaks+metaLeaks != 0 {
		t.Errorf("held files are stored in the clear (%d chunks, %d names)", leaks, metaLeaks)
	}

	// Another browser with the tokens opens nothing, and is told so.
	other := e.client()
	otoken, oid, _ := other.form("/report")
	p = other.postMultipart("/report", otoken, append(reportFields(oid, "000000", "x"), field{name: "held", value: held}), "zh-TW")
	if p.status != 400 || names(p.body) != "" || !strings.Contains(p.body, "先前暫存的部分檔案已過期或無法取用") {
		t.Errorf("another browser's tokens: %d, files %q", p.status, names(p.body))
	}

	// Remove the photo: only the notes stay.
	token, id, _ = c.form("/report")
	p = c.postMultipart("/report", token, append(reportFields(id, "", ""), field{name: "held", value: held}, field{name: "action", value: "remove:0"}), "zh-TW")
	if p.status != 200 || names(p.body) != "notes.txt" || count(`SELECT count(*) FROM held_files`) != 1 {
		t.Fatalf("remove: %d, files %q, %d rows", p.status, names(p.body), count(`SELECT count(*) FROM held_files`))
	}
	held = find(t, heldField, p.body)

	// Forged, garbled and hostile tokens beside the real one: the real one stays, the others are told.
	forged := make([]byte, 48)
	rand.Read(forged)
	for name, bad := range map[string]string{"forged": base64.RawURLEncoding.EncodeToString(forged), "garbled": "not-a-token",
		"NUL": "a\x00b", "invalid UTF-8": "\xff\xfe", "huge": strings.Repeat("A", 90<<10), "many": strings.Repeat(held+" ", 30)} {
		token, id, _ = c.form("/report")
		p = c.postMultipart("/report", token, append(reportFields(id, "000000", "x"), field{name: "held", value: held + " " + bad}), "zh-TW")
		if p.status >= 500 || p.status != 400 || !strings.Contains(p.body, `lang="zh-Hant-TW"`) {
			t.Errorf("%s token: %d", name, p.status)
		}
	}

	// Sent at last, with the right captcha and a new file: the held file goes with the case.
	token, id, answer := c.form("/report")
	p = c.postMultipart("/report", token, append(reportFields(id, answer, "附件保留測試"),
		field{name: "held", value: held}, field{name: "files", filename: "more.txt", content: []byte("second file")}), "zh-TW")
	if p.status != 200 || !strings.Contains(p.body, "notes.txt") || !strings.Contains(p.body, "more.txt") {
		t.Fatalf("submit with a held file: %d", p.status)
	}
	if n := count(`SELECT count(*) FROM attachments`); n != 2 || count(`SELECT count(*) FROM held_files`) != 0 {
		t.Errorf("%d attachments stored and %d files still held; want 2 and 0", n, count(`SELECT count(*) FROM held_files`))
	}
	var stored []byte
	e.db.QueryRow(ctx, `SELECT string_agg(data, ''::bytea) FROM attachment_chunks`).Scan(&stored)
	if bytes.Contains(stored, []byte("canary-held")) {
		t.Error("the held file was stored in the clear with the case")
	}

	// An expired file is told as lost, and the housekeeping deletes it.
	token, id, _ = c.form("/report")
	p = c.postMultipart("/report", token, append(reportFields(id, "000000", "x"), field{name: "files", filename: "late.txt", content: []byte("late")}), "zh-TW")
	held = find(t, heldField, p.body)
	e.db.Exec(ctx, `UPDATE held_files SET expires_at = now() - interval '1 minute'`)
	token, id, _ = c.form("/report")
	p = c.postMultipart("/report", token, append(reportFields(id, "000000", "x"), field{name: "held", value: held}), "en")
	if names(p.body) != "" || !strings.Contains(p.body, "Some files kept earlier have expired") {
		t.Errorf("an expired held file is not told as lost")
	}
	if err := e.in.purge(ctx); err != nil || count(`SELECT count(*) FROM held_files`) != 0 {
		t.Errorf("housekeeping left expired held files (%v)", err)
	}
}

// names lists the held files a page names, in order.
func names(body string) string {
	var out []string
	for _, m := range heldNames.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " ")
}
