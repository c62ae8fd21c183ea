package pagecheck

import (
	"testing"

	"integrity-portal/internal/i18n"
)

func checker() *Checker {
	return New(i18n.Catalogues{
		i18n.ZhTW: {"admin.case.status": "狀態", "label.channel.web": "網站", "label.referral.criminal:prosecutors": "刑事（地檢署）"},
		i18n.En:   {"admin.case.status": "Status", "label.outcome.none": "Not closed", "intake.file.nothing": "none"},
	})
}

func TestEachCheckFindsItsDefect(t *testing.T) {
	k := checker()
	for _, c := range []struct{ check, body string }{
		{"go-format", `<p>[admin.due.%!s(*string=0xc000123456)]：民國115年</p>`},
		{"go-format", `<td>%!f(*float64=0xc0001)</td>`},
		{"go-format", `<td>&lt;nil&gt;</td>`},
		{"message-key", `<p>admin.case.status</p>`},
		{"message-key", `<p>[admin.no.such.key]</p>`},
		{"raw-json", `<td>{"assignee":3}</td>`},
		{"raw-json", `<td> {} </td>`},
		{"code-for-label", `<dd>web</dd>`},
		{"code-for-label", `<td>none</td>`},
		{"code-for-label", `<td>類型 criminal:prosecutors</td>`},
		{"latin-in-zh", `<p class="error">"abc" is not an amount on line 3</p>`},
		{"latin-in-zh", `<input placeholder="The date is invalid">`},
		{"latin-in-zh", `<p>申請：import its processing periods first</p>`},
		{"raw-json", `<code>{"by":3}</code>`},
	} {
		found := false
		for _, f := range k.Check(i18n.ZhTW, "<html><body>"+c.body+"</body></html>") {
			found = found || f.Check == c.check
		}
		if !found {
			t.Errorf("%s not found in %s", c.check, c.body)
		}
	}
}

// On English pages: Chinese punctuation outside Chinese text, and Chinese text a screen reader is not
// told is Chinese.
func TestEnglishPagesFindChineseMarks(t *testing.T) {
	k := checker()
	for _, c := range []struct{ check, body string }{
		{"full-width-in-en", `<p>Results：29 tenders</p>`},
		{"full-width-in-en", `<dd>Web form、Mail</dd>`},
		{"full-width-in-en", `<p><span lang="zh-Hant">建設局</span>（buyer）</p>`},
		{"full-width-in-en", `<input aria-label="Search：">`},
		{"zh-unmarked", `<p>Try 建設局 as a buyer</p>`},
		{"zh-unmarked", `<p lang="en">Try 建設局</p>`},
	} {
		found := false
		for _, f := range k.Check(i18n.En, "<html lang=\"en\"><body>"+c.body+"</body></html>") {
			found = found || f.Check == c.check
		}
		if !found {
			t.Errorf("%s not found in %s", c.check, c.body)
		}
	}
	// The same marks on a Chinese page are its own punctuation.
	if fs := k.Check(i18n.ZhTW, `<html lang="zh-Hant-TW"><body><p>結果：29 筆</p><p>Try 建設局</p></body></html>`); len(fs) > 0 {
		t.Errorf("a Chinese page: %v", fs)
	}
}

func TestCleanPagesPass(t *testing.T) {
	k := checker()
	for _, c := range []struct {
		lang i18n.Lang
		body string
	}{
		{i18n.ZhTW, `<p>狀態：網站（web 表單）</p><p><a lang="en" href="/lang/en">English version of the page</a></p>`},
		{i18n.ZhTW, `<td>London Borough of Barnet</td><td>Planned cycle lane improvements</td>`},
		{i18n.ZhTW, `<pre>{"assignee":3}</pre><pre>admin.case.status</pre><p translate="no">Taichung Water Supply Company Limited</p>`},
		{i18n.ZhTW, `<script>var x = {"a":1}; %!s(</script><style>a{}</style>`},
		{i18n.En, `<p>The amount "abc" on line 3 is not a number.</p><p>Web form</p>`},
		{i18n.En, `<td>none</td>`},
		{i18n.ZhTW, `<p>狀態欄寫 <code>web</code></p>`},
		{i18n.En, `<p>Case 0x12 is ok, and <span lang="zh-Hant">臺中市</span> v1.2 too.</p>`},
		{i18n.En, `<p>Buyer: <span lang="zh-Hant">臺中市政府（建設局）</span>, licence <span lang="zh-Hant">政府資料開放授權條款－第1版</span></p>`},
		{i18n.En, `<p lang="zh-Hant-TW">臺中市政府、建設局</p><input placeholder="臺中">`},
		{i18n.En, `<textarea>我要檢舉：某某</textarea>`},
		{i18n.En, `<select><option>中區區公所</option></select><svg><title>戶籍謄本: received</title></svg>`},
	} {
		if fs := k.Check(c.lang, "<html><body>"+c.body+"</body></html>"); len(fs) > 0 {
			t.Errorf("%s: %v", c.body, fs)
		}
	}
}
