package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/net/html"

	"integrity-portal/admin"
	"integrity-portal/intake/captcha"
	"integrity-portal/internal/testdb"
)

// The hostile-input test is generated from the route tables (the gin engine that serve builds from
// portal, intake and admin routes.go): every route, as every role, gets every class of hostile
// value in each of its parameters, one parameter at a time, and no answer may be a 5xx. A route's
// parameters are found as a browser finds them: its path parameters, the query keys of the links
// to it, and the fields of the forms that send to it (with their defaults for the other fields).

// hostileValues are the classes of value every parameter gets.
var hostileValues = map[string]string{
	"nul":       "a\x00b",
	"utf8":      "\xff\xfe\xc3\x28",
	"control":   "a\x1b[2J\x07b",
	"huge":      strings.Repeat("x", 200<<10),
	"int64-max": "9223372036854775807",
	"past-int":  "99999999999999999999999",
	"past-int4": "99999999999",
	"negative":  "-1",
	"empty":     "",
	"traversal": "../../../../etc/passwd",
	"long":      strings.Repeat("臺", 4000),
}

// memoryHard are the routes whose work is memory-hard (scrypt, the receipt KDF): sent one at a time,
// as the memory budget would let them through, so the test measures answers, not the machine.
var memoryHard = []string{"/admin/login", "/admin/login/totp", "/admin/login/enrol", "/admin/password", "/mailbox"}

// hostileRoles are the officers the test signs in, one per role; "anonymous" and "reporter" (a
// mailbox opened with a receipt) are added.
var hostileRoles = admin.Roles

// sample is one way to call a route, as found on a page: the others' values when one is attacked.
type sample struct {
	method, route string
	path          string            // concrete, as linked
	params        map[string]string // path parameters by name
	query         url.Values
	form          [][2]string // ordered fields of a POST form
	multipart     bool
	captcha       bool // the form carries a captcha: fetched anew for every request
	formPage      string
}

type hostileClient struct {
	role  string
	c     *http.Client
	token string // this browser's CSRF token
	// after are forms that only a POST's answer shows (the receipt page's confirmation).
	after []*sample
}

func TestHostileInputNeverFails(t *testing.T) {
	e, srv, routes := demoSite(t)
	ctx := context.Background()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })

	// Accounts: one per role, past their first password, and one that the users page may act on.
	for _, role := range append([]string{"victim"}, hostileRoles...) {
		roles := []string{role}
		if role == "victim" {
			roles = []string{"auditor"}
		}
		if _, err := admin.AddOfficer(ctx, e.pool, admin.NewOfficer{Username: "h-" + role, DisplayName: "測試 " + role, Roles: roles, Password: "hostile input " + role}); err != nil {
			t.Fatal(err)
		}
	}
	e.pool.Exec(ctx, `UPDATE officers SET must_change_password = false`)

	h := &hostile{t: t, base: srv.URL, routes: routes, e: e, sent: map[string]int{}}
	anon := h.client("anonymous")
	reporter := h.client("reporter")
	h.submitReport(reporter)
	h.submitReport(anon)
	clients := []*hostileClient{anon, reporter}
	for _, role := range hostileRoles {
		c := h.client(role)
		h.signIn(c, "h-"+role, "hostile input "+role)
		clients = append(clients, c)
	}

	// Names that lists take whether or not a page links with them (a next page shows only past 50).
	h.names = []string{"page", "format", "q", "sort", "from", "to", "year", "limit", "cursor"}
	found := map[*hostileClient]map[string]*sample{}
	for _, c := range clients {
		found[c] = h.discover(c)
		for _, s := range c.after {
			found[c][s.method+" "+s.route] = s
		}
		for _, s := range found[c] {
			for k := range s.query {
				h.names = append(h.names, k)
			}
			for _, f := range s.form {
				h.names = append(h.names, f[0])
			}
		}
	}
	slices.Sort(h.names)
	h.names = slices.Compact(h.names)
	for _, c := range clients {
		h.attack(c, found[c])
	}
	for _, r := range routes {
		if h.sent[r.Method+" "+r.Path] == 0 {
			t.Errorf("%s %s: no request was generated for it", r.Method, r.Path)
		}
	}
	t.Logf("%d requests to %d routes", h.total, len(routes))
}

