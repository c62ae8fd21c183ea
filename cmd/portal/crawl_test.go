package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"integrity-portal/intake/captcha"
	"integrity-portal/internal/browsertest"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/pagecheck"
	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/importer"
)

// notCrawled are the GET routes no crawl reaches, each with why; every other GET route must be
// reached by some role, so that a new page is checked as soon as it is registered.
var notCrawled = map[string]string{
	"/admin/login/enrol":        "the first sign-in's enrolment page: walked by signing in",
	"/admin/login/enrol/qr.png": "an image of the enrolment page",
	"/admin/login/totp":         "the second sign-in step: walked by the login tests",
	"/captcha/:file":            "captcha images and sounds",
	"/static/*file":             "stylesheet and icons",
	"/lang/:code":               "the language switch redirects",
	"/mailbox/case":             "needs a receipt: the reporter reaches it",
}

// TestCrawlShowsNoDefects loads demo data, signs in one officer of each role, puts cases through
// their steps, then walks every page it can reach as each of them, as a reporter and as an
// anonymous citizen, in both languages. No page may answer 5xx or show what pagecheck looks for.
func TestCrawlShowsNoDefects(t *testing.T) {
	e, srv, routes := demoSite(t)
	ctx := context.Background()
	var printed bytes.Buffer
	if err := addDemoOfficers(ctx, e, &printed); err != nil {
		t.Fatal(err)
	}
	passwords := map[string]string{}
	for _, m := range regexp.MustCompile(`demo officer (\S+)\s+password (\S+)`).FindAllStringSubmatch(printed.String(), -1) {
		passwords[m[1]] = m[2]
	}
	// The forced first password change is walked by the password tests.
	e.pool.Exec(ctx, `UPDATE officers SET must_change_password = false`)

	h := &hostile{t: t, base: srv.URL, routes: routes, e: e, sent: map[string]int{}}
	officers := map[string]*hostileClient{}
	for _, n := range demoOfficers {
		c := h.client(n.Roles[0])
		h.signIn(c, n.Username, passwords[n.Username])
		officers[n.Roles[0]] = c
	}
	anon := h.client("anonymous")
	reporter := h.client("reporter")
	for range 3 {
		h.submitReport(anon)
	}
	h.submitReport(reporter)
	submitReportWithFile(t, h, anon)
	seedCases(t, h, officers)
	seedUploads(t, e)

	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	check := pagecheck.New(cat)
	if check.Codes() < 20 {
		t.Fatalf("pagecheck knows %d codes: the catalogues lost their label.<kind>.<code> keys", check.Codes())
	}
	reached := map[string]bool{}
	pages := map[*hostileClient]map[string]string{} // by client, a page of each route it reached
	clients := []*hostileClient{anon, reporter}
	for _, role := range slices.Sorted(maps.Keys(officers)) {
		clients = append(clients, officers[role])
	}
	for _, c := range clients {
		for _, lang := range []i18n.Lang{i18n.ZhTW, i18n.En} {
			crawl(t, h, c, lang, check, reached, pages)
		}
	}
	t.Run("browser", func(t *testing.T) { sweep(t, h, clients, pages) })
	for _, r := range routes {
		if r.Method == "GET" && !reached[r.Path] && notCrawled[r.Path] == "" {
			t.Errorf("GET %s: no crawl reached it; link it from a page, or say in notCrawled why not", r.Path)
		}
	}
}

