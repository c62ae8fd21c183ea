package portal

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"integrity-portal/internal/i18n"
	"integrity-portal/portal/procurement/ocds"
)

// zonelessRelease is a process written the lax way some publishers write dates, which imports
// accept: the date without a zone, a tender period in local time without an offset, and no
// initiationType. The published release must still validate.
func zonelessRelease() ocds.Release {
	return ocds.Release{
		"ocid": "ocds-test-lax-1", "id": "lax-1", "date": "2020-03-01",
		"tender": map[string]any{"id": "lax-1", "title": "無時區日期的標案",
			"tenderPeriod": map[string]any{"startDate": "2020-03-01T09:00:00", "endDate": "2020-03-20"}},
	}
}

// fetch requests path from h with headers, in lang.
func fetch(t testing.TB, h http.Handler, method, path string, headers ...string) answer {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return answer{status: w.Code, header: w.Header(), body: w.Body.String()}
}

var packageHref = regexp.MustCompile(`href="(/opendata/ocds/(\d{4})\.json)"`)

// TestOpenDataFilesValidateAndMatchThePage downloads every file the page lists: each OCDS package
// validates against the official release package schema, each JSON Lines line against the release
// schema, the CSV and JSON hold every process, and the page gives each file's true size.
func TestOpenDataFilesValidateAndMatchThePage(t *testing.T) {
	h, pool := procurementSite(t)
	saveReleases(t, pool, []ocds.Release{zonelessRelease()}, "import:lax")
	var total int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM procurement_processes`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	pkgSchema, relSchema := ocdsSchemas(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}

	page := get(t, h, "zh-TW", "/opendata")
	if page.status != 200 {
		t.Fatalf("/opendata: status %d", page.status)
	}
	page.mustContain(t, "the open data page", "<h1>開放資料</h1>", "政府資料開放授權條款－第1版", `href="https://data.gov.tw/license"`,
		fmt.Sprintf("目前共有 %d 個採購案", total), `href="/opendata/procurement-tenders.csv"`,
		`href="/opendata/procurement-tenders.json"`, `href="/opendata/procurement-compiled-releases.jsonl"`)
	sizeShown := func(what string, body string, lang i18n.Lang, p answer) {
		t.Helper()
		want := byteSize(cat, lang, int64(len(body)))
		if !strings.Contains(p.body, "<dd>"+want+"</dd>") && !slices.ContainsFunc(p.rows(), func(r string) bool {
			return strings.Contains(r, "|"+want+"|")
		}) {
			t.Errorf("the page does not give %s's size %s (%d bytes)", what, want, len(body))
		}
	}

	// The OCDS packages, one per year.
	links := packageHref.FindAllStringSubmatch(page.body, -1)
	if len(links) < 5 {
		t.Fatalf("the page links %d yearly packages: %q", len(links), links)
	}
	inPackages := 0
	for _, l := range links {
		a := get(t, h, "zh-TW", l[1])
		if a.status != 200 || a.header.Get("Content-Type") != "application/json; charset=utf-8" ||
			a.header.Get("Content-Disposition") != `attachment; filename="procurement-ocds-`+l[2]+`.json"` {
			t.Fatalf("%s: %d %q %q", l[1], a.status, a.header.Get("Content-Type"), a.header.Get("Content-Disposition"))
		}
		validate(t, pkgSchema, l[1], a.body)
		var pkg struct {
			URI, Version, License, PublishedDate string
			Publisher                            struct{ Name string }
			Releases                             []struct {
				OCID string
				Tag  []string
			}
		}
		if err := json.Unmarshal([]byte(a.body), &pkg); err != nil {
			t.Fatal(err)
		}
		if pkg.URI != "http://localhost:8080"+l[1] || pkg.Version != "1.1" || pkg.License != licenseURL ||
			pkg.Publisher.Name != "臺中市政府政風處" || pkg.PublishedDate == "" {
			t.Errorf("%s: package head %+v", l[1], pkg)
		}
		for _, r := range pkg.Releases {
			if !slices.Equal(r.Tag, []string{"compiled"}) {
				t.Errorf("%s: %s has tag %q", l[1], r.OCID, r.Tag)
			}
		}
		inPackages += len(pkg.Releases)
		sizeShown(l[1], a.body, i18n.ZhTW, page)
	}
	if inPackages != total {
		t.Errorf("the yearly packages hold %d releases, the data %d processes", inPackages, total)
	}
	if !strings.Contains(get(t, h, "zh-TW", "/opendata/ocds/2020.json").body, `"date": "2020-03-01T00:00:00Z"`) &&
		!strings.Contains(get(t, h, "zh-TW", "/opendata/ocds/2020.json").body, `"date":"2020-03-01T00:00:00Z"`) {
		t.Error("the zoneless release date is not written in UTC")
	}

	// JSON Lines: one compiled release per line, each valid.
	jl := get(t, h, "zh-TW", "/opendata/procurement-compiled-releases.jsonl")
	if jl.status != 200 || jl.header.Get("Content-Type") != "application/jsonl; charset=utf-8" ||
		jl.header.Get("Content-Disposition") != `attachment; filename="procurement-compiled-releases.jsonl"` {
		t.Fatalf("jsonl: %d %q", jl.status, jl.header)
	}
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(jl.body))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		lines++
		validate(t, relSchema, fmt.Sprintf("JSON Lines line %d", lines), sc.Text())
	}
	if lines != total {
		t.Errorf("JSON Lines has %d lines, want %d", lines, total)
	}
	sizeShown("the JSON Lines", jl.body, i18n.ZhTW, page)

	// CSV: the BOM, the header in the reader's language, a row per process.
	for _, lang := range []string{"zh-TW", "en"} {
		csv := get(t, h, lang, "/opendata/procurement-tenders.csv")
		header := map[string]string{"zh-TW": "\ufeff標案編號(OCID),標案名稱,機關代碼,機關名稱,", "en": "\ufeffOCID,Title,Buyer ID,Buyer,"}[lang]
		if csv.status != 200 || !strings.HasPrefix(csv.body, header) || csv.header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("CSV (%s): %d %q %.80q", lang, csv.status, csv.header.Get("Content-Type"), csv.body)
		}
		if n := strings.Count(csv.body, "\n"); n != total+1 {
			t.Errorf("CSV (%s) has %d lines, want a header and %d rows", lang, n, total)
		}
		if !strings.Contains(csv.body, "\n"+pccOCID+",108年度臺北市健康公共住宅暨洲美、新興、大湖朕寶公共住宅戶委託管理維護案,TW-GOV-3.79.56,臺北市政府都市發展局,limited,") {
			t.Errorf("CSV (%s) lacks the Taiwan tender's row", lang)
		}
		if lang == "zh-TW" {
			sizeShown("the CSV", csv.body, i18n.ZhTW, page)
		} else {
			sizeShown("the English CSV", csv.body, i18n.En, get(t, h, "en", "/opendata"))
		}
	}

	// JSON: the head, then every tender's normalised fields.
	js := get(t, h, "zh-TW", "/opendata/procurement-tenders.json")
	var file struct {
		License, LicenseName, PublishedDate string `json:"-"`
		Head                                map[string]any
		Tenders                             []tenderJSON `json:"tenders"`
	}
	if js.status != 200 || json.Unmarshal([]byte(js.body), &file) != nil || json.Unmarshal([]byte(js.body), &file.Head) != nil {
		t.Fatalf("JSON: %d %.200s", js.status, js.body)
	}
	if file.Head["license"] != licenseURL || file.Head["license_name"] != "政府資料開放授權條款－第1版" {
		t.Errorf("JSON head: %v %v", file.Head["license"], file.Head["license_name"])
	}
	if len(file.Tenders) != total {
		t.Errorf("JSON has %d tenders, want %d", len(file.Tenders), total)
	}
	i := slices.IndexFunc(file.Tenders, func(x tenderJSON) bool { return x.OCID == pccOCID })
	if i < 0 {
		t.Fatal("JSON lacks the Taiwan tender")
	}
	if x := file.Tenders[i]; x.BuyerName != "臺北市政府都市發展局" || x.AwardValue == nil || *x.AwardValue != "25420000" ||
		!slices.Contains(x.SupplierIDs, "TW-UBN-70576576") || x.URL != "http://localhost:8080/procurement/tenders/"+pccOCID {
		t.Errorf("JSON's Taiwan tender: %+v", x)
	}
	sizeShown("the JSON", js.body, i18n.ZhTW, page)
}

// TestOpenDataAnswersConditionalRequests: a repeated download of unchanged data is a 304; a change
// of the data changes the ETag, the file and the page.
func TestOpenDataAnswersConditionalRequests(t *testing.T) {
	h, pool := procurementSite(t)
	for _, path := range []string{"/opendata/procurement-compiled-releases.jsonl", "/opendata/procurement-tenders.json",
		"/opendata/procurement-tenders.csv", "/opendata/ocds/2023.json"} {
		a := get(t, h, "zh-TW", path)
		etag, modified := a.header.Get("ETag"), a.header.Get("Last-Modified")
		if a.status != 200 || etag == "" || modified == "" {
			t.Fatalf("%s: %d, ETag %q, Last-Modified %q", path, a.status, etag, modified)
		}
		if a.header.Get("Access-Control-Allow-Origin") != "*" || a.header.Get("Cache-Control") != "public, no-cache" {
			t.Errorf("%s: CORS %q, Cache-Control %q", path, a.header.Get("Access-Control-Allow-Origin"), a.header.Get("Cache-Control"))
		}
		for _, cond := range [][]string{{"If-None-Match", etag}, {"If-None-Match", `"x", W/` + etag}, {"If-Modified-Since", modified}} {
			b := fetch(t, h, "GET", path, "Accept-Language", "zh-TW", cond[0], cond[1])
			if b.status != http.StatusNotModified || b.body != "" || b.header.Get("ETag") != etag {
				t.Errorf("%s with %s: %d, %d bytes", path, cond[0], b.status, len(b.body))
			}
		}
		if hd := fetch(t, h, "HEAD", path, "Accept-Language", "zh-TW"); hd.status != 200 || hd.header.Get("ETag") != etag || hd.body != "" {
			t.Errorf("HEAD %s: %d, ETag %q", path, hd.status, hd.header.Get("ETag"))
		}
		earlier := time.Now().Add(-100 * 365 * 24 * time.Hour).UTC().Format(http.TimeFormat)
		for _, cond := range [][]string{{"If-None-Match", `"other"`}, {"If-Modified-Since", earlier}} {
			if b := fetch(t, h, "GET", path, "Accept-Language", "zh-TW", cond[0], cond[1]); b.status != 200 || b.body != a.body {
				t.Errorf("%s with another %s: %d", path, cond[0], b.status)
			}
		}
	}
	zh, en := get(t, h, "zh-TW", "/opendata/procurement-tenders.csv"), get(t, h, "en", "/opendata/procurement-tenders.csv")
	if zh.header.Get("ETag") == en.header.Get("ETag") {
		t.Error("the CSV has the same ETag in both languages, with different header rows")
	}

	before := get(t, h, "zh-TW", "/opendata/procurement-compiled-releases.jsonl")
	pageBefore := get(t, h, "zh-TW", "/opendata")
	saveReleases(t, pool, []ocds.Release{plantedRelease(26)}, "import:more")
	after := fetch(t, h, "GET", "/opendata/procurement-compiled-releases.jsonl", "If-None-Match", before.header.Get("ETag"))
	if after.status != 200 || after.header.Get("ETag") == before.header.Get("ETag") || len(after.body) <= len(before.body) {
		t.Errorf("after a change: %d, ETag %q (was %q), %d bytes (were %d)", after.status, after.header.Get("ETag"),
			before.header.Get("ETag"), len(after.body), len(before.body))
	}
	pageAfter := get(t, h, "zh-TW", "/opendata")
	if pageAfter.body == pageBefore.body {
		t.Error("the page is the same after a change of the data")
	}
	pageAfter.mustContain(t, "the page after a change", fmt.Sprintf("<dd>%s</dd>", byteSize(mustCatalogues(t), i18n.ZhTW, int64(len(after.body)))))

	for _, path := range []string{"/opendata/ocds/1999.json", "/opendata/ocds/abc.json", "/opendata/ocds/2023", "/opendata/ocds/02023.json"} {
		if a := get(t, h, "zh-TW", path); a.status != 404 {
			t.Errorf("%s: status %d, want 404", path, a.status)
		}
	}
}

func mustCatalogues(t testing.TB) i18n.Catalogues {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