// demoSite serves the whole portal over a new database with its demo procurement and applications
// data, as the tests that walk every route need it. Its waits are generous: those tests are about
// answers, on a machine that may be busy with other work.
func demoSite(t *testing.T) (*env, *httptest.Server, []gin.RouteInfo) {
	e := testEnv(t, testdb.New(t), map[string]string{"PORTAL_REQUEST_TIMEOUT": "5m", "PORTAL_MEMORY_WAIT": "5m"})
	handler, err := e.buildHandler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	if err := e.firstStart(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := loadDemoProcurement(ctx, e.pool, 20, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := loadDemoApplications(ctx, e.pool, 200, io.Discard); err != nil {
		t.Fatal(err)
	}
	return e, srv, handler.(*gin.Engine).Routes()
}

type hostile struct {
	t      *testing.T
	e      *env
	base   string
	routes []gin.RouteInfo

	mu    sync.Mutex
	sent  map[string]int
	total int
	hard  sync.Mutex // one memory-hard request at a time
	// names are every parameter name found on any page as any role: a handler may read a query
	// parameter that no page of its own sends (the case list's category, the example).
	names []string
}

func (h *hostile) client(role string) *hostileClient {
	jar, _ := cookiejar.New(nil)
	c := &hostileClient{role: role, c: &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	body, _ := h.get(c, "/mailbox")
	c.token = formToken(body)
	if c.token == "" {
		h.t.Fatalf("%s: no CSRF token on /mailbox", role)
	}
	return c
}

var (
	csrfValue   = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	csrfInURL   = regexp.MustCompile(`csrf_token=([^"&#]+)`)
	totpSecret  = regexp.MustCompile(`id="totp-secret">([^<]+)<`)
	receiptText = regexp.MustCompile(`id="receipt"[^>]*>(\d{4} \d{4} \d{4} \d{4} \d{4})<`)
)

func formToken(body string) string {
	if m := csrfValue.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	if m := csrfInURL.FindStringSubmatch(body); m != nil {
		v, _ := url.QueryUnescape(html.UnescapeString(m[1]))
		return v
	}
	return ""
}

func (h *hostile) get(c *hostileClient, path string) (string, int) {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.base+path, nil)
	req.Header.Set("Accept-Language", "zh-TW")
	resp, err := c.c.Do(req)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

func (h *hostile) postForm(c *hostileClient, path string, v url.Values) (string, int) {
	h.t.Helper()
	v.Set("csrf_token", c.token)
	req, _ := http.NewRequest("POST", h.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.c.Do(req)
	if err != nil {
		h.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

// signIn goes through the password and the TOTP enrolment, as an officer's first sign-in does.
func (h *hostile) signIn(c *hostileClient, username, password string) {
	h.t.Helper()
	if _, status := h.postForm(c, "/admin/login", url.Values{"username": {username}, "password": {password}}); status != http.StatusSeeOther {
		h.t.Fatalf("%s: sign-in answered %d", username, status)
	}
	body, _ := h.get(c, "/admin/login/enrol")
	m := totpSecret.FindStringSubmatch(body)
	if m == nil {
		h.t.Fatalf("%s: no TOTP enrolment page", username)
	}
	code, err := totp.GenerateCodeCustom(strings.ReplaceAll(m[1], " ", ""), time.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		h.t.Fatal(err)
	}
	if _, status := h.postForm(c, "/admin/login/enrol", url.Values{"code": {code}}); status != http.StatusSeeOther {
		h.t.Fatalf("%s: enrolment answered %d", username, status)
	}
	if _, status := h.get(c, "/admin/password"); status != http.StatusOK {
		h.t.Fatalf("%s: not signed in (%d)", username, status)
	}
}

// submitReport sends a report through the form and, for the reporter, opens its mailbox.
func (h *hostile) submitReport(c *hostileClient) {
	h.t.Helper()
	s := h.formSample(c, "/report", "POST /report")
	if s == nil {
		h.t.Fatal("no report form")
	}
	fields := map[string]string{"category": "procurement", "agency": "1", "what": "測試檢舉內容", "reported_elsewhere": "no"}
	for i, f := range s.form {
		if v, ok := fields[f[0]]; ok {
			s.form[i][1] = v
		}
	}
	status, body := h.send(c, s, "", "")
	m := receiptText.FindStringSubmatch(body)
	if status != 200 || m == nil {
		h.t.Fatalf("report: %d", status)
	}
	_, c.after = h.parsePage("/report", body)
	if c.role == "reporter" {
		if _, status := h.postForm(c, "/mailbox", url.Values{"receipt": {m[1]}}); status != http.StatusSeeOther {
			h.t.Fatalf("mailbox: %d", status)
		}
	}
}

// formSample reads the page at path and returns the sample of its form that sends to route.
func (h *hostile) formSample(c *hostileClient, path, route string) *sample {
	body, _ := h.get(c, path)
	_, forms := h.parsePage(path, body)
	for _, s := range forms {
		if s.method+" "+s.route == route {
			return s
		}
	}
	return nil
}

// match finds the route of a concrete method and path, with its path parameters.
func (h *hostile) match(method, path string) (string, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, r := range h.routes {
		if r.Method != method {
			continue
		}
		rsegs := strings.Split(strings.Trim(r.Path, "/"), "/")
		params := map[string]string{}
		ok := len(rsegs) == len(segs) || strings.HasPrefix(rsegs[len(rsegs)-1], "*") && len(segs) >= len(rsegs)
		for i := 0; ok && i < len(rsegs); i++ {
			switch rs := rsegs[i]; {
			case strings.HasPrefix(rs, "*"):
				params[rs[1:]] = strings.Join(segs[i:], "/")
				i = len(rsegs)
			case strings.HasPrefix(rs, ":"):
				params[rs[1:]] = segs[i]
			default:
				ok = rs == segs[i]
			}
		}
		if ok {
			return r.Path, params
		}
	}
	return "", nil
}

// parsePage finds the links and forms of a page: the links as GET samples, the forms as samples of
// the route they send to. A link that carries a query takes the page's GET form fields too (an
// export or a next page keeps the list's filters).
func (h *hostile) parsePage(page, body string) (links []*sample, forms []*sample) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil, nil
	}
	var filters []string
	var walk func(n *html.Node, form *sample)
	walk = func(n *html.Node, form *sample) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch n.Data {
			case "a":
				if s := h.sampleOf("GET", page, a["href"]); s != nil {
					if strings.Contains(a["href"], "?") {
						s.query["\x00filters"] = nil // marked; filled below
					}
					links = append(links, s)
				}
			case "form":
				method := strings.ToUpper(a["method"])
				if method == "" {
					method = "GET"
				}
				action := a["action"]
				if action == "" {
					action = page
				}
				if s := h.sampleOf(method, page, action); s != nil {
					s.multipart = a["enctype"] == "multipart/form-data"
					s.formPage = page
					forms = append(forms, s)
					form = s
				}
			case "input", "select", "textarea":
				if form != nil && a["name"] != "" && a["name"] != "csrf_token" {
					v := a["value"]
					switch {
					case n.Data == "select":
						v = firstOption(n)
					case n.Data == "textarea" && n.FirstChild != nil:
						v = n.FirstChild.Data
					case a["type"] == "checkbox" || a["type"] == "radio":
						if slices.ContainsFunc(form.form, func(f [2]string) bool { return f[0] == a["name"] }) {
							break
						}
						if v == "" {
							v = "on"
						}
					case a["type"] == "file":
						v = "\x00file"
					}
					if !slices.ContainsFunc(form.form, func(f [2]string) bool { return f[0] == a["name"] }) {
						form.form = append(form.form, [2]string{a["name"], v})
						form.captcha = form.captcha || a["name"] == "captcha_id"
					}
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, form)
		}
	}
	walk(doc, nil)
	for _, f := range forms {
		if f.method == "GET" {
			for _, kv := range f.form {
				f.query.Set(kv[0], kv[1])
				filters = append(filters, kv[0])
			}
			f.form = nil
		}
	}
	for _, l := range links {
		if _, marked := l.query["\x00filters"]; marked {
			delete(l.query, "\x00filters")
			for _, k := range filters {
				if !l.query.Has(k) {
					l.query.Set(k, "")
				}
			}
		}
	}
	return links, forms
}

func firstOption(sel *html.Node) string {
	var first, chosen string
	var found bool
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "option" {
			v, hasValue, selected := "", false, false
			for _, at := range n.Attr {
				switch at.Key {
				case "value":
					v, hasValue = at.Val, true
				case "selected":
					selected = true
				}
			}
			if !hasValue && n.FirstChild != nil {
				v = n.FirstChild.Data
			}
			if !found && v != "" {
				first, found = v, true
			}
			if selected {
				chosen = v
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(sel)
	if chosen != "" {
		return chosen
	}
	return first
}

// sampleOf turns a same-site address into a sample of its route, or nil.
func (h *hostile) sampleOf(method, page, ref string) *sample {
	base, _ := url.Parse(h.base + page)
	u, err := base.Parse(ref)
	if err != nil || u.Host != base.Host {
		return nil
	}
	q := u.Query()
	q.Del("csrf_token")
	route, params := h.match(method, u.Path)
	if route == "" {
		return nil
	}
	return &sample{method: method, route: route, path: u.EscapedPath(), params: params, query: q}
}

// skipAs are the routes a role does not attack: those that would end or replace its own session
// (the anonymous client attacks them), and for officers the public side.
func skipAs(role, route string) bool {
	if role == "anonymous" {
		return false
	}
	if role != "reporter" && !strings.HasPrefix(route, "/admin") {
		return true // the public side reads no officer's session: anonymous and reporter cover it
	}
	return slices.Contains([]string{"/admin/logout", "/admin/logout/all", "/mailbox/logout", "/admin/login", "/admin/login/totp",
		"/admin/login/enrol", "/mailbox"}, route)
}

// discover crawls the site as c, from the start pages and every route without parameters, and
// returns a sample for each route it may call: the one found with the most parameters, or one made
// from the route table for a route no page links to.
func (h *hostile) discover(c *hostileClient) map[string]*sample {
	best := map[string]*sample{}
	keep := func(s *sample) {
		key := s.method + " " + s.route
		if skipAs(c.role, s.route) {
			return
		}
		if _, ok := s.params["username"]; ok { // the users page acts on the account kept for it
			s.params["username"] = "h-victim"
			s.path = h.routePath(s, "username", "h-victim")
		}
		old := best[key]
		if old == nil || len(s.query)+len(s.form) > len(old.query)+len(old.form) {
			best[key] = s
		}
	}
	queue := []string{"/", "/admin"}
	for _, r := range h.routes {
		if r.Method == "GET" && !strings.ContainsAny(r.Path, ":*") {
			queue = append(queue, r.Path)
		}
	}
	seen := map[string]bool{}
	perRoute := map[string]int{}
	officer := c.role != "anonymous" && c.role != "reporter"
	for len(queue) > 0 && len(seen) < 120 {
		page := queue[0]
		queue = queue[1:]
		if seen[page] || strings.HasPrefix(page, "/static/") || strings.HasPrefix(page, "/lang/") ||
			strings.HasSuffix(page, ".csv") || strings.HasSuffix(page, ".json") || strings.HasSuffix(page, ".jsonl") ||
			strings.Contains(page, "/export") || strings.Contains(page, "/files/") || strings.HasPrefix(page, "/captcha/") ||
			officer && !strings.HasPrefix(page, "/admin") {
			continue
		}
		seen[page] = true
		body, status := h.get(c, page)
		if status != 200 || !strings.Contains(body, "<html") {
			continue
		}
		links, forms := h.parsePage(page, body)
		for _, l := range links {
			keep(l)
			if perRoute[l.route] < 2 { // two pages of a kind say all its links do
				perRoute[l.route]++
				queue = append(queue, l.path+"?"+l.query.Encode())
			}
		}
		for _, f := range forms {
			keep(f)
		}
	}
	for _, r := range h.routes {
		key := r.Method + " " + r.Path
		if best[key] != nil || skipAs(c.role, r.Path) {
			continue
		}
		params, path := map[string]string{}, r.Path
		for _, seg := range strings.Split(r.Path, "/") {
			if strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "*") {
				params[seg[1:]] = "1"
				path = strings.Replace(path, seg, "1", 1)
			}
		}
		best[key] = &sample{method: r.Method, route: r.Path, path: path, params: params, query: url.Values{}}
	}
	return best
}

// attack sends every hostile value to every parameter of every sample, four requests at a time.
func (h *hostile) attack(c *hostileClient, samples map[string]*sample) {
	type job struct {
		s            *sample
		param, class string
	}
	var jobs []job
	for _, s := range samples {
		jobs = append(jobs, job{s, "", ""}) // the sample as found
		var params []string
		for p := range s.params {
			params = append(params, "path:"+p)
		}
		for p := range s.query {
			params = append(params, "query:"+p)
		}
		for _, f := range s.form {
			if f[1] != "\x00file" {
				params = append(params, "form:"+f[0])
			}
		}
		for _, p := range params {
			for class := range hostileValues {
				jobs = append(jobs, job{s, p, class})
			}
		}
		if s.multipart {
			jobs = append(jobs, job{s, "", "text-after-file"}, job{s, "", "cut-inside-file"})
		}
		if s.method == "GET" && s.route != "/static/*file" {
			for class := range hostileValues {
				if class != "huge" && class != "long" { // all names at once would pass the header limit
					jobs = append(jobs, job{s, "every-other-name", class})
				}
			}
		}
	}
	work := make(chan job)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				hard := slices.Contains(memoryHard, j.s.route) && j.s.method == "POST"
				if hard {
					h.hard.Lock()
				}
				status, body := h.send(c, j.s, j.param, j.class)
				if hard {
					h.hard.Unlock()
				}
				h.mu.Lock()
				h.sent[j.s.method+" "+j.s.route]++
				h.total++
				h.mu.Unlock()
				if status >= 500 {
					h.t.Errorf("as %s: %s %s with %s = %s class: %d\n%.300s", c.role, j.s.method, j.s.route, j.param, j.class, status, body)
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
}

// send makes the sample's request with param set to the class's value ("" for the sample as found),
// and returns the status and body. The busy page (503 with Retry-After) is not a failure; a client
// error (a hang past the timeout) is a 599.
func (h *hostile) send(c *hostileClient, s *sample, param, class string) (int, string) {
	value := hostileValues[class]
	kind, name, _ := strings.Cut(param, ":")

	form := slices.Clone(s.form)
	if s.captcha { // a captcha answers once: a new one, answered right, for every request
		if fresh := h.formSampleQuiet(c, s.formPage, s.method+" "+s.route); fresh != nil {
			id := ""
			for _, f := range fresh.form {
				if f[0] == "captcha_id" {
					id = f[1]
				}
			}
			answer, _ := captcha.AnswerForTest(context.Background(), h.e.pool, id)
			for i := range form {
				switch form[i][0] {
				case "captcha_id":
					form[i][1] = id
				case "captcha":
					form[i][1] = answer
				}
			}
		}
	}
	path := s.path
	if kind == "path" {
		path = h.routePath(s, name, value)
	}
	q := url.Values{}
	for k, v := range s.query {
		q[k] = slices.Clone(v)
	}
	if kind == "query" {
		q.Set(name, value)
	}
	if param == "every-other-name" {
		for _, n := range h.names {
			if !q.Has(n) {
				q.Set(n, value)
			}
		}
	}
	if kind == "form" {
		for i := range form {
			if form[i][0] == name {
				form[i][1] = value
			}
		}
	}

	var body io.Reader
	ctype := ""
	switch {
	case s.method == "GET" || s.method == "HEAD" || s.method == "OPTIONS":
	case s.multipart:
		q.Set("csrf_token", c.token)
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fileField := "files"
		for _, f := range form {
			if f[1] == "\x00file" {
				fileField = f[0]
			}
		}
		writeFile := func() {
			fw, _ := w.CreateFormFile(fileField, "note.txt")
			fw.Write(bytes.Repeat([]byte("evidence "), 200))
		}
		if class == "text-after-file" {
			writeFile()
		}
		for _, f := range form {
			if f[1] == "\x00file" {
				if class != "text-after-file" {
					w.CreatePart(map[string][]string{"Content-Disposition": {`form-data; name="` + f[0] + `"; filename=""`},
						"Content-Type": {"application/octet-stream"}})
				}
				continue
			}
			w.WriteField(f[0], f[1])
		}
		if class == "cut-inside-file" {
			writeFile()
			body = bytes.NewReader(buf.Bytes()) // no closing boundary: the body ends inside the file
		} else {
			w.Close()
			body = bytes.NewReader(buf.Bytes())
		}
		ctype = w.FormDataContentType()
	default:
		v := url.Values{"csrf_token": {c.token}}
		for _, f := range form {
			v.Add(f[0], f[1])
		}
		body, ctype = strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
	}
	target := h.base + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	req, err := http.NewRequest(s.method, target, body)
	if err != nil {
		return 0, err.Error() // a value no client can send (none here)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept-Language", "zh-TW")
	resp, err := c.c.Do(req)
	if err != nil {
		return 599, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" && strings.Contains(string(b), "系統忙碌中") {
		return 200, "" // the busy page (the memory budget, the upload slots): a legitimate answer
	}
	return resp.StatusCode, string(b)
}

// formSampleQuiet is formSample for the workers: a failed fetch is no sample, not a fatal error.
func (h *hostile) formSampleQuiet(c *hostileClient, page, route string) *sample {
	req, _ := http.NewRequest("GET", h.base+page, nil)
	resp, err := c.c.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	_, forms := h.parsePage(page, string(b))
	for _, s := range forms {
		if s.method+" "+s.route == route {
			return s
		}
	}
	return nil
}

// routePath is the sample's path with one path parameter replaced by value, escaped as a segment.
func (h *hostile) routePath(s *sample, name, value string) string {
	var out []string
	for _, seg := range strings.Split(s.route, "/") {
		switch {
		case seg == ":"+name || seg == "*"+name:
			out = append(out, url.PathEscape(value))
		case strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "*"):
			out = append(out, url.PathEscape(s.params[seg[1:]]))
		default:
			out = append(out, seg)
		}
	}
	return strings.Join(out, "/")
}
