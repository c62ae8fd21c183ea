package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"filippo.io/age"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/admin"
	"integrity-portal/crypto"
	"integrity-portal/intake/captcha"
	"integrity-portal/internal/config"
	"integrity-portal/internal/database"
	"integrity-portal/internal/officekeys"
	"integrity-portal/internal/testdb"
	"integrity-portal/internal/web"
	"integrity-portal/portal"
)

// env is a running intake on a fresh database, with an intake officer and the recovery identity.
type env struct {
	t        testing.TB
	srv      *httptest.Server
	in       *Intake
	db       *pgxpool.Pool
	dbURL    string
	logs     *syncBuffer
	recovery *age.HybridIdentity
	officer  *age.HybridIdentity // an intake officer's opened identity

	router     http.Handler
	csrfToken  string // a valid token and cookie, for requests sent to router in process
	csrfCookie *http.Cookie

	mu     sync.Mutex
	cancel context.CancelFunc // of the request in flight, for the atomicity test

	waiting atomic.Int64 // handlers inside a read of their request's body: waiting on the client
}

// watchedBody counts the handler as waiting on its client while a read of the body is in progress.
type watchedBody struct {
	io.ReadCloser
	waiting *atomic.Int64
}

func (w watchedBody) Read(p []byte) (int, error) {
	w.waiting.Add(1)
	defer w.waiting.Add(-1)
	return w.ReadCloser.Read(p)
}

func (e *env) handler() http.Handler { return e.router }

const officerPassword = "officer password for tests"

// canaryAgent is every test request's User-Agent, which no log may hold.
const canaryAgent = "CanaryAgent/7.3 (intake test)"

// testParams keep the receipt KDF cheap in tests; the real costs are benchmarked.
var testParams = crypto.ReceiptParams{Time: 1, MemoryKiB: 1024, Threads: 1}

func newEnv(t *testing.T, change func(*Options)) *env { return newEnvTB(t, change) }

func newEnvTB(t testing.TB, change func(*Options)) *env { return newEnvVars(t, nil, change) }

// newEnvVars is newEnv with configuration variables set (e.g. PORTAL_UPLOADS_IN_FLIGHT).
func newEnvVars(t testing.TB, vars map[string]string, change func(*Options)) *env {
	t.Helper()
	ctx := context.Background()
	db, url := testdb.NewWithURL(t)
	e := &env{t: t, db: db, dbURL: url, logs: &syncBuffer{}}

	var err error
	if e.recovery, err = crypto.NewRecoveryKey(); err != nil {
		t.Fatal(err)
	}
	if err := officekeys.SetRecoveryRecipient(ctx, db, e.recovery.Recipient().String()); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddOfficer(ctx, db, admin.NewOfficer{Username: "intake1", DisplayName: "收件 一", Roles: []string{"intake"}, Password: officerPassword}); err != nil {
		t.Fatal(err)
	}
	// Approved as a second supervisor would, so that intake seals to it.
	if _, err := db.Exec(ctx, `UPDATE officers SET roles_approved_at = now() WHERE username = 'intake1'`); err != nil {
		t.Fatal(err)
	}
	var k crypto.OfficerKey
	db.QueryRow(ctx, `SELECT age_recipient, sealed_identity FROM officers WHERE username = 'intake1'`).Scan(&k.Recipient, &k.Sealed)
	if e.officer, err = crypto.OpenOfficerKey(k, officerPassword); err != nil {
		t.Fatal(err)
	}

	cfg, err := config.Load(config.Source{Lookup: func(name string) (string, bool) { v, ok := vars[name]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(e.logs, nil))
	site, err := web.NewSite(web.Options{Config: cfg, Logger: logger, CSRFKey: bytes.Repeat([]byte("c"), 32),
		Ready: func(ctx context.Context) error { return database.Ready(ctx, db) },
		Pages: map[string]fs.FS{"intake": Templates(), "portal": portal.Templates()}})
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Site: site, DB: db, Logger: logger, Pepper: []byte("test pepper, at least 32 characters"),
		ReceiptParams: testParams, FileMax: cfg.UploadFileMax, TotalMax: cfg.UploadTotalMax, UploadTimeout: cfg.UploadTimeout}
	if change != nil {
		change(&o)
	}
	e.in = New(o)
	r := site.Engine()
	portal.Routes(r, site, db, nil)
	e.in.Routes(r)
	if err := site.Check(); err != nil {
		t.Fatal(err)
	}
	e.router = r
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest("GET", "/mailbox", nil))
	e.csrfCookie = w.Result().Cookies()[0]
	e.csrfToken = find(t, csrfInField, w.Body.String())
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithCancel(req.Context())
		e.mu.Lock()
		e.cancel = cancel
		e.mu.Unlock()
		defer cancel()
		req.Body = watchedBody{req.Body, &e.waiting}
		r.ServeHTTP(w, req.WithContext(ctx))
	}))
	t.Cleanup(e.srv.Close)
	return e
}

