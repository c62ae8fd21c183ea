package intake

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestSubmissionIsAtomic cancels the request's context once the files are written, inside the
// transaction: no case, entry, grant, attachment or chunk may remain.
func TestSubmissionIsAtomic(t *testing.T) {
	var e *env
	e = newEnv(t, func(o *Options) {
		o.afterAttachments = func(context.Context) {
			e.mu.Lock()
			e.cancel()
			e.mu.Unlock()
		}
	})
	ctx := context.Background()
	c := e.client()
	token, id, answer := c.form("/report")
	fields := append(reportFields(id, answer, "will be rolled back"),
		field{name: "files", filename: "a.txt", content: []byte(strings.Repeat("evidence ", 300000))})

	body, ctype := multipartBody(fields)
	req := newRequest(t, e.srv.URL+"/report?csrf_token="+token, body, ctype)
	if resp, err := c.c.Do(req); err == nil {
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || receiptPattern.Match(page) {
			t.Fatalf("the cancelled submission was answered %d with a receipt", resp.StatusCode)
		}
	}
	for _, table := range []string{"cases", "case_entries", "case_grants", "attachments", "attachment_chunks"} {
		var n int
		if err := e.db.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s holds %d rows after a cancelled submission", table, n)
		}
	}

	// Without the cancellation the same submission is stored whole.
	e.in.afterAttachments = nil
	token, id, answer = c.form("/report")
	p := c.postMultipart("/report", token, append(reportFields(id, answer, "kept"), field{name: "files", filename: "a.txt", content: []byte("evidence")}), "zh-TW")
	if p.status != 200 {
		t.Fatalf("control submission: %d", p.status)
	}
	var chunks int
	e.db.QueryRow(ctx, "SELECT count(*) FROM attachment_chunks").Scan(&chunks)
	if chunks == 0 {
		t.Error("the control submission stored no chunk: the test would prove nothing")
	}
}
