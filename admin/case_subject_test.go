package admin

import (
	"context"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
)

// TestCaseSubjectIsSealedAndShownOnlyToItsReaders: an intake officer gives a case its subject; the
// case list and the case page show it to officers holding the mailbox key, and to nobody else. A
// superuser reading every row of the database finds no trace of it in the clear.
func TestCaseSubjectIsSealedAndShownOnlyToItsReaders(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	inID, inKey := e.addOfficer("subj-in", "intake")
	cuID, cuKey := e.addOfficer("subj-cu", "custodian") // holds only the internal key
	caseID := makeCaseID(t, e, "某科長收受回扣")
	outID, outKey := e.addOfficer("subj-out", "intake") // came after the case: no grant
	invID, invKey := e.addOfficer("subj-inv", "investigator")
	const subject = "財政局科長疑收回扣案"
	in := e.signedIn(inID, inKey, pw("subj-in"))
	path := fmt.Sprintf("/admin/cases/%d", caseID)

	if r := in.post(path+"/subject", url.Values{"subject": {"  " + subject + " "}}); r.status != 303 {
		t.Fatalf("setting the subject: %d\n%s", r.status, r.body)
	}
	if body := in.get("/admin/cases").body; !strings.Contains(body, subject) {
		t.Error("the case list does not show the subject to the intake officer")
	}
	if body := in.get(path).body; !strings.Contains(body, subject) {
		t.Error("the case page does not show the subject")
	}
	cu := e.signedIn(cuID, cuKey, pw("subj-cu"))
	if body := cu.get("/admin/cases").body; !strings.Contains(body, fmt.Sprintf("#%d", caseID)) || strings.Contains(body, subject) {
		t.Error("an officer without the mailbox key: want the case listed without its subject")
	}

	// Nobody outside the case may set it by posting directly.
	if r := e.signedIn(outID, outKey, pw("subj-out")).post(path+"/subject", url.Values{"subject": {"改掉"}}); r.status != 404 {
		t.Errorf("an intake officer without a grant set the subject: %d", r.status)
	}
	if r := e.signedIn(invID, invKey, pw("subj-inv")).post(path+"/subject", url.Values{"subject": {"改掉"}}); r.status != 403 && r.status != 404 {
		t.Errorf("an investigator not granted the case set the subject: %d", r.status)
	}

	// Every row of every table, as the database's owner reads it, holds no subject in the clear.
	owner := testdb.AsOwner(t, e.db)
	rows, err := owner.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	needles := []string{subject, hex.EncodeToString([]byte(subject)), "財政局科長"}
	for _, table := range tables {
		var dump string
		if err := owner.QueryRow(ctx, fmt.Sprintf(`SELECT coalesce(string_agg(t::text, E'\n'), '') FROM %q t`, table)).Scan(&dump); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for _, n := range needles {
			if strings.Contains(dump, n) {
				t.Errorf("table %s holds the subject in the clear (%q)", table, n)
			}
		}
	}
	var stored int
	owner.QueryRow(ctx, `SELECT count(*) FROM case_subjects WHERE case_id = $1`, caseID).Scan(&stored)
	if stored != 1 {
		t.Errorf("%d sealed subjects stored, want 1", stored)
	}

	// Sent empty, the subject is removed.
	in.post(path+"/subject", url.Values{"subject": {""}})
	if owner.QueryRow(ctx, `SELECT count(*) FROM case_subjects WHERE case_id = $1`, caseID).Scan(&stored); stored != 0 {
		t.Error("an empty subject did not remove it")
	}
}

// TestBadSubjectIsRefusedInWordsAndKept: NUL bytes, broken UTF-8 and a 10 KB title each get the
// case page again with a localized reason and the text as typed; nothing is stored, nothing fails.
func TestBadSubjectIsRefusedInWordsAndKept(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("subj-bad", "intake")
	caseID := makeCaseID(t, e, "某科長收受回扣")
	b := e.signedIn(id, k, pw("subj-bad"))
	path := fmt.Sprintf("/admin/cases/%d/subject", caseID)
	for _, c := range []struct {
		name, subject, message, kept string
	}{
		{"NUL", "回扣\x00案", "無法儲存的字元", "回扣\uFFFD案"},
		{"invalid UTF-8", "回扣\xff\xfe案", "無法儲存的字元", "回扣\uFFFD案"},
		{"10 KB", strings.Repeat("長", 10<<10/3), "最多 80 字，您輸入了 3413 字", strings.Repeat("長", 200)},
		{"81 characters", strings.Repeat("字", 81), "您輸入了 81 字", strings.Repeat("字", 81)},
	} {
		r := b.post(path, url.Values{"subject": {c.subject}})
		if r.status != 422 {
			t.Errorf("%s: status %d, want 422", c.name, r.status)
			continue
		}
		body := html.UnescapeString(r.body)
		if !strings.Contains(body, c.message) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("%s: no localized reason beside the field", c.name)
		}
		if !strings.Contains(body, `value="`+c.kept) {
			t.Errorf("%s: the text typed is not kept", c.name)
		}
	}
	var n int
	e.db.QueryRow(context.Background(), `SELECT count(*) FROM case_subjects`).Scan(&n)
	if n != 0 {
		t.Errorf("%d refused subjects stored", n)
	}
}
