package admin

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

// TestBadInputIsA400 sends what answered 500: a NUL in the sign-in username, NUL or invalid UTF-8 in
// the filters of the case list, the audit log and their exports, a page number past int64's half,
// and a display name with a NUL (whose PostgreSQL error reached the page). Each gets a clear answer.
func TestBadInputIsA400(t *testing.T) {
	e := newTestEnv(t)
	const refused = "無法讀取送出的內容"

	if a := e.browser().post("/admin/login", url.Values{"username": {"root\x00"}, "password": {"x"}}); a.status != 400 || !strings.Contains(a.body, refused) {
		t.Errorf("NUL in the username: %d", a.status)
	}

	intake, ik := e.addOfficer("bad-intake", "intake")
	auditor, ak := e.addOfficer("bad-auditor", "auditor")
	root, rk := e.addOfficer("bad-root", "sysadmin")
	makeCase(t, e, "bad input")
	officer := e.signedIn(intake, ik, pw("bad-intake"))
	audit := e.signedIn(auditor, ak, pw("bad-auditor"))
	for _, tc := range []struct {
		b    *browser
		path string
	}{
		{officer, "/admin/cases"}, {officer, "/admin/cases/export"}, {audit, "/admin/audit"}, {audit, "/admin/audit/export"},
	} {
		for _, param := range []string{"category", "channel", "action", "officer"} {
			for _, value := range []string{"a\x00b", "\xff\xfe", "a\x1bb"} {
				path := tc.path + "?" + url.Values{param: {value}}.Encode()
				if a := tc.b.get(path); a.status != 400 || !strings.Contains(a.body, refused) {
					t.Errorf("GET %s: %d", path, a.status)
				}
			}
		}
		for _, page := range []string{"9223372036854775807", "99999999999999999999", "-9223372036854775808"} {
			if a := tc.b.get(tc.path + "?page=" + page); a.status != 200 {
				t.Errorf("GET %s?page=%s: %d", tc.path, page, a.status)
			}
		}
	}

	// An agency past PostgreSQL's integer on the paper form is no agency, as any unknown one.
	desk, dk := e.addOfficer("bad-desk", "intake")
	if a := e.signedIn(desk, dk, pw("bad-desk")).post("/admin/cases/new", url.Values{"channel": {"phone"}, "category": {"corruption"},
		"agency": {"99999999999"}, "what": {"電話陳述"}}); a.status != 200 {
		t.Errorf("offline report with agency 99999999999: %d", a.status)
	}

	sys := e.signedIn(root, rk, pw("bad-root"))
	a := sys.post("/admin/users", url.Values{"username": {"nul-name"}, "name": {"王\x00小明"}, "roles": {"auditor"}})
	if a.status != 400 || strings.Contains(a.body, "SQLSTATE") || strings.Contains(a.body, "ERROR") {
		t.Errorf("NUL in the display name: %d\n%.1500s", a.status, a.body)
	}
	// The same name from the command line is refused by the account rules, not by PostgreSQL.
	_, err := AddOfficer(context.Background(), e.db, NewOfficer{Username: "nul-name", DisplayName: "王\x00小明", Roles: []string{"auditor"}, Password: pw("nul-name")})
	var problems OfficerProblems
	if !errors.As(err, &problems) || !strings.Contains(err.Error(), "display name") {
		t.Errorf("AddOfficer with a NUL in the name: %v", err)
	}
}