// client is a browser-like HTTP client with its own cookies.
type client struct {
	e *env
	c *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is an answer with its body read.
type page struct {
	status int
	body   string
	header http.Header
}

func (c *client) get(path string, lang string) page {
	c.e.t.Helper()
	req, _ := http.NewRequest("GET", c.e.srv.URL+path, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	return c.do(req)
}

func (c *client) do(req *http.Request) page {
	c.e.t.Helper()
	req.Header.Set("User-Agent", canaryAgent)
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, body: string(b), header: resp.Header}
}

var (
	csrfInAction = regexp.MustCompile(`action="[^"]*\?csrf_token=([^"#]+)`)
	csrfInField  = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	captchaField = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)
)

func find(t testing.TB, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in page:\n%.3000s", re, body)
	}
	return strings.ReplaceAll(m[1], "&#43;", "+")
}

// field is one multipart part: a text field, or a file when filename is set.
type field struct {
	name, value, filename string
	content               []byte
}

func multipartBody(fields []field) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		if f.filename != "" {
			fw, _ := w.CreateFormFile(f.name, f.filename)
			fw.Write(f.content)
		} else {
			w.WriteField(f.name, f.value)
		}
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

// form fetches a form page and returns its CSRF token and captcha id with the right answer.
func (c *client) form(path string) (token, captchaID, answer string) {
	c.e.t.Helper()
	p := c.get(path, "zh-TW")
	if p.status != 200 {
		c.e.t.Fatalf("GET %s = %d", path, p.status)
	}
	token = find(c.e.t, csrfInAction, p.body)
	captchaID = find(c.e.t, captchaField, p.body)
	answer, err := captcha.AnswerForTest(context.Background(), c.e.db, captchaID)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return token, captchaID, answer
}

// postMultipart sends fields to path with the CSRF token in the URL, as the form does.
func (c *client) postMultipart(path, token string, fields []field, lang string) page {
	c.e.t.Helper()
	body, ctype := multipartBody(fields)
	req, _ := http.NewRequest("POST", c.e.srv.URL+path+"?csrf_token="+token, body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept-Language", lang)
	return c.do(req)
}

// postForm sends an ordinary form with the CSRF token of the given page.
func (c *client) postForm(path string, values map[string]string, token, lang string) page {
	c.e.t.Helper()
	form := make([]string, 0, len(values)+1)
	for k, v := range values {
		form = append(form, k+"="+urlEscape(v))
	}
	form = append(form, "csrf_token="+urlEscape(token))
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, strings.NewReader(strings.Join(form, "&")))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	return c.do(req)
}

// reportFields is a valid report with a captcha answer.
func reportFields(captchaID, answer, what string) []field {
	return []field{
		{name: "category", value: "procurement"},
		{name: "agency", value: "1"},
		{name: "what", value: what},
		{name: "who", value: "總務科 王科長"},
		{name: "when", value: "2026年10月"},
		{name: "where", value: "市府大樓"},
		{name: "how_known", value: "我在現場"},
		{name: "reported_elsewhere", value: "no"},
		{name: "name", value: ""},
		{name: "contact", value: ""},
		{name: "captcha_id", value: captchaID},
		{name: "captcha", value: answer},
	}
}

var receiptPattern = regexp.MustCompile(`class="receipt" id="receipt"[^>]*>(\d{4} \d{4} \d{4} \d{4} \d{4})<`)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// --- evidence files carrying metadata -------------------------------------------------------

// jpegWithGPS is a real JPEG with an EXIF block whose IFD0 points to a GPS IFD.
func jpegWithGPS(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, nil); err != nil {
		t.Fatal(err)
	}
	// TIFF (little endian): IFD0 at 8 with one entry GPSInfo → IFD at 26 with GPSLatitudeRef "N".
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0,
		1, 0, 0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0,
		1, 0, 1, 0, 2, 0, 2, 0, 0, 0, 'N', 0, 0, 0, 0, 0, 0, 0}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	b := enc.Bytes()
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, b[2:]...)
}

// pdfWithAuthor is a minimal valid PDF whose Info dictionary names an author.
func pdfWithAuthor(author string) []byte {
	var b bytes.Buffer
	offsets := []int{}
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		b.WriteString(s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	obj("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	obj("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n")
	obj("4 0 obj\n<< /Author (" + author + ") /Creator (Writer) /Producer (Test) >>\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 5\n0000000000 65535 f \n")
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size 5 /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// docxWithCreator is a minimal DOCX whose core properties name its creator.
func docxWithCreator(t testing.TB, creator string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>證據內容</w:t></w:r></w:p></w:body></w:document>`,
		"docProps/core.xml":   `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>` + creator + `</dc:creator><cp:lastModifiedBy>` + creator + `</cp:lastModifiedBy></cp:coreProperties>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "docProps/core.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	z.Close()
	return buf.Bytes()
}

func urlEscape(s string) string { return url.QueryEscape(s) }

func newRequest(t testing.TB, url string, body io.Reader, ctype string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("POST", url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("User-Agent", canaryAgent)
	return req
}
