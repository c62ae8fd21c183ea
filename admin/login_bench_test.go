package admin

import (
	"context"
	"net/url"
	"testing"
)

// BenchmarkLoginRefusal times the three refusals of the sign-in form, which must cost the same: an
// unknown username, a wrong password, and a locked account given its right password. Compare the
// sub-benchmarks' ns/op (each is one scrypt check of 256 MiB and the page).
func BenchmarkLoginRefusal(b *testing.B) {
	e := newTestEnvTB(b)
	e.addOfficerTB(b, "known", "investigator")
	e.addOfficerTB(b, "locked", "investigator")
	br := e.browser()
	for _, c := range []struct{ name, username, password string }{
		{"unknown", "nobody", "some password"},
		{"wrong", "known", "some password"},
		{"locked", "locked", pw("locked")},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				// Keep the known account below the lockout and the locked one locked.
				e.db.Exec(context.Background(), `UPDATE officers SET failed_logins = 0, locked_until = CASE WHEN username = 'locked' THEN now() + interval '15 minutes' END`)
				b.StartTimer()
				if a := br.post("/admin/login", url.Values{"username": {c.username}, "password": {c.password}}); a.status != 401 {
					b.Fatalf("%s: %d", c.name, a.status)
				}
			}
		})
	}
}
