package admin

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestRecusalAndExclusionStick: a recused investigator, and an officer a supervisor excluded, cannot be
// given the case again by intake (a localized refusal), nor by SQL; only a supervisor other than the
// officer lifts it, with a reason, audited without that reason.
func TestRecusalAndExclusionStick(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	inID, inK := e.addOfficer("in", "intake")
	invID, invK := e.addOfficer("inv", "investigator")
	otherID, _ := e.addOfficer("inv2", "investigator")
	supID, supK := e.addOfficer("sup", "supervisor")
	in, inv, sup := e.signedIn(inID, inK, pw("in")), e.signedIn(invID, invK, pw("inv")), e.signedIn(supID, supK, pw("sup"))
	caseID, _ := makeCase(t, e, "names inv")
	base := "/admin/cases/" + strconv.FormatInt(caseID, 10)
	assign := func(officer int64) answer {
		t.Helper()
		return in.post(base+"/assign", url.Values{"assignee": {strconv.FormatInt(officer, 10)}})
	}
	if a := assign(invID); a.status != 303 || strings.Contains(a.location, "problem") {
		t.Fatalf("first assignment: %d %q", a.status, a.location)
	}
	if a := inv.post(base+"/recuse", url.Values{}); a.status != 303 {
		t.Fatalf("recuse: %d", a.status)
	}
	if a := sup.post(base+"/exclude", url.Values{"officer": {strconv.FormatInt(otherID, 10)}}); a.status != 303 {
		t.Fatalf("exclude: %d", a.status)
	}
	for name, id := range map[string]int64{"recused": invID, "excluded": otherID} {
		a := assign(id)
		if !strings.Contains(a.location, "problem=admin.act.err_excluded") {
			t.Errorf("%s officer reassigned: %d %q", name, a.status, a.location)
			continue
		}
		if page := in.get(a.location); !strings.Contains(page.body, "已迴避或被排除於本案之外") {
			t.Errorf("%s: the refusal is not explained", name)
		}
		if n := grants(t, e, caseID, id); n != 0 {
			t.Errorf("%s officer holds %d grant(s)", name, n)
		}
		// No code path can bypass it: the database itself refuses.
		if _, err := e.db.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed) VALUES ($1, 'mailbox', 'officer', $2, 'x')`, caseID, id); sqlCode(err) != "IP001" {
			t.Errorf("%s: a grant stored in SQL: %v", name, err)
		}
		if _, err := e.db.Exec(ctx, `UPDATE cases SET assignee_id = $2 WHERE id = $1`, caseID, id); sqlCode(err) != "IP001" {
			t.Errorf("%s: assigned in SQL: %v", name, err)
		}
	}
	if a := inv.get(base); a.status != 404 {
		t.Errorf("the recused investigator opens the case: %d", a.status)
	}

	var recusal, exclusion int64
	e.db.QueryRow(ctx, `SELECT id FROM case_exclusions WHERE officer_id = $1 AND kind = 'recusal'`, invID).Scan(&recusal)
	e.db.QueryRow(ctx, `SELECT id FROM case_exclusions WHERE officer_id = $1 AND kind = 'exclusion'`, otherID).Scan(&exclusion)
	lift := func(b *browser, id int64, reason string) answer {
		return b.post(base+"/exclusions/"+strconv.FormatInt(id, 10)+"/lift", url.Values{"reason": {reason}})
	}
	if a := lift(in, exclusion, "intake wants it"); a.status != 403 {
		t.Errorf("intake lifting an exclusion: %d", a.status)
	}
	if a := lift(sup, exclusion, "  "); !strings.Contains(a.location, "problem=admin.exclusion.err_reason") {
		t.Errorf("lifting without a reason: %d %q", a.status, a.location)
	}
	if _, err := e.db.Exec(ctx, `UPDATE case_exclusions SET lifted_by = $2, lifted_at = now(), lift_reason = 'x' WHERE id = $1`, exclusion, inID); sqlCode(err) != "IP004" {
		t.Errorf("lifted in SQL by an intake officer: %v", err)
	}
	if page := sup.get(base); !strings.Contains(page.body, "由主管排除") || !strings.Contains(page.body, "自行迴避") {
		t.Error("the case page does not list the recusal and the exclusion")
	}
	if a := lift(sup, exclusion, "the named official was cleared"); a.status != 303 || strings.Contains(a.location, "problem") {
		t.Fatalf("lift: %d %q", a.status, a.location)
	}
	if a := assign(otherID); a.status != 303 || strings.Contains(a.location, "problem") {
		t.Errorf("assignment after the lift: %d %q", a.status, a.location)
	}
	if n := grants(t, e, caseID, otherID); n == 0 {
		t.Error("no grant after the lift and a new assignment")
	}
	if a := assign(invID); !strings.Contains(a.location, "problem=admin.act.err_excluded") {
		t.Errorf("the recusal stopped standing with the other exclusion's lift: %q", a.location)
	}
	var detail string
	e.db.QueryRow(ctx, `SELECT detail FROM audit_log WHERE action = 'case.exclusion_lift' AND officer_id = $1`, supID).Scan(&detail)
	if detail == "" || strings.Contains(detail, "cleared") {
		t.Errorf("lift audit detail %q: missing, or holding the reason", detail)
	}
}
