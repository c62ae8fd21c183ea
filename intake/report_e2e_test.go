package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"image/jpeg"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/pgcluster"
)

// TestReportEndToEnd submits a report with files over HTTP, follows it in the mailbox, replies and
// discloses an identity; then an officer's key reads exactly what was sent, the files come back
// without their metadata, and neither a database dump nor the logs hold any of it.
func TestReportEndToEnd(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.client()

	const (
		what        = "canary-report-text：科長收受廠商 20 萬元"
		reply       = "canary-reply-text：補充一張收據"
		firstName   = "canary-identity-陳美"
		laterName   = "canary-later-陳小美"
		attachBytes = "canary-attachment-bytes 收據明細"
	)
	photo := jpegWithGPS(t)
	token, captchaID, answer := c.form("/report")
	fields := reportFields(captchaID, answer, what)
	for i := range fields {
		if fields[i].name == "name" {
			fields[i].value = firstName
		}
	}
	fields = append(fields,
		field{name: "files", filename: "photo.jpg", content: photo},
		field{name: "files", filename: "author.pdf", content: pdfWithAuthor("Canary Author")},
		field{name: "files", filename: "memo.docx", content: docxWithCreator(t, "Canary Creator")},
		field{name: "files", filename: "notes.txt", content: []byte(attachBytes)},
	)
	p := c.postMultipart("/report", token, fields, "zh-TW")
	if p.status != 200 {
		t.Fatalf("submit = %d:\n%.3000s", p.status, p.body)
	}
	receipt := find(t, receiptPattern, p.body)
	for _, want := range []string{"拍攝地點（GPS）", "PDF 作者", "文件作者", "7 日內"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("receipt page does not say %q", want)
		}
	}
	if p.header.Get("Cache-Control") != "no-store" {
		t.Errorf("receipt page Cache-Control = %q", p.header.Get("Cache-Control"))
	}

	// The reporter opens the mailbox with the receipt typed in full-width digits.
	mb := c.get("/mailbox", "zh-TW")
	p = c.postForm("/mailbox", map[string]string{"receipt": toFullWidth(receipt)}, find(t, csrfInField, mb.body), "zh-TW")
	if p.status != 303 || p.header.Get("Location") != "/mailbox/case" {
		t.Fatalf("open mailbox = %d %q:\n%.2000s", p.status, p.header.Get("Location"), p.body)
	}
	p = c.get("/mailbox/case", "zh-TW")
	if p.status != 200 || !strings.Contains(p.body, "科長收受廠商") || !strings.Contains(p.body, "已收件") {
		t.Fatalf("mailbox = %d:\n%.3000s", p.status, p.body)
	}
	p = c.postMultipart("/mailbox/reply", find(t, csrfInAction, p.body), []field{
		{name: "message", value: reply},
		{name: "files", filename: "more.txt", content: []byte("second file")},
	}, "zh-TW")
	if p.status != 303 {
		t.Fatalf("reply = %d:\n%.2000s", p.status, p.body)
	}
	p = c.get("/mailbox/case", "zh-TW")
	if !strings.Contains(p.body, "補充一張收據") {
		t.Error("the reply is not in the mailbox")
	}
	p = c.postForm("/mailbox/identity", map[string]string{"name": laterName, "contact": "0912-000-000"}, find(t, csrfInField, p.body), "zh-TW")
	if p.status != 303 {
		t.Fatalf("identity = %d", p.status)
	}

	// An intake officer's key reads exactly what was sent.
	var caseID, officerID int64
	e.db.QueryRow(ctx, "SELECT id FROM cases").Scan(&caseID)
	e.db.QueryRow(ctx, "SELECT id FROM officers WHERE username = 'intake1'").Scan(&officerID)
	grant, err := cases.OfficerGrant(ctx, e.db, caseID, officerID, "mailbox")
	if err != nil {
		t.Fatal(err)
	}
	mailbox, err := crypto.OpenGrant(grant, e.officer)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := cases.Entries(ctx, e.db, caseID, "mailbox", mailbox)
	if err != nil || len(entries) != 2 {
		t.Fatalf("entries: %d, %v", len(entries), err)
	}
	var rc cases.ReportContent
	json.Unmarshal(entries[0].Plaintext, &rc)
	if rc.What != what || rc.Category != "procurement" || rc.Who != "總務科 王科長" {
		t.Errorf("officer reads report %+v", rc)
	}
	var mc cases.MessageContent
	json.Unmarshal(entries[1].Plaintext, &mc)
	if mc.Text != reply || entries[1].Author != cases.AuthorReporter {
		t.Errorf("officer reads message %+v by %s", mc, entries[1].Author)
	}

	files := decryptAttachments(t, e, caseID, mailbox)
	if len(files) != 5 {
		t.Fatalf("%d attachments, want 5", len(files))
	}
	if jpg := files["photo.jpg"]; bytes.Contains(jpg, []byte("Exif")) || bytes.Contains(jpg, []byte{0x25, 0x88}) {
		t.Error("the photo still carries EXIF/GPS")
	} else if _, err := jpeg.Decode(bytes.NewReader(jpg)); err != nil {
		t.Errorf("the stripped photo does not decode: %v", err)
	}
	if bytes.Contains(files["author.pdf"], []byte("Canary Author")) {
		t.Error("the PDF still names its author")
	}
	if core := zipEntry(t, files["memo.docx"], "docProps/core.xml"); strings.Contains(core, "Canary Creator") {
		t.Error("the DOCX still names its creator")
	}
	if string(files["notes.txt"]) != attachBytes {
		t.Errorf("text file = %q", files["notes.txt"])
	}

	// The intake officer holds a grant of the internal key, to pass on at assignment; the recovery
	// key reads the identities.
	if _, err := cases.OfficerGrant(ctx, e.db, caseID, officerID, "internal"); err != nil {
		t.Errorf("intake officer has no internal grant: %v", err)
	}
	var internalGrant []byte
	e.db.QueryRow(ctx, "SELECT sealed FROM case_grants WHERE case_id = $1 AND grantee = 'recovery' AND key_name = 'internal'", caseID).Scan(&internalGrant)
	internal, err := crypto.OpenGrant(internalGrant, e.recovery)
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := cases.Entries(ctx, e.db, caseID, "internal", internal)
	if len(ids) != 2 || !strings.Contains(string(ids[0].Plaintext), firstName) || !strings.Contains(string(ids[1].Plaintext), laterName) {
		t.Errorf("identity entries: %d", len(ids))
	}

	// Canaries: a dump of the whole database holds none of it, in text or as hex.
	dump := pgDump(t, e.dbURL)
	digits := strings.ReplaceAll(receipt, " ", "")
	for _, canary := range []string{what, reply, firstName, laterName, attachBytes, "科長收受廠商", "0912-000-000", digits, receipt, "Canary Author"} {
		for _, form := range []string{canary, hex.EncodeToString([]byte(canary))} {
			if strings.Contains(dump, form) {
				t.Errorf("the database dump contains %q", canary)
			}
		}
	}
	var hours int
	e.db.QueryRow(ctx, `SELECT count(*) FROM cases WHERE received_at <> date_trunc('hour', received_at)`).Scan(&hours)
	if hours != 0 {
		t.Error("a case time is finer than the hour")
	}
	logs := e.logs.String()
	for _, s := range []string{"127.0.0.1", canaryAgent, "CanaryAgent", digits, "canary-"} {
		if strings.Contains(logs, s) {
			t.Errorf("the logs contain %q", s)
		}
	}
	if !strings.Contains(logs, `"route":"/report"`) {
		t.Error("the request log is missing: the log check would prove nothing")
	}
}

