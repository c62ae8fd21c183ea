package admin

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/internal/testdb"
)

// TestNoticesInTheReportersLanguage: an officer working in Chinese is offered the templates in the
// language the reporter reads, as the supervisors edited them, and is told which language that is.
func TestNoticesInTheReportersLanguage(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	supID, supKey := e.addOfficer("sup", "supervisor", "intake")
	sup := e.signedIn(supID, supKey, pw("sup"))
	caseID, _ := makeCase(t, e, "an English report")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)

	page := sup.get(base)
	if page.status != 200 || !strings.Contains(page.body, "您好，我們已收到您的檢舉") || !strings.Contains(page.body, "檢舉人使用中文") {
		t.Fatalf("a Chinese reporter's case: %d, no Chinese template or language line", page.status)
	}
	e.db.Exec(ctx, `UPDATE cases SET reporter_lang = 'en' WHERE id = $1`, caseID)
	page = sup.get(base)
	if !strings.Contains(page.body, "Hello, we have received your report") || strings.Contains(page.body, "您好，我們已收到您的檢舉") {
		t.Error("an English reporter's case offers the acknowledgement in the officer's language")
	}
	if n := strings.Count(page.body, "檢舉人使用英文"); n < 2 { // the action's message and the reply form
		t.Errorf("the reporter's language is shown %d times", n)
	}
	if !strings.Contains(page.body, "<dt>檢舉人語言</dt><dd>英文</dd>") {
		t.Error("the case's facts do not name the reporter's language")
	}

	// A template the supervisor edited in English is the one offered.
	if _, err := e.db.Exec(ctx, `INSERT INTO message_templates (action, lang, body, updated_by) VALUES ('acknowledge', 'en', 'Dear reporter, edited.', $1)`, supID); err != nil {
		t.Fatal(err)
	}
	if page = sup.get(base); !strings.Contains(page.body, "Dear reporter, edited.") {
		t.Error("the edited English template is not offered")
	}
	r := sup.post(base+"/transition", url.Values{"action": {"acknowledge"}, "message": {"Dear reporter, edited."}})
	if r.status != 303 {
		t.Fatalf("acknowledge: %d", r.status)
	}
	if msgs := reporterMessages(t, e, caseID, supID, supKey, pw("sup")); len(msgs) != 1 || msgs[0] != "status:Dear reporter, edited." {
		t.Errorf("the reporter's thread: %q", msgs)
	}
}

// TestReporterLanguageJunkInTheDatabase: a superuser who edits the stored language past its CHECK
// breaks no page and no notice: the case reads as zh-TW, the default.
func TestReporterLanguageJunkInTheDatabase(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	supID, supKey := e.addOfficer("sup", "supervisor", "intake")
	sup := e.signedIn(supID, supKey, pw("sup"))
	caseID, _ := makeCase(t, e, "a report")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	owner := testdb.AsOwner(t, e.db)
	if _, err := owner.Exec(ctx, `ALTER TABLE cases DROP CONSTRAINT cases_reporter_lang_check`); err != nil {
		t.Fatal(err)
	}
	for _, junk := range []string{"fr", "EN", "en\x01", strings.Repeat("x", 10<<10), ""} {
		if _, err := owner.Exec(ctx, `UPDATE cases SET reporter_lang = $2 WHERE id = $1`, caseID, junk); err != nil {
			t.Fatal(err)
		}
		page := sup.get(base)
		if page.status != 200 || !strings.Contains(page.body, "您好，我們已收到您的檢舉") || !strings.Contains(page.body, "檢舉人使用中文") {
			t.Errorf("reporter_lang %.10q: %d, want the zh-TW templates", junk, page.status)
		}
	}
	r := sup.post(base+"/transition", url.Values{"action": {"acknowledge"}, "message": {"我們已收到您的檢舉。"}})
	if r.status != 303 {
		t.Errorf("acknowledge with junk in reporter_lang: %d", r.status)
	}
}

// TestOfflineReportLanguage: a report taken by phone from an English speaker is answered in English;
// a language the form does not offer is refused and nothing is stored.
func TestOfflineReportLanguage(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("desk", "intake")
	desk := e.signedIn(id, k, pw("desk"))
	form := func(lang string) url.Values {
		return url.Values{"channel": {"phone"}, "category": {"corruption"}, "what": {"by phone"}, "reporter_lang": {lang}}
	}
	for _, junk := range []string{"fr", "EN", "en\x00", strings.Repeat("en", 5<<10), "\xff"} {
		if a := desk.post("/admin/cases/new", form(junk)); a.status != 400 {
			t.Errorf("reporter_lang %.10q: %d, want 400", junk, a.status)
		}
	}
	var n int
	e.db.QueryRow(ctx, `SELECT count(*) FROM cases`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d case(s) stored with a forged language", n)
	}
	if a := desk.post("/admin/cases/new", form("en")); a.status != 200 || !strings.Contains(a.body, `id="receipt"`) {
		t.Fatalf("offline report: %d", a.status)
	}
	var lang string
	e.db.QueryRow(ctx, `SELECT reporter_lang FROM cases`).Scan(&lang)
	if lang != "en" {
		t.Errorf("stored %q, want en", lang)
	}
}