// crawl walks the site as c in lang from its start pages and every GET route without parameters,
// at most two pages of each route, and reports 5xx answers and what the checker finds.
func crawl(t *testing.T, h *hostile, c *hostileClient, lang i18n.Lang, check *pagecheck.Checker, reached map[string]bool, pages map[*hostileClient]map[string]string) {
	officer := c.role != "anonymous" && c.role != "reporter"
	queue := []string{"/", "/admin"}
	if c.role == "reporter" {
		queue = append(queue, "/mailbox/case")
	}
	for _, r := range h.routes {
		if r.Method == "GET" && !strings.ContainsAny(r.Path, ":*") {
			queue = append(queue, r.Path)
		}
	}
	seen := map[string]bool{}
	perRoute := map[string]int{}
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		u, _ := url.Parse(page)
		route, _ := h.match("GET", u.Path)
		if seen[page] || route == "" || perRoute[route] >= 2 || skipAs(c.role, route) && c.role != "reporter" ||
			officer && !strings.HasPrefix(route, "/admin") || !officer && strings.HasPrefix(route, "/admin") && !strings.HasPrefix(route, "/admin/login") ||
			notCrawled[route] != "" && route != "/mailbox/case" {
			continue
		}
		seen[page] = true
		perRoute[route]++
		status, ctype, body := crawlGet(t, h, c, lang, page)
		reached[route] = true
		if status >= 500 {
			t.Errorf("as %s in %s: GET %s answered %d", c.role, lang.Code(), page, status)
			continue
		}
		if status != 200 || !strings.HasPrefix(ctype, "text/html") {
			continue
		}
		if pages[c] == nil {
			pages[c] = map[string]string{}
		}
		if _, ok := pages[c][route]; !ok && (c.role != "reporter" || strings.HasPrefix(route, "/mailbox")) {
			pages[c][route] = page
		}
		for _, f := range check.Check(lang, body) {
			t.Errorf("as %s in %s: %s shows %s: %q in %q", c.role, lang.Code(), page, f.Check, f.Text, f.Around)
		}
		for _, next := range pageLinks(h.base, page, body) {
			// A public page's record has its JSON twin in the API: /procurement/tenders/X is
			// /api/v1/tenders/X, /applications/X is /api/v1/applications/X.
			for _, twin := range []string{"/api/v1" + strings.TrimPrefix(next, "/procurement"), "/api/v1" + next} {
				if r, _ := h.match("GET", strings.SplitN(twin, "?", 2)[0]); !officer && strings.HasPrefix(r, "/api/v1/") {
					queue = append(queue, twin)
				}
			}
			if !seen[next] {
				queue = append(queue, next)
			}
		}
	}
}

// sweep opens a page of each route in headless Chromium, with JavaScript off, in both languages,
// at 1280 and 360 px: axe-core finds no WCAG 2.1 AA violation, and at 360 px nothing scrolls
// sideways. Each admin route is opened once, as the first role in sweepOrder that reached it (the
// supervisor sees the most of a case); the reporter opens the mailbox, and the anonymous visitor
// every public page and the sign-in page. With CRAWL_SHOTS=dir it also saves a screenshot of each,
// to look at.
func sweep(t *testing.T, h *hostile, clients []*hostileClient, pages map[*hostileClient]map[string]string) {
	shots := os.Getenv("CRAWL_SHOTS")
	base, _ := url.Parse(h.base)
	slices.SortStableFunc(clients, func(a, b *hostileClient) int {
		return slices.Index(sweepOrder, a.role) - slices.Index(sweepOrder, b.role)
	})
	done := map[string]bool{}
	for _, c := range clients {
		var routes []string
		for _, route := range slices.Sorted(maps.Keys(pages[c])) {
			if !done[route] && (c.role == "anonymous" || strings.HasPrefix(route, "/admin") || strings.HasPrefix(route, "/mailbox")) {
				done[route] = true
				routes = append(routes, route)
			}
		}
		if len(routes) == 0 {
			continue
		}
		for _, lang := range []string{"zh-TW", "en"} {
			for _, width := range []int{1280, 360} {
				b := browsertest.New(t, browsertest.WithJavaScriptDisabled(), browsertest.WithLanguage(lang),
					browsertest.WithViewport(width, 800), browsertest.WithTimeout(10*time.Minute))
				b.SetCookies(t, h.base, c.c.Jar.Cookies(base))
				for _, route := range routes {
					p := b.Open(t, h.base+pages[c][route])
					for _, v := range p.Axe(t) {
						t.Errorf("as %s in %s at %d px: %s: axe %s: %s %v", c.role, lang, width, pages[c][route], v.ID, v.Help, v.Targets)
					}
					if width == 360 && p.HorizontalOverflow(t) {
						t.Errorf("as %s in %s at 360 px: %s scrolls sideways", c.role, lang, pages[c][route])
					}
					if shots != "" {
						name := strings.Trim(strings.NewReplacer("/", "_", ":", "", "*", "").Replace(route), "_")
						p.Screenshot(t, fmt.Sprintf("%s/%s/%s-%s-%d.png", shots, c.role, name, lang, width))
					}
				}
			}
		}
	}
}

