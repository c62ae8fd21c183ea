package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentTemplateSaves: saves at the same moment wait for each other. Each save wrote its
// rows in a map's random order, so two of them locked the same rows in opposite orders and
// PostgreSQL broke the deadlock by failing one: a 500.
func TestConcurrentTemplateSaves(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("boss", "supervisor")
	b := e.signedIn(id, k, pw("boss"))
	token := b.token()
	var mu sync.Mutex
	statuses := map[int]int{}
	for round := range 3 {
		var wg sync.WaitGroup
		for i := range 8 {
			form := url.Values{"csrf_token": {token}}
			for _, act := range templateActions() {
				form.Set("zh_"+act, fmt.Sprintf("第 %d-%d 版", round, i))
				form.Set("en_"+act, fmt.Sprintf("version %d-%d", round, i))
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", e.srv.URL+"/admin/messages", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				status := 0
				if resp, err := b.c.Do(req); err == nil {
					status = resp.StatusCode
					resp.Body.Close()
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	if len(statuses) != 1 || statuses[http.StatusSeeOther] != 24 {
		t.Errorf("answers to 24 saves at once: %v, want 303 for each", statuses)
	}
}