// decryptAttachments opens every attachment of a case with its mailbox identity, by file name.
func decryptAttachments(t *testing.T, e *env, caseID int64, mailbox age.Identity) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	refs, err := cases.Attachments(ctx, e.db, caseID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, ref := range refs {
		plain, err := crypto.Open(ref.SealedMeta, mailbox)
		if err != nil {
			t.Fatal(err)
		}
		var meta cases.AttachmentMeta
		json.Unmarshal(plain, &meta)
		var ct bytes.Buffer
		if err := cases.CopyAttachment(ctx, e.db, caseID, ref.ID, &ct); err != nil {
			t.Fatal(err)
		}
		r, err := crypto.DecryptStream(&ct, mailbox)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(b)) != meta.Size {
			t.Errorf("%s: %d bytes, metadata says %d", meta.Name, len(b), meta.Size)
		}
		out[meta.Name] = b
	}
	return out
}

func zipEntry(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, _ := f.Open()
			defer r.Close()
			out, _ := io.ReadAll(r)
			return string(out)
		}
	}
	return ""
}

// pgDump dumps the test database with the server's own pg_dump, data included.
func pgDump(t *testing.T, url string) string {
	t.Helper()
	dir, err := pgcluster.FindBinaries()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(dir, "pg_dump"), "--dbname="+url, "--no-owner").Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if len(out) < 1000 || !strings.Contains(string(out), "COPY public.cases") {
		t.Fatalf("pg_dump output looks empty:\n%.500s", out)
	}
	return string(out)
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '０' + (r - '0')
		}
		return r
	}, s)
}
