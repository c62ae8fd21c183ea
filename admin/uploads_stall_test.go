package admin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// waitingBody counts the handler as waiting on its client while a read of the body is in progress.
type waitingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (w waitingBody) Read(p []byte) (int, error) {
	w.n.Add(1)
	defer w.n.Add(-1)
	return w.ReadCloser.Read(p)
}

// TestStalledDataUploadsHoldNoConnection: data officers on a line that stops (more of them than the
// pool has connections) start a file on both upload forms. None may hold a connection or a
// transaction while the file has not arrived, and the pool stays free for everyone else. With every
// upload slot taken, the next upload is told at once to come back in a minute.
func TestStalledDataUploadsHoldNoConnection(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	var waiting atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = waitingBody{r.Body, &waiting}
		e.router.ServeHTTP(w, r)
	}))
	defer srv.Close()
	id, k := e.addOfficer("data1", "data")
	b := e.signedIn(id, k, pw("data1"))
	token := b.token() // sets the CSRF cookie too
	u, _ := url.Parse(srv.URL)
	var cookies []string
	for _, c := range b.c.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}

	const stalls = 8 // PORTAL_UPLOADS_IN_FLIGHT's default: every slot, twice the pool
	for i := range stalls {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("kind", "applications")
		w.WriteField("encoding", "utf-8")
		fw, _ := w.CreateFormFile("file", "data.csv")
		fw.Write([]byte(strings.Repeat("a,b,c\n", 1000)))
		path := []string{"/admin/procurement/uploads", "/admin/applications/uploads"}[i%2]
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST %s?csrf_token=%s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nCookie: %s\r\nContent-Length: %d\r\n\r\n",
			path, url.QueryEscape(token), u.Host, w.FormDataContentType(), strings.Join(cookies, "; "), body.Len()+100<<10) // under the route's limits
		conn.Write(body.Bytes()) // the file's first bytes, then silence
	}
	// Wait until every upload waits on its client, or stalled ones hold the whole pool.
	for i := 0; waiting.Load() < stalls; i++ {
		st := e.db.Stat()
		if st.AcquiredConns() == st.MaxConns() && waiting.Load() >= int64(st.MaxConns()) {
			break
		}
		if i == 6000 {
			t.Fatalf("only %d of %d uploads reached their stall", waiting.Load(), stalls)
		}
		time.Sleep(10 * time.Millisecond)
	}

	conn, err := pgx.Connect(ctx, e.db.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var idle int
	conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`).Scan(&idle)
	if idle != 0 {
		t.Errorf("%d database sessions idle in transaction while uploads stall", idle)
	}
	if n := e.db.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections of the pool taken while uploads stall", n)
	}
	// A guard, not a measure: a site starved of connections would keep this waiting.
	b.c.Timeout = time.Minute
	req, _ := http.NewRequest("GET", srv.URL+"/admin/procurement/uploads", nil)
	if resp, err := b.c.Do(req); err != nil {
		t.Errorf("the uploads page while uploads stall: %v", err)
	} else if resp.Body.Close(); resp.StatusCode != 200 {
		t.Errorf("the uploads page answers %d while uploads stall", resp.StatusCode)
	}
	if a := b.upload("more.json", []byte("{}"), ""); a.status != 503 || !strings.Contains(a.body, "請過一分鐘再試一次") {
		t.Errorf("an upload past the bound: %d\n%.1500s", a.status, a.body)
	}
}
