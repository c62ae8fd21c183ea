package intake

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/internal/database"
)

// stall sends path a multipart request whose body stops short of its Content-Length: the headers, the
// body up to the middle of its first file, then silence, until the returned connection is closed.
func (c *client) stall(path, token string, fields []field) net.Conn {
	c.e.t.Helper()
	body, ctype := multipartBody(append(fields, field{name: "files", filename: "evidence.txt", content: bytes.Repeat([]byte("evidence "), 8000)}))
	b := body.Bytes()
	prefix := b[:bytes.Index(b, []byte("evidence evidence"))+4000]
	u, _ := url.Parse(c.e.srv.URL + path)
	var cookies []string
	for _, k := range c.c.Jar.Cookies(u) {
		cookies = append(cookies, k.Name+"="+k.Value)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		c.e.t.Fatal(err)
	}
	c.e.t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST %s?csrf_token=%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nContent-Type: %s\r\nCookie: %s\r\nContent-Length: %d\r\n\r\n",
		path, url.QueryEscape(token), u.Host, canaryAgent, ctype, strings.Join(cookies, "; "), len(b)+10<<20)
	if _, err := conn.Write(prefix); err != nil {
		c.e.t.Fatal(err)
	}
	return conn
}

// awaitWaiting returns once n handlers are inside a read of their body, that is, waiting on clients
// that stopped sending, or once stalled handlers hold every connection of the pool (then the others
// wait for one, and the checks that follow fail).
func (e *env) awaitWaiting(n int64) {
	e.t.Helper()
	full := func() bool {
		st := e.db.Stat()
		return st.AcquiredConns() == st.MaxConns() && e.waiting.Load() >= int64(st.MaxConns())
	}
	for i := 0; e.waiting.Load() < n && !full(); i++ {
		if i == 6000 {
			e.t.Errorf("only %d of %d requests reached their stall", e.waiting.Load(), n)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkNothingHeld: while uploads stall, no connection of the pool is taken, no session of the
// database is idle in a transaction, and /readyz and a page that needs the database answer.
func (e *env) checkNothingHeld(what string) {
	e.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, e.dbURL) // apart from the pool, which may be exhausted
	if err != nil {
		e.t.Fatal(err)
	}
	defer conn.Close(ctx)
	var idle int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`).Scan(&idle); err != nil {
		e.t.Fatal(err)
	}
	if idle != 0 {
		e.t.Errorf("%s: %d database sessions idle in transaction", what, idle)
	}
	if n := e.db.Stat().AcquiredConns(); n != 0 {
		e.t.Errorf("%s: %d connections of the pool taken", what, n)
	}
	// A guard, not a measure: a site starved of connections would keep these waiting.
	c := &http.Client{Timeout: time.Minute}
	for _, path := range []string{"/readyz", "/report"} {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			e.t.Errorf("%s: GET %s: %v", what, path, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			e.t.Errorf("%s: GET %s = %d", what, path, resp.StatusCode)
		}
	}
}

// TestStalledReportsHoldNoConnection: more reporters than the pool has connections answer the
// captcha, start a file and stop sending. None of them may hold a connection or a transaction, and
// the site keeps answering.
func TestStalledReportsHoldNoConnection(t *testing.T) {
	e := newEnv(t, nil)
	stalls := int64(e.db.Config().MaxConns) + 2
	for range stalls {
		c := e.client()
		token, id, answer := c.form("/report")
		c.stall("/report", token, reportFields(id, answer, "停住的檢舉"))
	}
	e.awaitWaiting(stalls)
	e.checkNothingHeld("stalled reports")
}

// TestStalledRepliesHoldNoConnection: the same with replies in one reporter's mailbox, which needs
// no captcha.
func TestStalledRepliesHoldNoConnection(t *testing.T) {
	e := newEnv(t, nil)
	stalls := int64(e.db.Config().MaxConns) + 2
	c := e.client()
	token := openMailbox(t, c)
	for range stalls {
		c.stall("/mailbox/reply", token, []field{{name: "message", value: "停住的回覆"}})
	}
	e.awaitWaiting(stalls)
	e.checkNothingHeld("stalled replies")
}

// TestUploadsPastTheBoundAreTurnedAway: with every upload slot held by stalled reports, the next
// report and the next mailbox reply get the busy page at once (503, come back in a minute) with what
// was typed kept, not a hang.
func TestUploadsPastTheBoundAreTurnedAway(t *testing.T) {
	e := newEnvVars(t, map[string]string{"PORTAL_UPLOADS_IN_FLIGHT": "2"}, nil)
	mb := e.client()
	replyToken := openMailbox(t, mb)
	for range 2 {
		c := e.client()
		token, id, answer := c.form("/report")
		c.stall("/report", token, reportFields(id, answer, "停住的檢舉"))
	}
	e.awaitWaiting(2)

	c := e.client()
	token, id, answer := c.form("/report")
	p := c.postMultipart("/report", token, append(reportFields(id, answer, "保留的檢舉內容"),
		field{name: "files", filename: "a.txt", content: []byte("evidence")}), "zh-TW")
	if p.status != 503 || p.header.Get("Retry-After") != "60" || !strings.Contains(p.body, "請過一分鐘再送出一次") || !strings.Contains(p.body, "保留的檢舉內容") {
		t.Errorf("report past the bound: %d, Retry-After %q\n%.2000s", p.status, p.header.Get("Retry-After"), p.body)
	}
	p = mb.postMultipart("/mailbox/reply", replyToken, []field{{name: "message", value: "保留的回覆"}}, "en")
	if p.status != 503 || p.header.Get("Retry-After") != "60" || !strings.Contains(p.body, "send again in a minute") || !strings.Contains(p.body, "保留的回覆") {
		t.Errorf("reply past the bound: %d, Retry-After %q\n%.2000s", p.status, p.header.Get("Retry-After"), p.body)
	}
	var n int
	e.db.QueryRow(context.Background(), "SELECT count(*) FROM cases").Scan(&n)
	if n != 1 {
		t.Errorf("%d cases stored, want only the mailbox's", n)
	}
}

// TestStallBeforeTheCaptchaTakesNoSlot: clients that stop sending without having answered the
// captcha hold no upload slot: with more of them than slots, a reporter still submits.
func TestStallBeforeTheCaptchaTakesNoSlot(t *testing.T) {
	e := newEnvVars(t, map[string]string{"PORTAL_UPLOADS_IN_FLIGHT": "2"}, nil)
	for range 3 {
		c := e.client()
		token, _, _ := c.form("/report")
		c.stall("/report", token, []field{{name: "category", value: "procurement"}})
	}
	e.awaitWaiting(3)
	c := e.client()
	token, id, answer := c.form("/report")
	if p := c.postMultipart("/report", token, reportFields(id, answer, "正常的檢舉"), "zh-TW"); p.status != 200 || !receiptPattern.MatchString(p.body) {
		t.Errorf("a reporter behind stalls before the captcha: %d\n%.2000s", p.status, p.body)
	}
}

// TestSubmissionsHaveTheirOwnPool: submissions write through their own pool, so pages keep theirs
// while every intake connection is busy, and the other way round.
func TestSubmissionsHaveTheirOwnPool(t *testing.T) {
	ctx := context.Background()
	var write *pgxpool.Pool
	e := newEnv(t, func(o *Options) {
		var err error
		if write, err = database.OpenSized(ctx, o.DB.Config().ConnString(), 1, "intake"); err != nil {
			t.Fatal(err)
		}
		o.WriteDB = write
	})
	defer write.Close()
	held, err := write.Acquire(ctx) // the intake's only connection, busy
	if err != nil {
		t.Fatal(err)
	}
	e.checkNothingHeld("the intake pool busy")
	held.Release()

	c := e.client()
	token, id, answer := c.form("/report")
	if p := c.postMultipart("/report", token, reportFields(id, answer, "經由收件連線池"), "zh-TW"); p.status != 200 {
		t.Fatalf("submit: %d", p.status)
	}
	if write.Stat().AcquireCount() < 2 {
		t.Error("the submission did not write through the intake's pool")
	}
}
