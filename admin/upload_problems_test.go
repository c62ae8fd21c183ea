package admin

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"integrity-portal/internal/testdata"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/importer"
)

// getIn fetches a page in a language, as a browser set to it would.
func (b *browser) getIn(lang, path string) answer {
	req, _ := http.NewRequest("GET", b.e.srv.URL+path, nil)
	req.Header.Set("Accept-Language", lang)
	return b.do(req)
}

var (
	reasonCell = regexp.MustCompile(`(?s)<td>(.*?)</td>|<div class="error-summary" role="alert"><p>(.*?)</p>`)
	// quotedValue is what the officer's file said, quoted as written: any script is fine there.
	quotedValue = regexp.MustCompile(`「[^」]*」`)
	// latinSentence is two Latin-script words in a row: an English sentence in a Chinese page.
	latinSentence = regexp.MustCompile(`[A-Za-z]{2,}[ ,:;'"]+[A-Za-z]{2,}`)
)

// reasons lists the rejection reasons (and a failure's message) of an upload's page, as text.
func reasons(body string) []string {
	var out []string
	for _, m := range reasonCell.FindAllStringSubmatch(zhMark.ReplaceAllString(body, "$1"), -1) {
		out = append(out, html.UnescapeString(m[1]+m[2]))
	}
	return out
}

// checkReasons fails on a zh-TW reason with English in it, a message key or a formatting artifact,
// and on a wanted sentence missing; it returns all reasons as one text.
func checkReasons(t *testing.T, what, body string, want ...string) {
	t.Helper()
	rs := reasons(body)
	if len(rs) == 0 {
		t.Errorf("%s: no reasons on the page\n%.3000s", what, body)
		return
	}
	for _, r := range rs {
		bare := quotedValue.ReplaceAllString(r, "")
		if latinSentence.MatchString(bare) || strings.Contains(r, "[problem.") || strings.Contains(r, "%!") || strings.TrimSpace(r) == "" {
			t.Errorf("%s: reason %q is not a Chinese sentence", what, r)
		}
	}
	all := strings.Join(rs, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s: no reason says %q; reasons:\n%s", what, w, all)
		}
	}
}

func readUploadTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/uploads/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUploadRejectionsReadInTheOfficersLanguage: every kind of rejection from real dirty files, and
// files that cannot be read at all (not UTF-8, NUL bytes, a huge line), reads as a Chinese sentence
// on the zh-TW page, and as English on the en page; none answers 500.
func TestUploadRejectionsReadInTheOfficersLanguage(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("data1", "data")
	b := e.signedIn(id, k, pw("data1"))

	procurement := func(name string, content []byte, encoding string) string {
		t.Helper()
		a := b.upload(name, content, encoding)
		m := uploadLocation.FindStringSubmatch(a.location)
		if a.status != http.StatusSeeOther || m == nil {
			t.Fatalf("%s: %d %q", name, a.status, a.location)
		}
		var uid int64
		e.db.QueryRow(context.Background(), `SELECT max(id) FROM procurement_uploads`).Scan(&uid)
		runImport(t, e, uid)
		return a.location
	}
	at := procurement("dirty.csv", readUploadTestdata(t, "dirty-procurement.csv"), "")
	checkReasons(t, "dirty procurement CSV", b.get(at).body,
		"「abc」不是金額", "「-5000」是負數", "科學記號", "有小數", "西元 2024 年 2 月只有 29 天", "只有 7 位數字",
		"不是已知的招標方式", "不是採購性質", "「四家」不是整數", "同一採購案的值不同", "早於「公告日期」",
		"有 3 個欄位，但標題列有 15 個", "不是機關代碼", "空白：每一列都必須填寫", "早於西元 1950 年")
	if en := b.getIn("en", at).unmarked().body; !strings.Contains(en, "is not an amount") || !strings.Contains(en, "line 2, 預算金額") {
		t.Errorf("the English page does not give the English reasons:\n%.3000s", en)
	}
	checkReasons(t, "dirty JSON Lines", b.get(procurement("dirty.jsonl", readUploadTestdata(t, "dirty-releases.jsonl"), "")).body,
		"-9000000 是負數", "不是整數的投標廠商家數", "發行資料沒有 ocid", "不是存在的日期時間",
		"金額必須是數字", "這一行不是 JSON", "發行資料不是 JSON 物件")
	checkReasons(t, "bad header", b.get(procurement("header.csv", readUploadTestdata(t, "bad-header-procurement.csv"), "")).body,
		"不認得的欄位「預算」", "同一欄出現兩次", "缺少必要的欄位「機關代碼 (buyer_id)」")

	// Bytes that are not text, and a line of 900 kB (the test server takes 1 MiB): a Chinese reason, no 500.
	checkReasons(t, "NUL bytes", b.get(procurement("nul.csv", []byte("標案案號,機關代碼\n1\x00,2\n"), "")).body, "第 2 行含有 NUL 位元組")
	checkReasons(t, "not UTF-8", b.get(procurement("big5.csv", []byte("標案案號\n\xb4\xfa\xb8\xd5\n"), "utf-8")).body, "第 2 行不是有效的 UTF-8")
	checkReasons(t, "not UTF-8 JSON", b.get(procurement("big5.json", []byte("{\"releases\": [\n{\"ocid\": \"\xb4\xfa\"}]}"), "")).body, "JSON 檔必須是 UTF-8")
	huge := append([]byte("標案案號,機關代碼,機關名稱,標案名稱,公告日期\nA1,3.76.47,臺中市政府建設局,"), bytes.Repeat([]byte("長"), 300_000)...)
	huge = append(huge, ",113/01/05\n"...)
	checkReasons(t, "huge line", b.get(procurement("huge.csv", huge, "")).body, "有 300000 個字，超過上限 1000 個字")

	// Application files: the periods register the agency the applications name.
	applicationsFile := func(kind, name string, content []byte) string {
		t.Helper()
		a := b.uploadApplications(kind, name, content)
		runApplicationImport(t, e, uploadedID(t, a))
		return a.location
	}
	applicationsFile("periods", "periods.csv", readApplicationsTestdata(t, "periods.csv"))
	checkReasons(t, "dirty periods", b.get(applicationsFile("periods", "p.csv", readUploadTestdata(t, "dirty-periods.csv"))).body,
		"單位欄有不認得的單位「週」", "「處理期間」空白", "沒有單位", "超過 36 個月", "沒有 13 月", "同一代碼的名稱不同")
	checkReasons(t, "dirty calendar", b.get(applicationsFile("calendar", "c.csv", readUploadTestdata(t, "dirty-calendar.csv"))).body,
		"不是 2024-01-01 的星期（那天是星期一）", "不是 2（放假）或 0（上班）", "只有 29 天")
	checkReasons(t, "dirty applications", b.get(applicationsFile("applications", "a.csv", readUploadTestdata(t, "dirty-applications.csv"))).body,
		"「傳真」不是申請方式", "早於「收件日期」", "是未來的日期", "是負數：天數", "不是「是」或「否」", "不是已登錄的機關",
		"看起來含有身分證字號", "有展延日數", "不是處理結果", "有 6 個欄位，但標題列有 12 個")
	checkReasons(t, "applications not text", b.get(applicationsFile("applications", "x.csv", []byte("機關代碼\x00\n"))).body, "含有 NUL 位元組")
	if en := b.getIn("en", "/admin/applications/uploads").body; strings.Contains(en, "No cases") {
		t.Error("the uploads list still says there are no cases")
	}
}

