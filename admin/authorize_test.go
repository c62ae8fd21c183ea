package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/cases"
)

// expectedAccess lists, for every admin route, which roles may use it. A route in RouteTable that is
// missing here fails the test: adding a route means deciding who may use it.
var expectedAccess = map[string][]string{
	"POST /admin/logout":                               {"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"},
	"POST /admin/logout/all":                           {"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"},
	"GET /admin/password":                              {"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"},
	"POST /admin/password":                             {"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"},
	"GET /admin":                                       caseRoles,
	"GET /admin/cases":                                 caseRoles,
	"GET /admin/cases/export":                          caseRoles,
	"GET /admin/cases/:id":                             caseRoles,
	"GET /admin/cases/:id/files/:file":                 caseRoles,
	"GET /admin/users":                                 {"sysadmin"},
	"POST /admin/users":                                {"sysadmin"},
	"POST /admin/users/:username/disable":              {"sysadmin"},
	"POST /admin/users/:username/reset":                {"sysadmin"},
	"GET /admin/stats":                                 {"supervisor", "auditor"},
	"GET /admin/stats/export":                          {"supervisor", "auditor"},
	"GET /admin/cases/new":                             {"intake", "supervisor"},
	"POST /admin/cases/new":                            {"intake", "supervisor"},
	"GET /admin/audit":                                 {"auditor"},
	"GET /admin/messages":                              {"supervisor"},
	"GET /admin/procurement/uploads":                   {"data"},
	"POST /admin/procurement/uploads":                  {"data"},
	"GET /admin/procurement/uploads/:id":               {"data"},
	"GET /admin/applications/uploads":                  {"data"},
	"POST /admin/applications/uploads":                 {"data"},
	"GET /admin/applications/uploads/:id":              {"data"},
	"GET /admin/help/data-formats":                     {"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"},
	"GET /admin/help/data-formats/examples/:file":      {"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"},
	"POST /admin/messages":                             {"supervisor"},
	"GET /admin/audit/export":                          {"auditor"},
	"POST /admin/cases/:id/transition":                 caseRoles,
	"GET /admin/cases/:id/approvals/:approval":         {"supervisor"},
	"POST /admin/cases/:id/approvals/:approval":        {"supervisor"},
	"POST /admin/cases/:id/assign":                     {"intake", "supervisor"},
	"POST /admin/cases/:id/subject":                    {"intake", "supervisor"},
	"POST /admin/cases/:id/reply":                      caseRoles,
	"POST /admin/cases/:id/note":                       caseRoles,
	"POST /admin/cases/:id/identity":                   caseRoles,
	"POST /admin/cases/:id/identity/:request":          {"custodian", "supervisor"},
	"POST /admin/cases/:id/answer":                     {"supervisor"},
	"POST /admin/cases/:id/exclude":                    {"supervisor"},
	"POST /admin/cases/:id/referrals/:referral":        {"investigator", "supervisor"},
	"POST /admin/cases/:id/recuse":                     caseRoles,
	"GET /admin/roles":                                 {"supervisor"},
	"POST /admin/roles/:officer/approve":               {"supervisor"},
	"POST /admin/cases/:id/exclusions/:exclusion/lift": {"supervisor"},
}

