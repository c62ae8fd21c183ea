package intake

import (
	"context"
	"strings"
	"testing"
)

// After the retention job shredded a case, its receipt says the records were destroyed, instead of
// opening an empty mailbox or calling the receipt wrong.
func TestMailboxOfAShreddedCaseSaysItsRecordsWereDestroyed(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	token, captchaID, answer := c.form("/report")
	p := c.postMultipart("/report", token, reportFields(captchaID, answer, "會被銷毀的檢舉"), "zh-TW")
	if p.status != 200 {
		t.Fatalf("submit = %d", p.status)
	}
	receipt := find(t, receiptPattern, p.body)
	// What admin/retention leaves of a shredded case: its metadata, no grants, no entries.
	for _, q := range []string{`DELETE FROM case_grants`, `DELETE FROM case_entries`, `UPDATE cases SET status = 'shredded', shredded_at = now()`} {
		if _, err := e.db.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	mb := c.get("/mailbox", "zh-TW")
	p = c.postForm("/mailbox", map[string]string{"receipt": receipt}, find(t, csrfInField, mb.body), "zh-TW")
	if p.status != 200 || !strings.Contains(p.body, "紀錄已依規定銷毀") {
		t.Errorf("shredded case's receipt: %d\n%.1500s", p.status, p.body)
	}
	if strings.Contains(p.body, "找不到這組收件回執碼") {
		t.Error("the receipt of a shredded case is called wrong")
	}
}
