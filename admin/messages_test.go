package admin

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/internal/cases"
)

// A supervisor edits the reporter messages; the case page then offers the edited text in the
// officer's language, a text put back to the catalogue's is no longer stored, and bad input keeps
// what the officer typed.
func TestMessageTemplatesAreEditedAndUsed(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id, k := e.addOfficer("boss", "supervisor")
	b := e.signedIn(id, k, pw("boss"))
	caseID, _ := makeCase(t, e, "templates")

	page := b.get("/admin/messages")
	if page.status != 200 || !strings.Contains(page.body, `name="zh_acknowledge"`) || !strings.Contains(page.body, `name="en_identity_revealed"`) {
		t.Fatalf("templates page: %d", page.status)
	}
	form := url.Values{}
	for _, act := range templateActions() {
		form.Set("zh_"+act, e.admin.Site.Catalogues().T("zh-Hant-TW", "admin.notice."+act))
		form.Set("en_"+act, e.admin.Site.Catalogues().T("en", "admin.notice."+act))
	}
	form.Set("zh_acknowledge", "您好，臺中市政府政風處已收到您的來信。")
	form.Set("en_acknowledge", "Hello, the Taichung ethics office has your report.")
	if a := b.post("/admin/messages", form); a.status != 303 || a.location != "/admin/messages?saved=1" {
		t.Fatalf("save: %d %s", a.status, a.location)
	}
	var stored int
	e.db.QueryRow(ctx, `SELECT count(*) FROM message_templates`).Scan(&stored)
	if stored != 2 {
		t.Errorf("%d templates stored, want only the 2 changed ones", stored)
	}
	if show := b.get("/admin/cases/" + strconv.FormatInt(caseID, 10)); !strings.Contains(show.body, "臺中市政府政風處已收到您的來信") {
		t.Error("the case page does not offer the edited acknowledgement")
	}
	// The templates follow the reporter's language, not the officer's: an English reporter's case
	// offers the edited English text to an officer working in Chinese.
	e.db.Exec(ctx, `UPDATE cases SET reporter_lang = 'en' WHERE id = $1`, caseID)
	if show := b.get("/admin/cases/" + strconv.FormatInt(caseID, 10)); !strings.Contains(show.body, "the Taichung ethics office has your report") {
		t.Error("an English reporter's case does not offer the edited English acknowledgement")
	}
	var audited int
	e.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'messages.update' AND officer_id = $1`, id).Scan(&audited)
	if audited != 1 {
		t.Errorf("%d audit rows for the change", audited)
	}

	// Back to the catalogue's text: the row goes, and a save with nothing changed is not audited.
	form.Set("zh_acknowledge", e.admin.Site.Catalogues().T("zh-Hant-TW", "admin.notice.acknowledge"))
	b.post("/admin/messages", form)
	b.post("/admin/messages", form)
	e.db.QueryRow(ctx, `SELECT count(*) FROM message_templates`).Scan(&stored)
	e.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'messages.update'`).Scan(&audited)
	if stored != 1 || audited != 2 {
		t.Errorf("after reverting one: %d stored (want 1), %d audited (want 2)", stored, audited)
	}

	form.Set("en_reopen", "   ")
	form.Set("zh_refer", "我的修改")
	a := b.post("/admin/messages", form)
	if a.status != 400 || !strings.Contains(a.body, "範本不可空白") || !strings.Contains(a.body, `href="#en_reopen"`) || !strings.Contains(a.body, "我的修改") {
		t.Errorf("empty template: %d, message or input missing", a.status)
	}
	e.db.QueryRow(ctx, `SELECT count(*) FROM message_templates WHERE action = 'refer'`).Scan(&stored)
	if stored != 0 {
		t.Error("a refused form saved part of its templates")
	}
	form.Set("en_reopen", strings.Repeat("長", maxTemplate+1))
	if a := b.post("/admin/messages", form); a.status != 400 || !strings.Contains(a.body, "範本太長") {
		t.Errorf("long template: %d", a.status)
	}
	if got := templateActions(); len(got) != 10 || got[len(got)-1] != identityRevealed || got[0] != string(cases.Acknowledge) {
		t.Errorf("template actions: %v", got)
	}
}
