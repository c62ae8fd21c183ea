package portal

import (
	"strings"
	"testing"
)

// htmlLang is the lang attribute of each language's pages.
var htmlLang = map[string]string{"zh-TW": "zh-Hant-TW", "en": "en"}

// Hostile addresses on the tender, buyer, supplier and flags pages never make a 500: a NUL byte,
// invalid UTF-8 or a 10,000-character id is a malformed address (400), an unknown id a 404, each a
// page in the reader's language that names the problem and leads back to the search.
func TestProcurementPagesWithstandHostileIDs(t *testing.T) {
	h, _ := procurementSite(t)
	long := strings.Repeat("9", 10_000)
	type want struct {
		status int
		zh, en string
	}
	bad := map[string]want{
		"tenders":   {400, "標案編號格式不正確", "That tender number is not valid"},
		"buyers":    {400, "機關代碼格式不正確", "That agency code is not valid"},
		"suppliers": {400, "廠商代碼格式不正確", "That supplier code is not valid"},
	}
	unknown := map[string]want{
		"tenders":   {404, "找不到這個標案", "No such tender"},
		"buyers":    {404, "找不到這個機關", "No such buyer"},
		"suppliers": {404, "找不到這家廠商", "No such supplier"},
	}
	for kind := range bad {
		for _, c := range []struct {
			id string
			w  want
		}{
			{"a%00b", bad[kind]}, {"%00", bad[kind]}, {"%ff%fe", bad[kind]}, {"TW-UBN-%c3%28", bad[kind]},
			{long, bad[kind]}, {long + ".json", bad[kind]}, {"TW-UBN-" + strings.Repeat("%e8%87%ba", 3_000), bad[kind]},
			{"no-such-" + kind, unknown[kind]}, {"TW-UBN-99999999", unknown[kind]}, {"%E8%87%BA%E4%B8%AD", unknown[kind]},
		} {
			path := "/procurement/" + kind + "/" + c.id
			for _, l := range []struct{ code, msg string }{{"zh-TW", c.w.zh}, {"en", c.w.en}} {
				a := get(t, h, l.code, path)
				name := kind + "/" + c.id[:min(len(c.id), 30)] + " (" + l.code + ")"
				if a.status != c.w.status {
					t.Errorf("%s: status %d, want %d", name, a.status, c.w.status)
					continue
				}
				a.mustContain(t, name, "<h1>"+l.msg+"</h1>", `href="/procurement/tenders"`, `<html lang="`+htmlLang[l.code]+`"`)
			}
		}
	}
	// The flags page takes no id: a query string is ignored, or refused by the site as malformed
	// (NUL, invalid UTF-8), in the reader's language.
	for _, q := range []string{"?x=%00", "?%ff=%fe", "?flag=" + long} {
		for _, lang := range []string{"zh-TW", "en"} {
			a := get(t, h, lang, "/procurement/flags"+q)
			if a.status != 200 && a.status != 400 {
				t.Errorf("/procurement/flags%.20s (%s): status %d", q, lang, a.status)
			}
			a.mustContain(t, "/procurement/flags"+q[:min(len(q), 20)], `<html lang="`+htmlLang[lang]+`"`)
		}
	}
}
