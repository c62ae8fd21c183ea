package intake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/internal/cases"
)

// openReport sends a report and opens its mailbox with a fresh client; it returns the client, the
// receipt and the case's id.
func openReport(t *testing.T, e *env, what string) (*client, string, int64) {
	t.Helper()
	c := e.client()
	token, captchaID, answer := c.form("/report")
	p := c.postMultipart("/report", token, reportFields(captchaID, answer, what), "zh-TW")
	if p.status != 200 {
		t.Fatalf("submit = %d", p.status)
	}
	receipt := find(t, receiptPattern, p.body)
	var id int64
	if err := e.db.QueryRow(context.Background(), `SELECT max(id) FROM cases`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	login(t, c, receipt)
	return c, receipt, id
}

// login opens the mailbox of receipt in a new session of c.
func login(t *testing.T, c *client, receipt string) {
	t.Helper()
	mb := c.get("/mailbox", "zh-TW")
	if p := c.postForm("/mailbox", map[string]string{"receipt": receipt}, find(t, csrfInField, mb.body), "zh-TW"); p.status != 303 {
		t.Fatalf("open mailbox = %d:\n%.2000s", p.status, p.body)
	}
}

func officerWrites(t *testing.T, e *env, caseID int64, text string) {
	t.Helper()
	b, _ := json.Marshal(cases.MessageContent{Text: text})
	if _, err := cases.AddEntry(context.Background(), e.db, caseID, cases.EntryMessage, cases.AuthorOfficer, "mailbox", b); err != nil {
		t.Fatal(err)
	}
}

// The mailbox shows each deadline that applies, from the same rules the officers' queue counts by:
// its date, and in words whether it was kept, is still ahead, or has passed with nothing said.
func TestMailboxShowsTheDeadlinesAndWhatIsOverdue(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c, _, id := openReport(t, e, "期限測試")
	// Received ten days ago under the Whistleblower Protection Act, not yet acknowledged.
	if _, err := e.db.Exec(ctx, `UPDATE cases SET received_at = date_trunc('hour', now()) - interval '10 days', whistleblower_act = true WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	deadlines := func(lang string) string {
		t.Helper()
		p := c.get("/mailbox/case", lang)
		if p.status != 200 {
			t.Fatalf("mailbox = %d", p.status)
		}
		i := strings.Index(p.body, `id="deadlines-heading"`)
		j := strings.Index(p.body, `id="original-heading"`)
		if i < 0 || j < i {
			t.Fatalf("no deadlines section before the report as sent:\n%.4000s", p.body)
		}
		return p.body[i:j]
	}
	zh := deadlines("zh-TW")
	for _, want := range []string{"確認收件", "收件後 7 天內", "已逾期", "已超過期限 3 天，我們還沒有通知您", "是否受理的通知（公益揭弊者保護法）", "收件後 20 天內", "尚未到期", "回覆處理結果", "收件後 90 天內", "處理結果的通知（公益揭弊者保護法）", "收件後 180 天內", "您可以在下方留言詢問進度"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh-TW deadlines lack %q:\n%s", want, zh)
		}
	}
	if got := strings.Count(zh, `class="deadline deadline-overdue"`); got != 1 {
		t.Errorf("%d overdue deadlines marked, want the acknowledgement's only", got)
	}
	// Soonest first: 7, 20, 90, 180 days.
	order := regexp.MustCompile(`收件後 (\d+) 天內`).FindAllStringSubmatch(zh, -1)
	if len(order) != 4 || order[0][1] != "7" || order[1][1] != "20" || order[2][1] != "90" || order[3][1] != "180" {
		t.Errorf("deadlines out of order: %v", order)
	}
	en := deadlines("en")
	for _, want := range []string{"Acknowledgement of receipt", "Overdue", "3 days past the deadline, and we have not told you yet.", "Notice of acceptance (Whistleblower Protection Act)", "Not yet due"} {
		if !strings.Contains(en, want) {
			t.Errorf("English deadlines lack %q:\n%s", want, en)
		}
	}

	// Acknowledged on the second day: kept, with its date; acknowledged on the ninth: kept late.
	e.db.Exec(ctx, `UPDATE cases SET acknowledged_at = received_at + interval '2 days', status = 'triage' WHERE id = $1`, id)
	zh = deadlines("zh-TW")
	if strings.Contains(zh, "deadline-overdue") || !strings.Contains(zh, "已完成") || !regexp.MustCompile(`已於 [^<]+ 通知您。`).MatchString(zh) {
		t.Errorf("an acknowledgement in time is not shown as done:\n%s", zh)
	}
	e.db.Exec(ctx, `UPDATE cases SET acknowledged_at = received_at + interval '9 days' WHERE id = $1`, id)
	if zh = deadlines("zh-TW"); !strings.Contains(zh, "已完成，但逾期") || !strings.Contains(zh, "晚於期限") {
		t.Errorf("a late acknowledgement is not shown as late:\n%s", zh)
	}

	// Not under the Act: its two notices are not listed.
	e.db.Exec(ctx, `UPDATE cases SET whistleblower_act = false WHERE id = $1`, id)
	if zh = deadlines("zh-TW"); strings.Contains(zh, "公益揭弊者保護法") || strings.Count(zh, `class="deadline `) != 2 {
		t.Errorf("a case outside the Act lists the Act's notices:\n%s", zh)
	}
}

// Messages from the office that came since the reporter's previous visit are marked new, in words,
// for the whole visit; the newest is first, and the report itself is folded away at the end.
func TestMailboxMarksNewMessagesNewestFirst(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c, receipt, id := openReport(t, e, "原始檢舉的全文")
	officerWrites(t, e, id, "第一則：收到了")
	officerWrites(t, e, id, "第二則：請問您有沒有保留標案文件？")

	p := c.get("/mailbox/case", "zh-TW")
	first, second, report := strings.Index(p.body, "第一則"), strings.Index(p.body, "第二則"), strings.Index(p.body, "原始檢舉的全文")
	if first < 0 || second < 0 || report < 0 || !(second < first && first < report) {
		t.Fatalf("want the newest message first and the report last: second %d, first %d, report %d", second, first, report)
	}
	if details := strings.Index(p.body, `<details class="original">`); details < 0 || details > report {
		t.Error("the original report is not folded in a <details>")
	}
	// Both came after the session's start... but the session began before them, with nothing seen:
	// both are new, and stay new on every page of this visit.
	for i := 0; i < 2; i++ {
		p = c.get("/mailbox/case", "zh-TW")
		if n := strings.Count(p.body, `<span class="tag tag-new">新訊息</span>`); n != 2 {
			t.Errorf("visit 1, page %d: %d messages marked new, want 2", i+1, n)
		}
		if !strings.Contains(p.body, "有 2 則政風人員給您的訊息。") {
			t.Errorf("visit 1: the status does not count the new messages, as a first visit")
		}
	}

	// The next visit: nothing new, until the officer writes again.
	login(t, c, receipt)
	p = c.get("/mailbox/case", "en")
	if strings.Contains(p.body, "tag-new") || strings.Contains(p.body, "new message") {
		t.Errorf("visit 2 marks messages already seen as new")
	}
	officerWrites(t, e, id, "第三則：謝謝")
	login(t, c, receipt)
	p = c.get("/mailbox/case", "en")
	if n := strings.Count(p.body, `<span class="tag tag-new">New</span>`); n != 1 || !strings.Contains(p.body, "1 new message since your last visit.") {
		t.Errorf("visit 3: %d marked new, want the third only", n)
	}
	if i, j := strings.Index(p.body, "tag-new"), strings.Index(p.body, "第三則"); i < 0 || j < i || strings.Index(p.body, "第二則") < j {
		t.Error("visit 3: the new message is not first, with its mark")
	}
	// The reporter's own reply is never new to them.
	mb := c.get("/mailbox/case", "zh-TW")
	if p = c.postMultipart("/mailbox/reply", find(t, csrfInAction, mb.body), []field{{name: "message", value: "我的回覆"}}, "zh-TW"); p.status != 303 {
		t.Fatalf("reply = %d", p.status)
	}
	login(t, c, receipt)
	if p = c.get("/mailbox/case", "zh-TW"); strings.Contains(p.body, "tag-new") {
		t.Error("the reporter's own reply is marked new")
	}
	// Only an entry number is kept of the visits.
	var seen int64
	e.db.QueryRow(ctx, `SELECT reporter_seen_entry FROM cases WHERE id = $1`, id).Scan(&seen)
	var last int64
	e.db.QueryRow(ctx, `SELECT max(id) FROM case_entries WHERE case_id = $1 AND key_name = 'mailbox'`, id).Scan(&last)
	if seen != last {
		t.Errorf("reporter_seen_entry = %d, want the last entry shown, %d", seen, last)
	}
}

// The identity form is behind an explicit choice, closed until chosen, with what giving one's
// identity means; a refused form comes back with the choice open.
func TestMailboxIdentityIsAChoice(t *testing.T) {
	e := newEnv(t, nil)
	c, _, _ := openReport(t, e, "身分選擇測試")
	p := c.get("/mailbox/case", "zh-TW")
	choice := regexp.MustCompile(`(?s)<details class="identity-choice">\s*<summary>我想提供身分</summary>(.*?)</details>`).FindStringSubmatch(p.body)
	if choice == nil {
		t.Fatalf("no closed identity choice:\n%.6000s", p.body)
	}
	for _, want := range []string{`id="identity-name"`, "身分保管人與政風主管", "加密封存", "公益揭弊者保護法"} {
		if !strings.Contains(choice[1], want) {
			t.Errorf("the identity choice lacks %q", want)
		}
	}
	if strings.Count(p.body, `id="identity-name"`) != 1 || !strings.Contains(p.body, "提供身分是自願的") {
		t.Error("the name field is outside the choice, or the page does not say identity is optional")
	}
	p = c.postForm("/mailbox/identity", map[string]string{"name": "", "contact": ""}, find(t, csrfInField, p.body), "zh-TW")
	if p.status != 400 || !strings.Contains(p.body, `<details class="identity-choice" open>`) {
		t.Errorf("a refused identity form does not come back open: %d", p.status)
	}
}

// A refused receipt comes back in the field as typed, with what is wrong said plainly, and is never
// logged.
func TestMailboxKeepsAWrongReceipt(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	mb := c.get("/mailbox", "zh-TW")
	token := find(t, csrfInField, mb.body)
	value := regexp.MustCompile(`id="receipt" name="receipt" value="([^"]*)"`)
	for _, tc := range []struct{ typed, lang, kept, says string }{
		{"1234 5678 9012 3456 789", "zh-TW", "1234 5678 9012 3456 789", "您輸入了 19 位數字，收件回執碼是 20 位數字"},
		{"1234 5678 9012 3456 789", "en", "1234 5678 9012 3456 789", "You typed 19 digits; a receipt code has 20."},
		{"1234 5678 9012 3456 7890 1", "zh-TW", "1234 5678 9012 3456 7890 1", "您輸入了 21 位數字"},
		{"1234 5678 9012 3456 78#0", "zh-TW", "1234 5678 9012 3456 78#0", "有數字以外的字元"},
		{"", "zh-TW", "", "請輸入收件回執碼。"},
		{"1111 2222 3333 4444 5555", "zh-TW", "1111 2222 3333 4444 5555", "找不到這組收件回執碼"},
		{"1111 2222 3333 4444 5555", "en", "1111 2222 3333 4444 5555", "We found no case with this receipt code"},
		{strings.Repeat("9", 200<<10), "zh-TW", strings.Repeat("9", receiptKeep), "您輸入了 204800 位數字"},
	} {
		p := c.postForm("/mailbox", map[string]string{"receipt": tc.typed}, token, tc.lang)
		if p.status != 400 {
			t.Errorf("%.40q: status %d, want 400", tc.typed, p.status)
			continue
		}
		if !strings.Contains(p.body, tc.says) {
			t.Errorf("%.40q: the page does not say %q", tc.typed, tc.says)
		}
		if m := value.FindStringSubmatch(p.body); m == nil || m[1] != tc.kept {
			t.Errorf("%.40q: the field holds %.80q, want %q", tc.typed, m, tc.kept)
		}
	}
	// What no keyboard types (a NUL, broken UTF-8) gets the site's page for unreadable input, in words.
	for _, typed := range []string{"1234\x00 5678 9012 3456 7890", "1234 \xff\xfe5678 9012 3456 7890"} {
		if p := c.postForm("/mailbox", map[string]string{"receipt": typed}, token, "zh-TW"); p.status != 400 || !strings.Contains(p.body, "無法讀取送出的內容") {
			t.Errorf("%q: %d\n%.600s", typed, p.status, p.body)
		}
	}
	if logs := e.logs.String(); strings.Contains(logs, "1111 2222") || strings.Contains(logs, "11112222") || strings.Contains(logs, "5678 9012") {
		t.Errorf("a typed receipt reached the log:\n%s", logs)
	}
}

// A forged, another session's or an ended session's cookie leads back to the receipt form, never to
// a case or an error page.
func TestMailboxRefusesAForgedSession(t *testing.T) {
	e := newEnv(t, nil)
	a, _, _ := openReport(t, e, "甲的檢舉")
	b, _, _ := openReport(t, e, "乙的檢舉")
	if p := a.get("/mailbox/case", "zh-TW"); !strings.Contains(p.body, "甲的檢舉") || strings.Contains(p.body, "乙的檢舉") {
		t.Fatal("a reporter does not see their own case alone")
	}
	// a's id with b's key opens nothing; nor does any other made-up cookie.
	ca, cb := sessionCookieOf(t, a), sessionCookieOf(t, b)
	for _, v := range []string{ca[:43] + cb[43:], "", "x", strings.Repeat("A", 86), "\xff\xfe"} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/mailbox/case", nil)
		req.Header.Set("Cookie", "mailbox="+v)
		if p := e.client().do(req); p.status != 303 || p.header.Get("Location") != "/mailbox" {
			t.Errorf("cookie %.20q: %d %q", v, p.status, p.header.Get("Location"))
		}
	}
}