// TestExampleFilesImport: every example file of the data formats page imports without a rejection,
// and is served as a download of its type.
func TestExampleFilesImport(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	for _, name := range []string{"procurement.csv", "releases.json", "notices.yaml"} {
		f, _ := exampleFiles.Open("examples/" + name)
		rep, err := importer.File(ctx, e.db, f, name, importer.Options{OCIDPrefix: "ocds-twpcc"})
		if err != nil || !rep.Stored || rep.RejectedTotal != 0 {
			t.Errorf("%s: %v, %+v", name, err, rep)
		}
	}
	for _, kind := range uploadKinds { // periods first: they register the agencies
		name := map[applications.Kind]string{applications.KindPeriods: "periods.csv", applications.KindCalendar: "calendar.csv", applications.KindApplications: "applications.csv"}[kind]
		f, _ := exampleFiles.Open("examples/" + name)
		rep, err := applications.File(ctx, e.db, kind, f, applications.Options{})
		if err != nil || rep.RejectedTotal != 0 || rep.Inserted == 0 {
			t.Errorf("%s: %v, %+v", name, err, rep)
		}
	}

	// The older layout's example is the one docs/data-formats.md shows.
	shown, err := os.ReadFile(filepath.Join(testdata.Dir(t, "formats"), "g0v-older.yaml"))
	if ours, _ := exampleFiles.ReadFile("examples/notices.yaml"); err != nil || string(ours) != string(shown) {
		t.Errorf("examples/notices.yaml is not testdata/formats/g0v-older.yaml: %v", err)
	}

	id, k := e.addOfficer("inv1", "investigator")
	b := e.signedIn(id, k, pw("inv1"))
	page := b.get("/admin/help/data-formats")
	if page.status != 200 || !strings.Contains(page.body, "/admin/help/data-formats/examples/periods.csv") || strings.Contains(page.body, "[help.") {
		t.Fatalf("help page: %d\n%.2000s", page.status, page.body)
	}
	for name, ct := range map[string]string{"procurement.csv": "text/csv; charset=utf-8", "releases.json": "application/json",
		"notices.yaml": "application/yaml; charset=utf-8"} {
		resp, err := b.c.Get(e.srv.URL + "/admin/help/data-formats/examples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || resp.Header.Get("Content-Disposition") != `attachment; filename="`+name+`"` || len(body) == 0 {
			t.Errorf("%s: %d %q %q", name, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
	}
	for _, bad := range []string{"../help_show.go", "..%2Fhelp_show.go", "README.md", "nothing.csv"} {
		if a := b.get("/admin/help/data-formats/examples/" + bad); a.status != 404 {
			t.Errorf("example %q: %d, want 404", bad, a.status)
		}
	}
}
