package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity-portal/crypto"
)

// TestSignInPastTheMemoryBudget: while the memory for password checks is taken, a sign-in with a
// real or an unknown name is told to retry (503, Retry-After) at once instead of piling up 256 MiB
// more; the wrong-password count does not move; once there is room, the sign-in goes through.
func TestSignInPastTheMemoryBudget(t *testing.T) {
	e := newTestEnv(t)
	e.admin.Memory = crypto.NewMemoryBudget(crypto.PasswordMemory, 10*time.Millisecond)
	e.addOfficer("lin", "intake")

	held, done, released := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		e.admin.Memory.Do(context.Background(), crypto.PasswordMemory, func() { close(held); <-done })
		close(released)
	}()
	<-held
	for _, name := range []string{"lin", "nobody"} {
		for _, password := range []string{pw("lin"), "a wrong password"} {
			a := e.browser().post("/admin/login", url.Values{"username": {name}, "password": {password}})
			if a.status != 503 || !strings.Contains(a.body, "系統忙碌中") || !strings.Contains(a.body, `value="`+name+`"`) {
				t.Errorf("%s past the budget: %d, want 503 with the busy message and the name kept:\n%.1500s", name, a.status, a.body)
			}
		}
	}
	var failed int
	e.db.QueryRow(context.Background(), `SELECT failed_logins FROM officers WHERE username = 'lin'`).Scan(&failed)
	if failed != 0 {
		t.Errorf("busy answers counted %d wrong passwords", failed)
	}
	close(done)
	<-released // the memory is given back when Do returns, not when the work ends
	if a := e.browser().post("/admin/login", url.Values{"username": {"lin"}, "password": {pw("lin")}}); a.status != 303 {
		t.Errorf("sign-in once there is room: %d", a.status)
	}
}

// TestConcurrentSignInsAreAnsweredWithinTheBudget: many sign-ins with unknown names at once (the
// attack of issue 12) each get an answer, 401 or 503 with Retry-After, never a 500 or a hang.
func TestConcurrentSignInsAreAnsweredWithinTheBudget(t *testing.T) {
	e := newTestEnv(t)
	e.admin.Memory = crypto.NewMemoryBudget(crypto.PasswordMemory, time.Millisecond)
	held, done := make(chan struct{}), make(chan struct{})
	go e.admin.Memory.Do(context.Background(), crypto.PasswordMemory, func() { close(held); <-done })
	<-held
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	retry := make([]string, 8)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := e.browser()
			values := url.Values{"username": {"nobody" + string(rune('a'+i))}, "password": {"guess"}, "csrf_token": {b.token()}}
			req, _ := http.NewRequest("POST", e.srv.URL+"/admin/login", strings.NewReader(values.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := b.c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i], retry[i] = resp.StatusCode, resp.Header.Get("Retry-After")
		}()
	}
	wg.Wait()
	close(done)
	for i, s := range statuses {
		if s != 503 || retry[i] == "" {
			t.Errorf("sign-in %d past the budget: %d, Retry-After %q", i, s, retry[i])
		}
	}
}

// The unknown-name seal asks for exactly the work of a real officer key: no less (timing would tell
// the names apart) and no more.
func TestDummySealCostsAPasswordCheck(t *testing.T) {
	k, err := crypto.NewOfficerKey("a password for the comparison")
	if err != nil {
		t.Fatal(err)
	}
	header := func(b []byte) string { h, _, _ := strings.Cut(string(b), "\n---"); return h }
	work := func(h string) string {
		lines := strings.Split(h, "\n")
		f := strings.Fields(lines[1])
		return f[0] + " " + f[1] + " " + f[3]
	}
	if got, want := work(header(dummySeal)), work(header(k.Sealed)); got != want {
		t.Errorf("dummy seal stanza %q, a real key's %q", got, want)
	}
	if _, err := crypto.OpenOfficerKey(crypto.OfficerKey{Sealed: dummySeal}, "not a password anyone has"); err == nil {
		t.Error("the dummy seal opens")
	}
}