// sessionCookieOf is the mailbox session cookie c holds.
func sessionCookieOf(t *testing.T, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.e.srv.URL)
	for _, k := range c.c.Jar.Cookies(u) {
		if k.Name == "mailbox" {
			return k.Value
		}
	}
	t.Fatal("no mailbox session cookie")
	return ""
}

// A 10 MB receipt form, sized or streamed, gets the localized page for a body too large, never a 500.
func TestMailboxRefusesAHugeBodyInWords(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	mb := c.get("/mailbox", "zh-TW")
	body := "csrf_token=" + urlEscape(find(t, csrfInField, mb.body)) + "&receipt=" + strings.Repeat("1", 10<<20)
	for _, sized := range []bool{true, false} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/mailbox", strings.NewReader(body))
		if !sized {
			req.ContentLength = -1 // streamed: the cap is found while reading
			req.Body = io.NopCloser(strings.NewReader(body))
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "zh-TW")
		p := c.do(req)
		if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, `lang="zh-Hant-TW"`) {
			t.Errorf("sized %v: %d\n%.600s", sized, p.status, p.body)
		}
	}
}

// A suggestion's mailbox promises an answer, not the outcome of an investigation, and its report-only
// wording (the Act, rewards) stays out of its identity choice.
func TestMailboxOfASuggestion(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	token, id, answer := c.form("/suggest")
	p := c.postMultipart("/suggest", token, []field{{name: "topic", value: "efficiency"}, {name: "agency", value: "1"},
		{name: "suggestion", value: "建議簡化申請流程"}, {name: "captcha_id", value: id}, {name: "captcha", value: answer}}, "zh-TW")
	if p.status != 200 {
		t.Fatalf("suggest = %d", p.status)
	}
	login(t, c, find(t, receiptPattern, p.body))
	p = c.get("/mailbox/case", "zh-TW")
	for _, want := range []string{"回覆您的建言", "收件後 90 天內", "您送出的建言", "建議簡化申請流程"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("a suggestion's mailbox lacks %q", want)
		}
	}
	for _, unwanted := range []string{"回覆處理結果", "檢舉獎金", "公益揭弊者保護法"} {
		if strings.Contains(p.body, unwanted) {
			t.Errorf("a suggestion's mailbox says %q", unwanted)
		}
	}
}
