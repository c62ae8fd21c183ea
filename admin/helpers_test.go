package admin

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"integrity-portal/crypto"
	"integrity-portal/internal/config"
	"integrity-portal/internal/officekeys"
	"integrity-portal/internal/testdb"
	"integrity-portal/internal/web"
)

type testEnv struct {
	t      testing.TB
	router http.Handler
	db     *pgxpool.Pool
	srv    *httptest.Server
	admin  *Admin
}

func newTestEnv(t *testing.T) *testEnv { return newTestEnvTB(t) }

func newTestEnvTB(t testing.TB) *testEnv {
	t.Helper()
	db := testdb.New(t)
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	site, err := web.NewSite(web.Options{Config: cfg, Logger: logger, CSRFKey: bytes.Repeat([]byte("k"), 32),
		Pages: map[string]fs.FS{"admin": Templates()}})
	if err != nil {
		t.Fatal(err)
	}
	recovery, _ := crypto.NewRecoveryKey()
	if err := officekeys.SetRecoveryRecipient(context.Background(), db, recovery.Recipient().String()); err != nil {
		t.Fatal(err)
	}
	// An insert-only River client: jobs are queued, and the tests that need them run run them.
	jobs, err := river.NewClient(riverpgxv5.New(db), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	a := New(Options{Site: site, DB: db, Logger: logger, Deadlines: Deadlines{Acknowledge: 7, Feedback: 90, ActAccept: 20, ActResult: 180}, Jobs: jobs, UploadMax: 1 << 20,
		Pepper: []byte("test pepper"), ReceiptParams: crypto.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1}})
	r := site.Engine()
	a.Routes(r)
	if err := site.Check(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, db: db, srv: srv, admin: a, router: r}
}

type browser struct {
	e *testEnv
	c *http.Client
}

func (e *testEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type answer struct {
	status   int
	body     string
	location string
}

// zhMark is the mark {{zh}} and {{zhRuns}} put around Chinese text; tests of wording read the text
// without it.
var zhMark = regexp.MustCompile(`<span lang="zh-Hant">([^<]*)</span>`)

// unmarked is the answer with the zh-Hant marks taken off the text they wrap.
func (a answer) unmarked() answer {
	a.body = zhMark.ReplaceAllString(a.body, "$1")
	return a
}

func (b *browser) do(req *http.Request) answer {
	b.e.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(body), resp.Header.Get("Location")}
}

func (b *browser) get(path string) answer {
	req, _ := http.NewRequest("GET", b.e.srv.URL+path, nil)
	req.Header.Set("Accept-Language", "zh-TW")
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// token fetches the sign-in page for a CSRF token bound to this browser's cookie.
func (b *browser) token() string {
	b.e.t.Helper()
	m := csrfField.FindStringSubmatch(b.get("/admin/login").body)
	if m == nil {
		b.e.t.Fatal("no CSRF token on the sign-in page")
	}
	return strings.ReplaceAll(m[1], "&#43;", "+")
}

func (b *browser) post(path string, values url.Values) answer {
	b.e.t.Helper()
	values.Set("csrf_token", b.token())
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "zh-TW")
	return b.do(req)
}

func (e *testEnv) addOfficerTB(_ testing.TB, username string, roles ...string) (int64, *crypto.OfficerKey) {
	return e.addOfficer(username, roles...)
}

// testKeys holds each test officer's key by username, made once for the whole package: sealing a key
// under scrypt (256 MiB) and opening it again take seconds on a busy machine, and the tests make the
// same few officers again and again, each in its own database.
var (
	testKeysMu sync.Mutex
	testKeys   = map[string]crypto.OfficerKey{}
	testOpened = map[string]*age.HybridIdentity{} // by recipient
)

func testKey(t testing.TB, username string) crypto.OfficerKey {
	testKeysMu.Lock()
	defer testKeysMu.Unlock()
	k, ok := testKeys[username]
	if !ok {
		var err error
		if k, err = crypto.NewOfficerKey(pw(username)); err != nil {
			t.Fatal(err)
		}
		testKeys[username] = k
	}
	return k
}

// addOfficer makes an account and returns its id and opened identity. The account is made as
// AddOfficer makes it (which has tests of its own), with a key kept from an earlier test if any.
func (e *testEnv) addOfficer(username string, roles ...string) (int64, *crypto.OfficerKey) {
	e.t.Helper()
	k := testKey(e.t, username)
	var id int64
	if err := e.db.QueryRow(context.Background(), `INSERT INTO officers (username, display_name, roles, age_recipient, sealed_identity)
		VALUES ($1, $1, $2, $3, $4) RETURNING id`, username, roles, k.Recipient, k.Sealed).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	// Test officers have chosen their passwords, and their case roles are approved; the forced change
	// and the approval have tests of their own.
	e.db.Exec(context.Background(), `UPDATE officers SET must_change_password = false, roles_approved_at = now() WHERE id = $1`, id)
	return id, &k
}

// openTestKey opens an officer's key with their password, once per key for the whole package.
func openTestKey(t testing.TB, k *crypto.OfficerKey, password string) *age.HybridIdentity {
	testKeysMu.Lock()
	defer testKeysMu.Unlock()
	if id, ok := testOpened[k.Recipient]; ok {
		return id
	}
	id, err := crypto.OpenOfficerKey(*k, password)
	if err != nil {
		t.Fatal(err)
	}
	testOpened[k.Recipient] = id
	return id
}

// signedIn gives a browser a full session for an officer directly, without the sign-in steps (which
// have tests of their own), as the sign-in would leave it.
func (e *testEnv) signedIn(officerID int64, k *crypto.OfficerKey, password string) *browser {
	e.t.Helper()
	id := openTestKey(e.t, k, password)
	sid := make([]byte, 32)
	rand.Read(sid)
	key := crypto.NewSymmetricKey()
	sealed, _ := crypto.Seal([]byte(id.String()), key.Recipient())
	hash := sha256.Sum256(sid)
	if _, err := e.db.Exec(context.Background(), `INSERT INTO officer_sessions (id_hash, officer_id, stage, sealed, idle_until, valid_until)
		VALUES ($1, $2, 'active', $3, now() + interval '15 minutes', now() + interval '8 hours')`, hash[:], officerID, sealed); err != nil {
		e.t.Fatal(err)
	}
	b := e.browser()
	u, _ := url.Parse(e.srv.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: base64.RawURLEncoding.EncodeToString(append(sid, key[:]...)), Path: "/"}})
	return b
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// pw is a test officer's password: long enough, and not containing the username.
func pw(username string) string {
	sum := sha256.Sum256([]byte(username))
	return "test passphrase " + hex.EncodeToString(sum[:6])
}
