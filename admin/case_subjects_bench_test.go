package admin

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/testdb"
)

// BenchmarkCaseListSubjects: the case list over BENCH_CASES cases that all have a subject. Only the
// page's 50 rows are opened: two hybrid decryptions each (the officer's grant, then the subject).
func BenchmarkCaseListSubjects(b *testing.B) {
	d := setupBench(b)
	ctx := context.Background()
	var caseID int64
	d.e.db.QueryRow(ctx, `SELECT min(id) FROM cases`).Scan(&caseID)
	// One set of case keys serves every generated case, so one sealed subject serves them all.
	sealed, err := cases.SealFor(ctx, d.e.db, caseID, "mailbox", []byte("建設局標案疑似綁標，評選委員與廠商有往來"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.e.db.Exec(ctx, `INSERT INTO case_subjects (case_id, sealed) SELECT id, $1 FROM cases`, sealed); err != nil {
		b.Fatal(err)
	}
	testdb.AsOwner(b, d.e.db).Exec(ctx, `ANALYZE case_subjects`)
	req := httptest.NewRequest("GET", "/admin/cases", nil)
	for _, c := range d.b.c.Jar.Cookies(mustURL(d.e.srv.URL)) {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	d.e.router.ServeHTTP(w, req)
	if n := strings.Count(w.Body.String(), "建設局標案疑似綁標"); n != PageSize {
		b.Fatalf("the list shows %d subjects, want %d", n, PageSize)
	}
	measurePage(b, d, func(*benchData) string { return "/admin/cases" })
}