var sweepOrder = []string{"supervisor", "intake", "investigator", "custodian", "auditor", "data", "sysadmin", "reporter", "anonymous"}

func crawlGet(t *testing.T, h *hostile, c *hostileClient, lang i18n.Lang, page string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", h.base+page, nil)
	req.Header.Set("Accept-Language", lang.Code())
	resp, err := c.c.Do(req)
	if err != nil {
		t.Errorf("as %s: GET %s: %v", c.role, page, err)
		return 599, "", ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// pageLinks returns the same-site links of a page, as paths with their query.
func pageLinks(base, page, body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	from, _ := url.Parse(base + page)
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key != "href" {
					continue
				}
				if u, err := from.Parse(a.Val); err == nil && u.Host == from.Host {
					u.Fragment = ""
					out = append(out, u.RequestURI())
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// seedCases puts the submitted reports through the steps officers take, through the forms the
// case page offers, so the crawl finds cases in several states, messages, notes and a pending
// approval: the intake officer acknowledges, accepts, assigns and writes; the investigator notes
// and proposes a referral, which waits for the supervisor.
func seedCases(t *testing.T, h *hostile, officers map[string]*hostileClient) {
	t.Helper()
	ctx := context.Background()
	rows, err := h.e.pool.Query(ctx, `SELECT id FROM cases ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < 3 {
		t.Fatalf("%d cases", len(ids))
	}
	var investigator int64
	h.e.pool.QueryRow(ctx, `SELECT id FROM officers WHERE username = 'demo-investigator'`).Scan(&investigator)
	intake, inv := officers["intake"], officers["investigator"]
	for i, id := range ids {
		page := fmt.Sprintf("/admin/cases/%d", id)
		switch i {
		case 0, len(ids) - 1:
			submitForm(t, h, intake, page, "action=acknowledge", nil)
			submitForm(t, h, intake, page, "action=accept", nil)
			submitForm(t, h, intake, page, "/assign", map[string]string{"assignee": fmt.Sprint(investigator)})
			submitForm(t, h, intake, page, "/reply", map[string]string{"text": "感謝您的檢舉，請問您是否保留了投標文件？"})
			submitForm(t, h, inv, page, "/note", map[string]string{"text": "已調閱投標文件。"})
			if i == 0 {
				submitForm(t, h, inv, page, "action=refer", map[string]string{"reference": "中市政字第1150001234號"})
			}
		case 1:
			submitForm(t, h, intake, page, "action=acknowledge", nil)
		}
	}
}

// submitReportWithFile sends a report with an attachment through the form, as a citizen does.
func submitReportWithFile(t *testing.T, h *hostile, c *hostileClient) {
	t.Helper()
	s := h.formSample(c, "/report", "POST /report")
	if s == nil {
		t.Fatal("no report form")
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields := map[string]string{"category": "procurement", "agency": "1", "what": "建設局標案疑似綁標，附上投標須知。", "reported_elsewhere": "no"}
	for _, f := range s.form {
		v, ok := fields[f[0]]
		switch {
		case f[1] == "\x00file":
			fw, _ := w.CreateFormFile(f[0], "投標須知.txt")
			fw.Write([]byte("投標須知：資格限於本市登記廠商。\n"))
			continue
		case f[0] == "captcha":
			v, _ = captcha.AnswerForTest(context.Background(), h.e.pool, s.form[slices.IndexFunc(s.form, func(f [2]string) bool { return f[0] == "captcha_id" })][1])
		case !ok:
			v = f[1]
		}
		w.WriteField(f[0], v)
	}
	w.Close()
	req, _ := http.NewRequest("POST", h.base+s.path+"?csrf_token="+url.QueryEscape(c.token), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || receiptText.FindSubmatch(b) == nil {
		t.Fatalf("report with a file: %d\n%.500s", resp.StatusCode, b)
	}
}

// seedUploads stores what a data officer sends, and imports it as the queued jobs would: a
// procurement package and an application file that imports, and one of each that is refused.
func seedUploads(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	var data int64
	e.pool.QueryRow(ctx, `SELECT id FROM officers WHERE username = 'demo-data'`).Scan(&data)
	pkg, err := os.ReadFile("../../testdata/ocds/ocp-fictional_release-package_ocds-213czf-000-00001.json")
	if err != nil {
		t.Fatal(err)
	}
	dirty := `{"releases": [{"ocid": "ocds-twpcc-1", "id": "1", "date": "2024-01-02T00:00:00Z", "tag": ["tender"],
		"tender": {"id": "1", "value": {"amount": "abc", "currency": "TWD"}}}]}`
	apps, err := os.ReadFile("../../portal/applications/testdata/applications.csv")
	if err != nil {
		t.Fatal(err)
	}
	badApps := "機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,處理結果\n" +
		"X1,不存在的機關,A-1,01,戶籍謄本,臨櫃,2024-01-02,2024-01-03,核准\n"
	var procIDs, appIDs []int64
	err = pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		for i, body := range []string{string(pkg), dirty} {
			id, err := importer.Store(ctx, tx, strings.NewReader(body), fmt.Sprintf("upload-%d.json", i), "", data, 1<<20)
			if err != nil {
				return err
			}
			procIDs = append(procIDs, id)
		}
		for i, body := range []string{string(apps), badApps} {
			id, err := applications.StoreUpload(ctx, tx, strings.NewReader(body), applications.KindApplications, fmt.Sprintf("applications-%d.csv", i), "", data, 1<<20)
			if err != nil {
				return err
			}
			appIDs = append(appIDs, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	procWorker := &importer.Worker{DB: e.pool, OCIDPrefix: "ocds-twpcc", Logger: e.log}
	for _, id := range procIDs {
		procWorker.Work(ctx, &river.Job[importer.Args]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 25}, Args: importer.Args{UploadID: id}})
	}
	appWorker := &applications.ImportWorker{DB: e.pool, Logger: e.log}
	for _, id := range appIDs {
		appWorker.Work(ctx, &river.Job[applications.ImportArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 25}, Args: applications.ImportArgs{UploadID: id}})
	}
}

// submitForm finds on page the form that sends to a route ending in what (or, for "action=X", the
// form with that hidden action), fills what it leaves empty as an officer would, and posts it.
func submitForm(t *testing.T, h *hostile, c *hostileClient, page, what string, set map[string]string) {
	t.Helper()
	_, _, body := crawlGet(t, h, c, i18n.ZhTW, page)
	f := findForm(body, what)
	if f == nil {
		t.Fatalf("as %s: no form %q on %s", c.role, what, page)
	}
	v := url.Values{}
	for _, fl := range f.fields {
		val := fl.value
		if s, ok := set[fl.name]; ok {
			val = s
		} else if val == "" {
			switch fl.kind {
			case "date":
				val = time.Now().Format(time.DateOnly)
			case "text", "textarea", "":
				val = "示範內容"
			}
		}
		v.Set(fl.name, val)
	}
	v.Set("csrf_token", c.token)
	req, _ := http.NewRequest("POST", h.base+f.action, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "zh-TW")
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusOK {
		t.Fatalf("as %s: %s on %s answered %d\n%.500s", c.role, what, page, resp.StatusCode, b)
	}
}

type formField struct{ name, value, kind string }

type pageForm struct {
	action string
	fields []formField
}

func findForm(body, what string) *pageForm {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	var forms []*pageForm
	var walk func(n *html.Node, f *pageForm)
	walk = func(n *html.Node, f *pageForm) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch n.Data {
			case "form":
				if strings.EqualFold(a["method"], "post") {
					f = &pageForm{action: a["action"]}
					forms = append(forms, f)
				}
			case "input", "select", "textarea":
				if f != nil && a["name"] != "" && a["name"] != "csrf_token" && !slices.ContainsFunc(f.fields, func(x formField) bool { return x.name == a["name"] }) {
					v, kind := a["value"], a["type"]
					switch n.Data {
					case "select":
						v, kind = firstOption(n), "select"
					case "textarea":
						kind = "textarea"
						if n.FirstChild != nil {
							v = n.FirstChild.Data
						}
					}
					if kind == "checkbox" || kind == "radio" {
						if _, checked := a["checked"]; !checked {
							break
						}
					}
					f.fields = append(f.fields, formField{a["name"], v, kind})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, f)
		}
	}
	walk(doc, nil)
	for _, f := range forms {
		if name, value, ok := strings.Cut(what, "="); ok {
			if slices.Contains(f.fields, formField{name, value, "hidden"}) {
				return f
			}
		} else if strings.HasSuffix(f.action, what) {
			return f
		}
	}
	return nil
}