// validForm is, for each POST route, a form that succeeds for an officer allowed to use it on a fresh
// case, so that the matrix tests authorization, not validation.
func validForm(path string, assignee int64) url.Values {
	switch {
	case strings.HasSuffix(path, "/transition"):
		// Acknowledging needs intake or supervisor; an investigator or custodian is refused by the table.
		return url.Values{"action": {"acknowledge"}, "message": {"已收到您的檢舉。"}}
	case strings.HasSuffix(path, "/identity"):
		return url.Values{"reason": {"需要聯絡檢舉人作證"}}
	case strings.Contains(path, "/identity/"):
		return url.Values{"decision": {"approve"}}
	case strings.Contains(path, "/approvals/"):
		return url.Values{"decision": {"approve"}}
	case strings.HasSuffix(path, "/assign"):
		return url.Values{"assignee": {strconv.FormatInt(assignee, 10)}}
	case strings.HasSuffix(path, "/exclude"):
		return url.Values{"officer": {strconv.FormatInt(assignee, 10)}}
	case strings.Contains(path, "/referrals/"):
		return url.Values{"result": {"起訴"}}
	case strings.HasSuffix(path, "/answer"):
		return url.Values{"answer": {"感謝建議"}}
	case strings.HasSuffix(path, "/lift"):
		return url.Values{"reason": {"利益衝突已消除"}}
	case path == "/admin/password":
		return url.Values{}
	case path == "/admin/cases/new":
		return url.Values{"channel": {"phone"}, "category": {"corruption"}, "what": {"電話檢舉內容"}}
	case path == "/admin/users":
		return url.Values{"username": {"made-" + strconv.FormatInt(time.Now().UnixNano(), 36)}, "name": {"New"}, "roles": {"auditor"}}
	case path == "/admin/messages":
		form := url.Values{}
		for _, act := range templateActions() {
			form.Set("zh_"+act, "範本 "+act)
			form.Set("en_"+act, "Template "+act)
		}
		return form
	case strings.HasSuffix(path, "/reply"), strings.HasSuffix(path, "/note"):
		return url.Values{"text": {"matrix text"}}
	case strings.HasSuffix(path, "/subject"):
		return url.Values{"subject": {"矩陣主旨"}}
	}
	return url.Values{}
}

// makeCase stores a report with one attachment, granted as intake grants it, and returns its ids.
func makeCase(t *testing.T, e *testEnv, what string) (caseID, fileID int64) {
	recovery, _ := crypto.NewRecoveryKey()
	return makeCaseWithRecovery(t, e, recovery, what)
}

