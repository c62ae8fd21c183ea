package admin

import (
	"context"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"integrity-portal/internal/i18n"
)

func TestBlankInTemplatesIsFound(t *testing.T) {
	for _, tc := range []struct{ message, blank string }{
		{"您好，本案已處理完畢並結案。處理結果：【請填寫處理結果】", "【請填寫處理結果】"},
		{"Hello. The outcome: [fill in the outcome]", "[fill in the outcome]"},
		{"您好，本案已處理完畢並結案。處理結果：", "您好，本案已處理完畢並結案。處理結果："}, // a template edited before blanks were marked
		{"第一行\n處理結果:  \n", "處理結果:"},
		{"您好，本案已處理完畢並結案。處理結果：查證屬實，已移請人事單位議處。", ""},
		{"請見【附件】", ""},
	} {
		if got := unfilledBlank(tc.message); got != tc.blank {
			t.Errorf("unfilledBlank(%q) = %q, want %q", tc.message, got, tc.blank)
		}
	}
	// Every template that asks for something names its blank, in both languages.
	e := newTestEnv(t)
	for _, lang := range []i18n.Lang{i18n.ZhTW, i18n.En} {
		for _, act := range []string{"request_info", "not_accept", "propose_closure"} {
			if unfilledBlank(e.admin.Site.Catalogues().T(lang, "admin.notice."+act)) == "" {
				t.Errorf("the %s template of %s has no marked blank", lang.Code(), act)
			}
		}
	}
}

// The real closure template, sent as the case page fills it in, is refused: the officer is told which
// blank is left, everything typed stays, and nothing is proposed. Filled in, it goes.
func TestMessageWithBlankCannotBeProposedOrSent(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	supID, supKey := e.addOfficer("sup", "supervisor")
	sup := e.signedIn(supID, supKey, pw("sup"))
	caseID, _ := makeCase(t, e, "blank")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	sup.post(base+"/transition", url.Values{"action": {"acknowledge"}, "message": {"已收到。"}})
	sup.post(base+"/transition", url.Values{"action": {"accept"}, "message": {"已受理。"}})

	page := sup.get(base).body
	template := e.admin.Site.Catalogues().T(i18n.ZhTW, "admin.notice.propose_closure")
	if !strings.Contains(page, html.EscapeString(template)) {
		t.Fatalf("the case page does not offer the closure template %q", template)
	}
	r := sup.post(base+"/transition", url.Values{"action": {"propose_closure"}, "outcome": {"cleared"}, "message": {template}, "note": {"承辦人意見：證據不足"}})
	if r.status != 422 || !strings.Contains(r.body, "還有空白沒有填寫：「【請填寫處理結果】」") {
		t.Fatalf("a closure with the blank unfilled: %d\n%.600s", r.status, r.body)
	}
	for _, kept := range []string{html.EscapeString(template), "承辦人意見：證據不足", `value="cleared" selected`, `aria-invalid="true"`} {
		if !strings.Contains(r.body, kept) {
			t.Errorf("the refused form lost %q", kept)
		}
	}
	var n int
	e.db.QueryRow(ctx, `SELECT count(*) FROM approvals WHERE case_id = $1`, caseID).Scan(&n)
	if n != 0 || statusOf(t, e, caseID) != "investigating" {
		t.Fatalf("a proposal with a blank was recorded: %d, %s", n, statusOf(t, e, caseID))
	}
	// A template a supervisor edited before blanks were marked, stopping at its colon, is refused too.
	if r := sup.post(base+"/transition", url.Values{"action": {"propose_closure"}, "outcome": {"cleared"}, "message": {"您好，本案已處理完畢並結案。處理結果："}}); r.status != 422 {
		t.Fatalf("a message stopping at 處理結果： was accepted: %d", r.status)
	}
	// Replies too; notes are not messages to the reporter.
	if r := sup.post(base+"/reply", url.Values{"text": {"Hello, we need more information from you: [fill in what the reporter should add]"}}); r.status != 422 ||
		!strings.Contains(r.body, "[fill in what the reporter should add]") || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Fatalf("a reply with a blank: %d", r.status)
	}
	if r := sup.post(base+"/note", url.Values{"text": {"待辦：【請填寫】"}}); r.status != 303 {
		t.Fatalf("a note was refused: %d", r.status)
	}
	filled := strings.Replace(template, "【請填寫處理結果】", "經查證，被檢舉人並無違失。", 1)
	if r := sup.post(base+"/transition", url.Values{"action": {"propose_closure"}, "outcome": {"cleared"}, "message": {filled}}); r.status != 303 {
		t.Fatalf("the filled-in closure was refused: %d", r.status)
	}
}

// No outcome is chosen for the officer: the select starts on 請選擇, and a closure without an outcome
// is refused with the other fields kept.
func TestClosureOutcomeIsNotPreselected(t *testing.T) {
	e := newTestEnv(t)
	supID, supKey := e.addOfficer("sup", "supervisor")
	sup := e.signedIn(supID, supKey, pw("sup"))
	caseID, _ := makeCase(t, e, "outcome")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	sup.post(base+"/transition", url.Values{"action": {"acknowledge"}, "message": {"已收到。"}})
	sup.post(base+"/transition", url.Values{"action": {"accept"}, "message": {"已受理。"}})
	page := sup.get(base).body
	if !strings.Contains(page, `name="outcome" required><option value="">請選擇</option>`) || strings.Contains(page, "selected") {
		t.Fatalf("an outcome or a referral choice is preselected")
	}
	r := sup.post(base+"/transition", url.Values{"action": {"propose_closure"}, "message": {"本案已結案，查無違失。"}, "note": {"筆記"}})
	if r.status != 422 || !strings.Contains(r.body, "請選擇結案結果") || !strings.Contains(r.body, "本案已結案，查無違失。") || !strings.Contains(r.body, ">筆記</textarea>") {
		t.Fatalf("a closure without an outcome: %d", r.status)
	}
	r = sup.post(base+"/transition", url.Values{"action": {"refer"}, "message": {"已移送。"}, "addressee_name": {"臺中地檢署"}, "referred_on": {"2026-11-20"}, "reference_no": {"中檢115他1"}})
	if r.status != 422 || !strings.Contains(r.body, `value="臺中地檢署"`) || !strings.Contains(r.body, `value="中檢115他1"`) {
		t.Fatalf("a referral without its kind lost what was typed: %d", r.status)
	}
}
