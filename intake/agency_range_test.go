package intake

import (
	"strings"
	"testing"
)

// TestOutOfRangeAgencyAndControlCharacters: an agency number past PostgreSQL's integer, on both forms,
// is an unknown agency (it failed the query, a 500, and its number went to the log), and a control
// character in a text part is refused like invalid UTF-8. Each form comes back with what was typed.
func TestOutOfRangeAgencyAndControlCharacters(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	withField := func(fields []field, name, value string) []field {
		out := append([]field(nil), fields...)
		for i := range out {
			if out[i].name == name {
				out[i].value = value
			}
		}
		return out
	}
	for _, agency := range []string{"99999999999", "-99999999999", "9223372036854775808"} {
		token, id, answer := c.form("/report")
		p := c.postMultipart("/report", token, withField(reportFields(id, answer, "保留的檢舉內容"), "agency", agency), "zh-TW")
		if p.status != 400 || !strings.Contains(p.body, "請從選項中選擇") || !strings.Contains(p.body, "保留的檢舉內容") {
			t.Errorf("report, agency %s: %d\n%.1500s", agency, p.status, p.body)
		}
		token, id, answer = c.form("/suggest")
		p = c.postMultipart("/suggest", token, []field{{name: "topic", value: "efficiency"}, {name: "agency", value: agency},
			{name: "suggestion", value: "保留的建言"}, {name: "captcha_id", value: id}, {name: "captcha", value: answer}}, "zh-TW")
		if p.status != 400 || !strings.Contains(p.body, "請從選項中選擇") || !strings.Contains(p.body, "保留的建言") {
			t.Errorf("suggest, agency %s: %d\n%.1500s", agency, p.status, p.body)
		}
	}
	for _, bad := range []string{"a\x00b", "a\x1bb", "a\x0cb"} {
		token, id, answer := c.form("/report")
		p := c.postMultipart("/report", token, withField(reportFields(id, answer, "保留的檢舉內容"), "who", bad), "zh-TW")
		if p.status != 400 || !strings.Contains(p.body, "無法辨識的字元") || !strings.Contains(p.body, "保留的檢舉內容") {
			t.Errorf("who %q: %d\n%.1500s", bad, p.status, p.body)
		}
	}
	if strings.Contains(e.logs.String(), "99999999999") {
		t.Errorf("the log holds the submitted agency:\n%s", e.logs.String())
	}
}