func makeCaseWithRecovery(t *testing.T, e *testEnv, recovery *age.HybridIdentity, what string) (caseID, fileID int64) {
	t.Helper()
	ctx := context.Background()
	keys, _ := crypto.NewCaseKeys()
	receipt := crypto.DeriveReceiptKeys(crypto.NewReceipt(), []byte("pepper"), crypto.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1})
	err := pgx.BeginFunc(ctx, e.db, func(tx pgx.Tx) error {
		var err error
		if caseID, err = cases.Create(ctx, tx, cases.NewCase{Kind: "report", Category: "corruption", Channel: "web"}, keys, receipt, recovery.Recipient()); err != nil {
			return err
		}
		content, _ := json.Marshal(cases.ReportContent{Category: "corruption", What: what})
		entry, err := cases.AddEntry(ctx, tx, caseID, cases.EntryReport, cases.AuthorReporter, "mailbox", content)
		if err != nil {
			return err
		}
		w, err := cases.NewAttachment(ctx, tx, caseID, entry)
		if err != nil {
			return err
		}
		enc, _ := crypto.EncryptStream(w, keys.Mailbox.Recipient())
		enc.Write([]byte("evidence bytes"))
		enc.Close()
		meta, _ := json.Marshal(cases.AttachmentMeta{Name: "收據.txt", Kind: "text", MIME: "text/plain", Size: 14})
		sealed, _ := crypto.Seal(meta, keys.Mailbox.Recipient())
		fileID, err = w.Finish(sealed)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return caseID, fileID
}

func TestAuthorizationMatrix(t *testing.T) {
	e := newTestEnv(t)
	browsers := map[string]*browser{"anonymous": e.browser()}
	roles := []string{"sysadmin", "intake", "investigator", "supervisor", "custodian", "auditor", "data"}
	for _, role := range roles {
		id, k := e.addOfficer("o-"+role, role)
		browsers[role] = e.signedIn(id, k, pw("o-"+role))
	}
	// Intake grants the mailbox key to intake officers and supervisors only.
	holdsGrant := map[string]bool{"intake": true, "supervisor": true}
	proposer, _ := e.addOfficer("proposer", "investigator")
	e.addOfficer("target", "auditor") // the account the user routes act on
	var assignee int64
	e.db.QueryRow(context.Background(), `SELECT id FROM officers WHERE username = 'o-investigator'`).Scan(&assignee)

	for _, rt := range e.admin.RouteTable() {
		if rt.Public {
			continue
		}
		key := rt.Method + " " + rt.Path
		allowed, ok := expectedAccess[key]
		if !ok {
			t.Errorf("route %s has no expected access in this test: decide who may use it", key)
			continue
		}
		caseRoute := strings.Contains(rt.Path, ":id")
		for who, b := range browsers {
			caseID, fileID := makeCase(t, e, "matrix canary")
			var approvalID int64
			e.db.QueryRow(context.Background(), `INSERT INTO approvals (case_id, kind, proposed_by, payload, previous_status)
				VALUES ($1, 'closure', $2, '{"outcome": "unsubstantiated"}', 'triage') RETURNING id`, caseID, proposer).Scan(&approvalID)
			var referralID int64
			e.db.QueryRow(context.Background(), `INSERT INTO referrals (case_id, kind, addressee, referred_on) VALUES ($1, 'criminal', 'aac', '2026-01-01') RETURNING id`, caseID).Scan(&referralID)
			var requestID int64
			if strings.Contains(rt.Path, ":request") {
				e.db.QueryRow(context.Background(), `INSERT INTO identity_requests (case_id, requested_by, reason_sealed) VALUES ($1, $2, '') RETURNING id`, caseID, proposer).Scan(&requestID)
			}
			var pendingID, exclusionID int64
			if strings.Contains(rt.Path, ":officer") { // an account whose case roles await approval
				e.db.QueryRow(context.Background(), `INSERT INTO officers (username, display_name, roles, age_recipient, sealed_identity)
					SELECT 'pending-' || (SELECT count(*) FROM officers), 'p', ARRAY['intake'], age_recipient, sealed_identity FROM officers WHERE username = 'target'
					RETURNING id`).Scan(&pendingID)
			}
			if strings.Contains(rt.Path, ":exclusion") {
				e.db.QueryRow(context.Background(), `INSERT INTO case_exclusions (case_id, officer_id, kind, made_by)
					SELECT $1, $2, 'exclusion', id FROM officers WHERE username = 'o-supervisor' RETURNING id`, caseID, proposer).Scan(&exclusionID)
			}
			path := strings.NewReplacer(":officer", strconv.FormatInt(pendingID, 10), ":exclusion", strconv.FormatInt(exclusionID, 10), ":referral", strconv.FormatInt(referralID, 10), ":request", strconv.FormatInt(requestID, 10), ":username", "target", ":id", strconv.FormatInt(caseID, 10), ":file", strconv.FormatInt(fileID, 10),
				":approval", strconv.FormatInt(approvalID, 10)).Replace(rt.Path)
			if strings.HasPrefix(rt.Path, "/admin/help/data-formats/examples/") {
				path = "/admin/help/data-formats/examples/procurement.csv"
			}
			var a answer
			if rt.Method == "GET" {
				a = b.get(path)
			} else {
				a = b.post(path, validForm(rt.Path, assignee))
			}
			want := http.StatusOK
			switch {
			case who == "anonymous" && rt.Method == "GET":
				want = http.StatusSeeOther
			case who == "anonymous":
				want = http.StatusUnauthorized
			case key == "GET /admin" && !contains(allowed, who):
				want = http.StatusFound // everyone's start: a role that works no cases is sent to its own landing
			case !contains(allowed, who):
				want = http.StatusForbidden
			case strings.HasSuffix(rt.Path, "/answer") && holdsGrant[who]:
				want = http.StatusForbidden // the matrix's case is a report: only suggestions are answered this way
			case strings.Contains(rt.Path, ":request") && who == "custodian":
				want = http.StatusSeeOther // a custodian holds the internal key, which is enough here
			case caseRoute && !holdsGrant[who]:
				want = http.StatusNotFound // an officer without a grant: not even whether the case exists
			case strings.HasSuffix(rt.Path, "/transition") && (who == "investigator" || who == "custodian"):
				want = http.StatusForbidden // the workflow table: acknowledging is for intake and supervisors
			case (rt.Path == "/admin/procurement/uploads" || rt.Path == "/admin/applications/uploads") && rt.Method == "POST":
				want = http.StatusBadRequest // a form without a file: the page again, asking for one
			case rt.Path == "/admin/password" && rt.Method == "POST":
				want = http.StatusBadRequest // an empty form: a clear refusal, the session unchanged
			case rt.Path == "/admin/users" || strings.HasSuffix(rt.Path, "/reset") || rt.Path == "/admin/cases/new":
				want = http.StatusOK // the page again, with the one-time password
			case rt.Method == "POST":
				want = http.StatusSeeOther
			}
			if a.status != want {
				t.Errorf("%s as %s: %d, want %d", key, who, a.status, want)
			}
			// The approval page shows the proposal, and links to the case for the report.
			if a.status == 200 && caseRoute && !strings.Contains(rt.Path, "files") && !strings.Contains(rt.Path, "approvals") && !strings.Contains(a.body, "matrix canary") {
				t.Errorf("%s as %s: the report is not shown", key, who)
			}
			if a.status == 200 && strings.Contains(rt.Path, "files") && a.body != "evidence bytes" {
				t.Errorf("%s as %s: file body %q", key, who, a.body)
			}
			if who == "anonymous" && rt.Method == "GET" {
				browsers[who] = e.browser() // keep the anonymous browser clean of redirects' cookies
			}
			if rt.Method == "POST" && who != "anonymous" && a.status == http.StatusSeeOther {
				// The logout routes ended that session: sign the role in again.
				id := int64(0)
				e.db.QueryRow(context.Background(), `SELECT id FROM officers WHERE username = $1`, "o-"+who).Scan(&id)
				var k crypto.OfficerKey
				e.db.QueryRow(context.Background(), `SELECT age_recipient, sealed_identity FROM officers WHERE id = $1`, id).Scan(&k.Recipient, &k.Sealed)
				browsers[who] = e.signedIn(id, &k, pw("o-"+who))
			}
		}
	}
	for key := range expectedAccess {
		found := false
		for _, rt := range e.admin.RouteTable() {
			found = found || rt.Method+" "+rt.Path == key
		}
		if !found {
			t.Errorf("expected access lists %s, which is not a route", key)
		}
	}
}

// TestEveryPostNeedsCSRF sends each admin POST route without a token, as a signed-in officer.
func TestEveryPostNeedsCSRF(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("sup", "supervisor")
	b := e.signedIn(id, k, pw("sup"))
	for _, rt := range e.admin.RouteTable() {
		if rt.Method != "POST" {
			continue
		}
		req, _ := http.NewRequest("POST", e.srv.URL+rt.Path, strings.NewReader("x=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if a := b.do(req); a.status != http.StatusForbidden || !strings.Contains(a.body, "表單已失效") {
			t.Errorf("POST %s without a token: %d", rt.Path, a.status)
		}
	}
	if a := b.get("/admin"); a.status != 200 {
		t.Errorf("the refused posts changed the session: %d", a.status)
	}
}

// TestCaseViewsAndDownloadsAreAudited checks the audit trail of reading a case.
func TestCaseViewsAndDownloadsAreAudited(t *testing.T) {
	e := newTestEnv(t)
	id, k := e.addOfficer("int", "intake")
	b := e.signedIn(id, k, pw("int"))
	caseID, fileID := makeCase(t, e, "audit canary")
	b.get("/admin/cases/" + strconv.FormatInt(caseID, 10))
	a := b.get("/admin/cases/" + strconv.FormatInt(caseID, 10) + "/files/" + strconv.FormatInt(fileID, 10))
	if a.body != "evidence bytes" {
		t.Fatalf("download: %d %q", a.status, a.body)
	}
	var actions []string
	rows, _ := e.db.Query(context.Background(), `SELECT action FROM audit_log WHERE case_id = $1 AND officer_id = $2 ORDER BY id`, caseID, id)
	actions, _ = pgx.CollectRows(rows, pgx.RowTo[string])
	if strings.Join(actions, ",") != "case.view,attachment.download" {
		t.Errorf("audited %v", actions)
	}
	if rep, err := auditlog.Verify(context.Background(), e.db, nil); err != nil || !rep.Intact() {
		t.Errorf("audit chain: %v, %v", rep.Problems, err)
	}
	var dump bytes.Buffer
	rows, _ = e.db.Query(context.Background(), `SELECT detail FROM audit_log`)
	details, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, d := range details {
		dump.WriteString(d)
	}
	if strings.Contains(dump.String(), "audit canary") || strings.Contains(dump.String(), "evidence") {
		t.Error("the audit log holds case content")
	}
}
